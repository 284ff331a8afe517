#!/usr/bin/env python3
"""Start-up time: runs COMMAND and measures the time from its exec to the first 200 answered
on 127.0.0.1:PORT PATH; used by `bench/targets.sh startup`.

Usage: first_response.py PORT PATH TIMEOUT_S COMMAND [ARG ...]

Prints "<ms> <pid>" (milliseconds from just before the exec to the end of the first 200
response; the PID of the started process) and leaves the process running: the caller stops it
by that PID. Polls every 2 ms with a fresh connection; gives up (exit 1, after killing the
process) after TIMEOUT_S seconds or when the process exits.
"""
import socket
import subprocess
import sys
import time


def try_get(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return data.startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def main():
    port, path, timeout_s, cmd = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while time.monotonic() - t0 < timeout_s:
        if try_get(port, path):
            print(f"{(time.monotonic() - t0) * 1000:.0f} {proc.pid}")
            return
        if proc.poll() is not None:
            sys.exit(f"process exited with {proc.returncode} before answering")
        time.sleep(0.002)
    proc.kill()
    proc.wait()
    sys.exit(f"no 200 within {timeout_s} s")


if __name__ == "__main__":
    main()
