//! Document formats that scanners export (SARIF logs, CycloneDX bills of materials) the manifests SBOMs are read from, and HTML escaping, as
//! typed documents. An API fills one in from its own model, in its own words (its tool
//! name, its severity levels, its fingerprint key); the format's shape is written once.

pub(crate) mod cyclonedx;
pub(crate) mod html;
pub(crate) mod manifest;
pub(crate) mod sarif;
