//! What a scan finds. Each (repository, source, scan type) has a fixed pool of issues
//! drawn from the catalog for the repository's stack; a scan reports a subset of its pool
//! chosen by the batch id. So the same batch always finds the same things, a second scan
//! of the same code re-detects most of what the first found (updating those findings
//! instead of duplicating them, and reopening resolved ones), and now and then turns up
//! something new, as a real scanner over a slowly changing codebase does.

use jiff::Timestamp;
use rand::RngExt;

use super::events::NewEvent;
use super::finding::{Finding, FindingContent};
use super::ids::{fingerprint, rng_for, uuid_from};
use super::repository::Repository;
use super::state::Organization;
use super::vocabulary::{EventType, FindingStatus, ScanType};
use crate::apis::kolega::model::rules::{self, Rule};

/// One issue a scanner can report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) rule: u16,
    pub(crate) path: u16,
    pub(crate) line: u32,
    pub(crate) fingerprint: u64,
}

fn pool_size(scan_type: ScanType) -> std::ops::RangeInclusive<usize> {
    match scan_type {
        ScanType::Secrets => 1..=4,
        ScanType::Semgrep => 4..=9,
        ScanType::DeepAi => 2..=5,
        ScanType::Sbom => 3..=7,
    }
}

/// Lines a finding of this type sits on (manifests and config files are short).
fn lines(scan_type: ScanType) -> std::ops::Range<u32> {
    match scan_type {
        ScanType::Sbom => 3..48,
        ScanType::Secrets => 4..90,
        ScanType::Semgrep | ScanType::DeepAi => 12..420,
    }
}

/// A finding's identity across scans: the same rule in the same file of the same source
/// (what re-detection matches on; the line may move between commits).
pub(crate) fn location(repo_id: &str, source: u16, check_id: &str, path: &str) -> u64 {
    fingerprint(&[repo_id.as_bytes(), &source.to_le_bytes(), check_id.as_bytes(), path.as_bytes()])
}

/// The issues a source repository holds for a scan type.
pub(crate) fn pool(repo: &Repository, source: u16, scan_type: ScanType) -> Vec<Candidate> {
    let mut rng = rng_for(&[repo.id.as_bytes(), &source.to_le_bytes(), scan_type.as_str().as_bytes(), b"pool"]);
    let rules = rules::rules();
    let mut choices: Vec<(u16, u16)> = rules::candidates(scan_type, repo.stack)
        .into_iter()
        .flat_map(|r| (0..rules[r as usize].paths.len() as u16).map(move |p| (r, p)))
        .collect();
    let size = rng.random_range(pool_size(scan_type)).min(choices.len());
    let (owner, pkg) = repo.owner_and_package();
    let mut pool = Vec::with_capacity(size);
    for _ in 0..size {
        let (rule, path) = choices.swap_remove(rng.random_range(0..choices.len()));
        let r = &rules[rule as usize];
        let file = rules::expand(&r.paths[path as usize], &owner, &pkg);
        let line = rng.random_range(lines(scan_type));
        pool.push(Candidate { rule, path, line, fingerprint: location(&repo.id, source, &r.id, &file) });
    }
    pool
}

/// What one batch's scan of a source reports: about four in five of the pool, never
/// nothing when the pool has something.
pub(crate) fn detected(batch_id: &str, source: u16, pool: &[Candidate]) -> Vec<Candidate> {
    let mut rng = rng_for(&[batch_id.as_bytes(), &source.to_le_bytes(), b"detect"]);
    let mut found: Vec<Candidate> = pool.iter().copied().filter(|_| rng.random_bool(0.8)).collect();
    if found.is_empty()
        && let Some(first) = pool.first()
    {
        found.push(*first);
    }
    found
}

pub(crate) fn rule(c: &Candidate) -> &'static Rule {
    &rules::rules()[c.rule as usize]
}

/// A finished batch's findings appear: new ones are created (`detected`), known ones are
/// re-detected (`reopened` if they had been resolved). Runs once per batch.
pub(crate) fn materialize(org: &mut Organization, batch_idx: u32, at: Timestamp) {
    let Some(batch) = org.batches.get(batch_idx as usize) else { return };
    if batch.materialized {
        return;
    }
    let (batch_id, repo_idx, scan_type) = (batch.id.clone(), batch.repo, batch.scan_type);
    let scans: Vec<(u16, String)> =
        batch.scans.iter().filter(|s| s.failure.is_none()).map(|s| (s.source, s.id.clone())).collect();
    let Some(repo) = org.repositories.get(repo_idx as usize).cloned() else { return };
    let mut attributed = Vec::new();
    let mut found = Vec::new();
    for (source, scan_id) in scans {
        let before = attributed.len();
        for c in detected(&batch_id, source, &pool(&repo, source, scan_type)) {
            let scan_event = |idx: u32, kind: EventType| {
                let mut e = NewEvent::new(idx, kind, at).meta("scan_batch_id", batch_id.clone());
                e.scan_id = Some(scan_id.clone());
                e
            };
            if let Some(&idx) = org.index.fingerprints.get(&(repo_idx, c.fingerprint)) {
                if org.findings[idx as usize].first_detected_at > at {
                    // Scenario history says it appeared later than this (past) scan.
                    continue;
                }
                let previous = org.findings[idx as usize].status;
                let reopen = previous == FindingStatus::Resolved;
                org.update_finding(idx, |f| {
                    f.last_detected_at = f.last_detected_at.max(at);
                    f.updated_at = f.updated_at.max(at);
                    if reopen {
                        f.status = FindingStatus::Open;
                        f.resolved_at = None;
                    }
                });
                if reopen {
                    let mut e = scan_event(idx, EventType::Reopened);
                    e.previous = Some(previous);
                    e.new = Some(FindingStatus::Open);
                    org.record(e);
                }
                attributed.push(idx);
                continue;
            }
            let finding = Finding {
                id: uuid_from(&[batch_id.as_bytes(), &c.fingerprint.to_le_bytes()]),
                repo: repo_idx,
                source,
                scan_type,
                severity: rules::severity(rule(&c)),
                status: FindingStatus::Open,
                content: FindingContent::Catalog { rule: c.rule, path: c.path },
                line: c.line,
                fingerprint: c.fingerprint,
                scan_id: Some(scan_id.clone()),
                first_detected_at: at,
                last_detected_at: at,
                resolved_at: None,
                updated_at: at,
            };
            let idx = org.add_finding(finding);
            let mut e = scan_event(idx, EventType::Detected);
            e.new = Some(FindingStatus::Open);
            org.record(e);
            attributed.push(idx);
        }
        found.push((source, (attributed.len() - before) as u32));
    }
    if let Some(repo) = org.repositories.get_mut(repo_idx as usize) {
        repo.updated_at = repo.updated_at.max(at);
    }
    if let Some(batch) = org.batches.get_mut(batch_idx as usize) {
        batch.findings = attributed;
        batch.materialized = true;
        for (source, n) in found {
            if let Some(scan) = batch.scans.iter_mut().find(|s| s.source == source) {
                scan.found = Some(n);
            }
        }
    }
}
