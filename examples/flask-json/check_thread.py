"""Thread check: JSON round trips of the payload from several threads.

Serializes and parses payload.PAYLOAD from THREADS threads, ROUND_TRIPS
round trips in total, and checks every result against the original
(parsed object equal to the original, serialized bytes identical to a
reference serialization made before the threads start).

Prints one line on success, e.g.
    thread check ok: backend=json threads=4 round_trips=50000 seconds=2.41
and exits 0.  On the first mismatch or exception prints which thread and
iteration failed, to stderr, and exits 1.
"""

import sys
import threading
import time

import payload

THREADS = 4
ROUND_TRIPS = 50_000


def main():
    """Run the check; return the process exit code."""
    original = payload.PAYLOAD
    reference = payload.dumps(original)
    failures = []
    stop = threading.Event()

    def worker(tid, count):
        for i in range(count):
            if stop.is_set():
                return
            try:
                data = payload.dumps(original)
                if data != reference:
                    raise AssertionError("serialized bytes differ from reference")
                if payload.loads(data) != original:
                    raise AssertionError("parsed object differs from original")
            except Exception as exc:  # report any failure with its position
                failures.append("thread %d iteration %d: %s" % (tid, i, exc))
                stop.set()
                return

    per_thread = [ROUND_TRIPS // THREADS + (t < ROUND_TRIPS % THREADS)
                  for t in range(THREADS)]
    threads = [threading.Thread(target=worker, args=(t, n), name="rt-%d" % t)
               for t, n in enumerate(per_thread)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start

    if failures:
        print("thread check FAILED: backend=%s: %s"
              % (payload.BACKEND, failures[0]), file=sys.stderr)
        return 1
    print("thread check ok: backend=%s threads=%d round_trips=%d "
          "payload_bytes=%d seconds=%.2f"
          % (payload.BACKEND, THREADS, ROUND_TRIPS, len(reference), seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
