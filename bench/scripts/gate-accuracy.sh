#!/usr/bin/env bash
# How often is the regression gate (perfharness compare, default settings) right on this machine?
#
#   A/A: base and head are the same app: the gate must say "regression" in at most 1 pair of 20.
#   A/B: head is the app made slower by WORK_US of CPU per request (wsgi.py), ~10% less throughput:
#        the gate must say "regression" in at least 19 pairs of 20.
#
# Each side of a pair is what a CI job that compares two builds on one machine would do: STARTS runs
# of the default scenario's load step (`./perfharness run http -d DURATION --repeat REPEAT`: a fresh
# gunicorn each run, 2 connections, 1 s warm-up, REPEAT repetitions, the server stopped), one report
# per run, and `perfharness compare BASE_DIR HEAD_DIR` on the two folders. The runs of the two sides
# are interleaved (base, head, head, base, base, head, ...: randomized multiple interleaved trials),
# so a drift of the machine's load hits both sides alike, and a side's runs are separate server starts,
# so one unlucky start (where the workers landed, Python's hash seed) is one sample among several.
# Every report is kept; the gate is then also evaluated on the first s runs and first r repetitions
# of each side, to tell how many runs and repetitions the default gate needs.
#
# Usage: bench/scripts/gate-accuracy.sh [PAIRS] [STARTS] [REPEAT] [DURATION] [WORK_US]
#        (defaults: 20 pairs, 4 runs per side, 3 repetitions, 2s, WORK_US 30)
#        bench/scripts/gate-accuracy.sh --evaluate OUT [COMPARE OPTION...]
#                 the gate again on reports measured before, e.g. with --max-noise 0
# Env:   OUT     where reports and results go (default: perf-results/gate-accuracy/<UTC time>;
#                an earlier OUT is resumed: pairs measured before are kept)
# Takes about PAIRS x 2 x 2 x STARTS x (2.3 + REPEAT x (DURATION + 0.1)) seconds: ~46 min with the
# defaults, then ~3 min of compares. CPU heavy: run it on an otherwise idle machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EVALUATE=""
COMPARE_OPTS=()
if [ "${1:-}" = --evaluate ]; then
  EVALUATE="${2:?--evaluate needs the OUT folder of an earlier run}"
  shift 2
  COMPARE_OPTS=("$@")
  set -- $(cat "$EVALUATE/parameters")
fi
PAIRS="${1:-20}"
STARTS="${2:-4}"
REPEAT="${3:-3}"
DURATION="${4:-2s}"
WORK="${5:-30}"
# the launcher builds the jar when stale and installs gunicorn/Flask when missing
"$ROOT/perfharness" --version >/dev/null
JAR="$ROOT/app/target/perfharness.jar"
OUT="${EVALUATE:-${OUT:-$ROOT/perf-results/gate-accuracy/$(date -u +%Y%m%d-%H%M%S)}}"
mkdir -p "$OUT"
[ -n "$EVALUATE" ] || echo "$PAIRS $STARTS $REPEAT $DURATION $WORK" >"$OUT/parameters"
echo "gate-accuracy: $PAIRS A/A and $PAIRS A/B pairs; a side: $STARTS runs of 'run http -d $DURATION --repeat $REPEAT';" \
     "head of A/B: WORK_US=$WORK; reports in $OUT${COMPARE_OPTS:+; compare ${COMPARE_OPTS[*]}}"

# run FILE WORK_US: one run of the default scenario's load step, its report in FILE
run() {
  local file="$1" work="$2"
  if ! WORK_US="$work" "$ROOT/perfharness" run http -q --output none -d "$DURATION" --repeat "$REPEAT" \
         --results "$OUT/logs" --report "$file" >"$OUT/last-run.log" 2>&1; then
    echo "gate-accuracy: run failed (WORK_US=$work): $(tail -n 3 "$OUT/last-run.log")" >&2
    exit 3
  fi
}

for kind in aa ab; do
  [ -n "$EVALUATE" ] && break
  for i in $(seq "$PAIRS"); do
    dir="$OUT/$kind/$(printf %02d "$i")"
    head_work=0
    [ "$kind" = ab ] && head_work="$WORK"
    mkdir -p "$dir/base" "$dir/head"
    for j in $(seq "$STARTS"); do
      # a round measured before is kept (OUT=<earlier run> resumes)
      [ -f "$dir/base/$j.json" ] && [ -f "$dir/head/$j.json" ] && continue
      rm -f "$dir/base/$j".* "$dir/head/$j".*
      if [ $(((i + j) % 2)) -eq 0 ]; then
        run "$dir/base/$j.json" 0; run "$dir/head/$j.json" "$head_work"
      else
        run "$dir/head/$j.json" "$head_work"; run "$dir/base/$j.json" 0
      fi
    done
    echo "$kind $i measured ($(date -u +%H:%M:%S))"
  done
done

# compare_sides BASE_DIR HEAD_DIR: the gate's exit code (0, 1; 2 = refused)
compare_sides() {
  set +e
  java -jar "$JAR" compare "$1" "$2" "${COMPARE_OPTS[@]}" --format json
  local code=$?
  set -e
  return "$code"
}

