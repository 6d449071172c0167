#!/usr/bin/env python3
"""The admin plane under weight: what big admin operations and a hostile journal cost.

    benches/admin_plane.py [BINARY]      (default: target/release/secmock)
    BIG=kolega SCENARIO=benches/fixtures/kolega-1m.yaml benches/admin_plane.py BINARY

Starts secmock on 127.0.0.1 with a big world in one API (`BIG`, default DryRun with the
`dryrun-100k` scenario) and, while a probe thread asks another API (`PROBE`: Kolega, or
DryRun when Kolega is the big one) back to back over one keep-alive connection, runs:

  flood    5,000 GET /nope on the probed API's port, each with a 380 KB header
  export   GET /state of the big API, read and thrown away as it arrives
  all      GET /state of every API (the admin port's whole export)
  reset    POST /__secmock/reset on the big API's port (rebuilds its world alone)
  load     PUT /__secmock/scenario {"name": SCENARIO} on the big API's port
  import   PUT /state with the export
  idle     nothing for 5 s: the probe's worst latency with no operation (the floor)

For each: how long it took, its status, the largest probe latency seen while it ran and
for `TAIL` seconds after (default 2: what it left behind, such as a replaced world
being freed, runs after its answer), and RSS before, at peak (sampled every 5 ms) and
after. The probe runs in a process of its own. The probe asks for something
that goes through the probed API's behaviour and its state lock (an unauthenticated
list: 401), not only for a static page. `OPS` picks operations (comma-separated names
above). Only 127.0.0.1 is contacted; everything is bounded in count and time, and the
server is killed on exit.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/secmock"
TAIL = float(os.environ.get("TAIL", "2"))
FLOOD_REQUESTS = int(os.environ.get("FLOOD_REQUESTS", "5000"))
FLOOD_HEADER = int(os.environ.get("FLOOD_HEADER", str(380 * 1024)))
BIG = os.environ.get("BIG", "dryrun")
SCENARIO = os.environ.get("SCENARIO", "dryrun-100k")
PROBE = os.environ.get("PROBE", "dryrun" if BIG == "kolega" else "kolega")
OPS = os.environ.get("OPS", "flood,export,all,reset,load,import").split(",")
# What the probe asks of each API: a request its behaviour answers (authentication reads
# the API's state), without credentials so that any scenario answers it the same way.
PROBE_PATHS = {
    "kolega": "/api/v1/repositories?limit=1",
    "dryrun": "/v1/accounts",
    "securescan": "/api/v1/scans",
    "platform": "/api/v1/repositories",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        match = re.search(r"VmRSS:\s+(\d+) kB", f.read())
    return int(match.group(1)) / 1024 if match else 0.0


class Sampler(threading.Thread):
    """Peak RSS while an operation runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.005)


class Probe:
    """Requests to the probed API back to back, from a process of its own (a probe thread
    here shares this interpreter's lock with the RSS sampler and the admin client, and
    missed stalls), each remembered as (started, finished) on the monotonic clock."""

    def __init__(self, port, path):
        self.done = []
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--probe", str(port), path], stdout=subprocess.PIPE, text=True
        )
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        for line in self.process.stdout:
            started, finished = line.split()
            self.done.append((float(started), float(finished)))

    def stop(self):
        self.process.kill()
        self.process.wait()

    def worst_during(self, start, end):
        """The largest latency of the requests in flight at any time in [start, end]."""
        while not self.done or self.done[-1][0] <= end:  # until one starts after the window
            time.sleep(0.01)
        overlapping = [(f - s) for s, f in self.done if f >= start and s <= end]
        return max(overlapping) * 1000, len(overlapping)


