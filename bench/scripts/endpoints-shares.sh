#!/usr/bin/env bash
# Weighted endpoints (issue 14 part 3) against nginx, which this script starts on 127.0.0.1 and a free port,
# logging every request's method and path.
#
#   bench/scripts/endpoints-shares.sh [ROUNDS]        (default 3 rounds; about 1 minute)
#
# Each round:
#   1. perfharness load -t2 -c16 -d8s with three endpoints, weights 8 : 5 : 2
#        home     GET  /home.json
#        search   GET  /search?q=1
#        checkout POST /checkout  (a JSON body from a file, Content-Type header)
#      and counts each endpoint's requests twice: in the report (the measured window) and in nginx's access
#      log (warm-up included). Goal: at least 100,000 requests and every endpoint's share within 1% (relative)
#      of its weight's share, in both counts.
#   2. the cost of endpoints: perfharness load -t1 -c16 -d5s of one URL (/home.json) vs of three endpoints
#      that all GET that same URL (weights 8 : 5 : 2, so the server's work is the same and only the weighted
#      pick and the per-endpoint histograms differ), back to back, the order alternating by round; prints
#      req/s and the load generator's CPU per request (user + sys, from the reports). Goal: endpoints cost at
#      most 5% more CPU per request than one URL (medians over the rounds).
# Every process started here is stopped by its pid / process group, also on Ctrl-C.
set -euo pipefail

ROUNDS="${1:-3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
NGINX=/usr/sbin/nginx
source "$ROOT/scripts/ensure-deps.sh"
[ -x "$NGINX" ] || _ph_apt_install nginx-light

TMP="$(mktemp -d)"
chmod 755 "$TMP"
NGINX_GROUP=""
stop_group() {
  local g="$1"
  kill -TERM -- "-$g" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$g" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$NGINX_GROUP" ]; then stop_group "$NGINX_GROUP"; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "interrupted: stopping everything started here" >&2; exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
jq_report() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

PORT="$(free_port)"
mkdir -p "$TMP/nginx/www" "$TMP/nginx/tmp"
(cd "$ROOT/examples/flask-json" && "$PY" -c 'import sys, payload; sys.stdout.buffer.write(payload.dumps(payload.PAYLOAD))') \
  >"$TMP/nginx/www/home.json"
printf '{"id": 1, "items": [1, 2, 3]}' >"$TMP/order.json"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  log_format endpoint '\$request_method \$uri';
  access_log $TMP/nginx/access.log endpoint buffer=256k flush=1s;
  client_body_temp_path $TMP/nginx/tmp; proxy_temp_path $TMP/nginx/tmp; fastcgi_temp_path $TMP/nginx/tmp;
  uwsgi_temp_path $TMP/nginx/tmp; scgi_temp_path $TMP/nginx/tmp;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  default_type application/json;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    root $TMP/nginx/www;
    location = /search { return 200 '{"results": []}'; }
    location = /checkout { return 200 '{"ok": true}'; }
  }
}
EOF
(cd "$TMP" && exec setsid "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx.log" 2>&1) &
NGINX_GROUP=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

BASE="http://127.0.0.1:$PORT"
ENDPOINTS=(--endpoint "home=$BASE/home.json weight=8"
           --endpoint "search=GET $BASE/search?q=1 weight=5"
           --endpoint "checkout=POST $BASE/checkout weight=2 body=@$TMP/order.json header=Content-Type:application/json")
