//! What the binary carries: the shipped specs and scenarios, listed by `build.rs` from
//! `specs/*/openapi.yaml` and `scenarios/*.yaml` (the docs pages' assets are compiled in
//! by `docs`). With them `secmock` runs from any directory, and `cargo install` gives a
//! working binary; `--specs` and `--scenarios-dir` add to them or replace them. The specs
//! are carried as JSON that `build.rs` converted from their YAML (the admin API's too,
//! which `admin` includes itself): reading them was most of start-up, and JSON reads about
//! ten times faster.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The spec entry that stands for the shipped specs (the default of `--specs`).
pub(crate) const BUNDLED_SPECS: &str = "@bundled";

/// The shipped specs: (path as in the repository, the document as JSON).
pub(crate) fn specs() -> &'static [(&'static str, &'static str)] {
    SPECS
}

/// A shipped scenario's text by name.
pub(crate) fn scenario(name: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// The shipped scenarios' names, sorted.
pub(crate) fn scenario_names() -> impl Iterator<Item = &'static str> {
    SCENARIOS.iter().map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The table is the folders: nothing shipped is missing, nothing listed is stale.
    #[test]
    fn the_tables_match_the_folders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join("specs"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().join("openapi.yaml").is_file())
            .map(|e| format!("specs/{}/openapi.yaml", e.file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = crate::bundled::specs().iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(listed, on_disk);
        assert_eq!(listed.len(), 4);
        let scenarios: Vec<&str> = crate::bundled::scenario_names().collect();
        assert!(scenarios.contains(&"default") && scenarios.contains(&"securescan-ci"), "{scenarios:?}");
        let yaml = |path: &Path| -> serde_json::Value {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let json = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap_or_default() };
        // The JSON is exactly the YAML's document: same keys in the same order, same numbers.
        for (path, text) in crate::bundled::specs() {
            assert_eq!(json(text), yaml(&root.join(path)), "{path}");
        }
        let admin = include_str!(concat!(env!("OUT_DIR"), "/admin_openapi.json"));
        assert_eq!(json(admin), yaml(&root.join("src/admin/openapi.yaml")));
    }

    /// Every file vendored for the docs pages is compiled in (`docs::asset` serves it).
    #[test]
    fn every_docs_asset_is_compiled_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/docs");
        for viewer in ["swagger-ui", "redoc"] {
            for entry in std::fs::read_dir(root.join(viewer)).into_iter().flatten().filter_map(Result::ok) {
                let name = format!("{viewer}/{}", entry.file_name().to_string_lossy());
                assert!(crate::docs::asset(&name).is_some(), "{name} is vendored but not served");
            }
        }
    }
}
