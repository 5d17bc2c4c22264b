"""Legacy load client: GET a URL in a loop for a fixed time with httpx.

Usage:
    old_client.py [URL] [SECONDS]
        URL      default http://127.0.0.1:8001/
        SECONDS  default 5

One httpx.Client (one keep-alive connection), one request at a time, body
fully read.  Prints
    requests: N
    req/s: X
where N counts completed requests.  Used only as a peer for speed
comparisons with the perfharness load generator.
"""

import sys
import time

import httpx


def main():
    """Run the loop and print the counts."""
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8001/"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    count = 0
    with httpx.Client() as client:
        start = time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            client.get(url).read()
            count += 1
        elapsed = time.perf_counter() - start
    print("requests: %d" % count)
    print("req/s: %.1f" % (count / elapsed))


if __name__ == "__main__":
    main()