WEIGHTS='{"home": 8, "search": 5, "checkout": 2}'
SAME=(--endpoint "a=$BASE/home.json weight=8" --endpoint "b=$BASE/home.json weight=5" --endpoint "c=$BASE/home.json weight=2")
MET=1
ONE_CPU=(); EP_CPU=(); ONE_RPS=(); EP_RPS=()
for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  : >"$TMP/nginx/access.log"
  kill -USR1 "$(cat "$TMP/nginx/nginx.pid")"   # reopen the (emptied) log
  sleep 0.2
  "$ROOT/perfharness" load -t2 -c16 -d8s "${ENDPOINTS[@]}" --report "$TMP/shares.json" --quiet >/dev/null
  sleep 1.5   # nginx flushes its log buffer every second
  verdict=$("$PY" - "$TMP/shares.json" "$TMP/nginx/access.log" "$WEIGHTS" <<'EOPY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
weights = json.loads(sys.argv[3])
total_w = sum(weights.values())
paths = {"/home.json": "home", "/search": "search", "/checkout": "checkout"}
logged = collections.Counter()
for line in open(sys.argv[2]):
    method, _, uri = line.strip().partition(" ")
    if uri in paths:
        logged[paths[uri]] += 1
counted = {}
for rep in report["repetitions"]:
    for e in rep["endpoints"]:
        counted[e["name"]] = counted.get(e["name"], 0) + e["requests"]
ok = report["requests"] >= 100_000 and report["errors"]["total"] == 0
for source, counts in (("report", counted), ("nginx log", logged)):
    n = sum(counts.values())
    parts = []
    for name, w in weights.items():
        share = counts.get(name, 0) / n if n else 0
        off = abs(share / (w / total_w) - 1)
        ok &= off < 0.01
        parts.append(f"{name} {counts.get(name, 0):,} ({share:.4%}, weight {w / total_w:.4%}, off {off:.3%})")
    print(f"  {source:9s} {n:,} requests: " + "; ".join(parts))
print("  errors", report["errors"]["total"], "-> shares", "met" if ok else "MISSED")
EOPY
)
  echo "$verdict"
  case "$verdict" in *MISSED*) MET=0 ;; esac

  one() { "$ROOT/perfharness" load -t1 -c16 -d5s "$BASE/home.json" --report "$TMP/one.json" --quiet >/dev/null; }
  three() { "$ROOT/perfharness" load -t1 -c16 -d5s "${SAME[@]}" --report "$TMP/ep.json" --quiet >/dev/null; }
  if [ $((round % 2)) = 1 ]; then one; three; else three; one; fi
  ONE_RPS+=("$(jq_report "$TMP/one.json" 'd["requestsPerSecond"]')"); EP_RPS+=("$(jq_report "$TMP/ep.json" 'd["requestsPerSecond"]')")
  ONE_CPU+=("$(jq_report "$TMP/one.json" 'd["repetitions"][0]["cpu"]["clientUserMicros"] + d["repetitions"][0]["cpu"]["clientSystemMicros"]')")
  EP_CPU+=("$(jq_report "$TMP/ep.json" 'd["repetitions"][0]["cpu"]["clientUserMicros"] + d["repetitions"][0]["cpu"]["clientSystemMicros"]')")
  printf '  cost: one URL %.0f req/s, %.2f us CPU/req;  3 endpoints of it %.0f req/s, %.2f us CPU/req\n' \
    "${ONE_RPS[-1]}" "${ONE_CPU[-1]}" "${EP_RPS[-1]}" "${EP_CPU[-1]}"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m1=$(median "${ONE_CPU[@]}"); me=$(median "${EP_CPU[@]}")
r1=$(median "${ONE_RPS[@]}"); re=$(median "${EP_RPS[@]}")
ratio=$("$PY" -c "print($me / $m1)")
echo "medians: one URL $r1 req/s, $m1 us CPU/req; 3 endpoints $re req/s, $me us CPU/req; CPU ratio $(printf '%.3f' "$ratio")"
if [ "$MET" = 1 ]; then echo "shares within 1% of the weights over >= 100,000 requests: met"; else echo "shares: MISSED"; fi
if "$PY" -c "import sys; sys.exit(0 if $ratio <= 1.05 else 1)"; then echo "CPU per request of endpoints <= 1.05x one URL: met"
else echo "CPU per request of endpoints <= 1.05x one URL: MISSED ($(printf '%.3f' "$ratio")x)"; fi
