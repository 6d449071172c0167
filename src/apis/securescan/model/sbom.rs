//! Software bills of materials. SecureScan builds one from the manifests it finds under
//! a path (`requirements.txt`, `package.json`): here a host path's own manifests, or for
//! a declared target the manifests the shared catalog's dependency rules for its stack
//! pin (the same pins its dependency findings come from). Components are deduplicated
//! by purl and sorted by name, version and purl.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::targets::Target;
use crate::catalog::{self, Scanner};

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

/// `name==version` (or any comparison) lines; a bare name is version `unknown`.
fn requirements(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
            continue;
        }
        let line = line.split('#').next().unwrap_or_default().trim();
        let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c))).unwrap_or(line.len());
        let name = &line[..name_end];
        if name.is_empty() {
            continue;
        }
        let rest = line[name_end..].trim_start();
        let ops = rest.trim_start_matches(|c: char| "=><!^~".contains(c));
        let version = if ops.len() < rest.len() {
            ops.trim_start().split(|c: char| c.is_whitespace() || c == ',' || c == ';').next().unwrap_or_default()
        } else {
            ""
        };
        let version = if version.is_empty() { "unknown" } else { version };
        out.push((name.to_string(), version.to_string(), format!("pkg:pypi/{}@{version}", name.to_lowercase())));
    }
    out
}

/// `dependencies`, `devDependencies` and `peerDependencies`, ranges stripped.
fn package_json(text: &str) -> Vec<(String, String, String)> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let mut out = Vec::new();
    for section in ["dependencies", "devDependencies", "peerDependencies"] {
        let Some(deps) = doc.get(section).and_then(|d| d.as_object()) else { continue };
        for (name, spec) in deps {
            let Some(spec) = spec.as_str() else { continue };
            let version = spec.trim_start_matches(|c: char| "^~>=< ".contains(c));
            let version = if version.is_empty() { "unknown" } else { version };
            out.push((name.clone(), version.to_string(), format!("pkg:npm/{name}@{version}")));
        }
    }
    out
}

/// The components of `manifests`, deduplicated and sorted; ids come from `new_id`.
pub(crate) fn components(manifests: &[Manifest], mut new_id: impl FnMut() -> String) -> Vec<Component> {
    let mut found: Vec<(String, String, String)> = Vec::new();
    for (name, text) in manifests {
        if name.ends_with("requirements.txt") {
            found.extend(requirements(text));
        } else if name.ends_with("package.json") {
            found.extend(package_json(text));
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|(_, _, purl)| seen.insert(purl.clone()));
    found.sort();
    found.into_iter().map(|(name, version, purl)| Component { id: new_id(), name, version, purl }).collect()
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
