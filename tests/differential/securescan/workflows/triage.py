"""Triage verdicts and comments by fingerprint, carried across rescans."""

from __future__ import annotations

import uuid

from .common import findings_of, issue_key
from harness import V1, Client, workflow


@workflow("triage & comments")
def triage_verdict_joins_findings(c: Client):
    """A verdict on a fingerprint shows on the finding, and on the next scan of the same target."""
    s = c.completed_scan(types=["code", "dependency", "iac"])
    fs = findings_of(c, s["id"])
    fp = (fs or [{}])[-1].get("fingerprint") or "0" * 64
    r = c.patch("mark false positive", f"{V1}/findings/{fp}/state",
                {"status": "false_positive", "note": "test fixture", "updated_by": "differential"})
    c.check("the verdict is echoed", r.get("status") == "false_positive" and r.get("fingerprint") == fp)
    fs2 = findings_of(c, s["id"], "findings after triage")
    f = next((x for x in fs2 if x.get("fingerprint") == fp), {})
    c.check("the finding carries the verdict", (f.get("state") or {}).get("status") == "false_positive")
    s2 = c.completed_scan(types=["code", "dependency", "iac"], label="rescan")
    f2 = next((x for x in findings_of(c, s2["id"], "findings of the rescan") if x.get("fingerprint") == fp), {})
    c.check("the rescan's finding carries the verdict", (f2.get("state") or {}).get("status") == "false_positive")
    c.patch("replace with triaged", f"{V1}/findings/{fp}/state", {"status": "triaged"})
    f3 = next((x for x in findings_of(c, s["id"], "findings after re-triage") if x.get("fingerprint") == fp), {})
    c.check("PATCH replaces: the note is cleared", (f3.get("state") or {}).get("note") is None
            and (f3.get("state") or {}).get("status") == "triaged")


@workflow("triage & comments")
def triage_validation(c: Client):
    """Unknown verdicts are 422; any fingerprint may be triaged (orphans are allowed)."""
    fp = uuid.uuid4().hex * 2
    c.patch("unknown verdict", f"{V1}/findings/{fp}/state", {"status": "wontfix"})
    c.patch("missing status", f"{V1}/findings/{fp}/state", {"note": "x"})
    c.patch("orphan fingerprint", f"{V1}/findings/{fp}/state", {"status": "accepted_risk"})


@workflow("triage & comments")
def comments_add_list_delete(c: Client):
    """Add two comments, list them oldest first, delete one; a second delete is 404."""
    fp = uuid.uuid4().hex * 2
    c.get("no comments yet", f"{V1}/findings/{fp}/comments")
    a = c.post("add a comment", f"{V1}/findings/{fp}/comments", {"text": "first", "author": "ci"})
    c.check("the comment is echoed with its fingerprint", a.get("text") == "first" and a.get("fingerprint") == fp)
    c.post("add an anonymous comment", f"{V1}/findings/{fp}/comments", {"text": "second"})
    lst = c.get("list comments", f"{V1}/findings/{fp}/comments")
    c.check("two comments, oldest first", [x.get("text") for x in lst.list()] == ["first", "second"])
    c.delete("delete the first", f"{V1}/findings/{fp}/comments/{a.get('id')}")
    c.delete("delete it again", f"{V1}/findings/{fp}/comments/{a.get('id')}")
    lst = c.get("list comments after delete", f"{V1}/findings/{fp}/comments")
    c.check("one comment left", [x.get("text") for x in lst.list()] == ["second"])
    c.post("comment without text", f"{V1}/findings/{fp}/comments", {"author": "ci"})


@workflow("triage & comments")
def triage_needs_write(c: Client):
    """A read key can read comments but not triage or comment."""
    key = issue_key(c, ["read"], "read")
    fp = uuid.uuid4().hex * 2
    c.get("list comments with a read key", f"{V1}/findings/{fp}/comments", key=key)
    c.post("comment with a read key", f"{V1}/findings/{fp}/comments", {"text": "x"}, key=key)
    c.patch("triage with a read key", f"{V1}/findings/{fp}/state", {"status": "triaged"}, key=key)
