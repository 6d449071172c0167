//! Compliance as SecureScan maps it: a finding is tagged with every control whose CWEs
//! include its CWE or one of whose keywords its title contains; a scan's coverage per
//! framework is which controls its findings violate.

use crate::apis::securescan::data::{self, Control, Framework};

/// The controls a finding with this CWE and title violates, sorted.
pub(crate) fn tags(cwe: Option<&str>, title: &str) -> Vec<String> {
    let cwe = cwe.map(|c| {
        let c = c.trim();
        if c.starts_with("CWE-") {
            c.to_string()
        } else {
            format!("CWE-{}", c.rsplit([':', '-']).next().unwrap_or(c).trim())
        }
    });
    let title = title.to_lowercase();
    let mut tags: Vec<String> = data::frameworks()
        .iter()
        .flat_map(|f| &f.controls)
        .filter(|c| {
            cwe.as_ref().is_some_and(|cwe| c.cwes.contains(cwe))
                || c.keywords.iter().any(|k| title.contains(&k.to_lowercase()))
        })
        .map(|c| c.id.clone())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// One framework's coverage by a scan's findings.
#[derive(Debug)]
pub(crate) struct Coverage {
    pub(crate) framework: &'static Framework,
    pub(crate) violated: Vec<&'static Control>,
    pub(crate) clear: Vec<&'static Control>,
}

/// Coverage by findings carrying these tags (one slice per finding).
pub(crate) fn coverage(tagged: &[&[String]]) -> Vec<Coverage> {
    data::frameworks()
        .iter()
        .map(|framework| {
            let hit = |c: &Control| tagged.iter().any(|tags| tags.contains(&c.id));
            let mut violated: Vec<&Control> = framework.controls.iter().filter(|c| hit(c)).collect();
            let mut clear: Vec<&Control> = framework.controls.iter().filter(|c| !hit(c)).collect();
            violated.sort_by(|a, b| a.id.cmp(&b.id));
            clear.sort_by(|a, b| a.id.cmp(&b.id));
            Coverage { framework, violated, clear }
        })
        .collect()
}
