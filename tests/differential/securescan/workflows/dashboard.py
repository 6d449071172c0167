"""Dashboard: stats, trends, scanner status, browse, compliance; the unauthenticated probes."""

from __future__ import annotations

from .common import UNKNOWN_ID
from harness import V1, Client, workflow

REGISTRY_14 = {"semgrep", "bandit", "trivy", "checkov", "baseline", "secrets", "safety", "licenses", "dockerfile",
               "npm-audit", "git-hygiene", "builtin_dast", "zap", "nmap"}


@workflow("dashboard")
def dashboard_stats(c: Client):
    """Stats count what the scan list holds."""
    c.completed_scan()
    st = c.get("stats", f"{V1}/dashboard/stats")
    scans = c.get("list scans", f"{V1}/scans").list()
    c.check("total_scans is the number of scans", st.get("total_scans") == len(scans))
    c.check("total_findings sums findings_count", st.get("total_findings") == sum(x.get("findings_count") or 0 for x in scans))
    c.check("completed_scans counts scans with a risk score",
            st.get("completed_scans") == sum(1 for x in scans if x.get("risk_score") is not None))


@workflow("dashboard")
def dashboard_trends(c: Client):
    """Trends: one point per day with completed scans; days is 1..365."""
    c.completed_scan()
    r = c.get("trends", f"{V1}/dashboard/trends", params={"days": 7})
    pts = r.get("data") or []
    c.check("at least today's point", len(pts) >= 1)
    c.check("points are in date order", [p.get("date") for p in pts] == sorted(p.get("date") for p in pts))
    c.get("days=0", f"{V1}/dashboard/trends", params={"days": 0})
    c.get("days=366", f"{V1}/dashboard/trends", params={"days": 366})


@workflow("dashboard")
def dashboard_scanner_status(c: Client):
    """Scanner status lists the 14-scanner registry with availability and install hints."""
    r = c.get("scanner status", f"{V1}/dashboard/status")
    names = {x.get("name") for x in r.get("scanners") or []}
    c.check("the real 14-scanner registry", names == REGISTRY_14)
    c.check("unavailable scanners carry an install hint",
            all(x.get("available") or x.get("install_hint") for x in r.get("scanners") or []))
    c.post("install an unknown scanner", f"{V1}/dashboard/install/no-such-scanner")


@workflow("dashboard")
def dashboard_browse(c: Client):
    """The directory picker lists a folder; a missing folder is 400."""
    r = c.get("browse the project", f"{V1}/browse", params={"path": c.t.scan_dir})
    c.check("it describes the folder asked for", r.get("current") == c.t.scan_dir)
    c.check("it lists the Dockerfile", "Dockerfile" in {x.get("name") for x in r.get("entries") or [] if isinstance(x, dict)})
    c.get("browse a missing folder", f"{V1}/browse", params={"path": "/nonexistent/securescan-differential"})


@workflow("dashboard")
def compliance(c: Client):
    """Compliance frameworks and a scan's coverage."""
    r = c.get("frameworks", f"{V1}/compliance/frameworks")
    c.check("several frameworks", len(r.get("frameworks") or []) >= 2)
    s = c.completed_scan()
    c.get("coverage of the scan", f"{V1}/compliance/coverage", params={"scan_id": s["id"]})
    c.get("coverage of an unknown scan", f"{V1}/compliance/coverage", params={"scan_id": UNKNOWN_ID})
    c.get("coverage without scan_id", f"{V1}/compliance/coverage")


@workflow("dashboard")
def public_probes(c: Client):
    """/, /health and /ready answer without a key."""
    c.get("root", "/", key=None)
    c.get("health", "/health", key=None)
    r = c.get("ready", "/ready", key=None)
    c.check("ready says ready", r.get("status") == "ready")
