//! A repository's source snapshot, generated from the catalog to fit its stack: the
//! stack's skeleton files, and each rule the stack can have placed in the rule's first
//! candidate file, its vulnerable snippet at a known line. Findings point at those lines,
//! so every finding's path is in the tree and its line range is in that file's content.
//! The same stack and package always give the same snapshot; it is never stored.

use std::collections::BTreeMap;

use super::rules::{Stack, expand, rules};

/// One file of the snapshot.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub(crate) path: String,
    pub(crate) content: String,
}

impl SourceFile {
    pub(crate) fn language(&self) -> Option<&'static str> {
        language(&self.path)
    }
}

/// Where a rule's snippet stands: its file and first line (1-based).
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    pub(crate) rule: u16,
    pub(crate) path: String,
    pub(crate) start_line: u32,
}

#[derive(Debug)]
pub(crate) struct Snapshot {
    /// Ordered by path.
    pub(crate) files: Vec<SourceFile>,
    pub(crate) placements: Vec<Placement>,
}

impl Snapshot {
    pub(crate) fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub(crate) fn size_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.content.len() as u64).sum()
    }

    /// Languages, most lines first (ties by name).
    pub(crate) fn languages(&self) -> Vec<&'static str> {
        let mut lines: BTreeMap<&'static str, usize> = BTreeMap::new();
        for f in &self.files {
            if let Some(l) = f.language() {
                *lines.entry(l).or_default() += f.content.lines().count();
            }
        }
        let mut ordered: Vec<(&'static str, usize)> = lines.into_iter().collect();
        ordered.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ordered.into_iter().map(|(l, _)| l).collect()
    }
}

/// The snapshot of a `stack` repository whose code calls itself `package`.
pub(crate) fn snapshot(stack: Stack, package: &str) -> Snapshot {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for skeleton in stack.skeleton() {
        let lines = expand(&skeleton.lines, package, package).lines().map(str::to_string).collect();
        files.insert(expand(&skeleton.path, package, package), lines);
    }
    let mut placements = Vec::new();
    for (index, rule) in rules().iter().enumerate() {
        let (Some(template), Ok(index)) = (rule.paths.first(), u16::try_from(index)) else { continue };
        if rule.stack.is_some_and(|s| s != stack) {
            continue;
        }
        let path = expand(template, package, package);
        let lines = files.entry(path.clone()).or_default();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let start = lines.len() + 1;
        lines.extend(rule.snippet.lines().map(str::to_string));
        placements.push(Placement { rule: index, path, start_line: start as u32 });
    }
    let files = files.into_iter().map(|(path, lines)| SourceFile { path, content: lines.join("\n") + "\n" }).collect();
    Snapshot { files, placements }
}

/// The language of a file, by its name (lower-case, as the platform reports it).
pub(crate) fn language(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "Dockerfile" {
        return Some("dockerfile");
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "py" => "python",
        "ts" => "typescript",
        "js" => "javascript",
        "java" => "java",
        "go" => "go",
        "tf" => "hcl",
        "yml" | "yaml" => "yaml",
        "json" => "json",
        "md" => "markdown",
        "xml" => "xml",
        "toml" => "toml",
        "gradle" => "groovy",
        "properties" => "properties",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placement_is_a_run_of_its_file() {
        for stack in Stack::ALL {
            let snap = snapshot(stack, "payments");
            assert!(!snap.placements.is_empty());
            for p in &snap.placements {
                let file = snap.file(&p.path).expect("placed in a listed file");
                let lines: Vec<&str> = file.content.lines().collect();
                let first = rules()[p.rule as usize].snippet.lines().next().unwrap_or_default();
                assert_eq!(lines.get(p.start_line as usize - 1).copied(), Some(first), "{stack:?} {}", p.path);
                let count = rules()[p.rule as usize].snippet.lines().count();
                assert!(p.start_line as usize - 1 + count <= lines.len());
            }
        }
    }
}
