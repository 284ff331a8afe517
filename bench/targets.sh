#!/usr/bin/env bash
# The issue-4 targets run.sh does not cover, one scenario per command, Telltale vs nginx:
#
#   bench/targets.sh latency [--rounds N] [--duration S] [--rate R] [--clients C] [--warmup S] [--keepalive K]
#   bench/targets.sh idle    [--warmup S]
#   bench/targets.sh idle10k [--connections N] [--hold S]
#   bench/targets.sh startup [--runs N] [--baseline-jar PATH]
#
# latency: h2load --h1 at a fixed total rate (default 2000 req/s from 50 keep-alive clients)
#          against each proxy in interleaved rounds; p50/p99 from h2load's per-request log.
#          Both proxies keep up to K (default 64) idle upstream connections (Telltale
#          keepalive.max_idle, nginx keepalive K): h2load's clients send in bursts, and a pool
#          smaller than the clients closes and reopens connections after every burst.
# idle:    RSS after start, and again idle after a wrk warm-up (plus the peak).
# idle10k: RSS with N (default 10000) keep-alive client connections that each sent one request.
# startup: time from exec to the first 200 through the proxy, median of N (default 5), Telltale
#          with and without an AppCDS archive (created in the temp dir by this script), and nginx;
#          --baseline-jar adds telltale-before (another build, no AppCDS) to the same rounds.
# Same set-up as run.sh (lib.sh: backend nginx on LOAD_CORE, proxies on PROXY_CORE, loopback
# only, everything stopped by PID on exit). Writes bench/results/SCENARIO.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
SCENARIO="${1:-}"
[[ -z "$SCENARIO" || "$SCENARIO" == -h || "$SCENARIO" == --help ]] && usage 0
shift
ROUNDS=3
DURATION=10
RATE=2000
CLIENTS=50
KEEPALIVE=64
WARMUP=30
CONNS=10000
HOLD=5
RUNS=5
BASELINE_JAR=""
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --keepalive) KEEPALIVE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --baseline-jar) BASELINE_JAR="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) log "unknown argument: $1"; usage 2 ;;
  esac
done
case "$SCENARIO" in latency|idle|idle10k|startup) ;; *) log "unknown scenario: $SCENARIO"; usage 2 ;; esac

need_cmds nginx:nginx wrk:wrk h2load:nghttp2-client taskset:util-linux python3:python3 curl:curl
build_jar
bench_init

mkdir -p "$WORK/www"
head -c 100 /dev/urandom >"$WORK/www/small"
chmod 644 "$WORK/www/small"
BACKEND_PORT="$(free_port)"
write_backend_conf "$BACKEND_PORT" "$WORK/backend.conf" "$WORK/www"
start_nginx "$LOAD_CORE" "$WORK/backend.conf"
wait_port "$BACKEND_PORT" "$LAST_PID" "$LAST_OUT"
UPSTREAM="127.0.0.1:$BACKEND_PORT"

