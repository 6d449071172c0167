#!/usr/bin/env python3
"""Creates COUNT default-scenario worlds in a running secmock through its admin API, one
after another, and prints what each cost.

    benches/worlds_create.py READY_FILE COUNT PID

Worlds are named bench-1 … bench-COUNT. Prints one line, `CREATED count=N median_ms=…
p90_ms=… p99_ms=… max_ms=… total_s=… rss_before_kb=… rss_after_kb=… kb_per_world=…`,
where the times are each POST /worlds as the client saw it (201 required) and RSS is the
server's VmRSS (PID) before the first and after the last. Only 127.0.0.1 is contacted.
"""

import json
import sys
import time
import urllib.request

READY, COUNT, PID = sys.argv[1], int(sys.argv[2]), sys.argv[3]
admin = json.load(open(READY))["admin"]["url"]


def rss_kb():
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def create(name):
    body = json.dumps({"name": name}).encode()
    request = urllib.request.Request(f"{admin}/worlds", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
        if response.status != 201:
            sys.exit(f"POST /worlds {name}: {response.status}")
    return time.perf_counter() - started


before = rss_kb()
began = time.perf_counter()
took = sorted(create(f"bench-{i}") for i in range(1, COUNT + 1))
total = time.perf_counter() - began
time.sleep(1)
after = rss_kb()


def pct(p):
    return took[min(len(took) - 1, int(len(took) * p / 100))] * 1000


print(f"CREATED count={COUNT} median_ms={pct(50):.2f} p90_ms={pct(90):.2f} p99_ms={pct(99):.2f} "
      f"max_ms={took[-1] * 1000:.2f} total_s={total:.2f} rss_before_kb={before} rss_after_kb={after} "
      f"kb_per_world={(after - before) / COUNT:.0f}")
