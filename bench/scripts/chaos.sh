#!/usr/bin/env bash
# chaos.sh [CYCLES] [SEED]: a seeded random mix of hostile services and signals against `perfharness run`,
# checking after every cycle that nothing it started is alive, every port is free, the exit code is the
# documented one and no temporary file is left. See bench/README.md ("Chaos suite").
#
#   bench/scripts/chaos.sh                 200 cycles, seed from the clock (printed)
#   bench/scripts/chaos.sh 12 4242         12 cycles, the same mix as every other run with seed 4242
#
# Environment:
#   CHAOS_CYCLE_TIMEOUT   seconds a cycle may take before it counts as a hang (default 60)
#   CHAOS_CLASSPATH       run `java -cp CHAOS_CLASSPATH io.perfharness.app.cli.Main` instead of the jar
#                         app/target/perfharness.jar (the JUnit smoke test uses its own class path)
#   CHAOS_KEEP            1: keep the work folder (scenarios, outputs) even when every cycle passed
#   CHAOS_ONLY            run only cycles whose kind matches this extended regex (the draws stay the same)
#   CHAOS_LIST            1: only print the cycles a seed draws (kinds and settings), run nothing
#
# The last line is "N passed, N failed"; the exit code is 0 only when every cycle passed. Everything the
# script starts carries a token (in its command line or working folder) and is ended by pid, also when the
# script itself is interrupted.
set -uo pipefail

CYCLES=${1:-200}
SEED=${2:-$(( $(date +%s) % 100000 ))}
CYCLE_TIMEOUT=${CHAOS_CYCLE_TIMEOUT:-60}
case "$CYCLES$SEED" in *[!0-9]*) echo "usage: chaos.sh [CYCLES] [SEED] (non-negative integers)" >&2; exit 2 ;; esac

HOME_DIR="${CHAOS_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"   # CHAOS_HOME: the checkout, when this is a copy
PY="$(command -v python3)" || { echo "chaos: python3 is needed" >&2; exit 2; }
PY="$("$PY" -c 'import sys; print(sys.executable)')"    # the interpreter itself, not a pyenv shim
JAVA=${CHAOS_JAVA:-java}

# The launcher's JVM flags; the jar is run directly, not through ./perfharness, whose dependency check for
# the default scenario (apt-get when gunicorn is missing) has nothing to do with these scenarios.
JVM_FLAGS=(-XX:+UseParallelGC -Xss512k -XX:TieredStopAtLevel=1)
if [ -n "${CHAOS_CLASSPATH:-}" ]; then
  PH=("$JAVA" "${JVM_FLAGS[@]}" -cp "$CHAOS_CLASSPATH" io.perfharness.app.cli.Main)
else
  JAR="$HOME_DIR/app/target/perfharness.jar"
  if [ ! -f "$JAR" ] || [ -n "$(find "$HOME_DIR/pom.xml" "$HOME_DIR/reports" "$HOME_DIR/loadgen" "$HOME_DIR/harness" \
        "$HOME_DIR/app" \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name pom.xml \) \
        -newer "$JAR" -print \) 2>/dev/null | head -n 1)" ]; then
    echo "chaos: building app/target/perfharness.jar (mvn package, tests skipped)" >&2
    (cd "$HOME_DIR" && mvn -q -B -Dstyle.color=never -pl app -am package -DskipTests) >&2 || exit 2
  fi
  PH=("$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR")
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/perfharness-chaos.XXXXXX")"
RUN_TOKEN="phchaos${SEED}x$$"
RANDOM=$SEED     # every draw below is made in this shell (never in $(...)), so a seed gives the same mix

PH_PID=""
THIEF_PID=""

# ---------------------------------------------------------------------------------------------------
# helpers written to the work folder

# A small TCP server: argv = TOKEN then key=value settings. See the modes below.
cat > "$WORK/srv.py" <<'EOF'
import os, signal, socket, sys, threading, time
tok = sys.argv[1]
opt = dict(a.split("=", 1) for a in sys.argv[2:])
state = opt.get("state", ".")
def note(name):
    try:
        with open(os.path.join(state, name), "a") as f:
            f.write("%d\n" % os.getpid())
    except OSError:
        pass
