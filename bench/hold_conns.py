#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, sends one GET PATH on each, reads its
response, then holds them all open until told to stop; used by `bench/targets.sh idle10k`.

Usage: hold_conns.py PORT N PATH READY_FILE DONE_FILE

Connections are opened BATCH (200) at a time, so the proxy never has more than ~200 requests in
flight and its upstream pool stays small: what is measured is the cost of idle client connections,
not of 10,000 upstream connections. When all N have answered 200 it writes "ok N" to READY_FILE and
waits (up to 300 s) until DONE_FILE exists; then it checks that every connection is still open
(the proxy closed none of them) and prints "held N of N open" and exits 0 only when all were.
Every socket is non-blocking; one selector drives them; no threads.
"""
import os
import selectors
import socket
import sys
import time

BATCH = 200
TIMEOUT_S = 120


def main():
    port, n, path, ready_file, done_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: hold_conns\r\n\r\n".encode()
    sel = selectors.DefaultSelector()
    held = []
    deadline = time.monotonic() + TIMEOUT_S
    opened = 0
    pending = {}  # socket -> bytes received so far
    while len(held) < n:
        while opened < n and len(pending) < BATCH:
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            pending[s] = b""
            sel.register(s, selectors.EVENT_WRITE)
            opened += 1
        if time.monotonic() > deadline:
            sys.exit(f"timeout: {len(held)} of {n} connections answered")
        for key, mask in sel.select(timeout=1):
            s = key.fileobj
            if mask & selectors.EVENT_WRITE:
                s.send(request)  # ~80 bytes: fits the empty send buffer at once
                sel.modify(s, selectors.EVENT_READ)
                continue
            chunk = s.recv(65536)
            if not chunk:
                sys.exit(f"connection closed before its response ({len(held)} held)")
            buf = pending[s] + chunk
            pending[s] = buf
            head, sep, body = buf.partition(b"\r\n\r\n")
            if not sep:
                continue
            if not head.startswith(b"HTTP/1.1 200"):
                sys.exit(f"unexpected response: {head.splitlines()[0]!r}")
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")[1:]
                           if line.lower().startswith(b"content-length:")), None)
            if length is None or len(body) < length:
                continue
            sel.unregister(s)
            del pending[s]
            held.append(s)
    with open(ready_file, "w") as f:
        f.write(f"ok {len(held)}\n")
    stop_at = time.monotonic() + 300
    while not os.path.exists(done_file) and time.monotonic() < stop_at:
        time.sleep(0.2)
    still_open = 0
    for s in held:
        try:
            still_open += 1 if s.recv(1) != b"" else 0   # EOF: the proxy closed it
        except BlockingIOError:
            still_open += 1                               # nothing to read: open and idle
        except OSError:
            pass
    print(f"held {still_open} of {n} open")
    sys.exit(0 if still_open == n else 1)


if __name__ == "__main__":
    main()
