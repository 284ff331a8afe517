#!/usr/bin/env bash
# Telltale vs nginx (and HAProxy) in front of the same local nginx backend.
#
#   bench/run.sh [--rounds N] [--duration S] [--scenarios small,64k,1m,storm,close,rr3]
#                [--peers telltale,nginx,haproxy] [--connections C] [--warmup S]
#                [--jvm NAME=FLAGS ...] [--baseline-jar PATH]
#
# --jvm (repeatable) adds a peer "telltale-NAME": Telltale started with FLAGS instead of
# $TELLTALE_JAVA_OPTS, measured in the same interleaved rounds (to compare GCs and heap sizes).
# --baseline-jar adds a peer "telltale-before" running that jar (a copy of telltale.jar built
# before a change), so one interleaved run says what the change bought.
#
# Each proxy runs alone on core $PROXY_CORE (default 1); wrk and the backend share core
# $LOAD_CORE (default 0). Per scenario every proxy is started fresh, warmed, then measured in
# interleaved rounds (the order rotates each round). Prints a Markdown table and writes it to
# bench/results/latest.md. See bench/README.md for how to read it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=3
DURATION=10
SCENARIOS="small,64k,1m,storm,close,rr3"
PEERS="telltale,nginx,haproxy"
CONNECTIONS=32
WARMUP=30
declare -A JVM_OF   # peer -> JVM flags, for the --jvm variants
declare -A JAR_OF   # peer -> jar, for --baseline-jar
JVM_PEERS=""

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --baseline-jar) JAR_OF[telltale-before]="$2"; JVM_PEERS+=",telltale-before"; shift 2 ;;
    --jvm) JVM_OF["telltale-${2%%=*}"]="${2#*=}"; JVM_PEERS+=",telltale-${2%%=*}"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) log "unknown argument: $1"; usage 2 ;;
  esac
done
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
IFS=, read -r -a PEER_LIST <<<"$PEERS$JVM_PEERS"

need_cmds nginx:nginx wrk:wrk haproxy:haproxy h2load:nghttp2-client taskset:util-linux python3:python3 curl:curl
build_jar
bench_init

# --- backend: static files on LOAD_CORE ------------------------------------------------
mkdir -p "$WORK/www"
head -c 100 /dev/urandom >"$WORK/www/small"
head -c 65536 /dev/urandom >"$WORK/www/64k"
head -c 1048576 /dev/urandom >"$WORK/www/1m"
chmod 644 "$WORK/www/"*
BACKEND_PORT="$(free_port)"
# rr3: three more server blocks in the same backend nginx, same files, one port each.
RR3_PORTS=()
if [[ ",$SCENARIOS," == *,rr3,* ]]; then
  for i in 1 2 3; do RR3_PORTS+=("$(free_port)"); done
fi
write_backend_conf "$BACKEND_PORT" "$WORK/backend.conf" "$WORK/www" "${RR3_PORTS[*]}"
start_nginx "$LOAD_CORE" "$WORK/backend.conf"
for port in "$BACKEND_PORT" "${RR3_PORTS[@]}"; do wait_port "$port" "$LAST_PID" "$LAST_OUT"; done

# scenario -> path and extra wrk arguments
scenario_path() {
  case "$1" in
    small|close|rr3) echo /small ;;
    64k) echo /64k ;;
    1m) echo /1m ;;
    storm) echo /small ;;
    *) die "unknown scenario: $1" ;;
  esac
}

