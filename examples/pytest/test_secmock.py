"""secmock from pytest: a Kolega scan that completes when the test moves the clock, and a
reset between tests. Run: `pytest examples/pytest` (needs httpx)."""

import httpx

from conftest import demo_key


def advance(secmock, by):
    """Moves the virtual clock (and runs whatever falls due)."""
    response = httpx.post(f"{secmock['admin']['url']}/clock/advance", json={"by": by})
    response.raise_for_status()


def test_a_kolega_scan_completes_when_the_clock_moves(secmock):
    kolega = secmock["apis"]["kolega"]
    client = httpx.Client(base_url=kolega["url"], headers={"Authorization": f"Bearer {demo_key(kolega, 'kcp_live_')}"})
    repositories = client.get("/api/v1/repositories").json()["items"]
    repository = repositories[0]["id"]
    batch = client.post(f"/api/v1/repositories/{repository}/scans", json={"scan_type": "secrets_scan"})
    assert batch.status_code == 202
    progress_url = f"/api/v1/repositories/{repository}/scans/{batch.json()['batch_id']}/progress"
    assert client.get(progress_url).json()["status"] == "queued"
    advance(secmock, "1h")
    assert client.get(progress_url).json()["status"] in ("completed", "partial_failure", "failed")


def test_a_reset_puts_the_scenario_back(secmock):
    admin = secmock["admin"]["url"]
    assert httpx.post(f"{admin}/reset").status_code in (200, 204)
    health = httpx.get(f"{admin}/health").json()
    assert health["scenario"] == "default"
