#!/usr/bin/env python3
"""HTTP/1.1 test server that answers every request exactly DELAY_MS after it arrived.

Usage:
    delay_server.py PORT [DELAY_MS]      (DELAY_MS default 10)

Listens on 127.0.0.1:PORT. One thread per connection, keep-alive; a connection's requests are
answered one at a time, so each connection serves at most 1000 / DELAY_MS requests/s and the
server's capacity is known: connections x 1000 / DELAY_MS. The delay is measured from the moment
the end of the request head was read, with an absolute-deadline sleep (clock_nanosleep) and the
timer slack set to 1 ns (prctl), so the time from request to response is DELAY_MS plus the
scheduler's wake-up latency (tens of us on an idle machine).
Used by loadgen-vs-peers.sh to check the load generator's latency accuracy.
"""

import ctypes
import socket
import sys
import threading
import time

BODY = b'{"ok":true}\n'
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)


def serve(conn, delay):
    """Answer the requests of one connection until the client closes it."""
    buf = b""
    with conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            arrived = time.monotonic()
            _, _, buf = buf.partition(b"\r\n\r\n")  # GET only: no request body expected
            left = arrived + delay - time.monotonic()
            if left > 0:
                time.sleep(left)
            try:
                conn.sendall(RESPONSE)
            except OSError:
                return


def precise_timers():
    """Timer slack 1 ns instead of 50 us for this thread and the ones it starts (Linux only)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK
    except (OSError, AttributeError):
        pass


def main():
    precise_timers()
    port = int(sys.argv[1])
    delay = (float(sys.argv[2]) if len(sys.argv) > 2 else 10.0) / 1000.0
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, delay), daemon=True).start()


if __name__ == "__main__":
    main()
