//! SBOMs as stored (`SBOMDocument`), as listed (`SBOMHistoryItem`), and exported as
//! CycloneDX 1.5 or SPDX 2.3 the way SecureScan writes them.

use serde::Serialize;

use crate::apis::securescan::model::sbom::{Component, Sbom};
use crate::apis::securescan::model::time::naive;
use crate::formats::cyclonedx;

#[derive(Debug, Serialize)]
pub(crate) struct ComponentView<'a> {
    id: &'a str,
    sbom_id: &'a str,
    name: &'a str,
    version: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    purl: &'a str,
    license: Option<&'a str>,
    supplier: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SbomView<'a> {
    id: &'a str,
    scan_id: Option<&'a str>,
    target_path: &'a str,
    format: &'a str,
    components: Vec<ComponentView<'a>>,
    created_at: String,
}

impl<'a> SbomView<'a> {
    pub(crate) fn new(s: &'a Sbom) -> SbomView<'a> {
        let component = |c: &'a Component| ComponentView {
            id: &c.id,
            sbom_id: &s.id,
            name: &c.name,
            version: &c.version,
            kind: "library",
            purl: &c.purl,
            license: None,
            supplier: None,
        };
        SbomView {
            id: &s.id,
            scan_id: s.scan_id.as_deref(),
            target_path: &s.target_path,
            format: &s.format,
            components: s.components.iter().map(component).collect(),
            created_at: naive(s.created_at),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct HistoryItemView<'a> {
    id: &'a str,
    scan_id: Option<&'a str>,
    target_path: &'a str,
    format: &'a str,
    created_at: String,
    component_count: usize,
}

impl<'a> HistoryItemView<'a> {
    pub(crate) fn new(s: &'a Sbom) -> HistoryItemView<'a> {
        HistoryItemView {
            id: &s.id,
            scan_id: s.scan_id.as_deref(),
            target_path: &s.target_path,
            format: &s.format,
            created_at: naive(s.created_at),
            component_count: s.components.len(),
        }
    }
}

/// The document's name: the target folder's.
fn name_of(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(path)
}

/// The CycloneDX export, as SecureScan writes it.
pub(crate) fn cyclonedx(s: &Sbom) -> cyclonedx::Bom<'_> {
    let components =
        s.components.iter().map(|c| cyclonedx::Component::library(&c.name, &c.version, &c.purl, &c.id)).collect();
    cyclonedx::Bom::new(&s.id, naive(s.created_at), ("SecureScan", "1.0"), name_of(&s.target_path), components)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRef<'a> {
    reference_category: &'static str,
    reference_type: &'static str,
    reference_locator: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    name: &'a str,
    version_info: &'a str,
    download_location: &'static str,
    files_analyzed: bool,
    external_refs: [SpdxRef<'a>; 1],
    license_concluded: &'static str,
    license_declared: &'static str,
}

#[derive(Debug, Serialize)]
struct SpdxCreation {
    created: String,
    creators: [&'static str; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SpdxView<'a> {
    spdx_version: &'static str,
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: &'a str,
    document_namespace: String,
    document_describes: Vec<String>,
    packages: Vec<SpdxPackage<'a>>,
    creation_info: SpdxCreation,
}

impl<'a> SpdxView<'a> {
    pub(crate) fn new(s: &'a Sbom) -> SpdxView<'a> {
        let packages = s
            .components
            .iter()
            .map(|c| SpdxPackage {
                spdx_id: format!("SPDXRef-{}", c.id),
                name: &c.name,
                version_info: &c.version,
                download_location: "NOASSERTION",
                files_analyzed: false,
                external_refs: [SpdxRef {
                    reference_category: "PACKAGE-MANAGER",
                    reference_type: "purl",
                    reference_locator: &c.purl,
                }],
                license_concluded: "NOASSERTION",
                license_declared: "NOASSERTION",
            })
            .collect();
        SpdxView {
            spdx_version: "SPDX-2.3",
            data_license: "CC0-1.0",
            spdx_id: "SPDXRef-DOCUMENT",
            name: name_of(&s.target_path),
            document_namespace: format!("https://securescan.example.com/sbom/{}", s.id),
            document_describes: s.components.iter().map(|c| format!("SPDXRef-{}", c.id)).collect(),
            packages,
            creation_info: SpdxCreation { created: naive(s.created_at), creators: ["Tool: SecureScan-1.0"] },
        }
    }
}

/// A stored SBOM exported in `format` (`cyclonedx` or `spdx`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum ExportView<'a> {
    CycloneDx(cyclonedx::Bom<'a>),
    Spdx(SpdxView<'a>),
}

impl<'a> ExportView<'a> {
    pub(crate) fn new(s: &'a Sbom, format: &str) -> ExportView<'a> {
        if format == "spdx" { ExportView::Spdx(SpdxView::new(s)) } else { ExportView::CycloneDx(cyclonedx(s)) }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct GeneratedView<'a> {
    pub(crate) sbom_id: &'a str,
    pub(crate) format: &'a str,
    pub(crate) component_count: usize,
    pub(crate) document: ExportView<'a>,
}