def run_probe(port, path):
    """The probe process: one keep-alive connection, a request every millisecond or so."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while True:
        started = time.monotonic()
        try:
            conn.request("GET", path)
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        print(f"{started:.6f} {time.monotonic():.6f}", flush=True)
        time.sleep(0.001)


def admin(port, method, path, body=None, stream=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"content-type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    if stream:
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        return response.status, size
    return response.status, response.read()


def operation(name, pid, probe, work):
    sampler = Sampler(pid)
    before = rss_mb(pid)
    sampler.start()
    started = time.monotonic()
    status, detail = work()
    finished = time.monotonic()
    took = finished - started
    # What the operation leaves behind (a replaced world freed, its memory given back)
    # runs after its answer: the probe's window runs on for TAIL seconds.
    time.sleep(TAIL)
    worst, count = probe.worst_during(started, finished + TAIL)
    sampler.running = False
    sampler.join()
    after = rss_mb(pid)
    print(
        f"{name:<7} status {status}  {took:6.2f} s  {detail:<18} {PROBE} worst {worst:7.1f} ms over {count:5} requests"
        f"  RSS {before:6.0f} → peak {sampler.peak:6.0f} → {after:6.0f} MB"
    )


def main():
    ports = {name: free_port() for name in ["dryrun", "kolega", "securescan", "platform", "admin"]}
    args = [BINARY, "--scenario", SCENARIO, "--admin-port", str(ports["admin"])]
    for name in ["dryrun", "kolega", "securescan", "platform"]:
        args += ["--port", f"{name}={ports[name]}"]
    env = dict(os.environ, RUST_LOG="warn", MIMALLOC_ARENA_EAGER_COMMIT="0")
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        server.stdout.readline()  # the banner's first line: every port is bound
        probe = Probe(ports[PROBE], PROBE_PATHS[PROBE])
        time.sleep(0.5)
        print(f"idle    RSS {rss_mb(server.pid):.0f} MB with {SCENARIO} loaded in {BIG}; probing {PROBE}")

        def do_flood():
            conn = http.client.HTTPConnection("127.0.0.1", ports[PROBE], timeout=30)
            padding = "a" * FLOOD_HEADER
            statuses = set()
            for i in range(FLOOD_REQUESTS):
                conn.request("GET", f"/nope/{i}", headers={"x-padding": padding})
                response = conn.getresponse()
                response.read()
                statuses.add(response.status)
                if response.getheader("connection", "").lower() == "close":
                    conn = http.client.HTTPConnection("127.0.0.1", ports[PROBE], timeout=30)
            return ",".join(map(str, sorted(statuses))), f"{FLOOD_REQUESTS} requests"

        def do_export(path):
            status, size = admin(ports["admin"], "GET", path, stream=True)
            return status, f"{size / 1e6:.1f} MB sent"

        export = {}

        def do_import():
            if "body" not in export:
                export["body"] = admin(ports["admin"], "GET", f"/state?api={BIG}")[1]
            try:
                status, _ = admin(ports["admin"], "PUT", "/state", body=export["body"])
            except OSError as e:  # refused before the body was read (the old 413)
                status = type(e).__name__
            return status, f"{len(export['body']) / 1e6:.1f} MB body"

        def do_load():
            if os.sep in SCENARIO:  # a file: sent inline (PyYAML, which .ci/run installs)
                import yaml

                with open(SCENARIO) as f:
                    body = json.dumps({"scenario": yaml.safe_load(f)})
            else:
                body = json.dumps({"name": SCENARIO})
            return admin(ports[BIG], "PUT", "/__secmock/scenario", body=body)[0], ""

        def do_idle():
            time.sleep(5)
            return "-", ""

        operations = {
            "flood": do_flood,
            "export": lambda: do_export(f"/state?api={BIG}"),
            "all": lambda: do_export("/state"),
            "reset": lambda: (admin(ports[BIG], "POST", "/__secmock/reset")[0], ""),
            "load": do_load,
            "import": do_import,
            "idle": do_idle,
        }
        for name in OPS:
            if name == "import" and "body" not in export:
                export["body"] = admin(ports["admin"], "GET", f"/state?api={BIG}")[1]
            operation(name, server.pid, probe, operations[name])
            if name == "import":
                export.clear()
            time.sleep(0.5)

        status, body = admin(ports["admin"], "GET", "/health")
        journal = json.loads(body).get("journal")
        if journal:
            print(f"journal {journal}")
    finally:
        if "probe" in locals():
            probe.stop()
        server.kill()
        server.wait()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        run_probe(int(sys.argv[2]), sys.argv[3])
    else:
        main()
