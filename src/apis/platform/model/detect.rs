//! What a completed scan reports: each rule its analyzers run, where the repository's
//! snapshot has that rule's snippet in a file the scan's globs select. The same issue found
//! again inherits the latest triage of its fingerprint.

use crate::fragments::Stamped;
use jiff::Timestamp;

use super::FindingStatus;
use super::finding::{Finding, StatusChange, globs, selected};
use super::ids::{sha256_hex, uuid_from};
use super::rules::{self, analyzer};
use super::source::snapshot;
use super::state::PlatformState;

/// Creates the findings of scan `s`, stamped `at` (its completion).
pub(crate) fn report(state: &mut PlatformState, s: usize, at: Timestamp) {
    let scan = &state.scans[s];
    let Some(repo) = state.repositories.iter().find(|r| r.id == scan.repo_id) else { return };
    let snap = snapshot(repo.ingest.stack, &repo.ingest.package);
    let include = globs(&scan.include).ok().flatten();
    let exclude = globs(&scan.exclude).ok().flatten();
    let mut found = Vec::new();
    for p in &snap.placements {
        let Some(rule) = rules::rule(p.rule) else { continue };
        if !scan.analyzers.contains(&analyzer(rule)) || !selected(&p.path, &include, &exclude) {
            continue;
        }
        let (start_line, end_line, snippet) = flagged(rule, p.start_line);
        let fingerprint = sha256_hex(format!("{}\0{}\0{}", rule.id, p.path, rule.snippet.trim()).as_bytes());
        let inherited = state
            .findings
            .iter()
            .filter(|f| f.repo_id == scan.repo_id && f.fingerprint == fingerprint)
            .max_by_key(|f| f.updated_at);
        let (status, note) = inherited.map_or((FindingStatus::Open, None), |f| (f.status, f.note.clone()));
        found.push(Finding {
            id: uuid_from(&[scan.id.as_bytes(), rule.id.as_bytes(), p.path.as_bytes()]),
            repo_id: scan.repo_id.clone(),
            project_id: scan.project_id.clone(),
            scan_id: scan.id.clone(),
            rule: p.rule,
            file_path: p.path.clone(),
            start_line,
            end_line,
            snippet,
            fingerprint,
            status,
            note: note.clone(),
            history: vec![StatusChange { status, note, changed_by: None, changed_at: at }],
            created_at: at,
            updated_at: at,
        });
    }
    state.findings.extend(found.into_iter().map(Stamped::new));
    state.scans[s].reported = true;
}

/// The lines a rule flags in its snippet placed from `first`: the run its patch replaces
/// (the vulnerable line itself), or the whole snippet for a patch that only inserts.
fn flagged(rule: &rules::Rule, first: u32) -> (u32, u32, String) {
    let lines = rule.snippet_lines();
    let (at, len) = match rule.patch_at() {
        Some(at) if !rule.patch.removed.is_empty() => (at, rule.patch.removed.len()),
        _ => (0, lines.len().max(1)),
    };
    let end = (at + len).min(lines.len());
    let snippet = lines.get(at..end).map(|l| l.join("\n")).unwrap_or_default();
    (first + at as u32, first + end.saturating_sub(1).max(at) as u32, snippet)
}
