#!/usr/bin/env bash
# How often is the regression gate (perfharness compare, default settings) right on this machine?
#
#   A/A: base and head are the same app: the gate must say "regression" in at most 1 pair of 20.
#   A/B: head is the app made slower by WORK_US of CPU per request (wsgi.py), ~10% less throughput:
#        the gate must say "regression" in at least 19 pairs of 20.
#
# Each side of a pair is measured like a CI job would: a fresh gunicorn (the default scenario's:
# 2 sync workers, --preload, PYTHONMALLOC=debug, on a free port), one `perfharness load --repeat N`
# (2 connections, 2 threads, 1 s warm-up, then N back-to-back repetitions of DURATION), the server
# stopped. Which side runs first alternates from pair to pair, so a drift of the machine's load does
# not always favour one side. Every report is kept, and the gate is then also evaluated on the first
# k repetitions of each side (k = 3..N), to tell how many repetitions the default gate needs.
#
# Usage: bench/scripts/gate-accuracy.sh [PAIRS] [REPEAT] [DURATION] [WORK_US]
#        (defaults: 20 pairs, 10 repetitions, 2s, WORK_US 30)
#        bench/scripts/gate-accuracy.sh --evaluate OUT   (the gate again on reports measured before)
# Env:   PERFHARNESS_JAR  a jar with `load --repeat` and `compare` (default: harness/target/perfharness.jar,
#                         built when missing); OUT  where reports and results go
#                         (default: perf-results/gate-accuracy/<UTC time>; an earlier OUT is resumed)
#        WARMUP  the unrecorded warm-up before the first repetition of a side (default 1s)
# Takes about PAIRS x 2 x 2 x (3 + REPEAT x (DURATION + 0.2)) seconds: ~35 min with the defaults. CPU heavy.
set -euo pipefail
EVALUATE=""
if [ "${1:-}" = --evaluate ]; then
  EVALUATE="${2:?--evaluate needs the OUT folder of an earlier run}"
  set -- $(cat "$EVALUATE/parameters")
fi
PAIRS="${1:-20}"
REPEAT="${2:-10}"
DURATION="${3:-2s}"
WORK="${4:-30}"
WARMUP="${WARMUP:-1s}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/ensure-deps.sh"
ensure_python_deps
JAR="${PERFHARNESS_JAR:-$ROOT/harness/target/perfharness.jar}"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -pl harness -am package -DskipTests)
fi
java -jar "$JAR" load --help | grep -q -- '--repeat' || { echo "gate-accuracy: $JAR has no 'load --repeat'" >&2; exit 2; }
java -jar "$JAR" compare --help >/dev/null 2>&1 || { echo "gate-accuracy: $JAR has no 'compare'" >&2; exit 2; }
OUT="${EVALUATE:-${OUT:-$ROOT/perf-results/gate-accuracy/$(date -u +%Y%m%d-%H%M%S)}}"
mkdir -p "$OUT"
echo "$PAIRS $REPEAT $DURATION $WORK" >"$OUT/parameters"
echo "gate-accuracy: $PAIRS A/A and $PAIRS A/B pairs, $WARMUP warm-up + $REPEAT x $DURATION per side, WORK_US=$WORK; reports in $OUT"

