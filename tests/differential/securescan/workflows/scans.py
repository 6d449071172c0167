"""Scan lifecycle: a CI gate starts a scan, polls it to a terminal state, reads and deletes it."""

from __future__ import annotations

from .common import UNKNOWN_ID, issue_key
from harness import V1, Client, workflow

TERMINAL = ("completed", "failed", "cancelled")


@workflow("scan lifecycle")
def scan_runs_to_completion(c: Client):
    """Create with the default scan types, poll until terminal, read it back."""
    r = c.create_scan()
    c.check("a new scan is pending", r.get("status") == "pending")
    c.check("default scan_types are code+dependency", r.get("scan_types") == ["code", "dependency"])
    c.check("a new scan has no findings yet", r.get("findings_count") == 0 and r.get("started_at") is None)
    sid = r.get("id")
    s = c.wait_scan(sid)
    c.check("the scan reaches completed", s.get("status") == "completed")
    g = c.get("read scan", f"{V1}/scans/{sid}")
    c.check("completed_at is after started_at", (g.get("started_at") or "") <= (g.get("completed_at") or "")
            and g.get("completed_at") is not None)
    c.check("a completed scan has a risk score and no error", isinstance(g.get("risk_score"), (int, float))
            and g.get("error") is None)
    ran = set(g.get("scanners_run") or [])
    skipped = {x.get("name") for x in g.get("scanners_skipped") or [] if isinstance(x, dict)}
    c.check("scanners_run and scanners_skipped are disjoint", not (ran & skipped))
    c.check("skipped scanners say why", all(isinstance(x, dict) and x.get("reason") in ("not installed", "unavailable")
                                          for x in g.get("scanners_skipped") or []))


@workflow("scan lifecycle")
def scan_is_listed(c: Client):
    """A created scan appears in the list."""
    s = c.completed_scan()
    lst = c.get("list scans", f"{V1}/scans")
    c.check("the list holds the new scan", any(x.get("id") == s["id"] for x in lst.list() if isinstance(x, dict)))


@workflow("scan lifecycle")
def scan_all_types_on_a_file_tree(c: Client):
    """code + dependency + iac on the vulnerable project finds something."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    c.check("the vulnerable project has findings", (s.get("findings_count") or 0) > 0)
    c.check("scan_types are kept as given", s.get("scan_types") == ["code", "dependency", "iac"])


@workflow("scan lifecycle")
def scan_summary_matches_findings(c: Client):
    """The summary's counts add up and match the scan's findings_count."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    r = c.get("scan summary", f"{V1}/scans/{s['id']}/summary")
    parts = sum(r.get(k) or 0 for k in ("critical", "high", "medium", "low", "info"))
    c.check("severity counts add up to total_findings", parts == r.get("total_findings"))
    c.check("total_findings equals findings_count", r.get("total_findings") == s.get("findings_count"))


@workflow("scan lifecycle")
def scan_path_must_exist(c: Client):
    """A target path that does not exist is refused with 400."""
    c.create_scan("create scan of a missing path", path="/nonexistent/securescan-differential")
    c.create_scan("create scan of a relative missing path", path="no/such/dir")


@workflow("scan lifecycle")
def scan_system_path_refused(c: Client):
    """Sensitive system paths are refused."""
    c.create_scan("create scan of /proc", path="/proc")


@workflow("scan lifecycle")
def scan_body_validation(c: Client):
    """Request bodies the model refuses: 422 with FastAPI's error list."""
    c.post("missing target_path", f"{V1}/scans", {"scan_types": ["code"]})
    c.create_scan("unknown scan type", types=["quantum"])
    c.create_scan("empty scan_types", types=[])
    c.request("not JSON", "POST", f"{V1}/scans", content=b"{nope", headers={"Content-Type": "application/json"})


@workflow("scan lifecycle")
def scan_unknown_id(c: Client):
    """Every per-scan read answers 404 for an unknown id."""
    c.get("read unknown scan", f"{V1}/scans/{UNKNOWN_ID}")
    c.get("findings of unknown scan", f"{V1}/scans/{UNKNOWN_ID}/findings")
    c.get("summary of unknown scan", f"{V1}/scans/{UNKNOWN_ID}/summary")
    c.post("cancel unknown scan", f"{V1}/scans/{UNKNOWN_ID}/cancel")
    c.delete("delete unknown scan", f"{V1}/scans/{UNKNOWN_ID}")


