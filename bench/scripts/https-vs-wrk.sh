#!/usr/bin/env bash
# perfharness's load generator against wrk over HTTPS (issue 14), on an nginx with TLS this script
# starts itself on 127.0.0.1 and a free port (self-signed certificate made here, in a temp folder),
# several alternating rounds in one invocation; prints every round, then medians, ratios and the goals
# met or missed.
#
#   bench/scripts/https-vs-wrk.sh [ROUNDS]        (default 3 rounds; about 1 minute)
#
# Case: nginx (nginx-light, 1 worker, TLS 1.2 and 1.3, keep-alive, a static ~4 KB JSON file):
#   wrk -t1 -c16 -d5s https://...  vs  perfharness load -t1 -c16 -d5s --insecure https://...
#   goals: throughput >= 1.0x wrk, CPU time per request <= 1.25x wrk
# Both negotiate TLS 1.3 with the server's preferred cipher (wrk through the system's OpenSSL,
# perfharness through netty-tcnative's BoringSSL unless PERFHARNESS_JAVA_OPTS has
# -Dperfharness.loadgen.tls=jdk); the summary's "tls (...)" line says which provider ran.
#
# CPU time per request, as bench/scripts/loadgen-vs-peers.sh measures it:
#   wrk:         bash's `time` of the whole wrk run divided by the requests wrk reports.
#   perfharness: /proc/PID/stat utime + stime of the JVM between the progress lines of seconds 1 and 5
#                of the measured window, divided by the requests completed between them (JVM start-up,
#                warm-up and second 0-1 excluded). Resolution: 1 clock tick (10 ms).
# The machine may be shared: the load average is printed with every round.
# Every process started here is stopped by its pid / process group, also on Ctrl-C.
set -euo pipefail

ROUNDS="${1:-3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
NGINX=/usr/sbin/nginx
source "$ROOT/scripts/ensure-deps.sh"
command -v wrk >/dev/null || _ph_apt_install wrk
command -v openssl >/dev/null || _ph_apt_install openssl
[ -x "$NGINX" ] || _ph_apt_install nginx-light

TMP="$(mktemp -d)"
chmod 755 "$TMP"   # nginx's worker (user nobody) must read the JSON file
GROUPS_STARTED=()
LOADGEN_PID=""

stop_group() {  # TERM the whole group, wait up to 5 s, then KILL
  local g="$1"
  kill -TERM -- "-$g" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$g" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$LOADGEN_PID" ]; then kill -TERM "$LOADGEN_PID" 2>/dev/null || true; wait "$LOADGEN_PID" 2>/dev/null || true; fi
  for g in "${GROUPS_STARTED[@]}"; do stop_group "$g"; done
  rm -rf "$TMP"
}
exec 3>&2
trap cleanup EXIT
trap 'echo "interrupted: stopping everything started here" >&3; exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() {  # start_server NAME PORT DIR CMD...: in a new session, waits until PORT accepts
  local name="$1" port="$2" dir="$3"; shift 3
  (cd "$dir" && exec setsid "$@" >"$TMP/$name.log" 2>&1) &
  local pid=$!
  GROUPS_STARTED+=("$pid")
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before listening on $port:" >&2; tail -5 "$TMP/$name.log" >&2; exit 1
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not listen on $port within 30 s" >&2; exit 1
}

# --- target ------------------------------------------------------------------------------------
NGINX_PORT="$(free_port)"
mkdir -p "$TMP/nginx/www" "$TMP/nginx/tmp"
(cd "$ROOT/examples/flask-json" && "$PY" -c 'import sys, payload; sys.stdout.buffer.write(payload.dumps(payload.PAYLOAD))') \
  >"$TMP/nginx/www/data.json"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$TMP/nginx/key.pem" -out "$TMP/nginx/cert.pem" \
  >"$TMP/openssl.log" 2>&1 || { cat "$TMP/openssl.log" >&2; exit 1; }
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/tmp; proxy_temp_path $TMP/nginx/tmp; fastcgi_temp_path $TMP/nginx/tmp;
  uwsgi_temp_path $TMP/nginx/tmp; scgi_temp_path $TMP/nginx/tmp;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl backlog=4096;
    ssl_certificate $TMP/nginx/cert.pem;
    ssl_certificate_key $TMP/nginx/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:TLS:1m;
    root $TMP/nginx/www;
    location / { try_files \$uri /data.json; }
  }
}
EOF
start_server nginx "$NGINX_PORT" "$TMP" "$NGINX" -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf"
URL="https://127.0.0.1:$NGINX_PORT/data.json"

"$ROOT/perfharness" --version >/dev/null   # builds the jar if needed, outside any measurement
echo "target: nginx $URL ($(stat -c %s "$TMP/nginx/www/data.json") bytes, TLS, keep-alive)"
echo "perfharness JVM flags: ${PERFHARNESS_JAVA_OPTS:-launcher default}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

TCK="$(getconf CLK_TCK)"
jq_report() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

