#!/usr/bin/env bash
# perfharness's HTTP/2 load generator against h2load (nghttp2-client) on nginx's http2 (issue 14), on an
# nginx this script starts itself on 127.0.0.1 and free ports (self-signed certificate made here, in a
# temp folder), several alternating rounds in one invocation; prints every round, then medians, ratios
# and the goals met or missed.
#
#   bench/scripts/h2-vs-h2load.sh [ROUNDS]        (default 3 rounds; about 25 s a round)
#
# Cases: nginx (nginx-light, 1 worker, keep-alive without a request limit, a static ~4 KB JSON file),
# both tools with the same connections and streams (C connections x M streams, default 4 x 16) on one
# thread:
#   (a) h2c, prior knowledge: h2load -t1 -cC -mM -D5 http://...   vs  perfharness load -t1 -cC -d5s --h2 --streams M http://...
#   (b) h2 over TLS (ALPN):   h2load -t1 -cC -mM -D5 https://...  vs  perfharness load -t1 -cC -d5s --h2 --streams M --insecure https://...
#   goal: throughput >= 1.0x h2load; CPU time per request is printed beside it (no goal)
# H2_CONNECTIONS and H2_STREAMS set C and M.
#
# CPU time per request, as bench/scripts/loadgen-vs-peers.sh measures it:
#   h2load:      bash's `time` of the whole h2load run divided by the requests it reports done.
#   perfharness: /proc/PID/stat utime + stime of the JVM between the progress lines of seconds 1 and 5
#                of the measured window, divided by the requests completed between them (JVM start-up,
#                warm-up and second 0-1 excluded). Resolution: 1 clock tick (10 ms).
# The machine may be shared: the load average is printed with every round.
# Every process started here is stopped by its pid / process group, also on Ctrl-C.
set -euo pipefail

ROUNDS="${1:-3}"
C="${H2_CONNECTIONS:-4}"
M="${H2_STREAMS:-16}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
NGINX=/usr/sbin/nginx
source "$ROOT/scripts/ensure-deps.sh"
command -v h2load >/dev/null || _ph_apt_install nghttp2-client
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
H2C_PORT="$(free_port)"
TLS_PORT="$(free_port)"
mkdir -p "$TMP/nginx/www" "$TMP/nginx/tmp"
(cd "$ROOT/examples/flask-json" && "$PY" -c 'import sys, payload; sys.stdout.buffer.write(payload.dumps(payload.PAYLOAD))') \
  >"$TMP/nginx/www/data.json"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$TMP/nginx/key.pem" -out "$TMP/nginx/cert.pem" \
  >"$TMP/openssl.log" 2>&1 || { cat "$TMP/openssl.log" >&2; exit 1; }
cat >"$TMP/nginx/nginx.conf" <<NGINX_CONF
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
  http2_max_concurrent_streams 256;
  default_type application/json;
  ssl_certificate $TMP/nginx/cert.pem;
  ssl_certificate_key $TMP/nginx/key.pem;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen 127.0.0.1:$H2C_PORT http2 backlog=4096;
    listen 127.0.0.1:$TLS_PORT ssl http2 backlog=4096;
    root $TMP/nginx/www;
    location / { try_files \$uri /data.json; }
  }
}
NGINX_CONF
start_server nginx "$H2C_PORT" "$TMP" "$NGINX" -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf"
H2C_URL="http://127.0.0.1:$H2C_PORT/data.json"
TLS_URL="https://127.0.0.1:$TLS_PORT/data.json"

"$ROOT/perfharness" --version >/dev/null   # builds the jar if needed, outside any measurement
echo "target: nginx $H2C_URL (h2c) and $TLS_URL (h2 over TLS), $(stat -c %s "$TMP/nginx/www/data.json") bytes; $C connections x $M streams"
echo "perfharness JVM flags: ${PERFHARNESS_JAVA_OPTS:-launcher default}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(h2load --version | head -1)"

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