if opt.get("daemon") == "1":
    # double fork, new session, then exec with an empty environment: no marker, no owner id left
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    rest = [a for a in sys.argv[2:] if not a.startswith("daemon=")]
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.execv("/usr/bin/env", ["env", "-i", sys.executable, os.path.abspath(__file__), tok] + rest)
note("started")
term = opt.get("term", "default")
if term == "ignore":
    signal.signal(signal.SIGTERM, lambda *a: note("term"))
elif term == "exit":
    signal.signal(signal.SIGTERM, lambda *a: (note("term"), os._exit(0)))
if opt.get("quit") == "exit":
    signal.signal(signal.SIGQUIT, lambda *a: (note("quit"), os._exit(0)))
die = opt.get("die")
if die is not None:
    time.sleep(float(opt.get("dieAfter", "0")))
    print("chaos server: dying at start", flush=True)
    if die == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(int(die))
time.sleep(float(opt.get("delay", "0")))
mode = opt.get("mode", "ok")
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(opt["port"])))
s.listen(128)
note("listening")
first = [True]

def read_request(c, buf):
    while b"\r\n\r\n" not in buf:
        d = c.recv(65536)
        if not d:
            return None
        buf += d
    return buf[buf.index(b"\r\n\r\n") + 4:]

def serve(c):
    try:
        buf = b""
        while True:
            buf = read_request(c, buf)
            if buf is None:
                return
            if first[0]:
                first[0] = False
                note("request")
            if mode == "ok":
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
                continue
            if mode == "garbage":
                c.sendall(b"\x00\xff\xfeNOT HTTP AT ALL \x1b[31m\r\n\r\n" + os.urandom(200))
                return
            if mode == "hugecl":
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\n" + b"x" * 1000)
            elif mode == "chunked":
                c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                while True:
                    c.sendall(b"400\r\n" + b"y" * 1024 + b"\r\n")
                    time.sleep(0.001)
            # silence, hugecl: hold the connection until the client goes
            while c.recv(65536):
                pass
            return
    except OSError:
        pass
    finally:
        c.close()

while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

# Holds a port (listening) until killed: the port thief.
cat > "$WORK/thief.py" <<'EOF'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[2])))
s.listen(16)
open(sys.argv[3], "w").close()
time.sleep(3600)
EOF

# The after-cycle check. Environment: TOKEN, PORTS (space separated), JVM (perfharness's pid).
# Prints one line per problem: "leak PID CMDLINE", "cgroup DIR PIDS", "port PORT"; nothing when clean.
# Watchdogs get their own word ("watchdog PID ...") so the caller can give them time to finish.
cat > "$WORK/check.py" <<'EOF'
import os, sys
tok = os.environ["TOKEN"]
ports = {int(p) for p in os.environ.get("PORTS", "").split()}
jvm = os.environ.get("JVM", "")
me = os.getpid()
for d in os.listdir("/proc"):
    if not d.isdigit() or int(d) in (me, os.getppid()):
        continue
    try:
        with open("/proc/%s/stat" % d) as f:
            stat = f.read().rsplit(")", 1)[1].split()
        if stat[0] in ("Z", "X"):
            continue
        try:
            wchan = open("/proc/%s/wchan" % d).read()
        except OSError:
            wchan = "?"
        with open("/proc/%s/cmdline" % d, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        try:
            cwd = os.readlink("/proc/%s/cwd" % d)
        except OSError:
            cwd = ""
    except (OSError, IndexError):
        continue
    if tok in cmd or tok in cwd:
        kind = "watchdog" if "perfharness-watchdog" in cmd else "leak"
        cmd = " ".join(cmd.split())
        print("%s %s [state %s ppid %s wchan %s] %s (cwd %s)" % (kind, d, stat[0], stat[1], wchan, cmd[:160], cwd))
if jvm:
    for root, dirs, files in os.walk("/sys/fs/cgroup"):
        for n in list(dirs):
            if n.startswith("perfharness-" + jvm + "-"):
                base = os.path.join(root, n)
                for r2, _, f2 in os.walk(base):
                    if "cgroup.procs" in f2:
                        try:
                            pids = open(os.path.join(r2, "cgroup.procs")).read().split()
                        except OSError:
                            pids = []
                        if pids:
                            print("cgroup %s %s" % (r2, ",".join(pids)))
                dirs.remove(n)
            elif n.startswith("perfharness-"):
                dirs.remove(n)   # another engineer's run: not ours to judge
for name in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        lines = open(name).read().splitlines()[1:]
    except OSError:
        continue
    for l in lines:
        f = l.split()
        port = int(f[1].rsplit(":", 1)[1], 16)
        if f[3] == "0A" and port in ports:
            print("port %d listening" % port)
EOF

cat > "$WORK/freeport.py" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF

# ---------------------------------------------------------------------------------------------------
# ending what we started, by pid only

# pids of live processes that carry $1 in their command line or working folder (never this shell)
pids_with() {
  local tok=$1 d pid cmd cwd
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ] && continue
    cmd=$(tr '\0' ' ' 2>/dev/null < "$d/cmdline") 2>/dev/null || continue
    cwd=$(readlink "$d/cwd" 2>/dev/null) || cwd=""
    case "$cmd $cwd" in *"$tok"*) echo "$pid" ;; esac
  done
}

