"""A small HTTP/1.1 test server: records what the load generator sent, answers a fixed status.

usage: python3 echo_server.py PORT RECORD_FILE [STATUS] [DELAY_MS] [BURN_MS]
Writes the first request it gets (method, path, headers, body) to RECORD_FILE as JSON, and counts every
request in RECORD_FILE.count. Answers STATUS (default 200) with a small JSON body after DELAY_MS (default 0), having burnt BURN_MS of CPU.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, record = int(sys.argv[1]), sys.argv[2]
status = int(sys.argv[3]) if len(sys.argv) > 3 else 200
delay = float(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 0
burn = float(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0
lock = threading.Lock()
seen = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8") if n else None
        with lock:
            seen[0] += 1
            if seen[0] == 1:
                with open(record, "w") as f:
                    json.dump({"method": self.command, "path": self.path,
                               "headers": {k: v for k, v in self.headers.items()}, "body": body}, f)
        if burn:
            end = time.thread_time() + burn
            while time.thread_time() < end:
                pass
        if delay:
            time.sleep(delay)
        out = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = handle_any

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
print("listening on", port, flush=True)
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
