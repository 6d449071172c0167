//! Kolega's world as one typed value: organisations, each owning its keys, repositories,
//! scan batches, findings, fixes, finding events and quota counters, and the work due at
//! a later instant. Nothing here holds a status that time changes (see `progress` and
//! `fix_run`); what a reader must see *happen* once is due work that `catch_up` runs.
//!
//! Lookups by id and the filters that would otherwise scan everything are served by
//! indexes (`OrgIndex`, the finding buckets, the event index); they are not serialised,
//! and `rebuild` restores them after a load or a snapshot import.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::batch::ScanBatch;
use super::device::Pairings;
use super::events::{Event, EventLog};
use super::finding::Finding;
use super::finding_index::{FindingBuckets, FindingFilter};
use super::fix::Fix;
use super::quota::Quota;
use super::repository::Repository;
use super::timing::Timing;
use super::vocabulary::{EventType, FindingStatus, Scope};
use crate::fragments::Stamped;

/// What every key's secret starts with.
pub(crate) const KEY_PREFIX: &str = "kcp_live_";

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct KolegaState {
    pub(crate) timing: Timing,
    pub(crate) orgs: Vec<Organization>,
    /// Work that becomes visible at a time: (due, order of scheduling, what).
    pub(crate) due: BTreeSet<Due>,
    pub(crate) due_seq: u64,
    /// Devices asking to be paired (`kolega auth login`).
    #[serde(default)]
    pub(crate) pairings: Pairings,
    /// Secret → (organisation, key).
    #[serde(skip)]
    pub(crate) keys: HashMap<String, (usize, usize)>,
}

/// Something to materialise once the clock reaches `at`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Due {
    pub(crate) at: Timestamp,
    pub(crate) seq: u64,
    pub(crate) org: u32,
    pub(crate) what: DueWork,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum DueWork {
    /// A batch finished: its findings appear.
    BatchDone { batch: u32 },
    /// A fix run's agent started.
    FixStarted { fix: u32, run: u32 },
    /// A fix run ended (completed or failed).
    FixEnded { fix: u32, run: u32 },
    /// A fix's pull request opens (the scenario's history; live ones open on request).
    PullRequestOpened { fix: u32, merged: Option<bool> },
    /// A fix's pull request is merged: its findings are resolved.
    PullRequestMerged { fix: u32 },
    /// A device pairing approves itself (the scenario's `device_flow.auto_approve`).
    PairingApproved { device_code: String },
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Organization {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) keys: Vec<ApiKey>,
    pub(crate) repositories: Vec<Stamped<Repository>>,
    pub(crate) batches: Vec<ScanBatch>,
    pub(crate) findings: Vec<Stamped<Finding>>,
    pub(crate) fixes: Vec<Fix>,
    pub(crate) events: EventLog,
    pub(crate) quota: Quota,
    /// Next pull request number per source repository.
    pub(crate) next_pr: BTreeMap<String, u64>,
    #[serde(skip)]
    pub(crate) index: OrgIndex,
}

/// An organisation API key: a bearer secret bound to one organisation with `read` and/or
/// `write`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) secret: String,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) revoked: bool,
}

impl ApiKey {
    /// What `/me` shows of the secret: `kcp_live_` and four more characters.
    pub(crate) fn prefix(&self) -> String {
        self.secret.chars().take(13).collect()
    }
}

/// Lookups by id, and per-repository lists; rebuilt, never serialised.
#[derive(Debug, Default)]
pub(crate) struct OrgIndex {
    pub(crate) repos: HashMap<String, u32>,
    pub(crate) batches: HashMap<String, u32>,
    pub(crate) findings: HashMap<String, u32>,
    pub(crate) fixes: HashMap<String, u32>,
    /// (repository, fingerprint) → finding.
    pub(crate) fingerprints: HashMap<(u32, u64), u32>,
    /// Per repository: findings bucketed for the filtered, sorted list (stamped: a page
    /// of it is remembered until the buckets change, `fragments::page_index`).
    pub(crate) repo_findings: Vec<Stamped<FindingBuckets>>,
}

impl KolegaState {
    /// Restores every index from the data (after a load or an import).
    pub(crate) fn rebuild(&mut self) {
        self.keys.clear();
        for (o, org) in self.orgs.iter_mut().enumerate() {
            for (k, key) in org.keys.iter().enumerate() {
                self.keys.insert(key.secret.clone(), (o, k));
            }
            org.rebuild();
        }
    }

    /// Queues work for `at`.
    pub(crate) fn schedule(&mut self, at: Timestamp, org: usize, what: DueWork) {
        self.due_seq += 1;
        self.due.insert(Due { at, seq: self.due_seq, org: org as u32, what });
    }

    /// The (organisation, key) positions of the key with this secret, unless it is unknown
    /// or revoked.
    pub(crate) fn active_key(&self, secret: &str) -> Option<(usize, usize)> {
        let &(org, key) = self.keys.get(secret)?;
        self.orgs.get(org)?.keys.get(key).filter(|k| !k.revoked)?;
        Some((org, key))
    }

    /// The usable keys, one line each, for the start-up banner.
    pub(crate) fn banner(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for org in &self.orgs {
            for key in org.keys.iter().filter(|k| !k.revoked) {
                let scopes: Vec<&str> = key.scopes.iter().map(|s| s.as_str()).collect();
                lines.push(format!("key {}  [{}]  {} — {}", key.secret, scopes.join(", "), org.name, key.name));
            }
        }
        lines
    }
}

