#!/usr/bin/env bash
# Serve a whole class from one machine: N Streamlit workers behind HAProxy with sticky sessions.
#
#   bash scripts/serve.sh --workers 2            # http://localhost:8501, one worker per core
#   bash scripts/serve.sh --workers 4 --port 80 --base-port 8600 -- --server.maxUploadSize 2
#
# Why several processes: one Streamlit process runs every session's script in one Python
# interpreter, so it uses about one core however many the machine has. Why sticky: a session
# (its widgets, its trained models, its uploaded files and the /media URLs of its images) lives
# in the memory of the worker that opened it, so every request of one browser must reach that
# worker. HAProxy puts a cookie naming the worker on the first response (the page itself) and
# routes by it afterwards, the websocket included; a new visitor goes to the worker with the
# fewest open connections (each open tab holds one websocket).
#
# Options: --workers N (default: the number of cores), --port P (the proxy, default 8501),
# --base-port B (workers listen on 127.0.0.1:B+1..B+N, default 8600), --host H (the proxy's
# address, default 0.0.0.0), --logs DIR (default a temporary directory). Everything after "--"
# goes to every worker's Streamlit. Stops the workers and the proxy on Ctrl+C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

workers="$(nproc 2>/dev/null || echo 2)"
port=8501
base_port=8600
host=0.0.0.0
logs=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --logs) logs="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "serve.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$workers" =~ ^[1-9][0-9]*$ ]]; then
  echo "serve.sh: --workers needs a positive whole number, got '$workers'" >&2; exit 2
fi
if ! command -v haproxy >/dev/null 2>&1; then
  echo "serve.sh: HAProxy is missing; install it with: sudo apt-get install -y haproxy" >&2
  exit 1
fi
for p in "$port" $(seq $((base_port + 1)) $((base_port + workers))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "serve.sh: port $p is already in use (another serve.sh still stopping?)" >&2; exit 1
  fi
done
logs="${logs:-$(mktemp -d -t playground-serve.XXXXXX)}"
mkdir -p "$logs"

# Every worker signs its cookies (XSRF token for uploads) with the same secret, so a session
# that a restart moves to another worker is not refused; generated once per start.
export STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$(python -c 'import secrets; print(secrets.token_hex(32))')}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # A worker busy with a long script run (a training) can take minutes to stop on SIGTERM:
  # give them ten seconds, then end them.
  for _ in $(seq 20); do
    alive=""
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

servers=""
for i in $(seq 1 "$workers"); do
  worker_port=$((base_port + i))
  # Each worker computes on one thread (prepare_process sets OMP_NUM_THREADS=1), so N workers
  # use N cores without their thread pools fighting.
  OMP_NUM_THREADS=1 python -m ui.launch --server.address 127.0.0.1 \
    --server.port "$worker_port" --server.headless true --server.fileWatcherType none \
    --browser.gatherUsageStats false ${extra[@]+"${extra[@]}"} \
    >"$logs/worker-$i.log" 2>&1 &
  pids+=("$!")
  servers+="    server w$i 127.0.0.1:$worker_port cookie w$i check"$'\n'
done

cat >"$logs/haproxy.cfg" <<EOF
# Written by scripts/serve.sh; see docs in README.md ("Serving a class").
global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # An open tab keeps its websocket for hours; Streamlit pings it, so idle means gone.
    timeout tunnel 2h
    timeout http-request 15s
    option http-server-close

frontend playground
    bind $host:$port
    default_backend streamlit

backend streamlit
    balance leastconn
    # Sticky sessions: the first response sets PLAYGROUND_WORKER=w<i>; later requests with the
    # cookie go to that worker (the cookie is removed before it reaches Streamlit).
    cookie PLAYGROUND_WORKER insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET /_stcore/health
    http-check expect status 200
    default-server inter 2s fall 3 rise 1
    # Which worker answered: for the scale-out test and for debugging a student's session.
    http-response set-header X-Playground-Worker %s
$servers
EOF

haproxy -c -q -f "$logs/haproxy.cfg"
haproxy -f "$logs/haproxy.cfg" >"$logs/haproxy.log" 2>&1 &
pids+=("$!")
echo "serve.sh: $workers worker(s) on 127.0.0.1:$((base_port + 1))-$((base_port + workers)), HAProxy on http://$host:$port (logs in $logs)"

# Exit (and stop the rest) when any process dies, so a supervisor can restart the whole set.
wait -n "${pids[@]}" || true
echo "serve.sh: a process stopped; stopping the others (see $logs)" >&2
exit 1
