//! Kolega's world as one typed value: organisations, each owning its keys, repositories,
//! scan batches, findings, fixes, finding events and quota counters. Nothing here holds a
//! status that time changes: batches and fixes keep the plan they were created with
//! (durations, outcome), and their state is derived from the clock when read
//! (`progress.rs`, `fix_run.rs`). What a reader must see *happen* once (findings appearing,
//! events written) is materialised by `catch_up.rs` at the start of every request.
//!
//! Lookups by id and the filters that would otherwise scan everything are served by
//! indexes (`OrgIndex`, the finding buckets, the event index); they are not serialised,
//! and `rebuild` restores them after a load or a snapshot import.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::catalog::Stack;
use super::events::EventLog;
use super::finding_index::FindingBuckets;
use super::model::{FindingStatus, Provider, ScanType, Scope, Severity};
use super::quotas::Quota;
use super::timing::Timing;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct KolegaState {
    pub(crate) timing: Timing,
    pub(crate) orgs: Vec<Organization>,
    /// Work that becomes visible at a time: (due, order of scheduling, what).
    pub(crate) due: BTreeSet<Due>,
    pub(crate) due_seq: u64,
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
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Organization {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) keys: Vec<ApiKey>,
    pub(crate) repositories: Vec<Repository>,
    pub(crate) batches: Vec<ScanBatch>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) fixes: Vec<Fix>,
    pub(crate) events: EventLog,
    pub(crate) quota: Quota,
    /// Next pull request number per source repository.
    pub(crate) next_pr: BTreeMap<String, u64>,
    #[serde(skip)]
    pub(crate) index: OrgIndex,
}

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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Repository {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) archived: bool,
    pub(crate) stack: Stack,
    pub(crate) sources: Vec<SourceRepo>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

impl Repository {
    /// The `owner` part of the name, and the package name its code uses.
    pub(crate) fn owner_and_package(&self) -> (String, String) {
        let owner = self.name.split_once('/').map_or("acme", |(o, _)| o).to_string();
        (owner, super::catalog::package_name(&self.name, self.stack))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SourceRepo {
    pub(crate) full_name: String,
    pub(crate) default_branch: String,
    pub(crate) provider: Provider,
    pub(crate) html_url: Option<String>,
}

/// A scan batch and the plan it runs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ScanBatch {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) scan_type: ScanType,
    pub(crate) created_at: Timestamp,
    pub(crate) queued: SignedDuration,
    pub(crate) creating: SignedDuration,
    pub(crate) assessing: SignedDuration,
    pub(crate) scans: Vec<SourceScan>,
    /// Findings attributed to the batch, once it has finished.
    pub(crate) findings: Vec<u32>,
    pub(crate) materialized: bool,
}

/// One source repository's scan within a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SourceScan {
    pub(crate) id: String,
    pub(crate) source: u16,
    /// Offset from the batch's creation at which the scanner picks it up.
    pub(crate) starts: SignedDuration,
    pub(crate) duration: SignedDuration,
    /// Why it fails, if it does.
    pub(crate) failure: Option<String>,
    /// How many findings it reports (known from the plan, shown once it succeeded).
    pub(crate) planned_findings: u32,
    /// How many it did report, once the batch finished (history may pre-date some).
    #[serde(default)]
    pub(crate) found: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) source: u16,
    pub(crate) scan_type: ScanType,
    pub(crate) severity: Severity,
    pub(crate) status: FindingStatus,
    pub(crate) content: FindingContent,
    pub(crate) line: u32,
    /// Identity across scans: a re-detection updates this finding instead of adding one.
    pub(crate) fingerprint: u64,
    /// The source scan that first reported it, if one did.
    pub(crate) scan_id: Option<String>,
    pub(crate) first_detected_at: Timestamp,
    pub(crate) last_detected_at: Timestamp,
    pub(crate) resolved_at: Option<Timestamp>,
    pub(crate) updated_at: Timestamp,
}

/// A finding's text: a catalog rule and one of its paths (generated findings), or text
/// written in the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum FindingContent {
    Catalog { rule: u16, path: u16 },
    Custom(Box<CustomFinding>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CustomFinding {
    pub(crate) check_id: String,
    pub(crate) file_path: String,
    pub(crate) message: String,
    pub(crate) title: Option<String>,
    pub(crate) category: String,
    pub(crate) cwe: Vec<String>,
    pub(crate) owasp: Vec<String>,
    pub(crate) references: Vec<String>,
    pub(crate) cvss_base_score: Option<f64>,
    pub(crate) cvss_vector: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Fix {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) findings: Vec<u32>,
    pub(crate) title: String,
    pub(crate) source_repo: String,
    pub(crate) provider: Provider,
    pub(crate) branch: Option<String>,
    pub(crate) created_at: Timestamp,
    /// The first run, then one per refine.
    pub(crate) runs: Vec<FixRun>,
    pub(crate) pull_requests: Vec<PullRequest>,
}

/// One agent run: when it was asked for and how it goes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FixRun {
    pub(crate) instructions: String,
    pub(crate) requested_at: Timestamp,
    pub(crate) pending: SignedDuration,
    pub(crate) running: SignedDuration,
    pub(crate) step_every: SignedDuration,
    pub(crate) failure: Option<String>,
    pub(crate) cancelled_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PullRequest {
    pub(crate) repo_full_name: String,
    pub(crate) branch_name: String,
    pub(crate) number: u64,
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) created_at: Timestamp,
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
    /// Per repository: findings bucketed for the filtered, sorted list.
    pub(crate) repo_findings: Vec<FindingBuckets>,
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
        index.repo_findings = self.repositories.iter().map(|_| FindingBuckets::default()).collect();
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

    /// Adds a finding to the data and every index.
    pub(crate) fn add_finding(&mut self, finding: Finding) -> u32 {
        let idx = self.findings.len() as u32;
        self.index.findings.insert(finding.id.clone(), idx);
        self.index.fingerprints.insert((finding.repo, finding.fingerprint), idx);
        if let Some(buckets) = self.index.repo_findings.get_mut(finding.repo as usize) {
            buckets.insert(&finding, idx);
        }
        self.findings.push(finding);
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
}
