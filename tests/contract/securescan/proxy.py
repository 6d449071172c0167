#!/usr/bin/env python3
"""Contract testing of the real SecureScan: secmock's validating proxy and `secmock test` (issue 15).

    python3 tests/contract/securescan/proxy.py --real-venv target/ci-venv

Starts the real securescan 0.11.12, starts secmock with `--proxy securescan=<real>`, drives
every workflow of the differential suite (tests/differential/securescan) through the
proxy, then reads secmock's `/violations`: every place where the real server's answers
(or the suite's own requests) depart from specs/securescan/openapi.yaml, with JSON pointers.

Each departure is keyed `operationId status kind pointer`, with array indexes written
`*`. The known ones, each classified in the spec's `x-secmock.upstream_departures`, are
listed in `known-departures`; exit 1 when one not listed there appears (the real server
drifted, or the spec did), 2 when a server could not be started. `--json FILE` writes the
departures with an example message each.

Then `secmock test securescan --target <real>` runs the contract's own cases against the
same server (`--junit` writes its JUnit XML); it fails on a departure the spec does not
list under `x-secmock.upstream_departures`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DIFFERENTIAL = REPO / "tests" / "differential" / "securescan"
sys.path.insert(0, str(DIFFERENTIAL))

import httpx  # noqa: E402

import harness  # noqa: E402
import run as differential  # noqa: E402
import workflows  # noqa: E402,F401  (registers every workflow)

KEY = "ss-contract-proxy-key"


def start_proxy(binary: Path, real_url: str, work: Path) -> tuple[str, str, subprocess.Popen]:
    """secmock proxying SecureScan to `real_url`; its SecureScan and admin URLs."""
    ready = work / "ready.json"
    cmd = [str(binary), "serve", "--free-ports", "--ready-file", str(ready), "--proxy", f"securescan={real_url}",
           "--scenario", "none"]
    log = open(work / "secmock.log", "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=differential.clean_env(), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    if not ready.exists():
        proc.kill()
        raise SystemExit(2)
    doc = json.loads(ready.read_text())
    return doc["apis"]["securescan"]["url"], doc["admin"]["url"], proc


def key_of(v: dict) -> str:
    pointer = re.sub(r"/\d+(?=/|$)", "/*", v["pointer"])
    return f"{v['operation_id']} {v['status']} {v['kind']} {pointer or '(whole)'}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real-venv", default=str(REPO / "target" / "ci-venv"))
    ap.add_argument("--mock-bin", default=str(REPO / "target" / "debug" / "secmock"))
    ap.add_argument("--known", default=str(HERE / "known-departures"))
    ap.add_argument("--json", help="write the departures found to this file")
    ap.add_argument("--only", action="append", default=[], help="run only workflows whose area or name contains this")
    ap.add_argument("--junit", default=str(REPO / "target" / "contract" / "securescan-junit.xml"),
                    help="where `secmock test` writes its JUnit XML")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="securescan-proxy-"))
    procs: list[subprocess.Popen] = []
    try:
        (work / "real").mkdir()
        real_url, p = differential.start_real(Path(args.real_venv).absolute(), KEY, work / "real")
        procs.append(p)
        proxy_url, admin_url, p = start_proxy(Path(args.mock_bin).absolute(), real_url, work)
        procs.append(p)
        print(f"real     {real_url}\nproxy    {proxy_url}\nwork     {work}", flush=True)
        target = harness.RealTarget(proxy_url, KEY)
        target.dirs = differential.make_scan_dirs(work / "scan")
        target.scan_dir = target.dirs["vulnerable"]
        selected = [w for w in harness.REGISTRY if not args.only or any(o in w.area or o in w.name for o in args.only)]
        for wf in selected:
            harness.run_workflow(wf, target)
        target.close()
        journal = httpx.get(admin_url + "/journal", params={"api": "securescan", "limit": 10000}, timeout=30).json()
        listed = httpx.get(admin_url + "/violations", params={"api": "securescan"}, timeout=30).json()
        Path(args.junit).parent.mkdir(parents=True, exist_ok=True)
        print("\n==> secmock test securescan, against the same real server", flush=True)
        tested = subprocess.run(
            [str(Path(args.mock_bin).absolute()), "test", "securescan", "--target", real_url, "--key", KEY,
             "--seed", "1", "--junit", args.junit],
            cwd=REPO, env=differential.clean_env(), capture_output=True, text=True, timeout=600)
        report = tested.stdout.splitlines()
        for line in report:
            if not line.startswith("ok "):
                print(line)
    finally:
        differential.stop(procs)

    exchanges = journal.get("matching", len(journal.get("entries", [])))
    operations = {e["operation_id"] for e in journal.get("entries", []) if e.get("operation_id")}
    found: dict[str, dict] = {}
    sent: dict[str, int] = {}
    for record in listed.get("violations", []):
        v = record["violation"]
        if v["kind"] == "request":
            # The workflows' own negative cases: the client's departures, not the server's.
            sent[key_of(v)] = sent.get(key_of(v), 0) + 1
            continue
        entry = found.setdefault(key_of(v), {"count": 0, "example": f"{record['method']} {record['path']}: {v['message']}",
                                              "schema_pointer": v["schema_pointer"]})
        entry["count"] += 1
    known = set()
    if Path(args.known).exists():
        known = {line.split("#")[0].strip() for line in Path(args.known).read_text().splitlines()}
        known.discard("")
    print(f"\n{len(selected)} workflows, {exchanges} exchanges through the proxy over {len(operations)} operations; "
          f"{sum(sent.values())} requests outside the contract on purpose (negative cases, {len(sent)} kinds); "
          f"the real server's answers: {sum(e['count'] for e in found.values())} violations in {len(found)} kinds:\n")
    new = []
    for k in sorted(found):
        mark = "   " if k in known else "NEW"
        if k not in known:
            new.append(k)
        print(f"{mark} {k}  ×{found[k]['count']}\n      {found[k]['example'][:300]}")
    gone = sorted(known - set(found))
    for k in gone:
        print(f"GONE {k} (listed in {Path(args.known).name}, not seen: fixed, or not exercised)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(found, indent=2) + "\n")
    failed = False
    if new:
        print(f"\n{len(new)} departure(s) not in {args.known}: classify each (spec wrong → fix the spec; "
              "real server wrong → note it in the spec's x-secmock.upstream_departures and list it)")
        failed = True
    if tested.returncode != 0:
        print(f"\nsecmock test securescan failed (exit {tested.returncode}): {tested.stderr.strip()[:500]}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
