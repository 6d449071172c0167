"""Live progress: a dashboard follows a scan over SSE with a short-lived event token."""

from __future__ import annotations

from .common import UNKNOWN_ID, issue_key
from harness import TERMINAL_EVENTS, V1, Client, workflow

KNOWN = {"scan.start", "scanner.start", "scanner.skipped", "scanner.complete", "scanner.failed"} | TERMINAL_EVENTS


def _mint(c: Client, scan_id: str, name: str = "mint event token", **kw) -> str | None:
    r = c.post(name, f"{V1}/scans/{scan_id}/event-token", **kw)
    return r.get("token")


def _stream_checks(c: Client, events: list, scan: dict) -> None:
    names = [e for e, _ in events]
    c.check("the stream starts with scan.start", names[:1] == ["scan.start"])
    c.check("exactly one terminal event, and last", sum(n in TERMINAL_EVENTS for n in names) == 1
            and names[-1:] == ["scan.complete"])
    c.check("only documented event names", set(names) <= KNOWN)
    skipped = {p.get("scanner") for e, p in events if e == "scanner.skipped" and isinstance(p, dict)}
    want = {x.get("name") for x in scan.get("scanners_skipped") or [] if isinstance(x, dict)}
    c.check("one scanner.skipped per skipped scanner", skipped == want)
    done = {p.get("scanner") for e, p in events if e == "scanner.complete" and isinstance(p, dict)}
    c.check("one scanner.complete per scanner run", done == set(scan.get("scanners_run") or []))


@workflow("SSE")
def sse_event_token(c: Client):
    """Minting a token: 5 minutes, not cacheable."""
    s = c.completed_scan()
    r = c.post("mint event token", f"{V1}/scans/{s['id']}/event-token")
    c.check("expires_in is 300", r.get("expires_in") == 300)
    c.check("Cache-Control: no-store", r.headers.get("cache-control") == "no-store")
    c.post("mint for an unknown scan", f"{V1}/scans/{UNKNOWN_ID}/event-token")


@workflow("SSE")
def sse_replay_with_token(c: Client):
    """A subscriber arriving just after the scan ended gets the whole replay, ended by scan.complete."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    tok = _mint(c, s["id"])
    _, events = c.sse("stream with event token", f"{V1}/scans/{s['id']}/events", params={"event_token": tok}, key=None)
    _stream_checks(c, events, c.get("read scan", f"{V1}/scans/{s['id']}").json or {})


@workflow("SSE")
def sse_with_api_key(c: Client):
    """The stream also takes the X-API-Key header."""
    s = c.completed_scan()
    _, events = c.sse("stream with X-API-Key", f"{V1}/scans/{s['id']}/events")
    c.check("the stream ends with scan.complete", [e for e, _ in events][-1:] == ["scan.complete"])


@workflow("SSE")
def sse_live_follow(c: Client):
    """Subscribe right after creating the scan and follow it while time moves."""
    r = c.create_scan(types=["code", "dependency", "iac"])
    sid = r.get("id")
    tok = _mint(c, sid)

    def move_time() -> None:
        for _ in range(40):
            c.t.advance(5)

    _, events = c.sse("follow the scan live", f"{V1}/scans/{sid}/events", params={"event_token": tok}, key=None,
                      on_open=move_time if c.t.name == "secmock" else None)
    s = c.wait_scan(sid)
    _stream_checks(c, events, s)


@workflow("SSE")
def sse_cancelled_scan(c: Client):
    """A cancelled scan's stream ends with scan.cancelled."""
    r = c.create_scan("create scan of a large tree", path=c.t.dirs["large"], types=["code"])
    sid = r.get("id")
    c.wait_scan(sid, ("running", "completed", "failed", "cancelled"), virtual_seconds=60, wall_seconds=5)
    c.post("cancel it", f"{V1}/scans/{sid}/cancel")
    c.wait_scan(sid)
    _, events = c.sse("stream of the cancelled scan", f"{V1}/scans/{sid}/events")
    c.check("the stream ends with scan.cancelled", [e for e, _ in events][-1:] == ["scan.cancelled"])


@workflow("SSE")
def sse_token_errors(c: Client):
    """A garbage token, another scan's token, a token without the route: 401 with the real wording."""
    a = c.completed_scan(label="scan A")
    b = c.completed_scan(label="scan B")
    c.sse("garbage token", f"{V1}/scans/{a['id']}/events", params={"event_token": "garbage"}, key=None)
    tok_b = _mint(c, b["id"], "mint for scan B")
    c.sse("scan B's token on scan A", f"{V1}/scans/{a['id']}/events", params={"event_token": tok_b}, key=None)
    c.sse("no credentials", f"{V1}/scans/{a['id']}/events", key=None)
    c.get("event token on another route", f"{V1}/scans/{b['id']}", params={"event_token": tok_b}, key=None)
    c.sse("stream of an unknown scan", f"{V1}/scans/{UNKNOWN_ID}/events")


@workflow("SSE")
def sse_token_of_revoked_key(c: Client):
    """A token minted by a key is refused once that key is revoked."""
    s = c.completed_scan()
    key = issue_key(c, ["read"], "read")
    tok = _mint(c, s["id"], "mint with the read key", key=key)
    kid = c.scratch["key_ids"][key]
    c.delete("revoke the key", f"{V1}/keys/{kid}")
    c.sse("stream with the revoked key's token", f"{V1}/scans/{s['id']}/events", params={"event_token": tok}, key=None)