# The default gate on every pair: all runs and repetitions
for kind in aa ab; do
  for dir in "$OUT/$kind"/*/; do
    i="$(basename "$dir")"
    code=0
    compare_sides "$dir/base" "$dir/head" >"$dir/compare.json" 2>"$dir/compare.err" || code=$?
    [ "$code" -eq 2 ] && { echo "$kind $i: compare refused the pair (exit 2): $(cat "$dir/compare.err")"; continue; }
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

# The gate again on the first s runs and first r repetitions of each side: what does it need?
SUB="$OUT/subsets"
rm -rf "$SUB" "$OUT/subsets.txt"
for kind in aa ab; do
  for s in $(seq "$STARTS"); do
    for r in $(seq "$REPEAT"); do
      # fewer than 4 samples a side can never reach p < 0.05
      [ $((s * r)) -lt 4 ] && continue
      flagged=0
      for dir in "$OUT/$kind"/*/; do
        name="$(basename "$dir")"
        for side in base head; do
          mkdir -p "$SUB/$kind/$s-$r/$name/$side"
          for j in $(seq "$s"); do
            python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["repetitions"] = d["repetitions"][:int(sys.argv[2])]; json.dump(d, open(sys.argv[3], "w"))' \
              "$dir/$side/$j.json" "$r" "$SUB/$kind/$s-$r/$name/$side/$j.json"
          done
        done
        code=0
        compare_sides "$SUB/$kind/$s-$r/$name/base" "$SUB/$kind/$s-$r/$name/head" >/dev/null 2>&1 || code=$?
        [ "$code" -eq 1 ] && flagged=$((flagged + 1))
      done
      echo "$kind $s $r $flagged" >>"$OUT/subsets.txt"
    done
  done
done
rm -rf "$SUB"

python3 - "$OUT" "$PAIRS" "$STARTS" "$REPEAT" "$DURATION" "$WORK" <<'EOF'
import json, os, statistics, sys
out, pairs, starts, repeat, duration, work = sys.argv[1:]
def noise(values):
    med = statistics.median(values)
    return 1.4826 * statistics.median(abs(x - med) for x in values) / med * 100
def pairs_of(kind):
    return sorted(d for d in os.listdir(os.path.join(out, kind)) if os.path.isfile(os.path.join(out, kind, d, "compare.json")))
def load(kind):
    return [json.load(open(os.path.join(out, kind, d, "compare.json"))) for d in pairs_of(kind)]
aa, ab = load("aa"), load("ab")
reg = lambda rows: sum(1 for c in rows if c["result"] == "regression")
change = lambda rows, name: statistics.median(next(m["change"] for m in c["metrics"] if m["metric"] == name) for c in rows)
def by_metric(rows):
    which = {}
    for c in rows:
        for m in c["metrics"]:
            if m["verdict"] == "regression":
                which[m["metric"]] = which.get(m["metric"], 0) + 1
    return which
print()
print(f"== gate accuracy: a side = {starts} runs x {repeat} repetitions of {duration}, interleaved; WORK_US={work}")
print(f"A/A: regression in {reg(aa)} of {len(aa)} pairs (goal <= 1); by metric: {by_metric(aa)}")
print(f"A/B: regression in {reg(ab)} of {len(ab)} pairs (goal >= 19); by metric: {by_metric(ab)}; "
      f"median change: throughput {change(ab, 'throughput'):+.1f}%, p50 {change(ab, 'p50'):+.1f}%")
within, between = [], []
for kind in ("aa", "ab"):
    for d in pairs_of(kind):
        for side in ("base", "head"):
            medians = []
            for j in range(1, int(starts) + 1):
                r = json.load(open(os.path.join(out, kind, d, side, f"{j}.json")))
                rps = [x["requestsPerSecond"] for x in r["repetitions"]]
                medians.append(statistics.median(rps))
                if len(rps) > 2:
                    within.append(noise(rps))
            if len(medians) > 2:
                between.append(noise(medians))
if within:
    print(f"throughput noise (1.4826 MAD/median) between the repetitions of a run: median {statistics.median(within):.1f}%, "
          f"90th percentile {sorted(within)[int(0.9 * len(within))]:.1f}%")
if between:
    print(f"throughput noise between the runs (server starts) of a side: median {statistics.median(between):.1f}%, "
          f"90th percentile {sorted(between)[int(0.9 * len(between))]:.1f}%")
print("the gate on the first s runs x first r repetitions of each side:")
seconds = float(duration[:-2]) / 1000 if duration.endswith("ms") else float(duration.rstrip("s"))
rows = {}
for line in open(os.path.join(out, "subsets.txt")):
    kind, s, r, n = line.split()
    rows.setdefault((int(s), int(r)), {})[kind] = int(n)
for (s, r) in sorted(rows):
    x = rows[(s, r)]
    ok = x.get("aa", 99) <= max(1, len(aa) // 20) and x.get("ab", 0) >= len(ab) - max(1, len(ab) // 20)
    print(f"  {s} runs x {r} repetitions ({s * r:2d} samples, {s * r * seconds:.0f} s measured a side):"
          f" A/A {x.get('aa')}/{len(aa)}  A/B {x.get('ab')}/{len(ab)}  {'meets both goals' if ok else ''}")
EOF