declare -A PORT PID_OF
# Starts every peer for SCENARIO; the storm scenario points them at a dead port, rr3 at
# three backend ports balanced round robin.
start_peers() {
  local scenario="$1" upstream="127.0.0.1:$BACKEND_PORT" peer extra="" retries=3 p u urls=""
  if [[ "$scenario" == storm ]]; then
    upstream="127.0.0.1:$(dead_port)"
    # One connect per request for every peer, as nginx does with a single server: Telltale
    # would otherwise answer no_live_upstream without connecting once max_fails marked the
    # server down, and try the same server twice (tries: 2); HAProxy would wait 1 s per retry.
    extra=$'    passive_health: { max_fails: 0 }\n    retry: { tries: 1 }'
    retries=0
  fi
  if [[ "$scenario" == rr3 ]]; then
    upstream=""
    for p in "${RR3_PORTS[@]}"; do upstream+="${upstream:+ }127.0.0.1:$p"; done
    extra='    balance: round_robin'   # Telltale's default, spelled out
  fi
  for u in $upstream; do urls+="${urls:+ }http://$u"; done
  for peer in "${PEER_LIST[@]}"; do
    PORT[$peer]="$(free_port)"
    case "$peer" in
      telltale|telltale-*)
        write_telltale_conf "${PORT[$peer]}" "$urls" "$WORK/$peer.yaml" "$extra"
        start_telltale "$PROXY_CORE" "$WORK/$peer.yaml" "${JVM_OF[$peer]:-$TELLTALE_JAVA_OPTS}" "${JAR_OF[$peer]:-$JAR}" ;;
      nginx)
        write_nginx_proxy_conf "${PORT[$peer]}" "$upstream" "$WORK/nginx-proxy.conf"
        start_nginx "$PROXY_CORE" "$WORK/nginx-proxy.conf" ;;
      haproxy)
        write_haproxy_conf "${PORT[$peer]}" "$upstream" "$WORK/haproxy.cfg" "$retries"
        start_haproxy "$PROXY_CORE" "$WORK/haproxy.cfg" ;;
      *) die "unknown peer: $peer" ;;
    esac
    PID_OF[$peer]="$LAST_PID"
    wait_port "${PORT[$peer]}" "$LAST_PID" "$LAST_OUT"
  done
}

# rr3 smoke check: 30 sequential GETs through PEER; every backend port must answer (its
# X-Backend header) at least 5 times, else the run stops. Logs and records the counts.
check_spread() {
  local peer="$1" counts
  counts="$(for _ in $(seq 30); do
      curl -s -o /dev/null -D - "http://127.0.0.1:${PORT[$peer]}/small" | tr -d '\r' \
        | awk 'tolower($1) == "x-backend:" { print $2 }'
    done | sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep = " " }')"
  log "rr3 spread via $peer (30 requests, backend port=count): ${counts:-none}"
  echo "rr3 spread via $peer, 30 sequential requests, backend port=count: ${counts:-none}" >>"$WORK/notes"
  python3 - "$counts" "${RR3_PORTS[@]}" <<'PY' || die "rr3: requests via $peer did not spread over all three backends"
import sys
got = dict(kv.split("=") for kv in sys.argv[1].split())
sys.exit(0 if all(int(got.get(p, 0)) >= 5 for p in sys.argv[2:]) else 1)
PY
}

# rr3, after the rounds: PEER's established connections to each backend port (its pool
# under wrk's 32 connections), to see that the load, not only the smoke check, spread.
pool_spread() {
  local peer="$1" p n counts="" pids pid
  read -r -a pids <<<"$(peer_pids "$peer")"
  for p in "${RR3_PORTS[@]}"; do
    n=0
    for pid in "${pids[@]}"; do
      n=$((n + $(ss -Htnp state established "( dport = :$p )" 2>/dev/null | grep -c "pid=$pid," || true)))
    done
    counts+="${counts:+ }$p=$n"
  done
  log "rr3 pool via $peer after the rounds, backend port=established connections: $counts"
  echo "rr3 pool via $peer after the rounds, backend port=established connections: $counts" >>"$WORK/notes"
}

# All PIDs whose CPU and memory count for PEER (nginx: master and workers).
peer_pids() {
  case "$1" in
    nginx) nginx_pids "${PID_OF[$1]}" ;;
    *) echo "${PID_OF[$1]}" ;;
  esac
}