# ph_run ARGS...: perfharness load ARGS --report $TMP/ph.json; sets PH_CPU (s of user+sys between
# the first and last progress lines) and PH_CPU_REQ (requests completed between them).
ph_run() {
  local fifo="$TMP/ph.fifo" line st req c0="" r0="" c1="" r1=""
  rm -f "$fifo"; mkfifo "$fifo"
  "$ROOT/perfharness" load "$@" --report "$TMP/ph.json" >"$fifo" 2>&1 &
  LOADGEN_PID=$!
  : >"$TMP/ph.out"
  while IFS= read -r line; do
    echo "$line" >>"$TMP/ph.out"
    case "$line" in
      *" req/s  p99 "*)
        st="$(awk '{print $14 + $15}' "/proc/$LOADGEN_PID/stat" 2>/dev/null || echo 0)"
        req="$(echo "$line" | awk '{gsub(",", "", $2); print $2}')"
        if [ -z "$c0" ]; then c0="$st"; r0="$req"; fi
        c1="$st"; r1="$req" ;;
    esac
  done <"$fifo"
  if ! wait "$LOADGEN_PID"; then LOADGEN_PID=""; echo "perfharness load $* failed:" >&2; cat "$TMP/ph.out" >&2; exit 1; fi
  LOADGEN_PID=""
  PH_CPU="$(awk -v c=$((c1 - c0)) -v t="$TCK" 'BEGIN {print c / t}')"
  PH_CPU_REQ=$((r1 - r0))
  PH_TLS="$(grep '^  tls (' "$TMP/ph.out" | sed 's/^ *//' || true)"
}

wrk_run() {  # sets WRK_OUT and WRK_CPU (user+sys s of the whole run)
  local TIMEFORMAT='%U %S'
  { time wrk "$@" >"$TMP/wrk.out" 2>&1; } 2>"$TMP/wrk.time"
  WRK_OUT="$(cat "$TMP/wrk.out")"
  WRK_CPU="$(awk '{print $1 + $2}' "$TMP/wrk.time")"
}
wrk_rps() { echo "$WRK_OUT" | awk '/^Requests\/sec:/ {print $2}'; }
wrk_requests() { echo "$WRK_OUT" | awk '/requests in/ {print $1}'; }
errors_of_wrk() { echo "$WRK_OUT" | awk '/Socket errors|Non-2xx/ {print}' | tr -s ' '; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN {printf f, v}'; }

WRK_RPS=(); WRK_CPU_REQ=(); PH_RPS=(); PH_CPU_PER=()
for r in $(seq "$ROUNDS"); do
  echo
  echo "round $r of $ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))"
  for tool in $( ((r % 2)) && echo "wrk ph" || echo "ph wrk"); do
    if [ "$tool" = wrk ]; then
      wrk_run -t1 -c16 -d5s "$URL"
      WRK_RPS+=("$(wrk_rps)")
      WRK_CPU_REQ+=("$(awk -v c="$WRK_CPU" -v n="$(wrk_requests)" 'BEGIN {print c / n * 1e6}')")
      echo "  wrk -t1 -c16 -d5s:                         $(fmt "${WRK_RPS[-1]}" '%9.0f') req/s  CPU $(fmt "$WRK_CPU" '%.2f') s / $(wrk_requests) req = $(fmt "${WRK_CPU_REQ[-1]}" '%5.2f') us/req $(errors_of_wrk)"
    else
      ph_run -t1 -c16 -d5s --insecure "$URL"
      PH_RPS+=("$(jq_report "$TMP/ph.json" 'd["requestsPerSecond"]')")
      PH_CPU_PER+=("$(awk -v c="$PH_CPU" -v n="$PH_CPU_REQ" 'BEGIN {print c / n * 1e6}')")
      echo "  perfharness load -t1 -c16 -d5s --insecure: $(fmt "${PH_RPS[-1]}" '%9.0f') req/s  CPU $(fmt "$PH_CPU" '%.2f') s / $PH_CPU_REQ req = $(fmt "${PH_CPU_PER[-1]}" '%5.2f') us/req (s 1-5), errors $(jq_report "$TMP/ph.json" 'd["errors"]["total"]')"
      echo "                                             $PH_TLS"
    fi
  done
done

goal() {  # goal TEXT VALUE OP LIMIT
  if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN {exit !((op == ">=") ? v >= l : v <= l)}'; then
    echo "met    $1"; else echo "MISSED $1"; fi
}
m_wr=$(median "${WRK_RPS[@]}"); m_wc=$(median "${WRK_CPU_REQ[@]}")
m_pr=$(median "${PH_RPS[@]}"); m_pc=$(median "${PH_CPU_PER[@]}")
r_tp=$(awk -v p="$m_pr" -v w="$m_wr" 'BEGIN {print p / w}')
r_cpu=$(awk -v p="$m_pc" -v w="$m_wc" 'BEGIN {print p / w}')
paired() { local -n p=$1 w=$2; local i out=(); for i in "${!p[@]}"; do out+=("$(awk -v a="${p[$i]}" -v b="${w[$i]}" 'BEGIN {print a / b}')"); done; median "${out[@]}"; }
echo
echo "medians over $ROUNDS rounds (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  wrk $(fmt "$m_wr" '%.0f') req/s, $(fmt "$m_wc" '%.2f') us CPU/req;  perfharness $(fmt "$m_pr" '%.0f') req/s, $(fmt "$m_pc" '%.2f') us CPU/req"
echo "median of the per-round ratios: throughput $(fmt "$(paired PH_RPS WRK_RPS)" '%.3f'), CPU/req $(fmt "$(paired PH_CPU_PER WRK_CPU_REQ)" '%.3f')"
echo "ratios of the medians (perfharness / wrk) and goals"
goal "$(fmt "$r_tp" 'throughput vs wrk -t1 -c16 on nginx over TLS   %.3fx  (goal >= 1.0x)')" "$r_tp" '>=' 1.0
goal "$(fmt "$r_cpu" 'CPU per request vs wrk                         %.3fx  (goal <= 1.25x)')" "$r_cpu" '<=' 1.25
