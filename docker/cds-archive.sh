#!/usr/bin/env bash
# Writes an AppCDS archive for a Telltale jar, so that later starts map the classes of start-up
# and of the first requests instead of loading, parsing and verifying them (README: "JVM flags").
#
#   docker/cds-archive.sh JAR ARCHIVE [JVM_FLAG ...]
#
# One training run: Telltale started with -XX:ArchiveClassesAtExit=ARCHIVE (and the JVM flags
# given, use the ones you run with) on a throw-away config that exercises what a usual config
# does at start and on its first requests: a listener, the admin plane, JSON logs, an upstream
# named by a host name (the DNS resolver), 20 proxied 200s (Telltale in front of a fixed answer
# of its own) and 20 diagnostic 502s (a refused upstream); then SIGTERM, on which the JVM writes
# the archive. Needs only bash (requests go through /dev/tcp). Listens on 127.0.0.1 ports
# CDS_TRAINING_PORT (default 18080) and the next one. The archive belongs to that jar file at
# that path: make it again whenever the jar changes (a JVM given a stale archive says so on
# stderr and starts without it).
set -euo pipefail

(($# >= 2)) || { sed -n '5p' "$0" | sed 's/^# *//' >&2; exit 2; }
jar="$1" archive="$2"
shift 2
port="${CDS_TRAINING_PORT:-18080}"
admin_port=$((port + 1))
dir="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/training.yaml" <<EOF
server:
  listen: ["127.0.0.1:$port"]
  workers: 1
admin:
  listen: 127.0.0.1:$admin_port
logs:
  access: { target: $dir/access.log, format: json }
  error: { target: $dir/error.log, format: json }
upstreams:
  self: { servers: ["http://localhost:$port"] }
  refused: { servers: ["http://127.0.0.1:1"] }
routes:
  - match: { path_prefix: /answer }
    return: { status: 200, body: "ok\n" }
  - match: { path_prefix: /proxied/ }
    upstream: self
    strip_prefix: /proxied
  - match: { path_prefix: /refused/ }
    upstream: refused
EOF

# GET PATH on the training listener; the answer is read to its end and dropped.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n' "$1" >&3
  cat <&3 >/dev/null
  exec 3<&-
}

rm -f "$archive"
java "$@" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" -c "$dir/training.yaml" >"$dir/out" 2>&1 &
pid=$!
for _ in $(seq 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/out" >&2; echo "telltale exited during training" >&2; exit 1; }
  sleep 0.1
done
for _ in $(seq 20); do
  get /proxied/answer
  get /refused/
done
kill -TERM "$pid"
wait "$pid" || true
pid=""
if [[ ! -s "$archive" ]]; then
  cat "$dir/out" >&2
  echo "no archive was written to $archive" >&2
  exit 1
fi
echo "AppCDS archive for $jar: $archive ($(du -h "$archive" | cut -f1))"
