#!/usr/bin/env python3
"""SecureScan differential test: the same client workflows against the real server and secmock.

    python3 tests/differential/securescan/run.py --real-venv target/ci-venv

See README.md in this folder. Exit code: 0 when agreement >= the ratchet in `minimum`,
1 when it dropped below, 2 when a server could not be started.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE))

import httpx  # noqa: E402

import harness  # noqa: E402
import workflows  # noqa: E402,F401  (registers every workflow)
from harness import REGISTRY, MockTarget, RealTarget, compare_steps  # noqa: E402

DEFAULT_KEY = "ss-differential-env-key"
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs: list) -> None:
    """Ends the servers a run started: politely, then for good after 10 s."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS and not k.startswith("SECURESCAN_")}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.update(extra)
    return env


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code < 500:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def start_real(venv: Path, key: str, workdir: Path) -> tuple[str, subprocess.Popen]:
    """The real server, isolated: its DB, HOME and config live in `workdir`."""
    py = venv / "bin" / "python"
    if not py.exists():
        raise SystemExit(f"no python in --real-venv {venv} (create it: see README.md)")
    port = free_port()
    env = clean_env(
        HOME=str(workdir),
        XDG_CONFIG_HOME=str(workdir / ".config"),
        SECURESCAN_API_KEY=key,
        SECURESCAN_DATABASE_PATH=str(workdir / "securescan.db"),
        SECURESCAN_EVENT_TOKEN_SECRET="differential-event-token-secret",
    )
    log = open(workdir / "real.log", "wb")
    proc = subprocess.Popen(
        [str(py), "-m", "uvicorn", "securescan.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_http(url + "/health", 60, proc):
        proc.kill()
        raise SystemExit(f"the real server did not start; see {workdir / 'real.log'}")
    return url, proc


def mock_root(binary: Path) -> Path:
    """The checkout a secmock binary belongs to (…/target/debug/secmock → …): it loads that
    checkout's specs/ and scenarios/, not this one's."""
    for up in binary.parents:
        if (up / "specs").is_dir() and (up / "scenarios").is_dir():
            return up
    return REPO


def start_mock(binary: Path, scenario: str | None, workdir: Path, root: Path) -> tuple[str, subprocess.Popen]:
    """secmock on free ports with a manual clock; the SecureScan port is read from its banner."""
    if not binary.exists():
        raise SystemExit(f"no secmock binary at {binary} (cargo build, or pass --mock-bin/--mock-url)")
    cmd = [str(binary), "serve", "--clock", "manual", "--host", "127.0.0.1", "--admin-port", "0"]
    for api in ("dryrun", "kolega", "platform", "securescan"):
        cmd += ["--port", f"{api}=0"]
    if scenario:
        cmd += ["--scenario", str(Path(scenario).absolute()) if Path(scenario).is_file() else scenario]
    log_path = workdir / "secmock.log"
    proc = subprocess.Popen(cmd, cwd=root, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    found: dict = {}
    log = open(log_path, "wb")

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            log.flush()
            m = re.search(rb"securescan\s+(http://[0-9.]+:\d+)", line)
            if m and "url" not in found:
                found["url"] = m.group(1).decode()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 60
    while "url" not in found and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    if "url" not in found or not wait_http(found["url"] + "/health", 30, proc):
        proc.kill()
        raise SystemExit(f"secmock did not start; see {log_path}")
    return found["url"], proc


def scenario_env_key(scenario: str | None, root: Path = REPO) -> str | None:
    """The SecureScan environment key a secmock scenario declares (`apis.securescan.env_key`), if any.

    Read with a regex so the harness needs no YAML library; the real server is then started
    with the same key, so both sides accept the one key the harness sends."""
    name = scenario or "default"
    path = Path(name) if Path(name).suffix in (".yaml", ".yml") else root / "scenarios" / f"{name}.yaml"
    try:
        text = path.read_text()
    except OSError:
        return None
    m = re.search(r"^(\s+)securescan:\s*$", text, re.M)
    if not m:
        return None
    k = re.compile(r"^\s+env_key:\s*['\"]?([^'\"\s#]+)", re.M).search(text, m.end())
    return k.group(1) if k else None


def make_scan_dirs(root: Path) -> dict:
    """Small projects to scan: one with known-vulnerable files, one clean, one to fix between scans."""
    # An AWS key id the secrets scanners do not discard as the documentation example.
    aws_id = "AKIA" + "Q3EGRTSXJ5BWN7KZ"
    files = {
        "vulnerable/app.py": (
            "import subprocess\n\n"
            f'AWS_ACCESS_KEY_ID = "{aws_id}"\n'
            'AWS_SECRET_ACCESS_KEY = "Zp3x9Lq2Vw8Rt5Ny1Kb7Hc4Jd6Mf0Gs2Ae9Ui3Oq"\n\n\n'
            "def run(cmd):\n"
            "    return subprocess.call(cmd, shell=True)\n"
        ),
        "vulnerable/Dockerfile": 'FROM python:3.6\nUSER root\nRUN pip install flask\nCMD ["python", "app.py"]\n',
        "vulnerable/requirements.txt": "django==1.11.0\nrequests==2.19.0\npyyaml==5.1\n",
        "clean/README.md": "# nothing to see here\n",
        "clean/.gitignore": "*.pyc\n",
        "fixable/Dockerfile": "FROM python:3.6\nUSER root\nRUN pip install flask\n",
        "fixable/requirements.txt": "requests==2.19.0\n",
    }
    # Large enough that the real server is still busy with it ~1 s later: for cancel / 409.
    body = "def handler_{i}(request):\n    return eval(request.args['q'])\n" * 40
    for i in range(2000):
        files[f"large/mod_{i}.py"] = body.replace("{i}", str(i))
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return {name: str(root / name) for name in ("vulnerable", "clean", "fixable", "large")}


def kind_of(difference: str) -> str:
    for prefix, kind in (("status:", "status"), ("media type:", "media type"), ("detail:", "error wording"),
                         ("invariant:", "invariant"), ("step not reached", "not reached"), ("step only", "not reached")):
        if difference.startswith(prefix):
            return kind
    return "JSON shape"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real-url", help="a running real SecureScan (it must accept --key); default: start one")
    ap.add_argument("--real-venv", default=os.environ.get("SECURESCAN_VENV", str(REPO / "target" / "ci-venv")),
                    help="venv with securescan==0.11.12 installed (default: $SECURESCAN_VENV or target/ci-venv)")
    ap.add_argument("--mock-url", help="a running secmock's SecureScan base URL, e.g. http://127.0.0.1:4012; "
                    "it must run with --clock manual; default: start --mock-bin")
    ap.add_argument("--mock-bin", default=str(REPO / "target" / "debug" / "secmock"))
    ap.add_argument("--mock-scenario", help="scenario for the secmock it starts")
    ap.add_argument("--mock-root", help="checkout whose specs/ and scenarios/ secmock loads "
                    "(default: the one --mock-bin is built in)")
    ap.add_argument("--mock-admin-token", default=os.environ.get("SECMOCK_ADMIN_TOKEN"),
                    help="admin token of a --mock-url secmock (for /__secmock/ calls)")
    ap.add_argument("--no-reset", action="store_true", help="do not POST /__secmock/reset on a --mock-url")
    ap.add_argument("--key", help="the environment API key (all scopes) on both servers (default: the "
                    f"scenario's apis.securescan.env_key, else {DEFAULT_KEY})")
    ap.add_argument("--mock-key", help="a different environment key for secmock (default: --key)")
    ap.add_argument("--only", action="append", default=[], help="run only workflows whose area or name contains this")
    ap.add_argument("--report", default=str(REPO / "target" / "differential" / "securescan.json"))
    ap.add_argument("--minimum", default=str(HERE / "minimum"), help="ratchet file (percent)")
    ap.add_argument("--no-ratchet", action="store_true", help="always exit 0 once both servers ran")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every differing step")
    ap.add_argument("--list", action="store_true", help="list the workflows and exit")
    args = ap.parse_args()
    if args.list:
        for w in REGISTRY:
            print(f"{w.area:<18} {w.name:<40} {(w.fn.__doc__ or '').strip().splitlines()[0]}")
        return 0

    root = Path(args.mock_root).absolute() if args.mock_root else mock_root(Path(args.mock_bin).absolute())
    if not args.key:
        args.key = scenario_env_key(args.mock_scenario, root) or DEFAULT_KEY
    work = Path(tempfile.mkdtemp(prefix="securescan-diff-"))
    procs: list[subprocess.Popen] = []
    started = time.monotonic()
    try:
        if args.real_url:
            real_url = args.real_url
        else:
            (work / "real").mkdir()
            real_url, p = start_real(Path(args.real_venv).absolute(), args.key, work / "real")
            procs.append(p)
        if args.mock_url:
            mock_url = args.mock_url.rstrip("/")
            if not args.no_reset:
                h = {"Authorization": f"Bearer {args.mock_admin_token}"} if args.mock_admin_token else {}
                r = httpx.post(mock_url + "/__secmock/reset", headers=h, timeout=30, trust_env=False)
                if r.status_code != 200:
                    print(f"warning: POST /__secmock/reset answered {r.status_code}", file=sys.stderr)
        else:
            mock_url, p = start_mock(Path(args.mock_bin).absolute(), args.mock_scenario, work, root)
            procs.append(p)

        real = RealTarget(real_url, args.key)
        mock = MockTarget(mock_url, args.mock_key or args.key)
        mock.admin_token = args.mock_admin_token
        for t in (real, mock):
            t.dirs = make_scan_dirs(work / "scan" / t.name)
            t.scan_dir = t.dirs["vulnerable"]
        print(f"real     {real_url}\nsecmock  {mock_url}\nkey      {args.key}"
              + (f" (secmock: {args.mock_key})" if args.mock_key else "") + f"\nwork     {work}\n", flush=True)

        selected = [w for w in REGISTRY if not args.only or any(o in w.area or o in w.name for o in args.only)]
        results = []
        for wf in selected:
            r_real = harness.run_workflow(wf, real)
            r_mock = harness.run_workflow(wf, mock)
            results.append((wf, r_real, r_mock))
            if args.verbose:
                print(f"  ran {wf.area}/{wf.name}", flush=True)
        real.close()
        mock.close()
    finally:
        stop(procs)

    agree = total = 0
    rows = []
    report_wfs = []
    for wf, rr, rm in results:
        names = [s.name for s in rr.steps] + [s.name for s in rm.steps if s.name not in {x.name for x in rr.steps}]
        by_real = {s.name: s for s in rr.steps}
        by_mock = {s.name: s for s in rm.steps}
        wf_agree = 0
        diffs = []
        for n in names:
            d = compare_steps(by_real.get(n), by_mock.get(n), rr.error, rm.error)
            if d:
                s_r, s_m = by_real.get(n), by_mock.get(n)
                diffs.append({
                    "step": n,
                    "differences": d,
                    "real": s_r.summary() if s_r else None,
                    "secmock": s_m.summary() if s_m else None,
                })
            else:
                wf_agree += 1
        agree += wf_agree
        total += len(names)
        rows.append((wf.area, wf.name, wf_agree, len(names)))
        report_wfs.append({
            "area": wf.area,
            "workflow": wf.name,
            "doc": (wf.fn.__doc__ or "").strip(),
            "agree": wf_agree,
            "steps": len(names),
            "real_error": rr.error,
            # invariants that fail on the real server itself: a harness bug or a nondeterministic rule
            "real_failed_checks": [x.name for x in rr.steps if x.kind == "check" and not x.ok],
            "secmock_error": rm.error,
            "differences": diffs,
        })

    pct = 100.0 * agree / total if total else 0.0
    w_area = max([len(r[0]) for r in rows] + [4])
    w_name = max([len(r[1]) for r in rows] + [8])
    print(f"{'area':<{w_area}}  {'workflow':<{w_name}}  agree")
    for area, name, a, n in rows:
        mark = "" if a == n else "  <-"
        print(f"{area:<{w_area}}  {name:<{w_name}}  {a:>3}/{n:<3}{mark}")
    if args.verbose:
        print()
        for w in report_wfs:
            for d in w["differences"]:
                print(f"- {w['workflow']} / {d['step']}: " + "; ".join(d["differences"]))
    # Where the differences are: per area, and per kind of difference.
    by_area: dict = {}
    by_kind: dict = {}
    for w in report_wfs:
        a = by_area.setdefault(w["area"], [0, 0])
        a[0] += w["steps"] - w["agree"]
        a[1] += w["steps"]
        for d in w["differences"]:
            for k in {kind_of(x) for x in d["differences"]}:
                by_kind[k] = by_kind.get(k, 0) + 1
    print("\ndiffering steps by area:  " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in by_area.items()))
    print("differing steps by kind:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])))
    shaky = [(w["workflow"], n) for w in report_wfs for n in w["real_failed_checks"]]
    if shaky:
        print("\nwarning: invariants failing on the real server itself (a workflow to fix):")
        for wname, n in shaky:
            print(f"  {wname}: {n}")
    minimum = None
    if Path(args.minimum).exists():
        minimum = float(Path(args.minimum).read_text().split()[0])
    report = {
        "agreement": {"agree": agree, "steps": total, "percent": round(pct, 1), "minimum": minimum},
        "workflows": len(rows),
        "seconds": round(time.monotonic() - started, 1),
        "differing_steps_by_area": {k: {"differ": v[0], "steps": v[1]} for k, v in by_area.items()},
        "differing_steps_by_kind": by_kind,
        "results": report_wfs,
    }
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"\nworkflows: {len(rows)}; differences: {args.report}")
    print(f"agreement: {agree}/{total} steps ({pct:.1f}%)" + (f"; ratchet {minimum}%" if minimum is not None else ""))
    shutil.rmtree(work, ignore_errors=True)
    if minimum is not None and not args.no_ratchet and round(pct, 1) < minimum:
        print(f"FAIL: agreement {pct:.1f}% is below the ratchet {minimum}% ({args.minimum})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