impl Organization {
    pub(crate) fn rebuild(&mut self) {
        let mut index = OrgIndex::default();
        for (i, r) in self.repositories.iter().enumerate() {
            index.repos.insert(r.id.clone(), i as u32);
        }
        for (i, b) in self.batches.iter().enumerate() {
            index.batches.insert(b.id.clone(), i as u32);
        }
        for (i, f) in self.fixes.iter().enumerate() {
            index.fixes.insert(f.id.clone(), i as u32);
        }
        index.repo_findings = self.repositories.iter().map(|_| Stamped::new(FindingBuckets::default())).collect();
        for (i, f) in self.findings.iter().enumerate() {
            index.findings.insert(f.id.clone(), i as u32);
            index.fingerprints.insert((f.repo, f.fingerprint), i as u32);
            if let Some(buckets) = index.repo_findings.get_mut(f.repo as usize) {
                buckets.insert(f, i as u32);
            }
        }
        self.index = index;
        self.events.rebuild(&self.findings);
    }

    pub(crate) fn repo(&self, id: &str) -> Option<u32> {
        self.index.repos.get(id).copied()
    }

    /// A batch of repository `repo`.
    pub(crate) fn batch_of(&self, repo: u32, id: &str) -> Option<u32> {
        self.index.batches.get(id).copied().filter(|b| self.batches[*b as usize].repo == repo)
    }

    pub(crate) fn finding_of(&self, repo: u32, id: &str) -> Option<u32> {
        self.index.findings.get(id).copied().filter(|f| self.findings[*f as usize].repo == repo)
    }

    pub(crate) fn fix_of(&self, repo: u32, id: &str) -> Option<u32> {
        self.index.fixes.get(id).copied().filter(|f| self.fixes[*f as usize].repo == repo)
    }

    /// Repositories that count against the limit: the active (not archived) ones.
    pub(crate) fn repositories_in_use(&self) -> u64 {
        self.repositories.iter().filter(|r| !r.archived).count() as u64
    }

    /// Adds a finding to the data and every index.
    pub(crate) fn add_finding(&mut self, finding: Finding) -> u32 {
        let idx = self.findings.len() as u32;
        self.index.findings.insert(finding.id.clone(), idx);
        self.index.fingerprints.insert((finding.repo, finding.fingerprint), idx);
        if let Some(buckets) = self.index.repo_findings.get_mut(finding.repo as usize) {
            buckets.insert(&finding, idx);
        }
        self.findings.push(finding.into());
        idx
    }

    /// Changes a finding, keeping its bucket in the index right.
    pub(crate) fn update_finding(&mut self, idx: u32, change: impl FnOnce(&mut Finding)) {
        let Some(finding) = self.findings.get_mut(idx as usize) else { return };
        let buckets = self.index.repo_findings.get_mut(finding.repo as usize);
        if let Some(buckets) = buckets {
            buckets.remove(finding, idx);
            change(finding);
            buckets.insert(finding, idx);
        } else {
            change(finding);
        }
    }

    /// Sets a finding's status on behalf of key `key_id`: any status from any status.
    /// A real change records `resolved_manual` (to `resolved`), `reopened` (from
    /// `resolved` back to `open`) or `status_changed` (anything else); setting the same
    /// status changes nothing.
    pub(crate) fn set_finding_status(&mut self, idx: u32, new: FindingStatus, now: Timestamp, key_id: String) {
        let previous = self.findings[idx as usize].status;
        if previous == new {
            return;
        }
        self.update_finding(idx, |f| {
            f.status = new;
            f.updated_at = now;
            f.resolved_at = if new == FindingStatus::Resolved { Some(now) } else { None };
        });
        let kind = match (previous, new) {
            (_, FindingStatus::Resolved) => EventType::ResolvedManual,
            (FindingStatus::Resolved, FindingStatus::Open) => EventType::Reopened,
            _ => EventType::StatusChanged,
        };
        let mut event = Event::new(idx, kind, now).meta("source", "public_api").meta("api_key_id", key_id);
        event.previous = Some(previous);
        event.new = Some(new);
        self.record(event);
    }

    /// Appends an event to the organisation's log.
    pub(crate) fn record(&mut self, new: Event) {
        self.events.record(&self.id, &self.findings, new);
    }

    /// The total of `repo`'s findings that `filter` lets through (of those batch
    /// `batch_id` found, if given), and the page `[skip, skip + limit)` of them in list
    /// order: severity (critical first), then most recently detected first.
    pub(crate) fn findings_page(
        &self,
        repo: u32,
        batch_id: Option<&str>,
        filter: FindingFilter,
        skip: usize,
        limit: usize,
    ) -> (usize, Vec<u32>) {
        let Some(batch_id) = batch_id else {
            // The page reads the repository's buckets alone: remembered by their stamp.
            let Some(buckets) = self.index.repo_findings.get(repo as usize) else { return (0, Vec::new()) };
            let [severity, status, scan_type] = filter.choices();
            let key = [buckets.stamp(), severity, status, scan_type, skip as u64, limit as u64, 0, 0];
            let page = crate::fragments::remembered("kolega repository findings", key, "", || {
                buckets.page(filter, skip, limit)
            });
            return (page.0, page.1.clone());
        };
        // A batch holds a few dozen findings at most: filter and sort them here.
        let Some(batch) = self.batch_of(repo, batch_id) else { return (0, Vec::new()) };
        let mut matching: Vec<u32> = self.batches[batch as usize]
            .findings
            .iter()
            .copied()
            .filter(|i| filter.matches(&self.findings[*i as usize]))
            .collect();
        matching.sort_by_key(|i| {
            let f = &self.findings[*i as usize];
            (f.severity, std::cmp::Reverse(f.last_detected_at), std::cmp::Reverse(*i))
        });
        (matching.len(), matching.into_iter().skip(skip).take(limit).collect())
    }
}
