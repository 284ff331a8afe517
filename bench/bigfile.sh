#!/usr/bin/env bash
# 1 GiB download and 1 GiB upload through Telltale started with -Xmx64m.
#
#   bench/bigfile.sh [--size-mib N]   (default 1024)
#
# Download: nginx serves a generated file; the SHA-256 of what curl received through
# Telltale must equal the file's. Upload: curl PUTs the same file through Telltale to
# bench/upload_sink.py, which answers with the byte count and SHA-256 of the body it read;
# both must match. Prints PASS/FAIL per direction and Telltale's peak RSS (VmHWM).
# Exit status 0 only when both pass.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_MIB=1024
while (($#)); do
  case "$1" in
    --size-mib) SIZE_MIB="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
HEAP_FLAGS="${BIGFILE_JAVA_OPTS:--Xmx64m}"

need_cmds nginx:nginx curl:curl python3:python3 taskset:util-linux
build_jar
bench_init

log "generating a ${SIZE_MIB} MiB file"
mkdir -p "$WORK/www"
# Pseudo-random, not zeros: a reordered or repeated chunk must change the digest.
# openssl dies of SIGPIPE when head has enough: that is the expected end.
{ openssl enc -aes-128-ctr -pass pass:telltale -nosalt -pbkdf2 </dev/zero 2>/dev/null || true; } \
  | head -c "$((SIZE_MIB * 1024 * 1024))" >"$WORK/www/big"
chmod 644 "$WORK/www/big"
SRC_SHA="$(sha256sum "$WORK/www/big" | cut -d' ' -f1)"
SIZE="$(stat -c %s "$WORK/www/big")"

BACKEND_PORT="$(free_port)"
write_backend_conf "$BACKEND_PORT" "$WORK/backend.conf" "$WORK/www"
start_nginx "$LOAD_CORE" "$WORK/backend.conf"
wait_port "$BACKEND_PORT" "$LAST_PID" "$LAST_OUT"

SINK_PORT="$(free_port)"
taskset -c "$LOAD_CORE" python3 "$BENCH_DIR/upload_sink.py" "$SINK_PORT" >"$WORK/sink.out" 2>&1 &
track $!
wait_port "$SINK_PORT" $! "$WORK/sink.out"

# One Telltale, two routes: /upload to the sink, everything else to nginx.
TT_PORT="$(free_port)"
cat >"$WORK/telltale.yaml" <<EOF
server:
  listen: ["127.0.0.1:$TT_PORT"]
  workers: 1
  limits:
    max_body_bytes: 0
admin:
  listen: off
logs:
  access: { target: $WORK/access.log, format: json }
  error: { target: $WORK/error.log, format: json }
upstreams:
  files:
    servers: ["http://127.0.0.1:$BACKEND_PORT"]
  sink:
    servers: ["http://127.0.0.1:$SINK_PORT"]
routes:
  - match: { path_prefix: /upload }
    upstream: sink
  - match: { path_prefix: / }
    upstream: files
EOF
start_telltale "$PROXY_CORE" "$WORK/telltale.yaml" "$HEAP_FLAGS"
TT_PID="$LAST_PID"
wait_port "$TT_PORT" "$TT_PID" "$LAST_OUT"
log "Telltale pid $TT_PID with $HEAP_FLAGS on 127.0.0.1:$TT_PORT"

fails=0
verdict() { if [[ "$1" == ok ]]; then echo "PASS  $2"; else echo "FAIL  $2"; fails=$((fails + 1)); fi; }

log "downloading ${SIZE_MIB} MiB"
t0=$SECONDS
read -r code got < <(curl -sS -o >(sha256sum | cut -d' ' -f1 >"$WORK/down.sha") \
  -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$TT_PORT/big" || echo "000 0")
dt=$((SECONDS - t0))
for _ in $(seq 50); do [[ -s "$WORK/down.sha" ]] && break; sleep 0.1; done   # the digest runs in a process substitution
DOWN_SHA="$(cat "$WORK/down.sha" 2>/dev/null || true)"
[[ "$code" == 200 && "$got" == "$SIZE" && "$DOWN_SHA" == "$SRC_SHA" ]] && r=ok || r=bad
verdict "$r" "download: status $code, $got of $SIZE bytes in ${dt}s, sha256 $([[ "$DOWN_SHA" == "$SRC_SHA" ]] && echo matches || echo "differs ($DOWN_SHA)")"

log "uploading ${SIZE_MIB} MiB"
t0=$SECONDS
# -T streams the file (PUT with Content-Length); --data-binary would read it all into memory.
: >"$WORK/up.body"
curl -sS -o "$WORK/up.body" -w '%{http_code} %{size_upload}\n' -H 'Content-Type: application/octet-stream' \
  -T "$WORK/www/big" "http://127.0.0.1:$TT_PORT/upload" >"$WORK/up.meta" || echo "000 0" >"$WORK/up.meta"
dt=$((SECONDS - t0))
read -r code sent <"$WORK/up.meta"
read -r recv up_sha <"$WORK/up.body" || true
[[ "$code" == 200 && "$sent" == "$SIZE" && "${recv:-}" == "$SIZE" && "${up_sha:-}" == "$SRC_SHA" ]] && r=ok || r=bad
verdict "$r" "upload: status $code, curl sent $sent bytes, sink read ${recv:-?} bytes in ${dt}s, sha256 $([[ "${up_sha:-}" == "$SRC_SHA" ]] && echo matches || echo differs)"

echo "Telltale ($HEAP_FLAGS) peak RSS: $(($(peak_rss_kib "$TT_PID") / 1024)) MiB"
kill -0 "$TT_PID" 2>/dev/null || { echo "FAIL  Telltale is no longer running"; fails=$((fails + 1)); }
echo "access log (bytes_sent is the response body):"
sed 's/^/  /' "$WORK/access.log" 2>/dev/null | cut -c1-400 || true
exit $((fails > 0))
