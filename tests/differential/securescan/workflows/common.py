"""Helpers shared by the workflow modules."""

from __future__ import annotations

import uuid

from harness import V1, Client, WorkflowAbort

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def issue_key(c: Client, scopes: list[str] | None, label: str) -> str:
    """Issue a DB key with `scopes` (None: the server's default) and return its plaintext."""
    body: dict = {"name": f"differential {label} {uuid.uuid4().hex[:6]}"}
    if scopes is not None:
        body["scopes"] = scopes
    r = c.post(f"issue {label} key", f"{V1}/keys", body)
    key = r.get("key")
    if not isinstance(key, str):
        raise WorkflowAbort(f"no plaintext key for {label}")
    c.scratch.setdefault("key_ids", {})[key] = r.get("id")
    return key


def findings_of(c: Client, scan_id: str, name: str | None = "list findings", **params) -> list:
    r = c.get(name, f"{V1}/scans/{scan_id}/findings", params=params or None)
    return r.list()


def sorted_by_severity(findings: list) -> bool:
    ranks = [SEVERITY_ORDER.get(f.get("severity"), 9) for f in findings if isinstance(f, dict)]
    return ranks == sorted(ranks)


def hook_path(tag: str) -> str:
    return f"/hook/{tag}/{uuid.uuid4().hex[:10]}"