h2load_run() {  # sets H2_OUT and H2_CPU (user+sys s of the whole run)
  local TIMEFORMAT='%U %S'
  { time h2load "$@" >"$TMP/h2load.out" 2>&1; } 2>"$TMP/h2load.time"
  H2_OUT="$(cat "$TMP/h2load.out")"
  H2_CPU="$(awk '{print $1 + $2}' "$TMP/h2load.time")"
}
# "finished in 5.00s, 123456.70 req/s, 510.34MB/s"; "requests: 617283 total, 617299 started, 617283 done, 617283 succeeded, 0 failed, 0 errored, 0 timeout"
h2_rps() { echo "$H2_OUT" | awk '/^finished in/ {print $4}'; }
h2_done() { echo "$H2_OUT" | awk '/^requests:/ {print $6}'; }
h2_errors() { echo "$H2_OUT" | awk '/^requests:/ {print $10, "failed,", $12, "errored"}'; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN {printf f, v}'; }

declare -A RPS_H2 CPU_H2 RPS_PH CPU_PH
CASES="h2c tls"
for r in $(seq "$ROUNDS"); do
  echo
  echo "round $r of $ROUNDS (load average $(cut -d' ' -f1 /proc/loadavg))"
  for c in $CASES; do
    if [ "$c" = h2c ]; then URL="$H2C_URL"; EXTRA=(); label="(a) h2c   "; else URL="$TLS_URL"; EXTRA=(--insecure); label="(b) h2 TLS"; fi
    # the order of the tools alternates from round to round
    for tool in $( ((r % 2)) && echo "h2load ph" || echo "ph h2load"); do
      if [ "$tool" = h2load ]; then
        h2load_run -t1 -c"$C" -m"$M" -D5 "$URL"
        cpu=$(awk -v c="$H2_CPU" -v n="$(h2_done)" 'BEGIN {print c / n * 1e6}')
        RPS_H2[$c]+="$(h2_rps) "; CPU_H2[$c]+="$cpu "
        echo "  $label h2load -t1 -c$C -m$M -D5:                         $(fmt "$(h2_rps)" '%9.0f') req/s  CPU $(fmt "$H2_CPU" '%.2f') s / $(h2_done) req = $(fmt "$cpu" '%5.2f') us/req ($(h2_errors))"
      else
        ph_run -t1 -c"$C" -d5s --h2 --streams "$M" "${EXTRA[@]}" "$URL"
        rps="$(jq_report "$TMP/ph.json" 'd["requestsPerSecond"]')"
        cpu=$(awk -v c="$PH_CPU" -v n="$PH_CPU_REQ" 'BEGIN {print c / n * 1e6}')
        RPS_PH[$c]+="$rps "; CPU_PH[$c]+="$cpu "
        echo "  $label perfharness load -t1 -c$C -d5s --h2 --streams $M: $(fmt "$rps" '%9.0f') req/s  CPU $(fmt "$PH_CPU" '%.2f') s / $PH_CPU_REQ req = $(fmt "$cpu" '%5.2f') us/req (s 1-5), errors $(jq_report "$TMP/ph.json" 'd["errors"]["total"]')"
      fi
    done
  done
done

goal() {  # goal TEXT VALUE OP LIMIT
  if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN {exit !((op == ">=") ? v >= l : v <= l)}'; then
    echo "met    $1"; else echo "MISSED $1"; fi
}
# the ratios taken round by round (each pair ran within seconds of each other), then their median
paired() { local -a p=($1) w=($2); local i out=(); for i in "${!p[@]}"; do out+=("$(awk -v a="${p[$i]}" -v b="${w[$i]}" 'BEGIN {print a / b}')"); done; median "${out[@]}"; }
echo
echo "medians over $ROUNDS rounds (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for c in $CASES; do
  label=$([ "$c" = h2c ] && echo "(a) h2c   " || echo "(b) h2 TLS")
  m_h=$(median ${RPS_H2[$c]}); m_hc=$(median ${CPU_H2[$c]}); m_p=$(median ${RPS_PH[$c]}); m_pc=$(median ${CPU_PH[$c]})
  r_tp=$(awk -v p="$m_p" -v w="$m_h" 'BEGIN {print p / w}')
  r_cpu=$(awk -v p="$m_pc" -v w="$m_hc" 'BEGIN {print p / w}')
  echo "  $label h2load $(fmt "$m_h" '%.0f') req/s, $(fmt "$m_hc" '%.2f') us CPU/req;  perfharness $(fmt "$m_p" '%.0f') req/s, $(fmt "$m_pc" '%.2f') us CPU/req"
  echo "             median of the per-round ratios: throughput $(fmt "$(paired "${RPS_PH[$c]}" "${RPS_H2[$c]}")" '%.3f'), CPU/req $(fmt "$(paired "${CPU_PH[$c]}" "${CPU_H2[$c]}")" '%.3f')"
done
echo "ratios of the medians (perfharness / h2load) and goals"
for c in $CASES; do
  label=$([ "$c" = h2c ] && echo "(a) h2c   " || echo "(b) h2 TLS")
  m_h=$(median ${RPS_H2[$c]}); m_hc=$(median ${CPU_H2[$c]}); m_p=$(median ${RPS_PH[$c]}); m_pc=$(median ${CPU_PH[$c]})
  r_tp=$(awk -v p="$m_p" -v w="$m_h" 'BEGIN {print p / w}')
  r_cpu=$(awk -v p="$m_pc" -v w="$m_hc" 'BEGIN {print p / w}')
  goal "$(fmt "$r_tp" "$label throughput vs h2load -c$C -m$M  %.3fx  (goal >= 1.0x)")" "$r_tp" '>=' 1.0
  echo "       $(fmt "$r_cpu" "$label CPU per request vs h2load     %.3fx  (no goal)")"
done
