"""Core of the SecureScan differential test: targets, the recording client, shapes, diffs.

A *target* is one server under test (the real SecureScan, or secmock). A *workflow* is a
small function that drives a target through a client workflow with a `Client`; every HTTP
call it makes is a recorded *step* (status, media type, JSON shape, error wording) and every
`check` is a recorded *invariant step*. The same workflow runs on both targets; the steps are
matched by name and compared.

Only the standard library and httpx are used.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import httpx

# ---------------------------------------------------------------------------------------
# JSON shapes


# Keys whose value is free-form by contract (scanner-specific): only "an object" is compared.
OPAQUE_KEYS = {"metadata"}


def shape(value: Any, depth: int | None = None) -> Any:
    """The type skeleton of a JSON value: values dropped, keys and element shapes kept."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if depth is not None and depth <= 0:
        return "object" if isinstance(value, dict) else "list"
    nd = None if depth is None else depth - 1
    if isinstance(value, dict):
        return {"{}": {k: (shape(v, 0) if k in OPAQUE_KEYS else shape(v, nd)) for k, v in sorted(value.items())}}
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = merge(merged, shape(item, nd)) if merged is not None else shape(item, nd)
        return {"[]": merged}
    return type(value).__name__


def merge(a: Any, b: Any) -> Any:
    """One shape covering two element shapes of the same list."""
    if a == b:
        return a
    if a == "null" or (isinstance(a, dict) and "?" in a and a["?"] is None):
        return {"?": b if not (isinstance(b, dict) and "?" in b) else b["?"]}
    if b == "null":
        return merge(b, a)
    if isinstance(a, dict) and "?" in a:
        return {"?": merge(a["?"], b)}
    if isinstance(b, dict) and "?" in b:
        return {"?": merge(a, b["?"])}
    if isinstance(a, dict) and isinstance(b, dict) and "{}" in a and "{}" in b:
        keys = set(a["{}"]) | set(b["{}"])
        out = {}
        for k in sorted(keys):
            if k in a["{}"] and k in b["{}"]:
                out[k] = merge(a["{}"][k], b["{}"][k])
            else:
                out[k] = {"?": a["{}"].get(k, b["{}"].get(k))}  # present in some elements only
        return {"{}": out}
    if isinstance(a, dict) and isinstance(b, dict) and "[]" in a and "[]" in b:
        if a["[]"] is None:
            return b
        if b["[]"] is None:
            return a
        return {"[]": merge(a["[]"], b["[]"])}
    return {"|": sorted({json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)})}


def diff_shapes(real: Any, mock: Any, path: str = "$") -> list[str]:
    """Human-readable differences between two shapes (empty when they agree)."""
    if real == mock:
        return []
    # an optional/nullable shape agrees with null or with its inner shape
    if isinstance(real, dict) and "?" in real:
        if mock == "null" or real["?"] is None:
            return []
        inner = mock["?"] if isinstance(mock, dict) and "?" in mock else mock
        return diff_shapes(real["?"], inner, path)
    if isinstance(mock, dict) and "?" in mock:
        if real == "null" or mock["?"] is None:
            return []
        return diff_shapes(real, mock["?"], path)
    if isinstance(real, dict) and isinstance(mock, dict):
        if "{}" in real and "{}" in mock:
            out = []
            rk, mk = set(real["{}"]), set(mock["{}"])
            if rk - mk:
                out.append(f"{path}: keys missing in secmock: {sorted(rk - mk)}")
            if mk - rk:
                out.append(f"{path}: extra keys in secmock: {sorted(mk - rk)}")
            for k in sorted(rk & mk):
                out += diff_shapes(real["{}"][k], mock["{}"][k], f"{path}.{k}")
            return out
        if "[]" in real and "[]" in mock:
            if real["[]"] is None or mock["[]"] is None:
                return []  # an empty list agrees with any list
            return diff_shapes(real["[]"], mock["[]"], f"{path}[]")
    return [f"{path}: real {brief(real)}, secmock {brief(mock)}"]


def brief(s: Any) -> str:
    if isinstance(s, str):
        return s
    if isinstance(s, dict):
        if "{}" in s:
            return "object"
        if "[]" in s:
            return "list"
        if "?" in s:
            return "optional " + brief(s["?"])
        if "|" in s:
            return "mixed"
    return json.dumps(s)[:60]


# ---------------------------------------------------------------------------------------
# Steps


