"""Notifications (the dashboard's bell): created by scan events, unread count, read, read-all."""

from __future__ import annotations

from .common import UNKNOWN_ID
from harness import V1, Client, workflow


def _unread(c: Client, name: str | None = "unread count") -> int:
    v = c.get(name, f"{V1}/notifications/unread-count").get("count")
    return v if isinstance(v, int) else -1


@workflow("notifications")
def notification_for_scan_with_findings(c: Client):
    """A scan with findings adds one unread scan.complete notification linking to it."""
    before = _unread(c, "unread count before")
    s = c.completed_scan(types=["code", "dependency", "iac"])
    c.settle(lambda: _unread(c, None) > before, virtual_seconds=30, wall_seconds=5)
    after = _unread(c, "unread count after")
    c.check("unread count went up by one", after == before + 1)
    lst = c.get("list unread notifications", f"{V1}/notifications", params={"unread_only": "true"})
    mine = [n for n in lst.list() if n.get("link") == f"/scan/{s['id']}"]
    c.check("one notification links to the scan", len(mine) == 1)
    n = mine[0] if mine else {}
    c.check("it is a warning titled 'Scan complete'", n.get("type") == "scan.complete" and n.get("title") == "Scan complete"
            and n.get("severity") == "warning")
    c.check("its body says how many findings where", n.get("body") == f"{s.get('findings_count')} findings on {s.get('target_path')}")


@workflow("notifications")
def no_notification_without_findings(c: Client):
    """A scan with no findings notifies nobody."""
    before = _unread(c, "unread count before")
    s = c.completed_scan(types=["dependency"], path=c.t.dirs["clean"], label="clean scan")
    c.settle(lambda: False, virtual_seconds=10, wall_seconds=1)
    after = _unread(c, "unread count after")
    c.check("notified iff the scan found something", (after == before + 1) == ((s.get("findings_count") or 0) > 0))


@workflow("notifications")
def notification_mark_read(c: Client):
    """Mark one read: it gets read_at, the count drops, a second PATCH is a 200 no-op."""
    c.completed_scan(types=["code", "dependency", "iac"])
    c.settle(lambda: _unread(c, None) > 0, virtual_seconds=30, wall_seconds=5)
    before = _unread(c, "unread count before")
    lst = c.get("list unread", f"{V1}/notifications", params={"unread_only": "true", "limit": 1})
    c.check("limit=1 gives one", len(lst.list()) == 1)
    nid = (lst.list() or [{}])[0].get("id")
    r = c.patch("mark read", f"{V1}/notifications/{nid}/read")
    c.check("read_at is set", r.get("read_at") is not None)
    c.check("the count dropped by one", _unread(c, "unread count after") == before - 1)
    r2 = c.patch("mark read again", f"{V1}/notifications/{nid}/read")
    c.check("the second mark keeps read_at", r2.get("read_at") == r.get("read_at"))
    c.patch("mark unknown read", f"{V1}/notifications/{UNKNOWN_ID}/read")


@workflow("notifications")
def notification_read_all(c: Client):
    """read-all returns the number marked; a second read-all marks 0."""
    c.completed_scan(types=["code", "dependency", "iac"])
    c.settle(lambda: _unread(c, None) > 0, virtual_seconds=30, wall_seconds=5)
    before = _unread(c, "unread count before")
    r = c.patch("read all", f"{V1}/notifications/read-all")
    c.check("read-all returns the number marked", r.get("marked_read") == before and before > 0)
    r2 = c.patch("read all again", f"{V1}/notifications/read-all")
    c.check("a second read-all marks 0", r2.get("marked_read") == 0)
    c.check("nothing unread", _unread(c, "unread count after") == 0)
    lst = c.get("list unread", f"{V1}/notifications", params={"unread_only": "true"})
    c.check("the unread list is empty", lst.list() == [])


@workflow("notifications")
def notification_list_params(c: Client):
    """limit is capped at 200, not refused; limit=0 is 422."""
    r = c.get("limit=1000", f"{V1}/notifications", params={"limit": 1000})
    c.check("at most 200 rows", len(r.list()) <= 200)
    c.get("limit=0", f"{V1}/notifications", params={"limit": 0})
    c.get("unread_only=maybe", f"{V1}/notifications", params={"unread_only": "maybe"})


@workflow("notifications")
def notifications_newest_first(c: Client):
    """Notifications come newest first."""
    c.completed_scan(types=["code", "dependency", "iac"], label="first scan")
    c.completed_scan(types=["code", "dependency", "iac"], label="second scan")
    c.settle(lambda: False, virtual_seconds=5, wall_seconds=0.5)
    lst = c.get("list notifications", f"{V1}/notifications")
    made = [x.get("created_at") for x in lst.list() if isinstance(x, dict)]
    c.check("created_at descends", made == sorted(made, key=lambda v: v or "", reverse=True) and len(made) >= 2)
