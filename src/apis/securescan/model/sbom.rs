//! Software bills of materials. SecureScan builds one from the manifests it finds under
//! a path (`requirements.txt`, `package.json`): here a host path's own manifests, or for
//! a declared target the manifests the shared catalog's dependency rules for its stack
//! pin (the same pins its dependency findings come from). Components are deduplicated
//! by purl and sorted by name, version and purl.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::targets::Target;
use crate::catalog::{self, Scanner};
use crate::formats::manifest;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Component {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) purl: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sbom {
    pub(crate) id: String,
    pub(crate) scan_id: Option<String>,
    pub(crate) target_path: String,
    /// `cyclonedx` or `spdx`: the format it was generated in.
    pub(crate) format: String,
    pub(crate) components: Vec<Component>,
    pub(crate) created_at: Timestamp,
}

/// A manifest's name and text.
pub(crate) type Manifest = (String, String);

/// The components of `manifests`, deduplicated and sorted; ids come from `new_id`.
pub(crate) fn components(manifests: &[Manifest], mut new_id: impl FnMut() -> String) -> Vec<Component> {
    manifest::packages(manifests.iter().map(|(name, text)| (name.as_str(), text.as_str())))
        .into_iter()
        .map(|p| Component { id: new_id(), name: p.name, version: p.version, purl: p.purl })
        .collect()
}

/// The manifests of a declared target: the catalog's dependency snippets for its stack.
pub(crate) fn catalog_manifests(target: &Target) -> Vec<Manifest> {
    catalog::rules()
        .iter()
        .filter(|r| r.scanner == Scanner::Dependency && r.stack.is_none_or(|s| s == target.stack))
        .filter_map(|r| r.paths.first().map(|p| (p.clone(), r.snippet.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_are_read_as_securescan_reads_them() {
        let manifests = vec![
            ("requirements.txt".to_string(), "django==1.11.0\n# c\nrequests>=2.19.0\npyyaml\n-r x.txt\n".to_string()),
            ("package.json".to_string(), r#"{"dependencies": {"lodash": "^4.17.20"}}"#.to_string()),
        ];
        let mut n = 0;
        let list = components(&manifests, || {
            n += 1;
            n.to_string()
        });
        let purls: Vec<&str> = list.iter().map(|c| c.purl.as_str()).collect();
        assert_eq!(
            purls,
            ["pkg:pypi/django@1.11.0", "pkg:npm/lodash@4.17.20", "pkg:pypi/pyyaml@unknown", "pkg:pypi/requests@2.19.0"]
        );
    }
}