@dataclass
class Step:
    name: str
    kind: str  # "http" | "check"
    status: int | None = None
    media: str | None = None
    shape: Any = None
    detail: str | None = None  # error wording (FastAPI `detail` when a string)
    ok: bool | None = None  # for checks
    note: str | None = None  # request line / sample, for the report
    body: str | None = None  # the start of the response body, for the report

    def summary(self) -> dict:
        if self.kind == "check":
            return {"holds": self.ok, **({"note": self.note} if self.note else {})}
        out = {"status": self.status, "media": self.media}
        if self.detail is not None:
            out["detail"] = self.detail
        if self.note:
            out["request"] = self.note
        if self.body:
            out["body"] = self.body
        return out


def compare_steps(real: Step | None, mock: Step | None, real_err: str | None = None, mock_err: str | None = None) -> list[str]:
    if real is None:
        return [f"step only on secmock (real workflow error: {real_err})" if real_err else "step only on secmock"]
    if mock is None:
        return [f"step not reached on secmock (workflow error: {mock_err})" if mock_err else "step not reached on secmock"]
    if real.kind == "check":
        if real.ok != mock.ok:
            return [f"invariant: real {'holds' if real.ok else 'fails'}, secmock {'holds' if mock.ok else 'fails'}"]
        return []
    out = []
    if real.status != mock.status:
        out.append(f"status: real {real.status}, secmock {mock.status}")
    if real.media != mock.media and not (real.status == mock.status == 204):  # a 204 has no body to type
        out.append(f"media type: real {real.media}, secmock {mock.media}")
    if real.status == mock.status:
        out += diff_shapes(real.shape, mock.shape)
        if real.detail != mock.detail and (real.detail or mock.detail):
            out.append(f"detail: real {real.detail!r}, secmock {mock.detail!r}")
    return out


class WorkflowAbort(Exception):
    pass


class Resp:
    """A response a workflow can read defensively (a wrong shape must not crash it)."""

    def __init__(self, r: httpx.Response | None):
        self.r = r
        self.status = r.status_code if r is not None else None
        self.headers = r.headers if r is not None else httpx.Headers()
        self.text = r.text if r is not None else ""
        try:
            self.json = r.json() if r is not None and r.content else None
        except ValueError:
            self.json = None

    def get(self, *keys: Any, default: Any = None) -> Any:
        cur = self.json
        for k in keys:
            try:
                cur = cur[k]
            except (KeyError, IndexError, TypeError):
                return default
        return cur

    def list(self) -> list:
        return self.json if isinstance(self.json, list) else []


