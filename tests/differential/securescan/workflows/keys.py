"""API keys and scopes: issue, introspect, use, revoke."""

from __future__ import annotations

from .common import UNKNOWN_ID, issue_key
from harness import V1, Client, workflow


@workflow("keys & scopes")
def key_issue_and_introspect(c: Client):
    """An issued key is shown once as ssk_…, listed without its secret, and /keys/me describes it."""
    r = c.post("issue a key", f"{V1}/keys", {"name": "differential ci", "scopes": ["read", "write"]})
    key, kid = r.get("key") or "", r.get("id")
    c.check("the plaintext key is ssk_<id>_<secret>", key.startswith(f"ssk_{kid}_"))
    c.check("the prefix starts the key", bool(r.get("prefix")) and key.startswith(r.get("prefix") or "\0"))
    lst = c.get("list keys", f"{V1}/keys")
    row = next((x for x in lst.list() if x.get("id") == kid), {})
    c.check("the list holds it without the secret", bool(row) and "key" not in row)
    me = c.get("/keys/me with the new key", f"{V1}/keys/me", key=key)
    c.check("/keys/me describes the key", me.get("id") == kid and me.get("scopes") == ["read", "write"])
    c.check("last_used_at is set once used", me.get("last_used_at") is not None)
    c.get("/keys/me with the environment key", f"{V1}/keys/me")


@workflow("keys & scopes")
def key_default_scope_is_read(c: Client):
    """Without scopes a key gets read only."""
    r = c.post("issue a key without scopes", f"{V1}/keys", {"name": "differential default"})
    c.check("default scopes are [read]", r.get("scopes") == ["read"])


@workflow("keys & scopes")
def read_key_is_read_only(c: Client):
    """A read key reads scans but cannot start one or manage keys."""
    key = issue_key(c, ["read"], "read")
    c.get("list scans with a read key", f"{V1}/scans", key=key)
    c.post("start a scan with a read key", f"{V1}/scans", {"target_path": c.t.scan_dir}, key=key)
    c.post("start a scan with a read key and a bad body", f"{V1}/scans", {"scan_types": "x"}, key=key)
    c.get("list keys with a read key", f"{V1}/keys", key=key)
    c.patch("read-all with a read key", f"{V1}/notifications/read-all", key=key)


@workflow("keys & scopes")
def write_key_scans_but_not_admin(c: Client):
    """A write-only key starts scans but cannot read them, nor issue keys."""
    key = issue_key(c, ["write"], "write")
    r = c.post("start a scan with a write key", f"{V1}/scans", {"target_path": c.t.scan_dir}, key=key)
    c.get("read the scan with a write-only key", f"{V1}/scans/{r.get('id')}", key=key)
    c.post("issue a key with a write key", f"{V1}/keys", {"name": "nope"}, key=key)
    c.wait_scan(r.get("id"))


@workflow("keys & scopes")
def admin_key_manages_keys(c: Client):
    """An admin DB key issues and revokes keys; Bearer works as well as X-API-Key."""
    admin = issue_key(c, ["admin"], "admin")
    r = c.post("issue with the admin key", f"{V1}/keys", {"name": "child", "scopes": ["read"]}, key=admin)
    c.get("list keys with Bearer admin", f"{V1}/keys", key=admin, bearer=True)
    c.delete("revoke the child", f"{V1}/keys/{r.get('id')}", key=admin)
    c.get("admin-only key reads scans", f"{V1}/scans", key=admin)


@workflow("keys & scopes")
def key_revocation(c: Client):
    """A revoked key is refused at once; revoking again is a 204 no-op; unknown ids are 404."""
    key = issue_key(c, ["read"], "read")
    kid = c.scratch["key_ids"][key]
    c.get("use the key", f"{V1}/scans", key=key)
    c.delete("revoke it", f"{V1}/keys/{kid}")
    c.get("use the revoked key", f"{V1}/scans", key=key)
    c.delete("revoke it again", f"{V1}/keys/{kid}")
    lst = c.get("list keys", f"{V1}/keys")
    row = next((x for x in lst.list() if x.get("id") == kid), {})
    c.check("the list keeps it with revoked_at", row.get("revoked_at") is not None)
    c.delete("revoke an unknown key", f"{V1}/keys/{UNKNOWN_ID}")


@workflow("keys & scopes")
def key_validation(c: Client):
    """Names are 1..200 characters; scopes come from read/write/admin."""
    c.post("empty name", f"{V1}/keys", {"name": ""})
    c.post("unknown scope", f"{V1}/keys", {"name": "x", "scopes": ["root"]})
    c.post("name too long", f"{V1}/keys", {"name": "x" * 201})


@workflow("keys & scopes")
def keys_newest_first(c: Client):
    """The key list is newest first and includes revoked keys."""
    k1 = issue_key(c, ["read"], "first")
    k2 = issue_key(c, ["read"], "second")
    ids = [x.get("id") for x in c.get("list keys", f"{V1}/keys").list() if isinstance(x, dict)]
    i1, i2 = c.scratch["key_ids"][k1], c.scratch["key_ids"][k2]
    c.check("the newer key comes first", i1 in ids and i2 in ids and ids.index(i2) < ids.index(i1))
