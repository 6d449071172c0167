"""The legacy /api/* mount: the same world, with deprecation headers."""

from __future__ import annotations

from harness import V1, Client, workflow


@workflow("legacy mount")
def legacy_headers(c: Client):
    """Legacy paths carry Deprecation, Link (successor) and Sunset; /api/v1 does not."""
    r = c.get("legacy list scans", "/api/scans")
    c.check("Deprecation: true", r.headers.get("deprecation") == "true")
    c.check("Link names the /api/v1 successor", r.headers.get("link") == '</api/v1/scans>; rel="successor-version"')
    c.check("Sunset is set", r.headers.get("sunset") == "Wed, 31 Dec 2026 23:59:59 GMT")
    v = c.get("v1 list scans", f"{V1}/scans")
    c.check("no Deprecation on /api/v1", "deprecation" not in v.headers)


@workflow("legacy mount")
def legacy_shares_the_world(c: Client):
    """A scan started on /api is visible on /api/v1 and the other way round."""
    r = c.post("start a scan on /api", "/api/scans", {"target_path": c.t.scan_dir})
    sid = r.get("id")
    s = c.wait_scan(sid)
    c.check("it completes", s.get("status") == "completed")
    c.get("read it on /api/v1", f"{V1}/scans/{sid}")
    s2 = c.completed_scan(label="v1 scan")
    g = c.get("read the v1 scan on /api", f"/api/scans/{s2['id']}")
    c.check("same scan on both mounts", g.get("id") == s2["id"])
    c.get("its findings on /api", f"/api/scans/{s2['id']}/findings")


@workflow("legacy mount")
def legacy_errors(c: Client):
    """Errors on /api read as on /api/v1, headers included."""
    r = c.get("legacy unknown scan", "/api/scans/00000000-0000-4000-8000-000000000000")
    c.check("404 still carries Deprecation", r.headers.get("deprecation") == "true")
    c.get("legacy without a key", "/api/scans", key=None)
    c.get("legacy unread count", "/api/notifications/unread-count")
