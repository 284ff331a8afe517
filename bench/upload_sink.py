#!/usr/bin/env python3
"""Upload sink for bench/bigfile.sh: reads every request body to the end and answers
200 with "<bytes> <sha256>" of what it received, so the script can prove the whole body
went through the proxy unchanged. Content-Length and chunked bodies; keep-alive.

Usage: upload_sink.py PORT   (binds 127.0.0.1 only; stop it with SIGTERM)
"""
import hashlib
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 1 << 20


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        digest, total = hashlib.sha256(), 0
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                total += self._consume(size, digest)
                self.rfile.readline()
        else:
            total = self._consume(int(self.headers.get("Content-Length", "0")), digest)
        body = f"{total} {digest.hexdigest()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def _consume(self, n, digest):
        left = n
        while left:
            data = self.rfile.read(min(CHUNK, left))
            if not data:
                raise ConnectionError(f"body ended {left} bytes early")
            digest.update(data)
            left -= len(data)
        return n


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
