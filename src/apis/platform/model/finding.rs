//! Findings: what a completed scan reports, located in the repository's own snapshot (each
//! rule's snippet where `source` placed it), with a triage status and its history. The
//! same issue found by a later scan is a new finding with the same fingerprint, which
//! inherits the latest triage of that fingerprint.

use globset::{Glob, GlobSet, GlobSetBuilder};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::rules;
use super::{FindingStatus, Severity};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StatusChange {
    pub(crate) status: FindingStatus,
    pub(crate) note: Option<String>,
    pub(crate) changed_by: Option<String>,
    pub(crate) changed_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub(crate) id: String,
    pub(crate) repo_id: String,
    pub(crate) project_id: String,
    pub(crate) scan_id: String,
    /// Index of its rule in the catalog.
    pub(crate) rule: u16,
    pub(crate) file_path: String,
    pub(crate) start_line: u32,
    pub(crate) end_line: u32,
    /// The flagged lines, as they stand in the file.
    #[serde(default)]
    pub(crate) snippet: String,
    pub(crate) fingerprint: String,
    pub(crate) status: FindingStatus,
    pub(crate) note: Option<String>,
    pub(crate) history: Vec<StatusChange>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

impl Finding {
    pub(crate) fn severity(&self) -> Severity {
        rules::rule(self.rule).map_or(Severity::Info, rules::severity)
    }

    /// Records a triage decision (even an unchanged status: a note is news too).
    pub(crate) fn set_status(&mut self, status: FindingStatus, note: Option<String>, by: &str, at: Timestamp) {
        self.status = status;
        self.note = note.clone();
        self.updated_at = at;
        self.history.push(StatusChange { status, note, changed_by: Some(by.to_string()), changed_at: at });
    }
}

/// The order findings are listed in: severity (critical first), then file, then line.
pub(crate) fn ordered<F: std::ops::Deref<Target = Finding>>(found: Vec<&F>) -> Vec<&F> {
    ordered_by(found, |f| f)
}

/// [`ordered`] for anything that holds a finding (`finding` reads it).
pub(crate) fn ordered_by<T>(found: Vec<T>, finding: impl Fn(&T) -> &Finding) -> Vec<T> {
    // A finding's severity is its rule's, looked up in the catalog: once per finding, not
    // once per comparison (that was a fifth of what a list of 50 cost).
    let mut keyed: Vec<(Severity, T)> = found.into_iter().map(|f| (finding(&f).severity(), f)).collect();
    keyed.sort_by(|(sa, a), (sb, b)| {
        let (a, b) = (finding(a), finding(b));
        (sa, &a.file_path, a.start_line, &a.id).cmp(&(sb, &b.file_path, b.start_line, &b.id))
    });
    keyed.into_iter().map(|(_, f)| f).collect()
}

/// The globs of a scan's `include`/`exclude`, or the first pattern that is not one.
pub(crate) fn globs(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        set.add(Glob::new(p).map_err(|_| p.clone())?);
    }
    set.build().map(Some).map_err(|e| e.to_string())
}

/// Whether a file is selected by `include` (empty: every file) and not by `exclude`.
pub(crate) fn selected(path: &str, include: &Option<GlobSet>, exclude: &Option<GlobSet>) -> bool {
    include.as_ref().is_none_or(|g| g.is_match(path)) && exclude.as_ref().is_none_or(|g| !g.is_match(path))
}
