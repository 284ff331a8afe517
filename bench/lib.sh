# Helpers shared by bench/run.sh and bench/bigfile.sh. Source it; do not run it.
#
# Conventions: every process a script starts is registered with `track PID` and stopped
# by PID in `stop_all` (installed as the EXIT trap by `bench_init`). Everything listens
# on 127.0.0.1 only, on ports the kernel hands out as free.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$REPO_DIR/target/telltale.jar"
CLK_TCK="$(getconf CLK_TCK)"

# Cores: the proxy under test gets PROXY_CORE alone; load generator and backend share LOAD_CORE.
PROXY_CORE="${PROXY_CORE:-1}"
LOAD_CORE="${LOAD_CORE:-0}"

# JVM flags for Telltale in the bench (see bench/README.md for why Serial GC).
TELLTALE_JAVA_OPTS="${TELLTALE_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseSerialGC -XX:+AlwaysPreTouch}"

PIDS=()
WORK=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Creates the temp dir and the EXIT trap that stops every tracked process.
bench_init() {
  WORK="$(mktemp -d /tmp/telltale-bench.XXXXXX)"
  chmod 755 "$WORK"   # nginx workers may run as an unprivileged user and must read it
  trap stop_all EXIT
  trap 'exit 130' INT TERM
}

track() { PIDS+=("$1"); }

# Stops a process by PID: SIGTERM, wait up to 5 s, then SIGKILL.
stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=() p
  for p in "${PIDS[@]}"; do [[ "$p" != "$pid" ]] && keep+=("$p"); done
  PIDS=("${keep[@]}")
}

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  PIDS=()
  [[ -n "$WORK" && -d "$WORK" && -z "${KEEP_WORK:-}" ]] && rm -rf "$WORK"
  return 0
}

# Installs the Debian packages that provide the given commands, only when missing.
# Usage: need_cmds nginx:nginx wrk:wrk
need_cmds() {
  local pair cmd pkg missing=()
  for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  # The packages' own services must not start (nginx would grab port 80); a
  # policy-rc.d that denies starts is what Debian containers ship with anyway.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    $sudo rm -f /usr/sbin/policy-rc.d
  else
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_jar() {
  [[ -f "$JAR" ]] && return 0
  log "building $JAR"
  (cd "$REPO_DIR" && mvn -q -B -o -DskipTests package)
}

# A TCP port on 127.0.0.1 that was free a moment ago.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until something accepts on 127.0.0.1:PORT (up to ~20 s); gives up early when
# PID (optional) has exited, showing its output file OUT (optional).
wait_port() {
  local port="$1" pid="${2:-}" out="${3:-}" i
  for i in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      [[ -n "$out" ]] && cat "$out" >&2
      die "process $pid exited before listening on 127.0.0.1:$port"
    fi
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$port"
}

# A port where nothing listens: every connect is refused.
dead_port() { free_port; }

# Process CPU time (user + system) in clock ticks, summed over the given PIDs.
cpu_ticks() {
  local total=0 pid f
  for pid in "$@"; do
    # Fields after the "(comm)" part; utime and stime are fields 14 and 15 of the full line.
    f="$(sed 's/.*) //' "/proc/$pid/stat")"
    read -r -a a <<<"$f"
    total=$((total + a[11] + a[12]))
  done
  echo "$total"
}

# A /proc/PID/status field in KiB (VmHWM, VmRSS, ...), summed over the given PIDs.
status_kib() {
  local field="$1" total=0 pid v
  shift
  for pid in "$@"; do
    v="$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status")"
    total=$((total + v))
  done
  echo "$total"
}

# Peak resident set size (VmHWM) in KiB, summed over the given PIDs.
peak_rss_kib() { status_kib VmHWM "$@"; }

# Current resident set size (VmRSS) in KiB, summed over the given PIDs.
rss_kib() { status_kib VmRSS "$@"; }

# PIDs of an nginx instance: master and its workers.
nginx_pids() {
  local master="$1"
  echo "$master" $(pgrep -P "$master" || true)
}

# Starts an nginx with the given config file (foreground master, tracked) and sets
# LAST_PID to the master's PID. Not to be called in $(...): the PID must be tracked here.
start_nginx() {
  local core="$1" conf="$2"
  taskset -c "$core" nginx -c "$conf" -g 'daemon off;' >"$conf.out" 2>&1 &
  LAST_PID=$!
  LAST_OUT="$conf.out"
  track "$LAST_PID"
}

