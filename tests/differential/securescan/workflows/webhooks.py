"""Webhooks: subscriptions, real signed deliveries to a receiver on 127.0.0.1, the delivery log."""

from __future__ import annotations

import json

from .common import UNKNOWN_ID, hook_path, issue_key
from harness import V1, Client, signature_valid, workflow


NO_REQUEST = {"path": "", "headers": {}, "body": b""}


def _create(c: Client, path: str, events: list[str], name: str = "create webhook") -> dict:
    r = c.post(name, f"{V1}/webhooks", {"name": f"diff {path}", "url": c.receiver.url(path), "event_filter": events})
    return r.json if isinstance(r.json, dict) else {}


def _received(c: Client, path: str, n: int = 1, wall: float = 15) -> list:
    c.settle(lambda: len(c.receiver.received(path)) >= n, virtual_seconds=600, wall_seconds=wall)
    return c.receiver.received(path)


def _body(req: dict) -> dict:
    try:
        b = json.loads(req["body"])
    except ValueError:
        return {}
    return b if isinstance(b, dict) else {}


@workflow("webhooks")
def webhook_crud(c: Client):
    """Create (secret shown once), read, list, patch, delete; a second delete is 404."""
    wh = _create(c, hook_path("crud"), ["scan.complete"])
    wid = wh.get("id")
    c.check("the secret is shown on create", isinstance(wh.get("secret"), str) and len(wh.get("secret", "")) >= 32)
    c.check("a new webhook is enabled", wh.get("enabled") is True)
    g = c.get("read webhook", f"{V1}/webhooks/{wid}")
    c.check("the secret is not shown again", "secret" not in (g.json or {}))
    lst = c.get("list webhooks", f"{V1}/webhooks")
    c.check("the list holds it", any(x.get("id") == wid for x in lst.list()))
    p = c.patch("rename and refilter", f"{V1}/webhooks/{wid}", {"name": "renamed", "event_filter": ["scan.failed"]})
    c.check("the patch is applied", p.get("name") == "renamed" and p.get("event_filter") == ["scan.failed"])
    c.patch("disable", f"{V1}/webhooks/{wid}", {"enabled": False})
    c.delete("delete webhook", f"{V1}/webhooks/{wid}")
    c.get("read deleted webhook", f"{V1}/webhooks/{wid}")
    c.delete("delete it again", f"{V1}/webhooks/{wid}")


@workflow("webhooks")
def webhook_validation(c: Client):
    """URLs must be http(s); event_filter needs a known event; patches validate too."""
    c.post("ftp URL", f"{V1}/webhooks", {"name": "x", "url": "ftp://127.0.0.1/x", "event_filter": ["scan.complete"]})
    c.post("empty event_filter", f"{V1}/webhooks", {"name": "x", "url": c.receiver.url("/x"), "event_filter": []})
    c.post("unknown event", f"{V1}/webhooks", {"name": "x", "url": c.receiver.url("/x"), "event_filter": ["scan.exploded"]})
    c.post("empty name", f"{V1}/webhooks", {"name": "", "url": c.receiver.url("/x"), "event_filter": ["scan.complete"]})
    c.patch("patch unknown webhook", f"{V1}/webhooks/{UNKNOWN_ID}", {"enabled": False})
    c.get("deliveries of unknown webhook", f"{V1}/webhooks/{UNKNOWN_ID}/deliveries")
    c.post("test unknown webhook", f"{V1}/webhooks/{UNKNOWN_ID}/test")


@workflow("webhooks")
def webhook_test_delivery(c: Client):
    """POST /test: the receiver gets a signed webhook.test and the delivery log says succeeded."""
    path = hook_path("test")
    wh = _create(c, path, ["scan.complete"])
    wid = wh.get("id")
    t = c.post("send a test delivery", f"{V1}/webhooks/{wid}/test")
    c.check("the test delivery belongs to the webhook", t.get("webhook_id") == wid and t.get("event") == "webhook.test")
    got = _received(c, path)
    c.check("the receiver got one POST", len(got) == 1)
    req = got[0] if got else NO_REQUEST
    c.check("signed with the webhook's secret (X-SecureScan-Signature)", signature_valid(req, wh.get("secret", "")))
    c.check("X-SecureScan-Event is webhook.test", req["headers"].get("x-securescan-event") == "webhook.test")
    c.check("X-SecureScan-Webhook-Id names the webhook", req["headers"].get("x-securescan-webhook-id") == wid)
    b = _body(req)
    c.check("the body is {event, data, delivered_at}", set(b) == {"event", "data", "delivered_at"}
            and b.get("event") == "webhook.test")
    c.settle(lambda: any(d.get("status") == "succeeded" for d in
                         c.get(None, f"{V1}/webhooks/{wid}/deliveries").list()), virtual_seconds=60, wall_seconds=5)
    d = c.get("delivery log", f"{V1}/webhooks/{wid}/deliveries")
    row = next((x for x in d.list() if x.get("id") == t.get("delivery_id")), {})
    c.check("the delivery is logged as succeeded with 200", row.get("status") == "succeeded" and row.get("response_code") == 200)
    c.delete("delete webhook", f"{V1}/webhooks/{wid}")


