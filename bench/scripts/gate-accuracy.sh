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
# Usage: bench/scripts/gate-accuracy.sh --ab [PAIRS] [WORK_US] [SLEEP_US]
#                 the gate is `perfharness ab` (see "--ab" below; defaults 20 pairs, WORK_US 20, SLEEP_US 20)
#        bench/scripts/gate-accuracy.sh [PAIRS] [STARTS] [REPEAT] [DURATION] [WORK_US]
#        (defaults: 20 pairs, 4 runs per side, 3 repetitions, 2s, WORK_US 30)
#        bench/scripts/gate-accuracy.sh --evaluate OUT [COMPARE OPTION...]
#                 the gate again on reports measured before, e.g. with --max-noise 0
# Env:   OUT     where reports and results go (default: perf-results/gate-accuracy/<UTC time>;
#                an earlier OUT is resumed: pairs measured before are kept)
# Takes about PAIRS x 2 x 2 x STARTS x (2.3 + REPEAT x (DURATION + 0.1)) seconds: ~46 min with the
# defaults, then ~3 min of compares. CPU heavy: run it on an otherwise idle machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# --ab: the gate is `perfharness ab` with its defaults (adaptive, budget 5 min), run as CI would run it: on
# two commits of a throwaway clone of this checkout. Three kinds of pair:
#   aa     base and head are the same commit: "regression" is a false alarm (goal <= 1 in 20)
#   work   head's app burns WORK_US more CPU per request (goal >= 19 in 20 caught; WORK_US=20 is ~+8% of the
#          service's ~310 us CPU per request: WORK_US=30 measured +11.8%)
#   sleep  head's app sleeps SLEEP_US per request: latency without CPU (goal >= 19 in 20 caught; SLEEP_US=20
#          is the shortest sleep here, ~40 us alone with wsgi.py's 1 ns timer slack; under load it measured
#          +27% p50 and +16% service CPU, more than the ~10% latency issue 11 names)
# under each CONDITION: quiet (nothing added), busy (`stress-ng --cpu 1` for the whole condition, started
# and stopped here by its pid). Every ab's output, markdown and reports are kept in OUT; the table at the
# end counts exit codes (0 no regression, 1 regression, 4 inconclusive, 3 run failure) and wall times.
# Env:   CONDITIONS  "quiet busy" (default), KINDS "aa work sleep" (default),
#        AB_OPTS     extra ab options (default "-d 2s"), OUT as below
# Takes up to PAIRS x kinds x conditions x (budget + ~20 s): measured 1 h 50 min for 5 pairs, so ~7 h for 20; run it on an
# otherwise idle machine.
if [ "${1:-}" = --ab ]; then
  shift
  PAIRS="${1:-20}"
  WORK="${2:-20}"
  SLEEP="${3:-20}"
  CONDITIONS="${CONDITIONS:-quiet busy}"
  KINDS="${KINDS:-aa work sleep}"
  AB_OPTS="${AB_OPTS:--d 2s}"
  "$ROOT/perfharness" --version >/dev/null
  JAR="$ROOT/app/target/perfharness.jar"
  OUT="${OUT:-$ROOT/perf-results/gate-accuracy-ab/$(date -u +%Y%m%d-%H%M%S)}"
  mkdir -p "$OUT"
  REPO="$OUT/repo"
  if [ ! -d "$REPO/.git" ]; then
    # a clone of the committed state, with one branch per kind of head
    git clone --quiet --no-local "$ROOT" "$REPO"
    git -C "$REPO" checkout --quiet -b base
    for kind in work sleep; do
      git -C "$REPO" checkout --quiet -b "$kind" base
      if [ "$kind" = work ]; then
        sed -i "s/os.environ.get(\"WORK_US\", \"0\")/os.environ.get(\"WORK_US\", \"$WORK\")/" "$REPO/examples/flask-json/wsgi.py"
      else
        sed -i "s/os.environ.get(\"SLEEP_US\", \"0\")/os.environ.get(\"SLEEP_US\", \"$SLEEP\")/" "$REPO/examples/flask-json/wsgi.py"
      fi
      git -C "$REPO" diff --quiet && { echo "gate-accuracy: could not plant the $kind change in wsgi.py" >&2; exit 2; }
      git -C "$REPO" -c user.name=gate-accuracy -c user.email=gate@localhost commit --quiet -am "plant: $kind"
    done
    git -C "$REPO" checkout --quiet base
  fi
  echo "gate-accuracy --ab: $PAIRS pairs of each of: $KINDS; conditions: $CONDITIONS; WORK_US=$WORK SLEEP_US=$SLEEP;" \
       "ab options: $AB_OPTS; results in $OUT"
  HOG=""
  stop_hog() { if [ -n "$HOG" ]; then kill "$HOG" 2>/dev/null || true; wait "$HOG" 2>/dev/null || true; HOG=""; fi; }
  trap stop_hog EXIT
  trap 'stop_hog; exit 130' INT TERM   # stop, not just the hog: the ab running now gets the signal too
  for condition in $CONDITIONS; do
    if [ "$condition" = busy ]; then
      command -v stress-ng >/dev/null || { echo "gate-accuracy: busy needs stress-ng (apt-get install -y stress-ng)" >&2; exit 2; }
      stress-ng --cpu 1 --quiet &
      HOG=$!
    fi
    for kind in $KINDS; do
      head=base
      [ "$kind" = aa ] || head="$kind"
      for i in $(seq "$PAIRS"); do
        dir="$OUT/$condition/$kind/$(printf %02d "$i")"
        [ -f "$dir/exit" ] && continue  # an earlier OUT is resumed
        mkdir -p "$dir"
        code=0
        # shellcheck disable=SC2086
        java -jar "$JAR" ab --repo "$REPO" --base base --head "$head" --launcher this $AB_OPTS --seed "$i" \
          --out "$dir/runs" --markdown "$dir/ab.md" >"$dir/ab.txt" 2>"$dir/ab.err" || code=$?
        echo "$code" >"$dir/exit"
        echo "$condition $kind $i: exit $code, $(grep -h '^wall time' "$dir/ab.txt" || tail -n 1 "$dir/ab.err")"
      done
    done
    stop_hog
  done
  python3 - "$OUT" <<'EOF'
