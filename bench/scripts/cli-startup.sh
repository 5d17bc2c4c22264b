#!/usr/bin/env bash
# Start-up cost of a command: median (min-max) wall time and CPU time (user+sys) of N runs, in ms.
#   bench/scripts/cli-startup.sh 10 java -XX:TieredStopAtLevel=1 -jar app/target/perfharness.jar --help
#   bench/scripts/cli-startup.sh 10 ./perfharness --help
# One untimed run first (page cache; a stale jar rebuilt by the launcher). On a shared machine the wall
# time follows the load of the others; CPU time much less so. Compare runs taken back to back.
set -euo pipefail
n="$1"; shift
"$@" >/dev/null 2>&1
TIMEFORMAT='%R %U %S'
for _ in $(seq "$n"); do
  { time "$@" >/dev/null 2>&1; } 2>&1
done | awk -v cmd="$*" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { w[NR] = $1 * 1000; c[NR] = ($2 + $3) * 1000 }
  END {
    mw = median(w, NR); mc = median(c, NR)
    printf "wall median %d ms (%d-%d), cpu median %d ms (%d-%d), n=%d: %s\n", mw, w[1], w[NR], mc, c[1], c[NR], NR, cmd
  }'