# Runs wrk against PEER for SECONDS; appends one result row when SCENARIO/ROUND are given.
# Row: scenario peer round requests rps p50_ms p99_ms cpu_us_per_req non2xx socket_errors
measure() {
  local scenario="$1" peer="$2" round="$3" seconds="$4" out="$WORK/wrk.out" pids t0 t1
  local args=(-t1 -c"$CONNECTIONS" -d"${seconds}s" --latency)
  [[ "$scenario" == close ]] && args+=(-H "Connection: close")
  read -r -a pids <<<"$(peer_pids "$peer")"
  t0="$(cpu_ticks "${pids[@]}")"
  taskset -c "$LOAD_CORE" wrk "${args[@]}" "http://127.0.0.1:${PORT[$peer]}$(scenario_path "$scenario")" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed against $peer"; }
  t1="$(cpu_ticks "${pids[@]}")"
  [[ "$round" == warmup ]] && return 0
  awk -v s="$scenario" -v p="$peer" -v r="$round" -v ticks="$((t1 - t0))" -v hz="$CLK_TCK" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 50%/ { p50 = ms($2) }
    / 99%/ { p99 = ms($2) }
    /requests in/ { n = $1 }
    /^Requests\/sec/ { rps = $2 }
    /Non-2xx or 3xx/ { bad = $NF }
    /Socket errors/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d %.0f %.3f %.3f %.1f %d %d\n", s, p, r, n, rps, p50, p99, (n ? ticks * 1e6 / hz / n : 0), bad, err }
  ' "$out" >>"$WORK/rows"
  log "$(tail -1 "$WORK/rows")"
}

: >"$WORK/rows"
: >"$WORK/rss"
: >"$WORK/notes"
for scenario in "${SCENARIO_LIST[@]}"; do
  scenario_path "$scenario" >/dev/null
  log "scenario $scenario: starting ${PEER_LIST[*]}"
  start_peers "$scenario"
  if [[ "$scenario" == rr3 ]]; then
    for peer in "${PEER_LIST[@]}"; do check_spread "$peer"; done
  fi
  for peer in "${PEER_LIST[@]}"; do
    # The JVM needs its JIT warm (C2 still compiles after 10 s at ~15k req/s, see README);
    # the native peers get a short run to open connections.
    if [[ "$peer" == telltale* ]]; then measure "$scenario" "$peer" warmup "$WARMUP"
    else measure "$scenario" "$peer" warmup 2; fi
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    n=${#PEER_LIST[@]}
    for ((i = 0; i < n; i++)); do
      peer="${PEER_LIST[$(((i + round - 1) % n))]}"   # rotate the order every round
      measure "$scenario" "$peer" "$round" "$DURATION"
    done
  done
  for peer in "${PEER_LIST[@]}"; do
    [[ "$scenario" == rr3 ]] && pool_spread "$peer"
    read -r -a pids <<<"$(peer_pids "$peer")"
    echo "$scenario $peer $(peak_rss_kib "${pids[@]}")" >>"$WORK/rss"
    stop_pid "${PID_OF[$peer]}"
  done
done

mkdir -p "$BENCH_DIR/results"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(machine_line)."
  echo "$ROUNDS rounds x ${DURATION}s per peer and scenario, wrk -t1 -c$CONNECTIONS, proxy pinned to core $PROXY_CORE, wrk + backend on core $LOAD_CORE."
  echo "Telltale JVM: $TELLTALE_JAVA_OPTS, warmup ${WARMUP}s."
  for peer in "${!JVM_OF[@]}"; do echo "$peer JVM: ${JVM_OF[$peer]}"; done
  for peer in "${!JAR_OF[@]}"; do echo "$peer jar: ${JAR_OF[$peer]}"; done
  echo
  python3 "$BENCH_DIR/table.py" "$WORK/rows" "$WORK/rss"
  if [[ -s "$WORK/notes" ]]; then echo; sed 's/^/- /' "$WORK/notes"; fi
} | tee "$BENCH_DIR/results/latest.md"
cp "$WORK/rows" "$BENCH_DIR/results/latest-rows.txt"
