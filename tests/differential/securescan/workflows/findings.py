"""Findings of a scan: the list, its filters, its ordering and limit, fingerprints."""

from __future__ import annotations

import re

from .common import findings_of, sorted_by_severity
from harness import V1, Client, workflow

ALL = ["code", "dependency", "iac"]


def _scan(c: Client) -> dict:
    return c.completed_scan(types=ALL)


@workflow("findings")
def findings_belong_to_their_scan(c: Client):
    """Every finding carries the scan's id; the count matches findings_count."""
    s = _scan(c)
    fs = findings_of(c, s["id"])
    c.check("the vulnerable project yields findings", len(fs) > 0)
    c.check("every finding carries the scan's id", all(f.get("scan_id") == s["id"] for f in fs))
    c.check("findings count equals findings_count", len(fs) == s.get("findings_count"))
    c.check("untriaged findings have state null", all(f.get("state") is None for f in fs))


@workflow("findings")
def findings_ordered_by_severity(c: Client):
    """Findings come most severe first."""
    s = _scan(c)
    fs = findings_of(c, s["id"])
    c.check("findings are sorted by severity", sorted_by_severity(fs))
    c.check("scan_type of every finding is one the scan asked for", all(f.get("scan_type") in ALL for f in fs))


@workflow("findings")
def findings_fingerprints(c: Client):
    """Fingerprints are sha256 hex and stable across scans of the same target."""
    a = findings_of(c, _scan(c)["id"], "findings of scan 1")
    b = findings_of(c, c.completed_scan(types=ALL, label="second scan")["id"], "findings of scan 2")
    c.check("fingerprints are 64 hex characters",
            all(re.fullmatch(r"[0-9a-f]{64}", str(f.get("fingerprint"))) for f in a))
    c.check("the same target gives the same fingerprints",
            sorted(f.get("fingerprint") for f in a) == sorted(f.get("fingerprint") for f in b) and a != [])


@workflow("findings")
def findings_filter_by_severity(c: Client):
    """?severity= keeps only that severity."""
    s = _scan(c)
    fs = findings_of(c, s["id"])
    sev = fs[0].get("severity") if fs else "high"
    got = findings_of(c, s["id"], "filter by the top severity", severity=sev)
    c.check("only that severity", all(f.get("severity") == sev for f in got))
    c.check("as many as in the full list", len(got) == sum(1 for f in fs if f.get("severity") == sev))
    none = findings_of(c, s["id"], "filter by an unknown severity", severity="catastrophic")
    c.check("an unknown severity matches nothing", none == [])


@workflow("findings")
def findings_filter_by_scan_type(c: Client):
    """?scan_type= keeps only that scan type."""
    s = _scan(c)
    fs = findings_of(c, s["id"])
    got = findings_of(c, s["id"], "filter by scan_type iac", scan_type="iac")
    c.check("only iac findings", all(f.get("scan_type") == "iac" for f in got))
    c.check("as many as iac in the full list", len(got) == sum(1 for f in fs if f.get("scan_type") == "iac"))


@workflow("findings")
def findings_filter_by_compliance(c: Client):
    """?compliance= with a tag no finding carries gives an empty list."""
    s = _scan(c)
    got = findings_of(c, s["id"], "filter by an unknown compliance tag", compliance="NO-SUCH-TAG-1")
    c.check("no finding matches an unknown tag", got == [])


@workflow("findings")
def findings_limit(c: Client):
    """?limit= caps the list to the N most severe; out-of-range limits are 422."""
    s = _scan(c)
    fs = findings_of(c, s["id"])
    one = findings_of(c, s["id"], "limit=1", limit=1)
    c.check("limit=1 gives the most severe finding", len(one) == min(1, len(fs))
            and (not fs or one[0].get("id") == fs[0].get("id")))
    c.get("limit=0", f"{V1}/scans/{s['id']}/findings", params={"limit": 0})
    c.get("limit=10001", f"{V1}/scans/{s['id']}/findings", params={"limit": 10001})
    c.get("limit=abc", f"{V1}/scans/{s['id']}/findings", params={"limit": "abc"})


@workflow("findings")
def findings_of_a_clean_project(c: Client):
    """A project with nothing wrong gives (almost) nothing and a low risk."""
    s = c.completed_scan(types=ALL, path=c.t.dirs["clean"], label="clean scan")
    fs = findings_of(c, s["id"])
    c.check("findings list matches findings_count", len(fs) == s.get("findings_count"))
    c.check("no critical or high findings in a clean project",
            all(f.get("severity") not in ("critical", "high") for f in fs))
