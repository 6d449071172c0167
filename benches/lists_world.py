#!/usr/bin/env python3
"""Prepares the four stateful lists `benches/lists.sh` measures, and saves their bodies.

    benches/lists_world.py READY_FILE OUT_DIR

secmock must be running with the default scenario (READY_FILE is its `--ready-file`).
Kolega's and DryRun's lists have 50 findings in that scenario as it is. A SecureScan scan
reports each catalog rule at most once and the platform's repositories hold at most 39
findings, so their lists are grown to 50 through the admin API: `GET /state` of that
API, findings of one scan copied with new ids, fingerprints and lines, `PUT /state`.
Then each list is fetched once; its body is saved in OUT_DIR and one line is printed per
route: `NAME|PORT|PATH|QUERY|HEADER|FILE`, for the script to load.
Only 127.0.0.1 is contacted.
"""

import hashlib
import json
import os
import sys
import urllib.request
import uuid

READY, OUT = sys.argv[1], sys.argv[2]
ready = json.load(open(READY))
admin = ready["admin"]["url"]
apis = {name: api["url"] for name, api in ready["apis"].items()}

ROUTES = [
    ("kolega", "/api/v1/repositories/1ef5c259-c4d1-4a88-9962-8ee4d8723e8f/findings", "limit=50",
     "Authorization: Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz"),
    ("dryrun", "/v1/accounts/22222222-2222-2222-2222-222222222222/all_findings", "days=30&per_page=50",
     "Authorization: Bearer drs_demo_7f3c9a1e5b2d"),
    ("securescan", "/api/v1/scans/58cf4360-8464-4ea3-9263-97fd41680326/findings", "",
     "X-API-Key: ssk_Dash0ReaD1_Rd5oNlY7dAsHbOaRd9vIeW2pQ4mN6bV8"),
    ("platform", "/v1/repositories/{repo}/findings", "limit=50",
     "Authorization: Bearer spk_7Hq2LmX9vR4tKpW1zN8cYbF3dJ6sGaE0uTiOkQ5r"),
]
WANT = 50


def call(method, url, body=None, header=None):
    req = urllib.request.Request(url, method=method, data=body)
    if body is not None:
        req.add_header("content-type", "application/json")
    if header:
        name, value = header.split(": ", 1)
        req.add_header(name, value)
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, dict(r.headers), r.read()


def stable_uuid(*parts):
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32], version=4))


def grow(api, scan_of, extra):
    """Copies findings of the chosen scan until it has WANT; `extra` fixes up the rest."""
    _, _, raw = call("GET", f"{admin}/state?api={api}")
    snapshot = json.loads(raw)
    state = snapshot["apis"][api]["state"]
    scan_id = scan_of(state)
    mine = [f for f in state["findings"] if f["scan_id"] == scan_id]
    n = 0
    while len(mine) < WANT:
        copy = json.loads(json.dumps(mine[n % len(mine)]))
        copy["id"] = stable_uuid(api, "copy", str(n))
        copy["fingerprint"] = hashlib.sha256(f"{api}/copy/{n}".encode()).hexdigest()
        for line in ("line_start", "start_line", "line_end", "end_line"):
            if isinstance(copy.get(line), int):
                copy[line] += 1000 + n
        state["findings"].append(copy)
        mine.append(copy)
        n += 1
    extra(state, scan_id, len(mine))
    status, _, body = call("PUT", f"{admin}/state", json.dumps(snapshot).encode())
    if status != 200:
        sys.exit(f"PUT /state for {api}: {status} {body[:300]!r}")
    return scan_id


def securescan_scan(state):
    return "58cf4360-8464-4ea3-9263-97fd41680326"


def securescan_extra(state, scan_id, count):
    for scan in state["scans"]:
        if scan["id"] == scan_id:
            scan["findings_count"] = count


def platform_scan(state):
    # The repository with the most findings; its newest reported scan.
    by_repo = {}
    for f in state["findings"]:
        by_repo[f["repo_id"]] = by_repo.get(f["repo_id"], 0) + 1
    repo = max(by_repo, key=by_repo.get)
    scans = [s for s in state["scans"] if s["repo_id"] == repo and s.get("reported")]
    return max(scans, key=lambda s: s["created_at"])["id"]


grow("securescan", securescan_scan, securescan_extra)
platform_scan_id = grow("platform", platform_scan, lambda *_: None)
_, _, raw = call("GET", f"{admin}/state?api=platform")
platform_repo = next(s["repo_id"] for s in json.loads(raw)["apis"]["platform"]["state"]["scans"] if s["id"] == platform_scan_id)

os.makedirs(OUT, exist_ok=True)
for name, path, query, header in ROUTES:
    path = path.replace("{repo}", platform_repo)
    url = f"{apis[name]}{path}" + (f"?{query}" if query else "")
    status, headers, body = call("GET", url, header=header)
    if status != 200:
        sys.exit(f"{name}: GET {url} answered {status}")
    if any(k.lower() == "x-secmock-violations" for k in headers):
        sys.exit(f"{name}: GET {url} violates its contract: {headers}")
    doc = json.loads(body)
    items = doc if isinstance(doc, list) else doc.get("items", doc.get("data", []))
    if len(items) != WANT:
        sys.exit(f"{name}: GET {url} lists {len(items)} items, not {WANT}")
    file = os.path.join(OUT, f"{name}.json")
    with open(file, "wb") as f:
        f.write(body)
    port = apis[name].rsplit(":", 1)[1]
    print("|".join([name, port, path, query, header, file]))
