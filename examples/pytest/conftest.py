"""A pytest fixture that runs secmock for a test session.

It starts the `secmock` binary on free ports with a manual clock, waits for the ready file
(`--ready-file`) and yields what the file says: each API's `url` and demo `credentials`
(under `apis`), and the admin API's `url` (under `admin`). Point `SECMOCK_BIN` at the
binary (default: `target/debug/secmock` of this checkout).

    def test_me(secmock):
        kolega = secmock["apis"]["kolega"]
        ...
"""

import json
import os
import pathlib
import subprocess
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def secmock():
    binary = os.environ.get("SECMOCK_BIN", str(ROOT / "target" / "debug" / "secmock"))
    with tempfile.TemporaryDirectory() as tmp:
        ready_file = pathlib.Path(tmp) / "ready.json"
        process = subprocess.Popen(
            [binary, "--free-ports", "--clock", "manual", "--ready-file", str(ready_file)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not ready_file.exists():
                if process.poll() is not None:
                    raise RuntimeError(f"secmock exited with {process.returncode} before it was ready")
                if time.monotonic() > deadline:
                    raise RuntimeError("secmock was not ready within 60 seconds")
                time.sleep(0.05)
            yield json.loads(ready_file.read_text())
        finally:
            process.terminate()
            process.wait(timeout=10)


def demo_key(api, prefix):
    """The first demo key of `prefix` the banner lines of an API show."""
    for line in api["credentials"]:
        for word in line.split():
            if word.startswith(prefix):
                return word
    raise LookupError(f"no {prefix} key in {api['credentials']}")