import os, re, sys
out = sys.argv[1]
print()
print("| condition | kind | pairs | regression (exit 1) | no regression (exit 0) | inconclusive (exit 4) | failed | median wall time | median runs a side | median change: throughput, p50, serviceCpu |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for condition in ("quiet", "busy"):
    for kind in ("aa", "work", "sleep"):
        base = os.path.join(out, condition, kind)
        if not os.path.isdir(base):
            continue
        codes, walls, runs = [], [], []
        changes = {"throughput": [], "p50": [], "serviceCpu": []}
        for p in sorted(os.listdir(base)):
            f = os.path.join(base, p, "exit")
            if not os.path.isfile(f):
                continue
            codes.append(int(open(f).read().strip()))
            text = open(os.path.join(base, p, "ab.txt")).read()
            m = re.search(r"wall time: (?:(\d+)m)?(\d+)s", text)
            if m:
                walls.append(int(m.group(1) or 0) * 60 + int(m.group(2)))
            m = re.search(r"runs: (\d+) a side", text)
            if m:
                runs.append(int(m.group(1)))
            for metric, values in changes.items():
                m = re.search(r"^" + metric + r" .*?\s([+-]?[0-9.]+)%\s+\[", text, re.M)
                if m:
                    values.append(float(m.group(1)))
        med = lambda v: sorted(v)[len(v) // 2] if v else float("nan")
        print(f"| {condition} | {kind} | {len(codes)} | {codes.count(1)} | {codes.count(0)} | {codes.count(4)} | "
              f"{sum(1 for c in codes if c not in (0, 1, 4))} | {med(walls)} s | {med(runs)} | "
              + ", ".join(f"{med(v):+.1f}%" if v else "-" for v in changes.values()) + " |")
EOF
  exit 0
fi
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
