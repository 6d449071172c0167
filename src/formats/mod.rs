//! Document formats that scanners export (SARIF logs, CycloneDX bills of materials) and the manifests SBOMs are read from, as
//! typed documents. An API fills one in from its own model, in its own words (its tool
//! name, its severity levels, its fingerprint key); the format's shape is written once.

pub(crate) mod cyclonedx;
pub(crate) mod manifest;
pub(crate) mod sarif;
