"""Flask app: the default load target of perfharness.

Routes:
    GET /         the payload, serialized anew on every request
                  (that serialization is the work being measured)
    GET /health   {"status": "ok"}

Environment:
    PAYLOAD_KB    approximate payload size in KB (default 4; see payload.py)
    WORK_US       extra CPU busy-loop per request on GET /, in microseconds
                  (default 0); used to make the app measurably slower for
                  A/B gate tests
    SLEEP_US      extra sleep per request on GET /, in microseconds (default
                  0): latency without CPU, like waiting on a database; the
                  other kind of regression A/B gate tests plant. With it the
                  process's timer slack is set to 1 ns (Linux), else every
                  sleep would stretch by ~50-100 us: SLEEP_US=20 then takes
                  ~40 us alone; under the default scenario's load it measured
                  +27% p50 and +16% CPU per request (a block and a wake-up
                  cost CPU on this VM; docs/ab.md)

Run:
    gunicorn --workers 2 --bind 127.0.0.1:8001 wsgi:app
"""

import os
import time

from flask import Flask, Response

import payload

WORK_US = int(os.environ.get("WORK_US", "0"))
_WORK_NS = WORK_US * 1000
SLEEP_US = int(os.environ.get("SLEEP_US", "0"))
_SLEEP_S = SLEEP_US / 1_000_000
if SLEEP_US > 0:
    # Linux wakes a sleeper up to its timer slack (default 50 us) late: time.sleep(20e-6) took ~106 us
    # here, time.sleep(1e-4) ~200 us. With 1 ns they took ~39 and ~100 us. Forked workers inherit it.
    try:
        import ctypes

        ctypes.CDLL(None).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK, 1 ns
    except (OSError, AttributeError):
        pass

app = Flask(__name__)


def _spin(ns):
    """Busy-wait (burning CPU, not sleeping) for ns nanoseconds."""
    end = time.perf_counter_ns() + ns
    while time.perf_counter_ns() < end:
        pass


@app.get("/")
def index():
    """Serialize the payload once and return it."""
    if _WORK_NS > 0:
        _spin(_WORK_NS)
    if _SLEEP_S > 0:
        time.sleep(_SLEEP_S)
    return Response(payload.dumps(payload.PAYLOAD), mimetype="application/json")


@app.get("/health")
def health():
    """Liveness probe."""
    return Response(b'{"status":"ok"}', mimetype="application/json")
