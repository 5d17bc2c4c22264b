#!/usr/bin/env bash
# Runs the JMH benchmarks of perfharness and keeps JMH's JSON result for later comparison.
#   bench/scripts/jmh.sh                                   every benchmark, the classes' own settings
#   bench/scripts/jmh.sh ProbeBenchmark                    benchmarks whose name matches a regex
#   bench/scripts/jmh.sh 'Json(Read|Write)' -- -f 1 -wi 3 -i 5 -w 1s -r 1s -p sizeKb=4
#   bench/scripts/jmh.sh -- -l                             list them (any JMH option after --)
# Builds bench/target/benchmarks.jar first when it is missing or older than the sources.
# Writes perf-results/jmh-YYYYMMDD-HHMMSS.json (UTC) and prints its path on the last line.
# The same without this script: java -jar bench/target/benchmarks.jar [REGEX] -rf json -rff results.json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/bench/target/benchmarks.jar"

usage() { sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

regexes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "jmh.sh: JMH options go after --, e.g. jmh.sh ${regexes[*]:-REGEX} -- $1" >&2; usage >&2; exit 2 ;;
    *) regexes+=("$1"); shift ;;
  esac
done

needs_build() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/reports" "$ROOT/loadgen" "$ROOT/harness" "$ROOT/bench" \
            \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -newer "$JAR" -print \) 2>/dev/null | head -n 1)" ]
}

if needs_build; then
  # shellcheck source=../../scripts/ensure-deps.sh
  source "$ROOT/scripts/ensure-deps.sh"
  ensure_build_tools
  echo "jmh.sh: building $(basename "$JAR") (mvn -q package -pl bench -am, tests skipped)..." >&2
  (cd "$ROOT" && mvn -q -B -Dstyle.color=never -pl bench -am package -DskipTests) >&2
fi

mkdir -p "$ROOT/perf-results"
OUT="$ROOT/perf-results/jmh-$(date -u +%Y%m%d-%H%M%S).json"
java -jar "$JAR" "${regexes[@]}" -rf json -rff "$OUT" "$@"
if [ -f "$OUT" ]; then
  echo "$OUT"
fi
