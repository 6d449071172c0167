//! What a completed scan reports: each rule its analyzers run, where the repository's
//! snapshot has that rule's snippet in a file the scan's globs select. The same issue found
//! again inherits the latest triage of its fingerprint.

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
            start_line: p.start_line,
            end_line: p.end_line,
            fingerprint,
            status,
            note: note.clone(),
            history: vec![StatusChange { status, note, changed_by: None, changed_at: at }],
            created_at: at,
            updated_at: at,
        });
    }
    state.findings.extend(found);
    state.scans[s].reported = true;
}