GPID=""
stop_server() {
  if [ -n "$GPID" ]; then
    kill -TERM -- "-$GPID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 -- "-$GPID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL -- "-$GPID" 2>/dev/null || true
    wait "$GPID" 2>/dev/null || true
    GPID=""
  fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT
trap 'stop_server; exit 143' TERM

# side FILE WORK_US PORT: a fresh server, one repeated load, the server stopped
side() {
  local file="$1" work="$2" port="$3"
  # gunicorn in its own session: its whole tree is one process group, stopped by pid
  (cd "$ROOT/examples/flask-json" && PYTHONMALLOC=debug WORK_US="$work" exec setsid gunicorn --preload --workers 2 \
     --bind "127.0.0.1:$port" wsgi:app >>"$OUT/gunicorn.log" 2>&1) &
  GPID=$!
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  java -jar "$JAR" load -q -t2 -c2 -d "$DURATION" --warmup "$WARMUP" --repeat "$REPEAT" --report "$file" \
     "http://127.0.0.1:$port/" >/dev/null
  stop_server
}

for kind in aa ab; do
  [ -n "$EVALUATE" ] && break
  for i in $(seq "$PAIRS"); do
    dir="$OUT/$kind/$(printf %02d "$i")"
    # OUT=<earlier run> resumes it: pairs measured before are kept
    [ -f "$dir/base.json" ] && [ -f "$dir/head.json" ] && continue
    mkdir -p "$dir"
    head_work=0
    [ "$kind" = ab ] && head_work="$WORK"
    # one port for both sides: compare refuses reports of different URLs
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    if [ $((i % 2)) -eq 1 ]; then
      side "$dir/base.json" 0 "$port"; side "$dir/head.json" "$head_work" "$port"
    else
      side "$dir/head.json" "$head_work" "$port"; side "$dir/base.json" 0 "$port"
    fi
    echo "$kind $i measured"
  done
done

# The default gate on every pair
for kind in aa ab; do
  for dir in "$OUT/$kind"/*/; do
    i="$(basename "$dir")"
    set +e
    java -jar "$JAR" compare "$dir/base.json" "$dir/head.json" --format json >"$dir/compare.json"
    code=$?
    set -e
    [ "$code" -eq 2 ] && { echo "$kind $i: compare refused the pair (exit 2)"; continue; }
    python3 - "$dir/compare.json" "$kind" "$i" "$code" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
m = {x["metric"]: x for x in c["metrics"]}
t = m["throughput"]
print(f'{sys.argv[2]} {int(sys.argv[3]):2d}: exit {sys.argv[4]}  throughput {t["change"]:+6.1f}% p={t["pValue"]:.3f} '
      f'p50 {m["p50"]["change"]:+6.1f}%  p99 {m["p99"]["change"]:+6.1f}%  '
      f'regressions: {", ".join(x["metric"] for x in c["metrics"] if x["verdict"] == "regression") or "none"}  '
      f'inconclusive: {", ".join(x["metric"] for x in c["metrics"] if x["verdict"] == "inconclusive") or "none"}')
EOF
  done
done

# The gate again on the first k repetitions of each side: how many does the default gate need?
SUB="$OUT/subsets"
rm -rf "$SUB" "$OUT/subsets.txt"
for kind in aa ab; do
  for k in $(seq 3 "$REPEAT"); do
    flagged=0
    for dir in "$OUT/$kind"/*/; do
      mkdir -p "$SUB/$kind/$k"
      name="$(basename "$dir")"
      for s in base head; do
        jq --argjson k "$k" '.repetitions |= .[:$k]' "$dir/$s.json" >"$SUB/$kind/$k/$name-$s.json"
      done
      set +e
      java -jar "$JAR" compare "$SUB/$kind/$k/$name-base.json" "$SUB/$kind/$k/$name-head.json" --format json >/dev/null 2>&1
      [ $? -eq 1 ] && flagged=$((flagged + 1))
      set -e
    done
    echo "$kind $k $flagged" >>"$OUT/subsets.txt"
  done
done

python3 - "$OUT" "$PAIRS" "$REPEAT" "$DURATION" "$WORK" <<'EOF'
import json, os, statistics, sys
out, pairs, repeat, duration, work = sys.argv[1:]
def noise(values):
    med = statistics.median(values)
    return 1.4826 * statistics.median(abs(x - med) for x in values) / med * 100
def load(kind):
    rows = []
    for d in sorted(os.listdir(os.path.join(out, kind))):
        c = json.load(open(os.path.join(out, kind, d, "compare.json")))
        rows.append(c)
    return rows
aa, ab = load("aa"), load("ab")
reg = lambda rows: sum(1 for c in rows if c["result"] == "regression")
thr = lambda rows: statistics.median(next(m["change"] for m in c["metrics"] if m["metric"] == "throughput") for c in rows)
which = {}
for c in aa:
    for m in c["metrics"]:
        if m["verdict"] == "regression":
            which[m["metric"]] = which.get(m["metric"], 0) + 1
print()
print(f"== gate accuracy: {repeat} repetitions of {duration} per side, default thresholds, WORK_US={work}")
print(f"A/A: regression in {reg(aa)} of {len(aa)} pairs (goal <= 1){'; by metric: ' + str(which) if which else ''}")
print(f"A/B: regression in {reg(ab)} of {len(ab)} pairs (goal >= 19); median throughput change {thr(ab):+.1f}%")
cv = []
for kind in ("aa", "ab"):
    for d in sorted(os.listdir(os.path.join(out, kind))):
        for side in ("base", "head"):
            r = json.load(open(os.path.join(out, kind, d, side + ".json")))
            cv.append(noise([x["requestsPerSecond"] for x in r["repetitions"]]))
print(f"throughput noise between the repetitions of a side (1.4826 MAD/median): median {statistics.median(cv):.1f}%, "
      f"range {min(cv):.1f}..{max(cv):.1f}%; sides over 10% (2 x the 5% threshold): {sum(1 for x in cv if x > 10)} of {len(cv)}")
print("by repetitions per side (the first k of each side):")
subsets = {}
for line in open(os.path.join(out, "subsets.txt")):
    kind, k, n = line.split()
    subsets.setdefault(int(k), {})[kind] = int(n)
for k in sorted(subsets):
    s = subsets[k]
    ok = s.get("aa", 99) <= len(aa) // 20 and s.get("ab", 0) >= len(ab) - len(ab) // 20
    print(f"  k={k:2d}: A/A {s.get('aa')}/{len(aa)}  A/B {s.get('ab')}/{len(ab)}  {'meets both goals' if ok else ''}")
EOF
