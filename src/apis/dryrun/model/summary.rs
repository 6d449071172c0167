//! A PR scan's developer-facing summary: how many issues, the titles of the three most
//! severe, and the first sentence of the most severe one's description. A generated scan
//! keeps none and has it written when shown (its findings never change what the summary
//! reads), rather than holding ~250 bytes per scan; a scenario's own summary is kept.

use std::borrow::Cow;

use super::finding::Finding;
use super::state::DryRunState;

impl DryRunState {
    /// PR scan `s`'s summary.
    pub(crate) fn pr_summary(&self, s: usize) -> Cow<'_, str> {
        let scan = &self.pr_scans[s];
        match &scan.summary {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(summary(scan.findings.iter().filter_map(|&f| self.findings.get(f).map(|f| &**f)))),
        }
    }
}

/// The summary of a scan that reports `findings`.
pub(crate) fn summary<'a>(findings: impl Iterator<Item = &'a Finding>) -> String {
    let mut ordered: Vec<&Finding> = findings.collect();
    if ordered.is_empty() {
        return "No security issues found in this change.".into();
    }
    ordered.sort_by_key(|f| f.severity.rank());
    let mut titles: Vec<&str> = Vec::new();
    for f in &ordered {
        if !titles.contains(&&*f.title) && titles.len() < 3 {
            titles.push(&f.title);
        }
    }
    let count = ordered.len();
    let lead = ordered.first().map(|f| first_sentence(&f.description())).unwrap_or_default();
    format!(
        "This PR introduces {count} potential security issue{} ({}). {lead} Review the flagged lines before merging.",
        if count == 1 { "" } else { "s" },
        titles.join(", ")
    )
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None if text.ends_with('.') => text.to_string(),
        None => format!("{text}."),
    }
}
