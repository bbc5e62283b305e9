#!/usr/bin/env python3
"""Bench of `chancery serve` on a copy of the example workspace.

Usage: python3 bench/serve.py [BIN] [SAVES]   (BIN default target/release/chancery, SAVES 50)

Measures, with the server and this client on one machine:
- save -> reload: the time from writing meeting.toml to the `reload` event arriving on an open
  /events stream (what an open page waits for before it reloads);
- page time: GET of the 2015 draft's statement page, the redline page and the index, as the
  client sees it (so it includes loading, assembly and rendering, over loopback);
- the server's resident memory when idle, after start and after the runs.
Prints medians, the 90th percentile and the range.
"""
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/chancery")
SAVES = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def workspace():
    ws = tempfile.mkdtemp(prefix="chancery-serve-bench-")
    for rel in ["drafts/2014-05-09-washington-2nd/meeting.toml",
                "drafts/2014-05-09-washington-2nd/adopted.txt",
                "drafts/2015-tokyo-3rd/meeting.toml"]:
        os.makedirs(os.path.dirname(os.path.join(ws, rel)), exist_ok=True)
        shutil.copy(os.path.join(ROOT, rel), os.path.join(ws, rel))
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(ws, "templates"))
    return ws


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def summary(name, xs, unit="ms"):
    xs = sorted(xs)
    p90 = xs[int(0.9 * (len(xs) - 1))]
    print(f"{name:28} median {statistics.median(xs):7.2f} {unit}   p90 {p90:7.2f}   "
          f"min {xs[0]:7.2f}   max {xs[-1]:7.2f}   (n={len(xs)})")


def main():
    ws = workspace()
    server = subprocess.Popen([BIN, "serve", ws, "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        addr = line.split("http://")[1].split("/")[0]
        host, port = addr.split(":")
        port = int(port)
        threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()
        time.sleep(0.5)
        print(f"server {BIN} on {addr}; idle RSS after start: {rss_kib(server.pid) / 1024:.1f} MiB")

        # Page times.
        for name, path in [("statement page", "/d/2015-tokyo-3rd/"),
                           ("redline page", "/d/2015-tokyo-3rd/?view=redline"),
                           ("index", "/")]:
            times = []
            for _ in range(SAVES):
                conn = http.client.HTTPConnection(host, port)
                t0 = time.perf_counter()
                conn.request("GET", path)
                body = conn.getresponse().read()
                times.append((time.perf_counter() - t0) * 1000)
                conn.close()
                assert len(body) > 500, body
            summary(name, times)

        # Save -> reload event.
        sock = socket.create_connection((host, port))
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n".encode())
        sock.settimeout(10)
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += sock.recv(4096)
        meeting = os.path.join(ws, "drafts/2015-tokyo-3rd/meeting.toml")
        source = open(meeting).read()
        latencies = []
        for i in range(SAVES):
            time.sleep(0.3)  # let the previous save's events drain
            sock.setblocking(False)
            try:
                while sock.recv(65536):
                    pass
            except BlockingIOError:
                pass
            sock.setblocking(True)
            sock.settimeout(10)
            t0 = time.perf_counter()
            with open(meeting, "w") as f:
                f.write(source + f"\n# save {i}\n")
            got = b""
            while b"data: reload" not in got:
                got += sock.recv(4096)
            latencies.append((time.perf_counter() - t0) * 1000)
        summary("save -> reload event", latencies)
        sock.close()
        time.sleep(0.5)
        print(f"idle RSS after the runs: {rss_kib(server.pid) / 1024:.1f} MiB")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(ws, ignore_errors=True)


if __name__ == "__main__":
    main()
