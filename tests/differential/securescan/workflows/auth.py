"""Authentication and validation errors, in the order and wording the real server uses."""

from __future__ import annotations

from harness import V1, Client, workflow


@workflow("auth & validation")
def missing_key(c: Client):
    """No credentials: 401 'X-API-Key header required' with WWW-Authenticate."""
    r = c.get("list scans without a key", f"{V1}/scans", key=None)
    c.check("WWW-Authenticate: Bearer", r.headers.get("www-authenticate") == "Bearer")
    c.post("start a scan without a key", f"{V1}/scans", {"target_path": "/tmp"}, key=None)


@workflow("auth & validation")
def wrong_key(c: Client):
    """A wrong key: 401 'Invalid API key', also as Bearer, also for malformed ssk_ keys."""
    c.get("wrong X-API-Key", f"{V1}/scans", key="wrong-key")
    c.get("wrong Bearer", f"{V1}/scans", key="wrong-key", bearer=True)
    c.get("malformed ssk_ key", f"{V1}/scans", key="ssk_nothere_nosecret")


@workflow("auth & validation")
def auth_before_validation(c: Client):
    """The real server answers 401 before it looks at the body."""
    c.post("wrong key and a bad body", f"{V1}/scans", {"scan_types": 7}, key="wrong-key")
    c.post("no key and a bad body", f"{V1}/webhooks", {"url": 1}, key=None)


@workflow("auth & validation")
def bearer_and_header_precedence(c: Client):
    """Bearer works; a valid X-API-Key wins over a bad Authorization."""
    c.get("Bearer with the env key", f"{V1}/scans", bearer=True)
    c.get("good X-API-Key, bad Bearer", f"{V1}/scans",
          headers={"Authorization": "Bearer wrong-key"})
    c.get("Basic auth is not a key", f"{V1}/scans", key=None, headers={"Authorization": "Basic dXNlcjpwYXNz"})


@workflow("auth & validation")
def unknown_routes(c: Client):
    """Unknown paths are 404 'Not Found'; a wrong method is 405."""
    c.get("unknown path", f"{V1}/nothing-here")
    c.request("PUT on scans", "PUT", f"{V1}/scans", json_body={})
    c.get("scan's SBOM route (not in 0.11.12)", f"{V1}/scans/00000000-0000-4000-8000-000000000000/sbom")