declare -A PORT PID_OF
# Starts PEER (telltale | nginx) in front of the backend, pinned to PROXY_CORE.
start_peer() {
  local peer="$1"
  PORT[$peer]="$(free_port)"
  case "$peer" in
    telltale)
      write_telltale_conf "${PORT[$peer]}" "http://$UPSTREAM" "$WORK/telltale.yaml" \
        "    keepalive: { max_idle: $KEEPALIVE }"
      # 10,000 held connections must not hit the default limit of 10,000 at accept.
      sed -i 's/^  limits:$/  limits:\n    max_connections: 100000/' "$WORK/telltale.yaml"
      start_telltale "$PROXY_CORE" "$WORK/telltale.yaml" ;;
    nginx)
      NGINX_KEEPALIVE="$KEEPALIVE" write_nginx_proxy_conf "${PORT[$peer]}" "$UPSTREAM" "$WORK/nginx-proxy.conf"
      start_nginx "$PROXY_CORE" "$WORK/nginx-proxy.conf" ;;
  esac
  PID_OF[$peer]="$LAST_PID"
  wait_port "${PORT[$peer]}" "$LAST_PID" "$LAST_OUT"
}
peer_pids() {
  if [[ "$1" == nginx ]]; then nginx_pids "${PID_OF[$1]}"; else echo "${PID_OF[$1]}"; fi
}
# wrk at full speed for SECONDS against PEER: JIT warm-up, pool and buffer set-up.
warm() {
  taskset -c "$LOAD_CORE" wrk -t1 -c32 -d"$2s" "http://127.0.0.1:${PORT[$1]}/small" >/dev/null 2>&1 \
    || die "wrk failed against $1"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

write_result() {
  mkdir -p "$BENCH_DIR/results"
  {
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(machine_line), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo "Telltale JVM: $TELLTALE_JAVA_OPTS. Proxy on core $PROXY_CORE, load generator and backend on core $LOAD_CORE."
    echo
    cat
  } | tee "$BENCH_DIR/results/$SCENARIO.md"
}

# --- latency ---------------------------------------------------------------------------
run_latency() {
  local per_client=$((RATE / CLIENTS)) peer round i n t0 t1 pids
  ((per_client * CLIENTS == RATE)) || die "--rate must be a multiple of --clients"
  : >"$WORK/rows"
  for peer in telltale nginx; do start_peer "$peer"; done
  log "warm-up: telltale ${WARMUP}s, nginx 2s at full speed"
  warm telltale "$WARMUP"
  warm nginx 2
  local peers=(telltale nginx)
  for ((round = 1; round <= ROUNDS; round++)); do
    n=${#peers[@]}
    for ((i = 0; i < n; i++)); do
      peer="${peers[$(((i + round - 1) % n))]}"
      read -r -a pids <<<"$(peer_pids "$peer")"
      rm -f "$WORK/h2load.tsv"   # h2load appends to its log file
      t0="$(cpu_ticks "${pids[@]}")"
      taskset -c "$LOAD_CORE" h2load --h1 -c"$CLIENTS" --rps "$per_client" -D "$DURATION" \
        --log-file "$WORK/h2load.tsv" "http://127.0.0.1:${PORT[$peer]}/small" >"$WORK/h2load.out" 2>&1 \
        || { cat "$WORK/h2load.out" >&2; die "h2load failed against $peer"; }
      t1="$(cpu_ticks "${pids[@]}")"
      # Row: peer round requests non2xx p50_ms p99_ms max_ms cpu_us_per_req
      python3 - "$WORK/h2load.tsv" "$peer" "$round" "$((t1 - t0))" "$CLK_TCK" >>"$WORK/rows" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
lat = sorted(int(r[2]) / 1000 for r in rows)
bad = sum(1 for r in rows if not r[1].startswith("2"))
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
n = len(lat)
print(f"{sys.argv[2]} {sys.argv[3]} {n} {bad} {q(0.5):.3f} {q(0.99):.3f} {lat[-1]:.3f} "
      f"{int(sys.argv[4]) * 1e6 / int(sys.argv[5]) / n:.1f}")
PY
      log "$(tail -1 "$WORK/rows")"
    done
  done
  for peer in telltale nginx; do
    read -r -a pids <<<"$(peer_pids "$peer")"
    echo "$peer $(peak_rss_kib "${pids[@]}") $(rss_kib "${pids[@]}")" >>"$WORK/rss"
  done
  python3 - "$WORK/rows" "$WORK/rss" "$RATE" "$CLIENTS" "$ROUNDS" "$DURATION" "$KEEPALIVE" <<'PY' | write_result
import sys
from statistics import median
rows = {}
for l in open(sys.argv[1]):
    p, r, n, bad, p50, p99, mx, cpu = l.split()
    rows.setdefault(p, []).append(dict(n=int(n), bad=int(bad), p50=float(p50), p99=float(p99), max=float(mx), cpu=float(cpu)))
rss = {l.split()[0]: (int(l.split()[1]) / 1024, int(l.split()[2]) / 1024) for l in open(sys.argv[2])}
rate, clients, rounds, dur, keepalive = sys.argv[3:]
print(f"h2load --h1, {clients} keep-alive clients, {rate} req/s in total, {rounds} rounds x {dur} s per proxy, interleaved; GET /small (100 B); "
      f"up to {keepalive} idle upstream connections kept by each proxy.")
print()
print("| proxy | requests per round | p50 ms median (min..max) | p99 ms median (min..max) | max ms (worst round) | CPU µs/req median | RSS at the end MiB | peak RSS MiB (incl. warm-up) | non-2xx | p99 − nginx's ms | CPU/req ÷ nginx |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
def cell(p, k):
    v = [r[k] for r in rows[p]]
    return f"{median(v):.2f} ({min(v):.2f}..{max(v):.2f})"
for p in rows:
    m = lambda k: median(r[k] for r in rows[p])
    d = "–" if p == "nginx" else f"{m('p99') - median(r['p99'] for r in rows['nginx']):+.2f}"
    c = "–" if p == "nginx" else f"{m('cpu') / median(r['cpu'] for r in rows['nginx']):.2f}"
    print(f"| {p} | {m('n'):.0f} | {cell(p, 'p50')} | {cell(p, 'p99')} | {max(r['max'] for r in rows[p]):.2f} "
          f"| {m('cpu'):.1f} | {rss[p][1]:.0f} | {rss[p][0]:.0f} | {sum(r['bad'] for r in rows[p])} | {d} | {c} |")
PY
}

# --- idle ------------------------------------------------------------------------------
run_idle() {
  local peer pids started warmed peak
  : >"$WORK/rows"
  for peer in telltale nginx; do start_peer "$peer"; done
  sleep 2   # let start-up settle (JIT of start-up code, lazy pools)
  for peer in telltale nginx; do
    read -r -a pids <<<"$(peer_pids "$peer")"
    echo "$peer start $(rss_kib "${pids[@]}")" >>"$WORK/rows"
  done
  for peer in telltale nginx; do
    if [[ "$peer" == telltale ]]; then warm "$peer" "$WARMUP"; else warm "$peer" 2; fi
  done
  sleep 5   # idle again: keep-alive connections from wrk are closed, nothing in flight
  for peer in telltale nginx; do
    read -r -a pids <<<"$(peer_pids "$peer")"
    echo "$peer warmed $(rss_kib "${pids[@]}") $(peak_rss_kib "${pids[@]}")" >>"$WORK/rows"
  done
  {
    echo "RSS (VmRSS; nginx: master + worker) 2 s after the port opened, and again 5 s after a wrk warm-up (-c32, GET /small; Telltale ${WARMUP} s, nginx 2 s); peak = VmHWM."
    echo
    echo "| proxy | RSS after start MiB | RSS idle after warm-up MiB | peak RSS during warm-up MiB |"
    echo "|---|---|---|---|"
    for peer in telltale nginx; do
      started="$(awk -v p="$peer" '$1 == p && $2 == "start" { print $3 }' "$WORK/rows")"
      read -r warmed peak < <(awk -v p="$peer" '$1 == p && $2 == "warmed" { print $3, $4 }' "$WORK/rows")
      echo "| $peer | $(mib "$started") | $(mib "$warmed") | $(mib "$peak") |"
    done
  } | write_result
}

# --- idle10k ---------------------------------------------------------------------------
run_idle10k() {
  local peer pids before after peak out status
  local hard; hard="$(ulimit -Hn)"
  [[ "$hard" == unlimited ]] || ((hard >= CONNS + 1000)) || die "ulimit -Hn is $hard; need at least $((CONNS + 1000))"
  ulimit -n "$hard"   # inherited by the proxies and the client started below
  export NGINX_WORKER_CONNECTIONS=$((CONNS * 2))
  : >"$WORK/rows"
  for peer in telltale nginx; do start_peer "$peer"; done
  warm telltale 10
  warm nginx 2
  sleep 3
  for peer in telltale nginx; do
    read -r -a pids <<<"$(peer_pids "$peer")"
    before="$(rss_kib "${pids[@]}")"
    rm -f "$WORK/ready" "$WORK/done"
    taskset -c "$LOAD_CORE" python3 "$BENCH_DIR/hold_conns.py" "${PORT[$peer]}" "$CONNS" /small "$WORK/ready" "$WORK/done" \
      >"$WORK/hold.out" 2>&1 &
    local client=$!
    track "$client"
    local t=0
    until [[ -e "$WORK/ready" ]]; do
      kill -0 "$client" 2>/dev/null || { cat "$WORK/hold.out" >&2; die "client failed against $peer"; }
      sleep 0.2; t=$((t + 1)); ((t < 900)) || die "client did not open $CONNS connections to $peer in 180 s"
    done
    sleep "$HOLD"
    after="$(rss_kib "${pids[@]}")"
    peak="$(peak_rss_kib "${pids[@]}")"
    touch "$WORK/done"
    status=0; wait "$client" || status=$?
    stop_pid "$client"
    out="$(cat "$WORK/hold.out")"
    log "$peer: $out (client exit $status)"
    echo "$peer $before $after $peak $status $out" >>"$WORK/rows"
    stop_pid "${PID_OF[$peer]}"   # frees its connections before the next peer's turn
  done
  {
    echo "$CONNS keep-alive client connections, each sent one GET /small and got its 200, then held idle $HOLD s; RSS (VmRSS) before and while held, peak = VmHWM (includes the 10 s wrk warm-up)."
    echo
    echo "| proxy | RSS before MiB | RSS with $CONNS held MiB | added KiB per connection | peak RSS MiB | connections still open at the end |"
    echo "|---|---|---|---|---|---|"
    while read -r peer before after peak status rest; do
      echo "| $peer | $(mib "$before") | $(mib "$after") | $(awk -v a="$after" -v b="$before" -v n="$CONNS" 'BEGIN { printf "%.1f", (a - b) / n }') | $(mib "$peak") | ${rest#held } |"
    done <"$WORK/rows"
  } | write_result
}

# --- startup ---------------------------------------------------------------------------
run_startup() {
  local jsa="$WORK/telltale.jsa" variant run ms pid port line
  # The archive: one Telltale run with -XX:ArchiveClassesAtExit that serves a few requests and
  # is stopped with SIGTERM (the JVM writes the archive as it exits).
  port="$(free_port)"
  write_telltale_conf "$port" "http://$UPSTREAM" "$WORK/telltale.yaml"
  start_telltale "$PROXY_CORE" "$WORK/telltale.yaml" "$TELLTALE_JAVA_OPTS -XX:ArchiveClassesAtExit=$jsa"
  pid="$LAST_PID"
  wait_port "$port" "$pid" "$LAST_OUT"
  for _ in $(seq 20); do curl -s -o /dev/null "http://127.0.0.1:$port/small"; done
  stop_pid "$pid"
  [[ -s "$jsa" ]] || { cat "$WORK/telltale.yaml.out" >&2; die "no AppCDS archive was written"; }
  log "AppCDS archive: $(du -h "$jsa" | cut -f1)"
  : >"$WORK/rows"
  for ((run = 1; run <= RUNS; run++)); do
    for variant in telltale telltale-appcds ${BASELINE_JAR:+telltale-before} nginx; do
      port="$(free_port)"
      case "$variant" in
        telltale|telltale-appcds|telltale-before)
          write_telltale_conf "$port" "http://$UPSTREAM" "$WORK/telltale.yaml"
          local jvm="$TELLTALE_JAVA_OPTS" jar="$JAR"
          [[ "$variant" == telltale-appcds ]] && jvm+=" -XX:SharedArchiveFile=$jsa"
          [[ "$variant" == telltale-before ]] && jar="$BASELINE_JAR"
          # shellcheck disable=SC2086
          line="$(python3 "$BENCH_DIR/first_response.py" "$port" /small 20 \
                   taskset -c "$PROXY_CORE" java $jvm -jar "$jar" -c "$WORK/telltale.yaml")" ;;
        nginx)
          write_nginx_proxy_conf "$port" "$UPSTREAM" "$WORK/nginx-proxy.conf"
          line="$(python3 "$BENCH_DIR/first_response.py" "$port" /small 20 \
                   taskset -c "$PROXY_CORE" nginx -c "$WORK/nginx-proxy.conf" -g 'daemon off;')" ;;
      esac
      read -r ms pid <<<"$line"
      track "$pid"
      stop_pid "$pid"
      log "$variant run $run: ${ms} ms"
      echo "$variant $ms" >>"$WORK/rows"
    done
  done
  python3 - "$WORK/rows" "$RUNS" "$(du -k "$jsa" | cut -f1)" <<'PY' | write_result
import sys
from statistics import median
rows = {}
for l in open(sys.argv[1]):
    v, ms = l.split()
    rows.setdefault(v, []).append(int(ms))
print(f"Time from exec to the end of the first 200 through the proxy (GET /small, polled every 2 ms), {sys.argv[2]} runs each, interleaved; "
      f"the proxy pinned to one core. AppCDS archive: {int(sys.argv[3]) / 1024:.0f} MiB, written by one earlier run with -XX:ArchiveClassesAtExit.")
print()
print("| variant | median ms | min..max ms | runs |")
print("|---|---|---|---|")
for v, ms in rows.items():
    print(f"| {v} | {median(ms):.0f} | {min(ms)}..{max(ms)} | {' '.join(map(str, ms))} |")
PY
}

"run_$SCENARIO"
