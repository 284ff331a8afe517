#!/usr/bin/env bash
# A JFR profile of Telltale under one bench load: where the CPU and the allocations go.
#
#   bench/profile.sh [small|storm|close|latency] [--warmup S] [--duration S] [--top N]
#
# Starts the backend and one Telltale (same set-up as run.sh: pinned to PROXY_CORE, JVM flags
# $TELLTALE_JAVA_OPTS), runs wrk -c32 for warm-up + duration seconds and records JFR
# (settings=profile) for the last DURATION seconds. Prints the top N methods by CPU samples
# (self, and with callees) and by sampled allocation weight (bench/jfr_top.py), and keeps the
# recording as bench/results/profile-SCENARIO.jfr (`jfr print --events jdk.ExecutionSample`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCENARIO="${1:-small}"
[[ $# -gt 0 ]] && shift
WARMUP=30
DURATION=20
TOP=25
while (($#)); do
  case "$1" in
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --top) TOP="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
need_cmds nginx:nginx wrk:wrk taskset:util-linux python3:python3
build_jar
bench_init

mkdir -p "$WORK/www" "$BENCH_DIR/results"
head -c 100 /dev/urandom >"$WORK/www/small"
chmod 644 "$WORK/www/small"
BACKEND_PORT="$(free_port)"
write_backend_conf "$BACKEND_PORT" "$WORK/backend.conf" "$WORK/www"
start_nginx "$LOAD_CORE" "$WORK/backend.conf"
wait_port "$BACKEND_PORT" "$LAST_PID" "$LAST_OUT"

upstream="http://127.0.0.1:$BACKEND_PORT" extra="" wrk_args=()
case "$SCENARIO" in
  small) ;;
  storm) upstream="http://127.0.0.1:$(dead_port)"
         extra=$'    passive_health: { max_fails: 0 }\n    retry: { tries: 1 }' ;;   # as in run.sh
  close) wrk_args=(-H "Connection: close") ;;
  latency) need_cmds h2load:nghttp2-client ;;   # the warm-up at full speed, then 2000 req/s as targets.sh
  *) die "unknown scenario: $SCENARIO" ;;
esac
JFR="$BENCH_DIR/results/profile-$SCENARIO.jfr"
rm -f "$JFR"
PORT="$(free_port)"
write_telltale_conf "$PORT" "$upstream" "$WORK/telltale.yaml" "$extra"
start_telltale "$PROXY_CORE" "$WORK/telltale.yaml" \
  "$TELLTALE_JAVA_OPTS -XX:StartFlightRecording=delay=$((WARMUP + 3))s,duration=${DURATION}s,settings=profile,filename=$JFR"
TT_PID="$LAST_PID"
wait_port "$PORT" "$TT_PID" "$LAST_OUT"
if [[ "$SCENARIO" == latency ]]; then
  # The JIT warms up at full speed; the recording covers h2load's fixed rate (50 clients x 40/s).
  log "wrk for $WARMUP s, then h2load at 2000 req/s for $((DURATION + 6)) s; recording ${DURATION} s of it"
  taskset -c "$LOAD_CORE" wrk -t1 -c32 -d"${WARMUP}s" "http://127.0.0.1:$PORT/small" >/dev/null
  taskset -c "$LOAD_CORE" h2load --h1 -c50 --rps 40 -D "$((DURATION + 6))" "http://127.0.0.1:$PORT/small" \
    | grep -E '^requests:|^status codes:' >&2 || true
else
  log "wrk for $((WARMUP + DURATION + 3)) s; recording the last ${DURATION} s"
  taskset -c "$LOAD_CORE" wrk -t1 -c32 -d"$((WARMUP + DURATION + 3))s" "${wrk_args[@]}" "http://127.0.0.1:$PORT/small" \
    | grep -E 'Requests/sec|Non-2xx' >&2 || true
fi
for _ in $(seq 50); do [[ -s "$JFR" ]] && break; sleep 0.2; done
stop_pid "$TT_PID"
[[ -s "$JFR" ]] || die "no recording written"
python3 "$BENCH_DIR/jfr_top.py" "$JFR" "$TOP"
log "recording kept: $JFR"
