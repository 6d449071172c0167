//! Where a scan may point. SecureScan normalises `target_path` to an absolute path and
//! requires it to exist on its host; here a path exists if the scenario declares it or
//! it exists on the host secmock runs on. A declared target also says what the code is
//! (its stack, which rules hold in it) and which failures the scenario forces.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Stack;

/// A target the scenario declares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Target {
    /// Absolute and normalised.
    pub(crate) path: String,
    pub(crate) stack: Stack,
    /// The catalog rules that hold in it; `None`: a stable draw from the stack's rules.
    pub(crate) rules: Option<Vec<String>>,
    /// Scanners that fail on it, with their error text (`scanner.failed`).
    pub(crate) scanner_errors: BTreeMap<String, String>,
    /// The error a scan of it fails with (`scan.failed`), if any.
    pub(crate) scan_error: Option<String>,
    /// Whether it holds code (source or configuration) for code and secrets scanners.
    pub(crate) has_code: bool,
    /// Whether it holds a dependency manifest for dependency scanners.
    pub(crate) has_manifest: bool,
}

impl Target {
    /// A declared target: code and manifests, in its stack.
    pub(crate) fn declared(path: String, stack: Stack) -> Target {
        Target {
            path,
            stack,
            rules: None,
            scanner_errors: BTreeMap::new(),
            scan_error: None,
            has_code: true,
            has_manifest: true,
        }
    }

    /// An undeclared path on the host, read from the names of the files in it (or its
    /// own name, for a file): its stack from the manifest or sources it holds, and no
    /// code or dependency findings where it has no code or no manifest (a folder with a
    /// README only is clean).
    pub(crate) fn on_host(path: &str, names: &[String]) -> Target {
        let has = |ends: &[&str]| names.iter().any(|n| ends.iter().any(|e| n.ends_with(e)));
        let stack = if has(&["package.json", ".js", ".ts"]) {
            Stack::Node
        } else if has(&["pom.xml", "build.gradle", ".java"]) {
            Stack::Java
        } else if has(&["go.mod", ".go"]) {
            Stack::Go
        } else {
            Stack::Python
        };
        let mut target = Target::declared(path.to_string(), stack);
        target.has_manifest =
            has(&["requirements.txt", "pyproject.toml", "package.json", "pom.xml", "build.gradle", "go.mod"]);
        target.has_code = has(&[".py", ".js", ".ts", ".java", ".go", ".env", ".yml", ".yaml", ".tf", "Dockerfile"]);
        target
    }
}

/// Why a path cannot be scanned, in SecureScan's words.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathRefused {
    Missing(String),
    NotFileOrDirectory(String),
    SystemPath(String),
}

impl PathRefused {
    pub(crate) fn message(&self) -> String {
        match self {
            PathRefused::Missing(p) => format!("Path does not exist: {p}"),
            PathRefused::NotFileOrDirectory(p) => format!("Path is not a file or directory: {p}"),
            PathRefused::SystemPath(p) => format!("Scanning system path not allowed: {p}"),
        }
    }
}

/// Prefixes SecureScan refuses (a plain prefix test, so `/process` is refused too).
const SENSITIVE: [&str; 4] = ["/etc/shadow", "/root/.ssh", "/proc", "/sys"];

/// `os.path.abspath`: joined to `cwd` when relative, `.` and `..` resolved lexically,
/// repeated and trailing slashes dropped.
pub(crate) fn absolute(path: &str, cwd: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Checks a requested path as SecureScan does, in its order: exists, is a file or a
/// directory, is not a system path. `declared` finds a scenario target; `host` says
/// whether the path exists on the host and whether it is a file or directory.
pub(crate) fn check(
    requested: &str,
    normalized: &str,
    declared: bool,
    host: impl Fn(&str) -> Option<bool>,
) -> Result<(), PathRefused> {
    if !declared {
        match host(normalized) {
            None => return Err(PathRefused::Missing(requested.to_string())),
            Some(false) => return Err(PathRefused::NotFileOrDirectory(requested.to_string())),
            Some(true) => {}
        }
    }
    if SENSITIVE.iter().any(|s| normalized.starts_with(s)) {
        return Err(PathRefused::SystemPath(requested.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_like_abspath() {
        assert_eq!(absolute("/srv/repos/api/", "/x"), "/srv/repos/api");
        assert_eq!(absolute("repos/../api/./x", "/srv"), "/srv/api/x");
        assert_eq!(absolute("/", "/x"), "/");
    }

    #[test]
    fn missing_then_system_paths_are_refused_in_order() {
        let nowhere = |_: &str| None;
        assert_eq!(check("/nope", "/nope", false, nowhere), Err(PathRefused::Missing("/nope".into())));
        assert_eq!(check("/proc/1", "/proc/1", false, |_| Some(true)), Err(PathRefused::SystemPath("/proc/1".into())));
        assert!(check("/srv/app", "/srv/app", true, nowhere).is_ok());
    }

    #[test]
    fn a_host_folder_is_read_from_its_file_names() {
        let clean = Target::on_host("/tmp/clean", &["README.md".into(), ".gitignore".into()]);
        assert!(!clean.has_code && !clean.has_manifest);
        let node = Target::on_host("/tmp/web", &["package.json".into(), "index.js".into()]);
        assert_eq!((node.stack, node.has_code, node.has_manifest), (Stack::Node, true, true));
    }
}
