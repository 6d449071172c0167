"""Compare two scans: new, fixed and unchanged findings (a PR gate)."""

from __future__ import annotations

from .common import UNKNOWN_ID
from harness import V1, Client, workflow

ALL = ["code", "dependency", "iac"]


@workflow("compare")
def compare_same_target(c: Client):
    """Two scans of the same project: nothing new, nothing fixed."""
    a = c.completed_scan(types=ALL, label="baseline scan")
    b = c.completed_scan(types=ALL, label="latest scan")
    r = c.get("compare", f"{V1}/scans/compare", params={"scan_a": a["id"], "scan_b": b["id"]})
    sm = r.get("summary") or {}
    c.check("nothing new", sm.get("new_count") == 0)
    c.check("nothing fixed", sm.get("fixed_count") == 0)
    c.check("all unchanged", sm.get("unchanged_count") == b.get("findings_count"))
    c.check("counts match the lists", sm.get("unchanged_count") == len(r.get("unchanged_findings") or []))


@workflow("compare")
def compare_clean_to_vulnerable(c: Client):
    """From a clean project to a vulnerable one: the vulnerable one's findings are new."""
    a = c.completed_scan(types=ALL, path=c.t.dirs["clean"], label="clean scan")
    b = c.completed_scan(types=ALL, label="vulnerable scan")
    r = c.get("compare clean→vulnerable", f"{V1}/scans/compare", params={"scan_a": a["id"], "scan_b": b["id"]})
    sm = r.get("summary") or {}
    c.check("new findings appear", (sm.get("new_count") or 0) > 0)
    c.check("new_count matches new_findings", sm.get("new_count") == len(r.get("new_findings") or []))
    c.check("risk_delta is b minus a", sm.get("risk_delta") == round((b.get("risk_score") or 0) - (a.get("risk_score") or 0), 2))
    r2 = c.get("compare vulnerable→clean", f"{V1}/scans/compare", params={"scan_a": b["id"], "scan_b": a["id"]})
    c.check("the reverse compare lists them as fixed",
            (r2.get("summary", "fixed_count") or 0) == sm.get("new_count"))


@workflow("compare")
def compare_after_a_fix(c: Client):
    """Fix the Dockerfile between two scans: its finding moves to fixed."""
    d = c.t.dirs["fixable"]
    a = c.completed_scan(types=["iac"], path=d, label="scan before the fix")
    with open(f"{d}/Dockerfile", "w") as fh:
        fh.write("FROM python:3.12-slim\nRUN useradd -r app\nUSER app\n")
    b = c.completed_scan(types=["iac"], path=d, label="scan after the fix")
    r = c.get("compare", f"{V1}/scans/compare", params={"scan_a": a["id"], "scan_b": b["id"]})
    c.check("a finding is fixed", (r.get("summary", "fixed_count") or 0) > 0)


@workflow("compare")
def compare_errors(c: Client):
    """Unknown scans are 404 naming which one; missing parameters are 422."""
    a = c.completed_scan(label="scan")
    c.get("compare unknown a", f"{V1}/scans/compare", params={"scan_a": UNKNOWN_ID, "scan_b": a["id"]})
    c.get("compare unknown b", f"{V1}/scans/compare", params={"scan_a": a["id"], "scan_b": UNKNOWN_ID})
    c.get("compare without scan_b", f"{V1}/scans/compare", params={"scan_a": a["id"]})


@workflow("compare")
def compare_scan_with_itself(c: Client):
    """A scan compared with itself: everything unchanged, risk_delta 0."""
    a = c.completed_scan(types=ALL)
    r = c.get("compare with itself", f"{V1}/scans/compare", params={"scan_a": a["id"], "scan_b": a["id"]})
    c.check("all unchanged, delta 0", r.get("summary", "unchanged_count") == a.get("findings_count")
            and r.get("summary", "risk_delta") == 0)