@workflow("scan lifecycle")
def scan_cancel_completed_is_409(c: Client):
    """A finished scan cannot be cancelled."""
    s = c.completed_scan()
    r = c.post("cancel a completed scan", f"{V1}/scans/{s['id']}/cancel")
    c.check("the scan is still completed", c.get("read scan", f"{V1}/scans/{s['id']}").get("status") == "completed")
    _ = r


@workflow("scan lifecycle")
def scan_cancel_live_scan(c: Client):
    """Cancel a scan of a large tree right after creating it; it ends cancelled and stays so."""
    r = c.create_scan("create scan of a large tree", path=c.t.dirs["large"], types=["code", "dependency", "iac"])
    sid = r.get("id")
    s = c.wait_scan(sid, ("running", "completed", "failed", "cancelled"), virtual_seconds=60, wall_seconds=5)
    c.check("the scan is running", s.get("status") == "running")
    x = c.post("cancel the live scan", f"{V1}/scans/{sid}/cancel")
    c.check("cancel answers the cancelled scan", x.get("status") == "cancelled")
    c.check("a cancelled scan says so in error", x.get("error") == "Scan cancelled by user")
    c.advance(5)
    s = c.wait_scan(sid)
    c.check("the scan stays cancelled", s.get("status") == "cancelled")
    c.post("cancel it again", f"{V1}/scans/{sid}/cancel")
    c.get("report of a cancelled scan", f"{V1}/scans/{sid}/report", params={"format": "sarif"})
    c.delete("delete the cancelled scan", f"{V1}/scans/{sid}")


@workflow("scan lifecycle")
def scan_delete_live_is_409(c: Client):
    """A pending or running scan cannot be deleted until cancelled."""
    r = c.create_scan("create scan of a large tree", path=c.t.dirs["large"], types=["code"])
    sid = r.get("id")
    s = c.wait_scan(sid, ("running", "completed", "failed", "cancelled"), virtual_seconds=60, wall_seconds=5)
    c.check("the scan is running", s.get("status") == "running")
    c.delete("delete the live scan", f"{V1}/scans/{sid}")
    c.post("cancel it", f"{V1}/scans/{sid}/cancel")
    c.delete("delete it once cancelled", f"{V1}/scans/{sid}")


@workflow("scan lifecycle")
def scan_delete_cascades(c: Client):
    """Delete a completed scan: it, its findings and summary are gone; a second delete is 404."""
    s = c.completed_scan()
    sid = s["id"]
    c.delete("delete the scan", f"{V1}/scans/{sid}")
    c.get("read the deleted scan", f"{V1}/scans/{sid}")
    c.get("findings of the deleted scan", f"{V1}/scans/{sid}/findings")
    c.delete("delete it again", f"{V1}/scans/{sid}")
    lst = c.get("list scans", f"{V1}/scans")
    c.check("the list no longer holds it", all(x.get("id") != sid for x in lst.list() if isinstance(x, dict)))


@workflow("scan lifecycle")
def scan_rate_limit_headers(c: Client):
    """POST /scans carries the rate-limit headers."""
    r = c.create_scan()
    h = r.headers
    c.check("X-RateLimit-Limit is 60", h.get("x-ratelimit-limit") == "60")
    c.check("X-RateLimit-Remaining is a number", (h.get("x-ratelimit-remaining") or "").isdigit())
    c.check("X-RateLimit-Reset is a number", (h.get("x-ratelimit-reset") or "").isdigit())
    c.wait_scan(r.get("id"))


@workflow("scan lifecycle")
def scan_rate_limit_429(c: Client):
    """A key that posts more than its bucket holds gets 429 with Retry-After."""
    key = issue_key(c, ["read", "write"], "burst")
    with c.quiet():  # the bucket holds 60 and refills one a second: POST until refused (or give up)
        for _ in range(90):
            r = c.post("burst", f"{V1}/scans", {"target_path": "/nonexistent/burst"}, key=key)
            if r.status == 429:
                break
    c.record("POST beyond the bucket", r)
    c.check("Retry-After is set on 429", r.status == 429 and (r.headers.get("retry-after") or "").isdigit())
    c.check("X-RateLimit-Remaining is 0 on 429", r.headers.get("x-ratelimit-remaining") == "0")
    c.get("GETs are not limited", f"{V1}/scans", key=key)


