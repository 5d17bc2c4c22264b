#!/usr/bin/env bash
# Where the load generator's CPU goes, per request and by cause, next to wrk's (issue 12).
#
#   bench/scripts/loadgen-profile.sh URL [LOAD ARGS]     e.g.  http://127.0.0.1:8011/ -t2 -c2
#
# Against a server already running at URL (start gunicorn / nginx on a free port first, as
# bench/scripts/loadgen-vs-peers.sh does). Runs, one after the other:
#   1. perfharness load ARGS -d7s through `java -jar` with the launcher's JVM flags (or
#      PERFHARNESS_JAVA_OPTS) plus -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit; from its
#      progress line of second 2 to that of second 6: `perf record -e cpu-clock -g` of the JVM and
#      /proc/PID/task/*/stat of every thread (user and sys ticks) -> µs per request by thread;
#   2. wrk ARGS -d5s under `perf record -g`, its CPU time from bash's `time` -> µs per request;
#   3. bench/scripts/perf-causes.py on both: µs per request by cause, kernel and user.
# A strace -c -f of each tool over 3 s gives the system calls per request.
# Needs linux-perf and strace (apt-get install linux-perf strace wrk). Runs as root (perf).
set -euo pipefail
URL="$1"; shift
ARGS=("$@")
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/app/target/perfharness.jar"
"$ROOT/perfharness" --version >/dev/null
OPTS="${PERFHARNESS_JAVA_OPTS:-$(sed -n 's/^exec java ${PERFHARNESS_JAVA_OPTS:-\(.*\)} -jar.*/\1/p' "$ROOT/perfharness")}"
TMP="$(mktemp -d)"
JP=""; PP=""
cleanup() { for p in $PP $JP; do kill -TERM "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
TCK="$(getconf CLK_TCK)"
echo "perfharness JVM flags: $OPTS; load average $(cut -d' ' -f1-3 /proc/loadavg)"

snap() {  # TID NAME UTIME STIME of every thread (a thread that ends meanwhile is left out)
  local t st
  for t in /proc/"$1"/task/*; do
    st="$(cat "$t/stat" 2>/dev/null)" || continue
    echo "$(basename "$t") $(echo "$st" | sed 's/^[0-9]* (\(.*\)) .*/\1/' | tr ' ' '_') $(echo "$st" | sed 's/.*) //' | cut -d' ' -f12,13)"
  done
}
mkfifo "$TMP/fifo"
# shellcheck disable=SC2086
java $OPTS -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
  -jar "$JAR" load "${ARGS[@]}" -d7s --report "$TMP/ph.json" "$URL" >"$TMP/fifo" 2>&1 &
JP=$!
r0=""; r1=""
while IFS= read -r line; do
  echo "$line" >>"$TMP/ph.out"
  case "$line" in
    *"   2s "*) r0="$(echo "$line" | awk '{gsub(",", "", $2); print $2}')"; snap "$JP" >"$TMP/s0"
      perf record -q -e cpu-clock -F 999 -g -p "$JP" -o "$TMP/ph.data" -- sleep 3.95 >/dev/null 2>&1 & PP=$! ;;
    *"   6s "*) r1="$(echo "$line" | awk '{gsub(",", "", $2); print $2}')"; snap "$JP" >"$TMP/s1" ;;
  esac
done <"$TMP/fifo"
wait "$JP"; JP=""; wait "$PP" || true; PP=""
n=$((r1 - r0))
echo
echo "perfharness load ${ARGS[*]}: $n requests in seconds 2-6 ($((n / 4)) req/s); $(grep '^client CPU' "$TMP/ph.out")"
join <(sort "$TMP/s0") <(sort "$TMP/s1") | awk -v n="$n" -v t="$TCK" '
  {u = $6 - $3; s = $7 - $4; U += u; S += s; if ($2 ~ /^loadgen/) {LU += u; LS += s}
   if (u + s > 0) printf "  %-18s user %6.1f  sys %6.1f  us/req\n", $2, u / t / n * 1e6, s / t / n * 1e6}
  END {printf "  %-18s user %6.1f  sys %6.1f  us/req\n  %-18s user %6.1f  sys %6.1f  us/req\n", "all threads", U / t / n * 1e6, S / t / n * 1e6, "loadgen-* threads", LU / t / n * 1e6, LS / t / n * 1e6;
       printf "%.2f\n", (LU + LS) / t / n * 1e6 > "/dev/stderr"}' 2>"$TMP/loop-us"
perf script -i "$TMP/ph.data" -F comm,ip,sym,dso 2>/dev/null >"$TMP/ph.txt"
python3 "$ROOT/bench/scripts/perf-causes.py" "$TMP/ph.txt" loadgen- "$(cat "$TMP/loop-us")"

TIMEFORMAT='%U %S'
{ time perf record -q -e cpu-clock -F 999 -g -o "$TMP/wrk.data" -- wrk "${ARGS[@]}" -d5s --latency "$URL" >"$TMP/wrk.out" 2>&1; } 2>"$TMP/wrk.time"
n=$(awk '/requests in/ {print $1}' "$TMP/wrk.out")
w_us=$(awk -v n="$n" '{printf "%.2f", ($1 + $2) / n * 1e6}' "$TMP/wrk.time")
echo
echo "wrk ${ARGS[*]} -d5s: $n requests, $(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.out") req/s, p50 $(awk '$1 == "50%" {print $2}' "$TMP/wrk.out");" \
  "$(awk -v n="$n" '{printf "CPU user %.1f sys %.1f us/req", $1 / n * 1e6, $2 / n * 1e6}' "$TMP/wrk.time") (under perf)"
perf script -i "$TMP/wrk.data" -F comm,ip,sym,dso 2>/dev/null >"$TMP/wrk.txt"
python3 "$ROOT/bench/scripts/perf-causes.py" "$TMP/wrk.txt" wrk "$w_us"

echo
echo "system calls per request (strace -c -f over 3 s)"
# shellcheck disable=SC2086
java $OPTS -jar "$JAR" load "${ARGS[@]}" -d6s --report "$TMP/st.json" "$URL" >"$TMP/st.out" 2>&1 &
JP=$!
sleep 3.5
timeout -s INT 3 strace -c -f -p "$JP" -o "$TMP/strace-ph.txt" 2>/dev/null || true
wait "$JP"; JP=""
timeout 10 strace -c -f -o "$TMP/strace-wrk.txt" wrk "${ARGS[@]}" -d3s "$URL" >"$TMP/wrk2.out" 2>&1 || true
per_req() {  # strace -c table, requests -> "syscall calls/req" for the socket and epoll calls
  awk -v n="$2" '$NF ~ /^(epoll_wait|epoll_pwait|epoll_pwait2|epoll_ctl|connect|close|socket|setsockopt|getsockopt|getsockname|getpeername|sendto|recvfrom|read|write|writev|fcntl|io_uring_enter)$/ && $4 ~ /^[0-9]+$/ {
    printf "%s %.2f, ", $NF, $4 / n; t += $4} END {printf "total %.1f\n", t / n}' "$1"
}
echo "  perfharness: $(per_req "$TMP/strace-ph.txt" "$(awk '/ sendto$/ {print $4}' "$TMP/strace-ph.txt")")"
echo "  wrk:         $(per_req "$TMP/strace-wrk.txt" "$(awk '/requests in/ {print $1}' "$TMP/wrk2.out")")"
