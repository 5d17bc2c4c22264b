#!/usr/bin/env bash
# Measures perfharness's process harness (issue 3): median readiness latency (port open -> start()
# returns) over 50 starts, median stop time of gunicorn with 2 workers, and processes left behind
# over 200 start/stop cycles mixing the tested cases. Not a test: it prints numbers.
#
#   bench/harness/measure.sh [starts=50] [gunicornStops=20] [cycles=200]
#
# Needs what the tests need: JDK 17, Maven, python3, /usr/bin/gunicorn with Flask. Exits 1 when a
# cycle left a process behind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -pl harness -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp="harness/target/test-classes:harness/target/classes:$(cat "$cp_file")"
exec java -cp "$cp" io.perfharness.harness.process.HarnessMeasurements "$@"