@workflow("webhooks")
def webhook_scan_complete_delivered(c: Client):
    """A scan.complete subscription gets a signed POST naming the scan."""
    path = hook_path("complete")
    wh = _create(c, path, ["scan.complete"])
    s = c.completed_scan()
    got = [r for r in _received(c, path) if _body(r).get("data", {}).get("scan_id") == s["id"]]
    c.check("the receiver got scan.complete for the scan", len(got) == 1 and _body(got[0]).get("event") == "scan.complete")
    req = got[0] if got else NO_REQUEST
    c.check("the delivery is signed with the secret", signature_valid(req, wh.get("secret", "")))
    data = _body(req).get("data", {})
    c.check("the data carries findings_count", data.get("findings_count") == s.get("findings_count"))
    c.settle(lambda: any(d.get("status") == "succeeded" for d in
                         c.get(None, f"{V1}/webhooks/{wh.get('id')}/deliveries").list()), virtual_seconds=60, wall_seconds=5)
    d = c.get("delivery log", f"{V1}/webhooks/{wh.get('id')}/deliveries")
    c.check("the log holds a succeeded scan.complete", any(x.get("event") == "scan.complete" and x.get("status") == "succeeded"
                                                           for x in d.list()))
    c.delete("delete webhook", f"{V1}/webhooks/{wh.get('id')}")


@workflow("webhooks")
def webhook_filter_and_disable(c: Client):
    """A subscription for other events, or a disabled one, receives nothing for a completed scan."""
    p1, p2 = hook_path("other"), hook_path("disabled")
    w1 = _create(c, p1, ["scanner.failed"], "create webhook for scanner.failed")
    w2 = _create(c, p2, ["scan.complete"], "create webhook to disable")
    c.patch("disable it", f"{V1}/webhooks/{w2.get('id')}", {"enabled": False})
    c.completed_scan()
    c.settle(lambda: False, virtual_seconds=120, wall_seconds=3)
    c.check("nothing for a non-matching filter", c.receiver.received(p1) == [])
    c.check("nothing for a disabled webhook", c.receiver.received(p2) == [])
    d = c.get("delivery log of the filtered webhook", f"{V1}/webhooks/{w1.get('id')}/deliveries")
    c.check("its delivery log is empty", d.list() == [])
    c.delete("delete webhook 1", f"{V1}/webhooks/{w1.get('id')}")
    c.delete("delete webhook 2", f"{V1}/webhooks/{w2.get('id')}")


@workflow("webhooks")
def webhook_failure_is_retried(c: Client):
    """A receiver answering 500: the attempt is logged and the delivery goes back to pending."""
    path = "/fail" + hook_path("retry")
    wh = _create(c, path, ["scan.complete"])
    wid = wh.get("id")
    t = c.post("send a test delivery", f"{V1}/webhooks/{wid}/test")
    _received(c, path)

    def attempted():
        rows = c.get(None, f"{V1}/webhooks/{wid}/deliveries").list()
        return any(x.get("id") == t.get("delivery_id") and (x.get("attempt") or 0) >= 1 for x in rows)

    c.settle(attempted, virtual_seconds=60, wall_seconds=5)
    d = c.get("delivery log", f"{V1}/webhooks/{wid}/deliveries")
    row = next((x for x in d.list() if x.get("id") == t.get("delivery_id")), {})
    c.check("the failed attempt is logged with 500", row.get("response_code") == 500 and (row.get("attempt") or 0) >= 1)
    c.check("the delivery waits for a retry", row.get("status") in ("pending", "delivering"))
    c.delete("delete webhook", f"{V1}/webhooks/{wid}")


@workflow("webhooks")
def webhook_needs_admin(c: Client):
    """Webhooks are admin-only: a write key gets 403."""
    key = issue_key(c, ["read", "write"], "read+write")
    c.get("list webhooks with a write key", f"{V1}/webhooks", key=key)
    c.post("create webhook with a write key", f"{V1}/webhooks",
           {"name": "x", "url": c.receiver.url("/x"), "event_filter": ["scan.complete"]}, key=key)


@workflow("webhooks")
def webhooks_newest_first(c: Client):
    """The webhook list is newest first and never shows secrets."""
    a = _create(c, hook_path("older"), ["scan.complete"], "create older webhook")
    b = _create(c, hook_path("newer"), ["scan.complete"], "create newer webhook")
    lst = c.get("list webhooks", f"{V1}/webhooks").list()
    ids = [x.get("id") for x in lst if isinstance(x, dict)]
    c.check("the newer webhook comes first", a.get("id") in ids and b.get("id") in ids
            and ids.index(b.get("id")) < ids.index(a.get("id")))
    c.check("no secret in the list", all("secret" not in x for x in lst if isinstance(x, dict)))
    c.delete("delete older", f"{V1}/webhooks/{a.get('id')}")
    c.delete("delete newer", f"{V1}/webhooks/{b.get('id')}")