@workflow("scan lifecycle")
def request_id_header(c: Client):
    """Every answer carries X-Request-ID; a client's own id is echoed."""
    r = c.get("list scans", f"{V1}/scans")
    c.check("X-Request-ID is set", bool(r.headers.get("x-request-id")))
    r = c.get("list scans with my request id", f"{V1}/scans", headers={"X-Request-ID": "diff-req-42"})
    c.check("my X-Request-ID is echoed", r.headers.get("x-request-id") == "diff-req-42")


@workflow("scan lifecycle")
def scans_newest_first(c: Client):
    """The scan list is ordered by started_at, newest first (not-yet-started scans last)."""
    a = c.completed_scan(label="older scan")
    b = c.completed_scan(label="newer scan")
    ids = [x.get("id") for x in c.get("list scans", f"{V1}/scans").list() if isinstance(x, dict)]
    c.check("the newer scan comes first", b["id"] in ids and a["id"] in ids and ids.index(b["id"]) < ids.index(a["id"]))
    started = [x.get("started_at") for x in c.get("list scans again", f"{V1}/scans").list() if isinstance(x, dict)]
    known = [s for s in started if s]
    c.check("started_at descends, nulls last", known == sorted(known, reverse=True) and started[: len(known)] == known)


@workflow("scan lifecycle")
def scan_with_no_installed_scanner(c: Client):
    """A network scan where no scanner is installed completes with everything skipped and no findings."""
    s = c.completed_scan(types=["network"], label="network scan")
    c.check("no scanner ran", s.get("scanners_run") == [])
    c.check("no findings", s.get("findings_count") == 0)
    skipped = [x for x in s.get("scanners_skipped") or [] if isinstance(x, dict)]
    c.check("nmap is skipped as not installed, with an install hint",
            any(x.get("name") == "nmap" and x.get("reason") == "not installed" and x.get("install_hint") for x in skipped))


@workflow("scan lifecycle")
def scan_summary_agrees_with_scan(c: Client):
    """The summary's risk score is the scan's; its scanners_run are those with findings."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    r = c.get("scan summary", f"{V1}/scans/{s['id']}/summary")
    c.check("same risk score", r.get("risk_score") == s.get("risk_score"))
    fs = c.get("list findings", f"{V1}/scans/{s['id']}/findings").list()
    c.check("its scanners_run are the scanners that found something",
            sorted(r.get("scanners_run") or []) == sorted({f.get("scanner") for f in fs if isinstance(f, dict)}))


@workflow("scan lifecycle")
def scan_echoes_its_targets(c: Client):
    """target_url and target_host are kept as given; target_path comes back absolute."""
    r = c.post("create scan with url and host", f"{V1}/scans",
               {"target_path": c.t.scan_dir + "/../vulnerable", "scan_types": ["code"],
                "target_url": "http://127.0.0.1:9/app", "target_host": "127.0.0.1"})
    c.check("target_url and target_host are echoed",
            r.get("target_url") == "http://127.0.0.1:9/app" and r.get("target_host") == "127.0.0.1")
    c.check("target_path is normalised", r.get("target_path") == c.t.scan_dir)
    c.wait_scan(r.get("id"))


@workflow("scan lifecycle")
def cancelled_scan_has_no_findings(c: Client):
    """A scan cancelled while running keeps no findings and no summary risk."""
    r = c.create_scan("create scan of a large tree", path=c.t.dirs["large"], types=["code"])
    sid = r.get("id")
    c.wait_scan(sid, ("running", "completed", "failed", "cancelled"), virtual_seconds=60, wall_seconds=5)
    c.post("cancel it", f"{V1}/scans/{sid}/cancel")
    c.wait_scan(sid)
    fs = c.get("findings of the cancelled scan", f"{V1}/scans/{sid}/findings")
    c.check("no findings", fs.list() == [])
    c.get("summary of the cancelled scan", f"{V1}/scans/{sid}/summary")
    c.get("compliance coverage of the cancelled scan", f"{V1}/compliance/coverage", params={"scan_id": sid})
