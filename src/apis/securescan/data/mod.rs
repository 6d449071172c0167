//! Facts SecureScan 0.11.12 ships as data: what its dashboard says of each scanner, and
//! its compliance frameworks (each control with the CWEs and title keywords that tag a
//! finding as violating it). Built into the binary, parsed once; a unit test checks them.

use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScannerText {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) checks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Control {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) cwes: Vec<String>,
    pub(crate) keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Framework {
    pub(crate) id: String,
    pub(crate) framework: String,
    pub(crate) version: String,
    pub(crate) controls: Vec<Control>,
}

fn parse<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    // Checked by the unit test below; an empty table is the fallback, never a panic.
    yaml_serde::from_str(text).unwrap_or_default()
}

static SCANNERS: LazyLock<Vec<ScannerText>> = LazyLock::new(|| parse(include_str!("scanners.yaml")));
static FRAMEWORKS: LazyLock<Vec<Framework>> = LazyLock::new(|| parse(include_str!("compliance.yaml")));

pub(crate) fn scanner_text(name: &str) -> Option<&'static ScannerText> {
    SCANNERS.iter().find(|s| s.name == name)
}

pub(crate) fn frameworks() -> &'static [Framework] {
    &FRAMEWORKS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_parse_and_cover_the_registry() {
        assert_eq!(SCANNERS.len(), 14);
        assert_eq!(frameworks().len(), 4);
        assert!(frameworks().iter().all(|f| !f.controls.is_empty()));
    }
}
