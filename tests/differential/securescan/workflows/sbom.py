"""SBOM: generate CycloneDX / SPDX for a project, read it back, export, history."""

from __future__ import annotations

from .common import UNKNOWN_ID
from harness import V1, Client, workflow


def _generate(c: Client, name: str, fmt: str | None = "cyclonedx", scan_id: str | None = None, path: str | None = None):
    params = {"target_path": path or c.t.scan_dir}
    if fmt:
        params["format"] = fmt
    if scan_id:
        params["scan_id"] = scan_id
    return c.post(name, f"{V1}/sbom/generate", params=params, depth=3)


@workflow("SBOM")
def sbom_cyclonedx_generate_then_get(c: Client):
    """Generate CycloneDX, then read the stored document and find it in the history."""
    r = _generate(c, "generate CycloneDX")
    sid = r.get("sbom_id")
    c.check("a CycloneDX document", r.get("document", "bomFormat") == "CycloneDX")
    comps = r.get("document", "components") or []
    c.check("component_count matches the document", r.get("component_count") == len(comps))
    c.check("requirements.txt pins are components", {"django", "requests", "pyyaml"} <= {x.get("name", "").lower() for x in comps})
    g = c.get("read the SBOM", f"{V1}/sbom/{sid}", depth=2)
    c.check("the stored SBOM has the same components", len(g.get("components") or []) == r.get("component_count"))
    h = c.get("SBOM history", f"{V1}/sbom/history", depth=2)
    c.check("the history holds it", any(x.get("id") == sid for x in h.list() if isinstance(x, dict)))


@workflow("SBOM")
def sbom_spdx_and_export(c: Client):
    """Generate SPDX; export the same SBOM in both formats."""
    r = _generate(c, "generate SPDX", "spdx")
    sid = r.get("sbom_id")
    c.check("an SPDX document", str(r.get("document", "spdxVersion") or "").startswith("SPDX-"))
    e1 = c.get("export as CycloneDX", f"{V1}/sbom/{sid}/export", depth=2)
    c.check("exported CycloneDX", e1.get("bomFormat") == "CycloneDX")
    e2 = c.get("export as SPDX", f"{V1}/sbom/{sid}/export", params={"format": "spdx"}, depth=2)
    c.check("exported SPDX has the packages", len(e2.get("packages") or []) == r.get("component_count"))


@workflow("SBOM")
def sbom_linked_to_a_scan(c: Client):
    """An SBOM generated with scan_id is listed under that scan."""
    s = c.completed_scan(types=["dependency"])
    r = _generate(c, "generate for the scan", scan_id=s["id"])
    lst = c.get("SBOMs of the scan", f"{V1}/sbom/scan/{s['id']}", depth=2)
    c.check("the scan's SBOM list holds it", [x.get("id") for x in lst.list() if isinstance(x, dict)] == [r.get("sbom_id")])
    c.get("SBOMs of an unknown scan", f"{V1}/sbom/scan/{UNKNOWN_ID}")


@workflow("SBOM")
def sbom_errors(c: Client):
    """Bad format is 400; unknown SBOM is 404; target_path is required."""
    _generate(c, "generate as XML", "xml")
    c.get("read unknown SBOM", f"{V1}/sbom/{UNKNOWN_ID}")
    c.get("export unknown SBOM", f"{V1}/sbom/{UNKNOWN_ID}/export")
    c.post("generate without target_path", f"{V1}/sbom/generate")
    r = _generate(c, "generate CycloneDX")
    c.get("export as XML", f"{V1}/sbom/{r.get('sbom_id')}/export", params={"format": "xml"})


@workflow("SBOM")
def sbom_history_newest_first(c: Client):
    """The SBOM history is newest first."""
    a = _generate(c, "generate first")
    b = _generate(c, "generate second", "spdx")
    ids = [x.get("id") for x in c.get("SBOM history", f"{V1}/sbom/history", depth=2).list() if isinstance(x, dict)]
    c.check("the newer SBOM comes first", a.get("sbom_id") in ids and b.get("sbom_id") in ids
            and ids.index(b.get("sbom_id")) < ids.index(a.get("sbom_id")))