# ---------------------------------------------------------------------------------------
# Webhook receiver (one per target, loopback only)


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                    )
                code = 500 if "/fail/" in self.path else 200
                self.send_response(code)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def received(self, path: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def close(self) -> None:
        self.server.shutdown()


def signature_valid(req: dict, secret: str) -> bool:
    """`X-SecureScan-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`."""
    sig = req["headers"].get("x-securescan-signature", "")
    parts = dict(p.split("=", 1) for p in sig.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts:
        return False
    want = hmac.new(secret.encode(), f"{parts['t']}.".encode() + req["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts["v1"])


# ---------------------------------------------------------------------------------------
# Targets


class Target:
    """One server under test. `advance` moves time on it; `settle` waits for a condition."""

    name = "?"

    def __init__(self, base_url: str, key: str):
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.http = httpx.Client(base_url=self.base_url, timeout=15.0, trust_env=False)
        self.receiver = Receiver()

    def advance(self, seconds: float) -> None:
        raise NotImplementedError

    def settle(self, done: Callable[[], Any], *, virtual_seconds: float = 900, wall_seconds: float = 30) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.http.close()
        self.receiver.close()


class RealTarget(Target):
    name = "real"

    def advance(self, seconds: float) -> None:
        time.sleep(min(seconds, 5.0))

    def settle(self, done, *, virtual_seconds=900, wall_seconds=30):
        deadline = time.monotonic() + min(wall_seconds, virtual_seconds + 5)
        while True:
            v = done()
            if v or time.monotonic() > deadline:
                return v
            time.sleep(0.2)


class MockTarget(Target):
    """secmock with a manual clock: time moves only through `POST /__secmock/clock/advance`."""

    name = "secmock"
    STEPS = [1, 1, 2, 2, 4, 5, 10, 15, 30, 30, 60, 60, 120, 120, 240]
    admin_token: str | None = None
    _warned = False

    def advance(self, seconds: float) -> None:
        if seconds <= 0:
            return
        h = {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}
        r = self.http.post("/__secmock/clock/advance", json={"by": seconds}, headers=h)
        if r.status_code != 200 and not self._warned:
            self._warned = True
            print(f"warning: secmock refused to move its clock ({r.status_code}: {r.text[:200]}); "
                  "is it running with --clock manual, and is --mock-admin-token right?", file=sys.stderr)

    def settle(self, done, *, virtual_seconds=900, wall_seconds=30):
        deadline = time.monotonic() + wall_seconds
        moved = 0.0
        i = 0
        while True:
            v = done()
            if v or moved >= virtual_seconds or time.monotonic() > deadline:
                return v
            by = self.STEPS[min(i, len(self.STEPS) - 1)]
            i += 1
            self.advance(by)
            moved += by
            time.sleep(0.05)  # let side effects (webhook POSTs) happen on the wire


# ---------------------------------------------------------------------------------------
# The recording client a workflow drives


V1 = "/api/v1"
BODY_SAMPLE = 400  # characters of each response body kept for the report
TERMINAL_EVENTS = {"scan.complete", "scan.failed", "scan.cancelled"}


class Client:
    def __init__(self, target: Target, workflow: str):
        self.t = target
        self.workflow = workflow
        self.steps: list[Step] = []
        self._names: dict[str, int] = {}
        self._quiet = 0
        self.scratch: dict = {}

    # -- naming
    def _unique(self, name: str) -> str:
        n = self._names.get(name, 0) + 1
        self._names[name] = n
        return name if n == 1 else f"{name} #{n}"

    @contextlib.contextmanager
    def quiet(self):
        """HTTP calls inside are not steps (used for polling)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @property
    def receiver(self) -> Receiver:
        return self.t.receiver

    # -- HTTP
    def request(
        self,
        name: str | None,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | None = None,
        params: dict | None = None,
        key: str | None | bool = True,
        bearer: bool = False,
        headers: dict | None = None,
        depth: int | None = None,
        compare_detail: bool = True,
    ) -> Resp:
        h = dict(headers or {})
        k = self.t.key if key is True else (key or None)
        if k:
            if bearer:
                h["Authorization"] = f"Bearer {k}"
            else:
                h["X-API-Key"] = k
        kwargs: dict = {"params": params, "headers": h}
        if json_body is not None:
            kwargs["json"] = json_body
        elif content is not None:
            kwargs["content"] = content
        try:
            r = self.t.http.request(method, path, **kwargs)
        except httpx.HTTPError as e:
            r = None
            err = f"{type(e).__name__}: {e}"
        else:
            err = None
        resp = Resp(r)
        resp.note = f"{method} {path}" + (f" ({err})" if err else "")
        if name is not None and not self._quiet:
            self.record(name, resp, depth=depth, compare_detail=compare_detail)
        return resp

    def record(self, name: str, resp: "Resp", *, depth: int | None = None, compare_detail: bool = True) -> None:
        """Record a response (maybe obtained quietly) as a step."""
        r = resp.r
        media = (r.headers.get("content-type", "").split(";")[0].strip() or None) if r is not None else None
        detail = None
        if r is not None and r.status_code >= 400 and compare_detail:
            d = resp.get("detail")
            detail = d if isinstance(d, str) else None
        self.steps.append(Step(
            name=self._unique(name),
            kind="http",
            status=resp.status,
            media=media,
            shape=shape(resp.json, depth) if resp.json is not None else None,
            detail=detail,
            note=getattr(resp, "note", None),
            body=resp.text[:BODY_SAMPLE] if resp.text else None,
        ))

    def get(self, name, path, **kw) -> Resp:
        return self.request(name, "GET", path, **kw)

    def post(self, name, path, body=None, **kw) -> Resp:
        return self.request(name, "POST", path, json_body=body, **kw)

    def patch(self, name, path, body=None, **kw) -> Resp:
        return self.request(name, "PATCH", path, json_body=body, **kw)

    def delete(self, name, path, **kw) -> Resp:
        return self.request(name, "DELETE", path, **kw)

    # -- Server-Sent Events
    def sse(self, name: str, path: str, *, params: dict | None = None, key: str | None | bool = True,
            wall_seconds: float = 10.0, on_open: Callable[[], None] | None = None) -> tuple[int | None, list]:
        """Read an SSE stream until a terminal event, its end, or `wall_seconds`.

        Recorded as one step whose shape is {event name: shape of its data}. `on_open` runs
        once the response head arrived (e.g. to move the clock while reading)."""
        h = {}
        k = self.t.key if key is True else (key or None)
        if k:
            h["X-API-Key"] = k
        events: list = []
        status = media = None
        detail = None
        err = None
        try:
            with self.t.http.stream("GET", path, params=params, headers=h,
                                    timeout=httpx.Timeout(wall_seconds, connect=5.0)) as r:
                status = r.status_code
                media = r.headers.get("content-type", "").split(";")[0].strip() or None
                if status != 200:
                    body = r.read()
                    try:
                        d = json.loads(body).get("detail")
                        detail = d if isinstance(d, str) else None
                    except (ValueError, AttributeError):
                        pass
                else:
                    if on_open:
                        threading.Thread(target=on_open, daemon=True).start()
                    deadline = time.monotonic() + wall_seconds
                    ev, data = None, []
                    for line in r.iter_lines():
                        if line.startswith("event:"):
                            ev = line[6:].strip()
                        elif line.startswith("data:"):
                            data.append(line[5:].strip())
                        elif line == "":
                            if ev is not None or data:
                                try:
                                    payload = json.loads("\n".join(data)) if data else None
                                except ValueError:
                                    payload = "\n".join(data)
                                events.append((ev or "message", payload))
                                if ev in TERMINAL_EVENTS:
                                    break
                            ev, data = None, []
                        if time.monotonic() > deadline:
                            break
        except httpx.HTTPError as e:
            err = f"{type(e).__name__}"
        if not self._quiet:
            sh: dict = {}
            for ev, payload in events:
                sh[ev] = merge(sh[ev], shape(payload)) if ev in sh else shape(payload)
            self.steps.append(Step(name=self._unique(name), kind="http", status=status, media=media,
                                   shape={"{}": sh} if status == 200 else None, detail=detail,
                                   note=f"GET {path} (SSE{', ' + err if err else ''}; events {[e for e, _ in events]})"))
        return status, events

    # -- invariants
    def check(self, name: str, ok: Any, note: str | None = None) -> bool:
        ok = bool(ok)
        self.steps.append(Step(name=self._unique(name), kind="check", ok=ok, note=note))
        return ok

    def require(self, name: str, ok: Any) -> None:
        """A check whose failure makes the rest of the workflow meaningless."""
        if not self.check(name, ok):
            raise WorkflowAbort(name)

    # -- time
    def settle(self, done: Callable[[], Any], **kw) -> Any:
        with self.quiet():
            return self.t.settle(done, **kw)

    def advance(self, seconds: float) -> None:
        self.t.advance(seconds)

    # -- common building blocks
    def create_scan(self, name: str = "create scan", *, path: str | None = None, types: list | None = None, **kw) -> Resp:
        body: dict = {"target_path": path or self.t.scan_dir}
        if types is not None:
            body["scan_types"] = types
        return self.post(name, f"{V1}/scans", body, **kw)

    def wait_scan(self, scan_id: str, statuses=("completed", "failed", "cancelled"), **kw) -> dict:
        """Poll (quietly) until the scan is in one of `statuses`; returns the last scan seen."""
        last: dict = {}

        def done():
            nonlocal last
            r = self.get("poll", f"{V1}/scans/{scan_id}")
            last = r.json if isinstance(r.json, dict) else {}
            return last.get("status") in statuses

        self.settle(done, **kw)
        return last

    def completed_scan(self, *, types: list | None = None, path: str | None = None, label: str = "scan") -> dict:
        r = self.create_scan(f"create {label}", path=path, types=types)
        sid = r.get("id")
        if not sid:
            raise WorkflowAbort(f"no id for {label}")
        s = self.wait_scan(sid)
        self.check(f"{label} reaches completed", s.get("status") == "completed", note=f"last status {s.get('status')!r}")
        s.setdefault("id", sid)
        return s


@dataclass
class Workflow:
    area: str
    name: str
    fn: Callable[[Client], None]


REGISTRY: list[Workflow] = []


def workflow(area: str):
    def deco(fn):
        REGISTRY.append(Workflow(area, fn.__name__, fn))
        return fn

    return deco


@dataclass
class RunResult:
    steps: list[Step] = field(default_factory=list)
    error: str | None = None


def run_workflow(wf: Workflow, target: Target) -> RunResult:
    c = Client(target, wf.name)
    err = None
    try:
        wf.fn(c)
    except WorkflowAbort as e:
        err = f"aborted: {e}"
    except Exception as e:  # a wrong answer may break the workflow; that is a finding, not a crash
        err = f"{type(e).__name__}: {e} @ {traceback.extract_tb(e.__traceback__)[-1].lineno}"
    return RunResult(c.steps, err)