# nginx serving the files of ROOT on PORT as the shared backend. EXTRA_PORTS ($4, optional,
# space-separated) adds one more server block per port on the same files, answering with an
# "X-Backend: PORT" header so a smoke check can tell which one served a request (rr3).
write_backend_conf() {
  local port="$1" conf="$2" root="$3" extra_ports="${4:-}" p extra=""
  mkdir -p "$WORK/nginx-backend"
  for p in $extra_ports; do
    extra+="  server { listen 127.0.0.1:$p; root $root; location / { add_header X-Backend $p; } }"$'\n'
  done
  cat >"$conf" <<EOF
worker_processes 1;
pid $WORK/nginx-backend/nginx.pid;
error_log $WORK/nginx-backend/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
$(nginx_temp_paths "$WORK/nginx-backend")
  keepalive_requests 1000000;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $root;
    location / { }
  }
$extra}
EOF
}

# nginx refuses to start when its compiled-in temp paths are not writable: keep them in DIR.
nginx_temp_paths() {
  local dir="$1" t
  for t in client_body proxy fastcgi uwsgi scgi; do
    printf '  %s_temp_path %s/%s;\n' "$t" "$dir" "$t"
  done
}

# nginx as the peer proxy on PORT in front of UPSTREAM (host:port, or several separated by
# spaces: nginx's default round robin over them), with upstream keepalive and the same
# forwarding headers Telltale adds, so both do comparable work per request.
# NGINX_WORKER_CONNECTIONS (default 10000) raises the connection limit (and the worker's fd limit);
# NGINX_KEEPALIVE (default 32, as Telltale's keepalive.max_idle) sizes the upstream connection cache.
write_nginx_proxy_conf() {
  local port="$1" upstream="$2" conf="$3" dir="$WORK/nginx-proxy" u servers=""
  mkdir -p "$dir"
  for u in $upstream; do servers+="    server $u;"$'\n'; done
  cat >"$conf" <<EOF
worker_processes 1;
${NGINX_WORKER_CONNECTIONS:+worker_rlimit_nofile $((NGINX_WORKER_CONNECTIONS + 1000));}
pid $dir/nginx.pid;
error_log $dir/error.log error;
events { worker_connections ${NGINX_WORKER_CONNECTIONS:-10000}; }
http {
  access_log off;
$(nginx_temp_paths "$dir")
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_max_body_size 0;
  upstream app {
$servers    keepalive ${NGINX_KEEPALIVE:-32};
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
    }
  }
}
EOF
}

# HAProxy as a second peer on PORT in front of UPSTREAM (host:port, or several separated by
# spaces: balance roundrobin over them), one thread. RETRIES ($4, default 3 as in HAProxy) is
# how often a failed connect is tried again, each after a 1 s turn-around.
write_haproxy_conf() {
  local port="$1" upstream="$2" conf="$3" retries="${4:-3}" u i=0 servers=""
  for u in $upstream; do servers+="  server app$((++i)) $u"$'\n'; done
  cat >"$conf" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 75s
  timeout server 60s
  http-reuse always
  retries $retries
  option forwardfor
frontend fe
  bind 127.0.0.1:$port
  http-request set-header X-Forwarded-Proto http
  default_backend be
backend be
  balance roundrobin
$servers
EOF
}

# Starts HAProxy in the foreground (-db), tracked; sets LAST_PID.
start_haproxy() {
  local core="$1" conf="$2"
  taskset -c "$core" haproxy -db -f "$conf" >"$conf.out" 2>&1 &
  LAST_PID=$!
  LAST_OUT="$conf.out"
  track "$LAST_PID"
}

# Writes the Telltale config: one upstream "app" with the given server URL (or several
# separated by spaces). Extra YAML for the upstream (indented 4 spaces) can be passed as $4.
write_telltale_conf() {
  local port="$1" upstream_url="$2" conf="$3" extra="${4:-}" u servers=""
  for u in $upstream_url; do servers+="${servers:+, }\"$u\""; done
  cat >"$conf" <<EOF
server:
  listen: ["127.0.0.1:$port"]
  workers: 1
  limits:
    max_body_bytes: 0
admin:
  listen: off
logs:
  access: { target: off, format: json }
  error: { target: $WORK/telltale-error.log, format: json }
upstreams:
  app:
    servers: [$servers]
$extra
routes:
  - match: { path_prefix: / }
    upstream: app
EOF
}

# Starts Telltale pinned to CORE with CONF (JVM flags in $3, default TELLTALE_JAVA_OPTS; the
# jar in $4, default target/telltale.jar) and sets LAST_PID. taskset execs java, so the PID is
# the JVM's.
start_telltale() {
  local core="$1" conf="$2" jvm="${3:-$TELLTALE_JAVA_OPTS}" jar="${4:-$JAR}"
  # shellcheck disable=SC2086
  taskset -c "$core" java $jvm -jar "$jar" -c "$conf" >"$conf.out" 2>&1 &
  LAST_PID=$!
  LAST_OUT="$conf.out"
  track "$LAST_PID"
}

machine_line() {
  local model
  model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "$(nproc) cores, ${model:-unknown CPU}, Linux $(uname -r), $(java -version 2>&1 | head -1)"
}
