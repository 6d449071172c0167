//! What a finished scan batch does to a repository's findings, once, at its completion
//! time. Each known finding stands for an issue in its source's code from its first
//! detection until it is fixed (`fixed_at`): by its developers outside Kolega after a
//! time drawn from its id around the scan type's `finding_lifetime`, by a merged fix, or
//! as the scenario's history says. For each source scan that succeeded:
//! - every known finding of that source and scan type the code still holds is reported
//!   again: `last_detected_at` moves to the scan's time, and a `resolved` one (resolved
//!   by hand while the code still held it) is reopened (`reopened`);
//! - the catalog issues `detect` picks from the source's pool (each with the scan type's
//!   `detect_rate`) that no finding has yet are new findings (`detected`);
//! - an `open` finding of that source and scan type the code no longer holds is resolved
//!   (`resolved_auto`, naming the source scan). Other statuses are triage and stay.
//!
//! Everything is drawn from ids, so a clock jump and small steps give the same outcome.

use jiff::Timestamp;

use super::batch::ScanBatch;
use super::detect::{self, Candidate};
use super::events::Event;
use super::finding::{Finding, FindingContent};
use super::ids::uuid_from;
use super::repository::Repository;
use super::rules;
use super::state::Organization;
use super::timing::ScanTiming;
use super::vocabulary::{EventType, FindingStatus, ScanType};

/// Why `resolved_auto` happened, in its metadata.
const NO_LONGER_DETECTED: &str = "No longer detected by the latest scan";

/// One source scan of a batch, as its events name it.
struct SourceScan<'a> {
    batch_id: &'a str,
    scan_id: &'a str,
    scan_type: ScanType,
    at: Timestamp,
}

impl SourceScan<'_> {
    fn event(&self, idx: u32, kind: EventType) -> Event {
        let mut e = Event::new(idx, kind, self.at).meta("scan_batch_id", self.batch_id);
        e.scan_id = Some(self.scan_id.to_string());
        e
    }
}

/// Runs once per batch, when it finishes (`catch_up`).
pub(crate) fn materialize(org: &mut Organization, batch_idx: u32, at: Timestamp, timing: &ScanTiming) {
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
        let scan = SourceScan { batch_id: &batch_id, scan_id: &scan_id, scan_type, at };
        let (mut reported, new) = report(org, &repo, repo_idx, source, scan_type, &batch_id, at, timing);
        for idx in &reported {
            redetect(org, *idx, &scan);
        }
        for c in new {
            reported.push(create(org, repo_idx, source, &c, &scan, timing));
        }
        let same_code = |f: &Finding| f.repo == repo_idx && f.source == source && f.scan_type == scan_type;
        let missed: Vec<u32> = (0..org.findings.len() as u32)
            .filter(|i| {
                let f = &org.findings[*i as usize];
                same_code(f) && f.status == FindingStatus::Open && f.first_detected_at <= at && !f.in_code(at)
            })
            .collect();
        for idx in missed {
            resolve(org, idx, &scan);
        }
        found.push((source, reported.len() as u32));
        attributed.extend(reported);
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

/// What a source scan of batch `batch_id` reports at `at`: the known findings of its
/// source and scan type the code holds, and the catalog issues it picks that no finding
/// has yet.
#[allow(clippy::too_many_arguments)]
fn report(
    org: &Organization,
    repo: &Repository,
    repo_idx: u32,
    source: u16,
    scan_type: ScanType,
    batch_id: &str,
    at: Timestamp,
    timing: &ScanTiming,
) -> (Vec<u32>, Vec<Candidate>) {
    let known = (0..org.findings.len() as u32)
        .filter(|i| {
            let f = &org.findings[*i as usize];
            f.repo == repo_idx && f.source == source && f.scan_type == scan_type && f.in_code(at)
        })
        .collect();
    let new = detect::detected(batch_id, source, &detect::pool(repo, source, scan_type), timing.detect_rate)
        .into_iter()
        .filter(|c| !org.index.fingerprints.contains_key(&(repo_idx, c.fingerprint)))
        .collect();
    (known, new)
}

/// How many findings each source scan of a new batch will report when it finishes at
/// `done` (what its progress shows once that scan succeeded); only a merge before then
/// can change it.
pub(crate) fn plan_counts(org: &Organization, batch: &mut ScanBatch, done: Timestamp, timing: &ScanTiming) {
    let Some(repo) = org.repositories.get(batch.repo as usize) else { return };
    for scan in batch.scans.iter_mut().filter(|s| s.failure.is_none()) {
        let (known, new) = report(org, repo, batch.repo, scan.source, batch.scan_type, &batch.id, done, timing);
        scan.planned_findings = (known.len() + new.len()) as u32;
    }
}

/// A known finding reported again: detected now, and reopened if it had been resolved.
fn redetect(org: &mut Organization, idx: u32, scan: &SourceScan<'_>) {
    let previous = org.findings[idx as usize].status;
    let reopen = previous == FindingStatus::Resolved;
    let at = scan.at;
    org.update_finding(idx, |f| {
        f.last_detected_at = f.last_detected_at.max(at);
        f.updated_at = f.updated_at.max(at);
        if reopen {
            f.status = FindingStatus::Open;
            f.resolved_at = None;
        }
    });
    if reopen {
        let mut e = scan.event(idx, EventType::Reopened);
        e.previous = Some(previous);
        e.new = Some(FindingStatus::Open);
        org.record(e);
    }
}

/// An open finding the scan no longer reports.
fn resolve(org: &mut Organization, idx: u32, scan: &SourceScan<'_>) {
    let at = scan.at;
    org.update_finding(idx, |f| {
        f.status = FindingStatus::Resolved;
        f.resolved_at = Some(at);
        f.updated_at = f.updated_at.max(at);
    });
    let mut e = scan.event(idx, EventType::ResolvedAuto).meta("reason", NO_LONGER_DETECTED);
    e.previous = Some(FindingStatus::Open);
    e.new = Some(FindingStatus::Resolved);
    org.record(e);
}

/// A new finding for a catalog issue nobody had reported.
fn create(
    org: &mut Organization,
    repo: u32,
    source: u16,
    c: &Candidate,
    scan: &SourceScan<'_>,
    timing: &ScanTiming,
) -> u32 {
    let (at, rule) = (scan.at, detect::rule(c));
    let id = uuid_from(&[scan.batch_id.as_bytes(), &c.fingerprint.to_le_bytes()]);
    let finding = Finding {
        fixed_at: Some(at + timing.lifetime_of(&id)),
        id,
        repo,
        source,
        scan_type: scan.scan_type,
        severity: rules::severity(rule),
        status: FindingStatus::Open,
        content: FindingContent::Catalog { rule: c.rule, path: c.path },
        line: c.line,
        fingerprint: c.fingerprint,
        scan_id: Some(scan.scan_id.to_string()),
        first_detected_at: at,
        last_detected_at: at,
        resolved_at: None,
        updated_at: at,
    };
    let idx = org.add_finding(finding);
    let mut e = scan.event(idx, EventType::Detected);
    e.new = Some(FindingStatus::Open);
    org.record(e);
    idx
}
