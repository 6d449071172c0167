//! Dependency manifests read to packages with their purls: `requirements.txt` (a
//! `name==version` line, any comparison; a bare name is version `unknown`) and
//! `package.json` (dependencies of every kind, ranges stripped). Other files list nothing.

/// A package a manifest pins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Package {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) purl: String,
}

/// The packages of `(file name, text)` manifests, deduplicated by purl and sorted by
/// name, version and purl.
pub(crate) fn packages<'a>(manifests: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Package> {
    let mut found = Vec::new();
    for (name, text) in manifests {
        if name.ends_with("requirements.txt") {
            found.extend(requirements(text));
        } else if name.ends_with("package.json") {
            found.extend(package_json(text));
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(p.purl.clone()));
    found.sort();
    found
}

/// `name==version` (or any comparison) lines; a bare name is version `unknown`.
fn requirements(text: &str) -> Vec<Package> {
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
        out.push(Package {
            name: name.to_string(),
            version: version.to_string(),
            purl: format!("pkg:pypi/{}@{version}", name.to_lowercase()),
        });
    }
    out
}

/// `dependencies`, `devDependencies` and `peerDependencies`, ranges stripped.
fn package_json(text: &str) -> Vec<Package> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let mut out = Vec::new();
    for section in ["dependencies", "devDependencies", "peerDependencies"] {
        let Some(deps) = doc.get(section).and_then(|d| d.as_object()) else { continue };
        for (name, spec) in deps {
            let Some(spec) = spec.as_str() else { continue };
            let version = spec.trim_start_matches(|c: char| "^~>=< ".contains(c));
            let version = if version.is_empty() { "unknown" } else { version };
            out.push(Package {
                name: name.clone(),
                version: version.to_string(),
                purl: format!("pkg:npm/{name}@{version}"),
            });
        }
    }
    out
}
