#!/usr/bin/env bash
# Requests made in 5 s against ONE gunicorn/Flask server (the default target: 2 sync workers,
# PYTHONMALLOC=debug, 127.0.0.1 on a free port) by three clients, alternately, several rounds:
#   perfharness load -t2 -c2 -d5s   (after its 1 s unrecorded JIT warm-up)
#   wrk -t2 -c2 -d5s
#   the old script's Python httpx client (examples/flask-json/old_client.py), one connection
# Prints each round, then medians and ratios. Usage: bench/scripts/requests-in-5s.sh [ROUNDS]
set -euo pipefail
ROUNDS="${1:-3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/ensure-deps.sh"
ensure_python_deps
command -v wrk >/dev/null || _ph_apt_install wrk
"$PYTHON" -c 'import httpx' 2>/dev/null || _ph_apt_install python3-httpx

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT/"
TMP="$(mktemp -d)"

# gunicorn in its own session, so its whole tree is one process group we can signal by pid.
(cd "$ROOT/examples/flask-json" && PYTHONMALLOC=debug exec setsid gunicorn --preload --workers 2 \
   --bind "127.0.0.1:$PORT" wsgi:app >"$TMP/gunicorn.log" 2>&1) &
GPID=$!
cleanup() {
  kill -TERM -- "-$GPID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$GPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$GPID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

"$ROOT/perfharness" --version >/dev/null   # builds the jar if needed, outside the measurement

ph=(); wk=(); hx=()
for r in $(seq "$ROUNDS"); do
  "$ROOT/perfharness" load -q -t2 -c2 -d5s --report "$TMP/r.json" "$URL" >/dev/null
  ph+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$TMP/r.json")")
  wk+=("$(wrk -t2 -c2 -d5s "$URL" | awk '/requests in/ {print $1}')")
  hx+=("$("$PYTHON" "$ROOT/examples/flask-json/old_client.py" "$URL" 5 | awk '/^requests:/ {print $2}')")
  echo "round $r: perfharness ${ph[-1]}  wrk ${wk[-1]}  httpx ${hx[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mp=$(median "${ph[@]}"); mw=$(median "${wk[@]}"); mh=$(median "${hx[@]}")
echo "median requests in 5 s over $ROUNDS rounds: perfharness $mp, wrk $mw, httpx $mh"
awk -v p="$mp" -v w="$mw" -v h="$mh" 'BEGIN { printf "ratios: perfharness/wrk %.2f, perfharness/httpx %.1f\n", p/w, p/h }'
