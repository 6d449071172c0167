"""Report formats of a completed scan: SARIF for code scanning, HTML, PDF."""

from __future__ import annotations

from .common import UNKNOWN_ID
from harness import V1, Client, workflow


@workflow("report formats")
def report_sarif(c: Client):
    """SARIF 2.1.0 as an attachment, one result per finding."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    r = c.get("SARIF report", f"{V1}/scans/{s['id']}/report", params={"format": "sarif"}, depth=3)
    c.check("SARIF version 2.1.0", r.get("version") == "2.1.0")
    c.check("served as an attachment", (r.headers.get("content-disposition") or "").startswith("attachment;"))
    results = r.get("runs", 0, "results") or []
    c.check("one result per finding", len(results) == s.get("findings_count"))


@workflow("report formats")
def report_html(c: Client):
    """HTML is the default format."""
    s = c.completed_scan()
    r = c.get("default report", f"{V1}/scans/{s['id']}/report")
    c.check("the default report is an HTML page", "<html" in r.text.lower())
    c.get("HTML report", f"{V1}/scans/{s['id']}/report", params={"format": "html"})


@workflow("report formats")
def report_pdf(c: Client):
    """PDF (answers whatever the real server answers without the [pdf] extra)."""
    s = c.completed_scan()
    c.get("PDF report", f"{V1}/scans/{s['id']}/report", params={"format": "pdf"}, compare_detail=False)


@workflow("report formats")
def report_errors(c: Client):
    """Unknown format is 422; unknown scan is 404."""
    s = c.completed_scan()
    c.get("CSV report", f"{V1}/scans/{s['id']}/report", params={"format": "csv"})
    c.get("report of unknown scan", f"{V1}/scans/{UNKNOWN_ID}/report", params={"format": "sarif"})


@workflow("report formats")
def report_sarif_of_a_clean_scan(c: Client):
    """SARIF of a scan without findings has a run with no results."""
    s = c.completed_scan(types=["network"], label="network scan")
    r = c.get("SARIF of an empty scan", f"{V1}/scans/{s['id']}/report", params={"format": "sarif"}, depth=3)
    c.check("one run, no results", len(r.get("runs") or []) == 1 and r.get("runs", 0, "results") == [])
