#!/usr/bin/env bash
# Regenerates the JSON documents the JSON benchmarks read, from the example app's own payload.py,
# so that Java parses exactly the bytes the Flask app sends:
#   bench/src/main/resources/payload/flask-json-4kb.json    PAYLOAD_KB=4 (the app's default)
#   bench/src/main/resources/payload/flask-json-100kb.json  PAYLOAD_KB=100
# Uses /usr/bin/python3 (Debian's, without orjson: payload.py then serializes with the json module).
# Usage: bench/scripts/dump-payloads.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/src/main/resources/payload"
mkdir -p "$OUT"
for kb in 4 100; do
  PAYLOAD_KB="$kb" /usr/bin/python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import payload; sys.stdout.buffer.write(payload.dumps(payload.PAYLOAD))' \
    "$ROOT/examples/flask-json" >"$OUT/flask-json-${kb}kb.json"
  echo "$OUT/flask-json-${kb}kb.json: $(wc -c <"$OUT/flask-json-${kb}kb.json") bytes"
done