end_everything() {
  local p
  [ -n "$PH_PID" ] && kill -KILL "$PH_PID" 2>/dev/null
  [ -n "$THIEF_PID" ] && kill -KILL "$THIEF_PID" 2>/dev/null
  for p in $(pids_with "$RUN_TOKEN"); do kill -KILL "$p" 2>/dev/null; done
  [ -n "$PH_PID" ] && wait "$PH_PID" 2>/dev/null
  [ -n "$THIEF_PID" ] && wait "$THIEF_PID" 2>/dev/null
  PH_PID=""; THIEF_PID=""
}

INTERRUPTED=""
on_exit() {
  end_everything
  sleep 0.3
  for p in $(pids_with "$RUN_TOKEN"); do kill -KILL "$p" 2>/dev/null; done   # a watchdog's stragglers
  if [ -z "$INTERRUPTED" ] && [ "${FAILED:-1}" = 0 ] && [ "${CHAOS_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    echo "chaos: work folder kept: $WORK" >&2
  fi
}
trap on_exit EXIT
trap 'INTERRUPTED=1; echo "chaos: interrupted after $PASSED passed, $FAILED failed (seed $SEED)" >&2; exit 130' INT
trap 'INTERRUPTED=1; echo "chaos: terminated after $PASSED passed, $FAILED failed (seed $SEED)" >&2; exit 143' TERM

# ---------------------------------------------------------------------------------------------------
# drawing (in this shell only)

R=0
draw() { R=$(( RANDOM % $1 )); }                           # 0 .. $1-1
pick() { draw $#; shift "$R"; R=$1; }                        # one of the arguments

# ---------------------------------------------------------------------------------------------------
# one cycle

PASSED=0
FAILED=0
declare -A KIND_PASS KIND_FAIL WHY_COUNT
FAILURES=()

now_ms() { date +%s%3N; }

# wait_for FILE_OR_COMMAND: until the file exists or perfharness has ended; returns 1 if it ended first
wait_file() {
  local f=$1 deadline=$(( $(now_ms) + CYCLE_TIMEOUT * 1000 ))
  while [ ! -e "$f" ]; do
    kill -0 "$PH_PID" 2>/dev/null || return 1
    [ "$(now_ms)" -gt "$deadline" ] && return 1
    sleep 0.02
  done
}

wait_java() {
  local deadline=$(( $(now_ms) + CYCLE_TIMEOUT * 1000 ))
  while [ "$(cat "/proc/$PH_PID/comm" 2>/dev/null)" != java ]; do
    kill -0 "$PH_PID" 2>/dev/null || return 1
    [ "$(now_ms)" -gt "$deadline" ] && return 1
    sleep 0.01
  done
}

sleep_ms() { sleep "$(printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )))"; }

run_cycle() {
  local n=$1
  local dir tok kind
  tok="${RUN_TOKEN}c${n}"
  dir="$WORK/c$(printf '%03d' "$n")-$tok"
  mkdir -p "$dir/state" "$dir/results"

  # ---- draw the case
  local server="ok" term="default" quit="" daemon=0 delay=0 die="" stopsig="" grace=2 startup=20
  local duration=1 timeout=1s gate=0 sidecar=0 signal="" moment="" thief=0 expect=0 must_say="" must_not_say=""
  local ports port side_port
  draw 100
  if   [ "$R" -lt 12 ]; then kind=term-ignoring; term=ignore; pick 1 2; grace=$R
  elif [ "$R" -lt 22 ]; then kind=quit-stopped; stopsig=QUIT; quit=exit; term=ignore
  elif [ "$R" -lt 32 ]; then kind=daemon; daemon=1; pick default ignore; term=$R
  elif [ "$R" -lt 40 ]; then kind=dying; pick 1 2 kill; die=$R
  elif [ "$R" -lt 47 ]; then kind=slow-starter; draw 2500; delay=$(printf '%d.%03d' $(( R / 1000 )) $(( R % 1000 )))
  elif [ "$R" -lt 50 ]; then kind=slow-timeout; delay=4; startup=1
  elif [ "$R" -lt 57 ]; then kind=port-thief; thief=1
  elif [ "$R" -lt 72 ]; then kind=hostile; pick garbage silence hugecl chunked; server=$R; draw 2; gate=$R; duration=2; timeout=500ms
  elif [ "$R" -lt 82 ]; then kind=sigint; signal=INT
  elif [ "$R" -lt 92 ]; then kind=sigterm; signal=TERM
  else kind=sigkill; signal=KILL
  fi
  if [ -n "$signal" ]; then
    pick boot start load stop; moment=$R
    case $moment in
      start) delay=3 ;;
      load)  duration=3 ;;
      stop)  term=ignore; grace=3 ;;
    esac
    draw 3; [ "$R" = 0 ] && [ "$moment" != stop ] && { daemon=1; }        # a daemon behind the signal, too
    draw 4; [ "$R" = 0 ] && [ "$moment" != stop ] && { stopsig=QUIT; quit=exit; term=ignore; }
    kind="$kind-$moment"
  fi
  draw 4; sidecar=$(( R == 0 ))
  local die_after sig_delay
  draw 5; die_after="0.$R"
  case $moment in                          # how long after the moment the signal goes, in ms
    boot) draw 1200 ;; start|stop) draw 1500 ;; *) draw 1000 ;;
  esac
  sig_delay=$R
  if [ -n "${CHAOS_ONLY:-}" ] && ! [[ $kind =~ $CHAOS_ONLY ]]; then
    return 0
  fi
  if [ "${CHAOS_LIST:-0}" = 1 ]; then
    echo "cycle $n $kind: server=$server term=$term${stopsig:+ stop=$stopsig} daemon=$daemon delay=$delay${die:+ die=$die} grace=${grace}s gate=$gate sidecar=$sidecar${signal:+ signal after ${sig_delay} ms}"
    KIND_PASS[$kind]=$(( ${KIND_PASS[$kind]:-0} + 1 ))
    return 0
  fi

  ports=$("$PY" "$WORK/freeport.py" 2)
  port=${ports% *}; side_port=${ports#* }

  # ---- expectations
  case $kind in
    term-ignoring) expect=0; must_say="did not stop on TERM within its grace: KILLed" ;;
    quit-stopped)  expect=0; must_not_say="KILLed" ;;
    daemon)        expect=0 ;;
    dying|slow-timeout) expect=3 ;;
    slow-starter)  expect=0 ;;
    port-thief)    expect=3 ;;
    hostile)       expect=$gate; must_say="errors: [1-9]" ;;
    sigint-*)      expect=130 ;;
    sigterm-*)     expect=143 ;;
    sigkill-*)     expect=137 ;;
  esac

  # ---- the scenario
  local args="\"$tok\", \"port=$port\", \"mode=$server\", \"term=$term\", \"delay=$delay\", \"daemon=$daemon\", \"state=$dir/state\""
  [ -n "$quit" ] && args="$args, \"quit=$quit\""
  [ -n "$die" ] && args="$args, \"die=$die\", \"dieAfter=$die_after\""
  {
    echo "name: chaos-$n-$kind"
    echo "services:"
    echo "  main:"
    echo "    command: [\"$PY\", \"$WORK/srv.py\", $args]"
    echo "    cwd: \"$dir\""
    echo "    ready: {tcp: \"127.0.0.1:$port\"}"
    echo "    startupTimeout: ${startup}s"
    echo "    stopGrace: ${grace}s"
    [ -n "$stopsig" ] && echo "    stopSignal: $stopsig"
    if [ "$sidecar" = 1 ]; then
      echo "    dependsOn: [side]"
      echo "  side:"
      echo "    command: [\"$PY\", \"$WORK/srv.py\", \"$tok\", \"port=$side_port\", \"state=$dir/state/side\"]"
      echo "    cwd: \"$dir\""
      echo "    ready: {tcp: \"127.0.0.1:$side_port\"}"
      echo "    stopGrace: 2s"
    fi
    echo "steps:"
    echo "  load:"
    echo "    services: [main]"
    echo "    load: {url: \"http://127.0.0.1:$port/\", duration: ${duration}s, warmup: 0s, connections: 2, timeout: $timeout}"
    [ "$gate" = 1 ] && echo "    gates: [\"errors == 0\"]"
  } > "$dir/scenario.yaml"
  mkdir -p "$dir/state/side"

  # ---- the port thief
  if [ "$thief" = 1 ]; then
    "$PY" "$WORK/thief.py" "$tok" "$port" "$dir/state/thief-ready" &
    THIEF_PID=$!
    local t=0
    while [ ! -e "$dir/state/thief-ready" ] && [ $t -lt 500 ]; do sleep 0.02; t=$((t + 1)); done
    must_say="port $port on 127.0.0.1 is already in use by pid $THIEF_PID"
  fi

  # ---- run perfharness (INT back to its default: a background job of a script would ignore it)
  local t0 code sent="" t_end timed_out=0
  t0=$(now_ms)
  (cd "$dir" && exec env --default-signal=INT,QUIT "${PH[@]}" run "$dir/scenario.yaml" load \
      --results "$dir/results" -q --output prefixed) > "$dir/out.txt" 2>&1 &
  PH_PID=$!

  if [ -n "$signal" ]; then
    local ok=0
    case $moment in
      boot)  wait_java && { sleep_ms "$sig_delay"; ok=1; } ;;
      start) wait_file "$dir/state/started" && { sleep_ms "$sig_delay"; ok=1; } ;;
      load)  wait_file "$dir/state/request" && { sleep_ms "$sig_delay"; ok=1; } ;;
      stop)  wait_file "$dir/state/term" && { sleep_ms "$sig_delay"; ok=1; } ;;
    esac
    if [ "$ok" = 1 ] && kill -0 "$PH_PID" 2>/dev/null; then
      kill -"$signal" "$PH_PID" 2>/dev/null && sent="$signal at $(( $(now_ms) - t0 )) ms"
    fi
  fi

  # ---- wait, with the cycle's deadline
  while kill -0 "$PH_PID" 2>/dev/null; do
    if [ $(( $(now_ms) - t0 )) -gt $(( CYCLE_TIMEOUT * 1000 )) ]; then
      timed_out=1
      kill -KILL "$PH_PID" 2>/dev/null
      break
    fi
    sleep 0.05
  done
  { wait "$PH_PID"; } 2>/dev/null; code=$?
  local jvm=$PH_PID
  PH_PID=""
  t_end=$(now_ms)
  if [ "$thief" = 1 ]; then
    kill -KILL "$THIEF_PID" 2>/dev/null; wait "$THIEF_PID" 2>/dev/null; THIEF_PID=""
  fi

  # ---- checks
  local why=()
  local found="" last_found="" waited=0 limit=0 tries=0
  [ "$signal" = KILL ] && limit=2500        # the watchdog's time to clean up after a SIGKILLed JVM
  local began late_seen=0
  while :; do
    began=$(( $(now_ms) - t_end ))        # when this look began: the check itself takes time on a busy machine
    found=$(TOKEN="$tok" PORTS="$port $side_port" JVM="$jvm" "$PY" "$WORK/check.py")
    tries=$((tries + 1))
    waited=$(( $(now_ms) - t_end ))
    [ -z "$found" ] && break
    last_found=$found
    [ "$began" -gt 2500 ] && late_seen=$began
    # a watchdog ends itself once its JVM is gone: give it the same 2.5 s, but nothing else; a watchdog
    # still there after 2.5 s is a failure ("slow-watchdog"), but wait up to 10 s to tell slow from stuck
    if [ "$began" -gt 10000 ] || { [ "$began" -ge "$limit" ] && grep -qv '^watchdog' <<<"$found"; }; then
      break
    fi
    sleep 0.1
  done
  if [ -z "$found" ] && [ "$late_seen" -gt 0 ]; then   # seen alive by a look that began after 2.5 s
    why+=("slow-watchdog")
  fi
  [ "$timed_out" = 1 ] && why+=("hang")
  if [ -n "$found" ]; then
    why+=("leak")
    # end them now, by pid, so the next cycle starts clean
    for p in $(awk '$1 == "leak" || $1 == "watchdog" {print $2}' <<<"$found"); do kill -KILL "$p" 2>/dev/null; done
    for cg in $(awk '$1 == "cgroup" {print $2}' <<<"$found"); do echo 1 > "$cg/cgroup.kill" 2>/dev/null; done
  fi
  if [ "$timed_out" = 0 ] && [ "$code" != "$expect" ]; then
    why+=("exit")
  fi
  local tmps
  tmps=$(find "$dir/results" -name '.*.tmp' 2>/dev/null)
  [ -n "$tmps" ] && why+=("tmp")
  if [ -n "$must_say" ] && ! grep -Eq -- "$must_say" "$dir/out.txt"; then why+=("output"); fi
  if [ -n "$must_not_say" ] && grep -q -- "$must_not_say" "$dir/out.txt"; then why+=("output"); fi
  if [[ $kind =~ ^sig(int|term)-(boot|start|load)$ ]]; then
    # interrupted before the load ended: no report at all (issue 13, item 4)
    if [ -n "$(find "$dir/results" -type f ! -name '*.log' 2>/dev/null)" ]; then why+=("report"); fi
  fi

  local desc="cycle $n $kind: server=$server term=$term${stopsig:+ stop=$stopsig} daemon=$daemon delay=$delay${die:+ die=$die} grace=${grace}s gate=$gate sidecar=$sidecar${sent:+ sent $sent} -> exit $code (expected $expect) in $(( t_end - t0 )) ms"
  [ "$tries" -gt 1 ] && [ -z "$found" ] && desc="$desc, clean by a look $began ms after it ended"
  if [ ${#why[@]} -eq 0 ]; then
    PASSED=$((PASSED + 1))
    KIND_PASS[$kind]=$(( ${KIND_PASS[$kind]:-0} + 1 ))
    echo "ok   $desc"
    [ "${CHAOS_KEEP:-0}" = 1 ] || rm -rf "$dir"
  else
    FAILED=$((FAILED + 1))
    KIND_FAIL[$kind]=$(( ${KIND_FAIL[$kind]:-0} + 1 ))
    local w
    for w in "${why[@]}"; do WHY_COUNT[$w]=$(( ${WHY_COUNT[$w]:-0} + 1 )); done
    FAILURES+=("cycle $n $kind: ${why[*]}")
    echo "FAIL $desc: ${why[*]}"
    [ -n "$last_found" ] && sed 's/^/       seen: /' <<<"$last_found"
    [ -n "$tmps" ] && sed 's/^/       temp file left: /' <<<"$tmps"
    echo "       output ($dir/out.txt), last lines:"
    tail -n 15 "$dir/out.txt" | sed 's/^/       | /'
  fi
}

echo "chaos: $CYCLES cycles, seed $SEED, cycle timeout ${CYCLE_TIMEOUT}s, work folder $WORK"
echo "chaos: perfharness = ${PH[*]}"
START=$(now_ms)
for ((i = 1; i <= CYCLES; i++)); do
  run_cycle "$i"
done
[ "${CHAOS_LIST:-0}" = 1 ] && exit 0

echo
echo "chaos: summary (seed $SEED, $(( ($(now_ms) - START) / 1000 )) s)"
for k in $(printf '%s\n' "${!KIND_PASS[@]}" "${!KIND_FAIL[@]}" | sort -u); do
  printf '  %-22s %3d passed %3d failed\n' "$k" "${KIND_PASS[$k]:-0}" "${KIND_FAIL[$k]:-0}"
done
printf '  failures by reason: leak %d, hang %d, exit code %d, temp file %d, output %d, report %d, slow-watchdog %d\n' \
  "${WHY_COUNT[leak]:-0}" "${WHY_COUNT[hang]:-0}" "${WHY_COUNT[exit]:-0}" "${WHY_COUNT[tmp]:-0}" \
  "${WHY_COUNT[output]:-0}" "${WHY_COUNT[report]:-0}" "${WHY_COUNT[slow-watchdog]:-0}"
for f in "${FAILURES[@]}"; do echo "  $f"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
