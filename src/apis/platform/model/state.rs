//! The platform's world: users with their login sessions and API keys, and each user's
//! projects, repositories, scans and findings. Records refer to each other by id (a
//! repository names its project, a scan its repository), so a cascade delete is a
//! `retain` and no index can go stale.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::artifacts::{Reported, Subject};
use super::finding::{Finding, ordered};
use super::git_upload::GitUpload;
use super::ingest::Ingest;
use super::legacy::LegacySession;
use super::scan::{BrokenAnalyzer, Scan, Timing};
use super::session::Session;
use super::{Group, Scope, SourceType};
use crate::fragments::Stamped;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) full_name: Option<String>,
    pub(crate) groups: Vec<Group>,
    pub(crate) is_active: bool,
    pub(crate) created_at: Timestamp,
    pub(crate) last_login_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub(crate) id: String,
    pub(crate) user: String,
    pub(crate) name: String,
    /// The whole secret (`spk_` + 40 characters); shown to the client once.
    pub(crate) key: String,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) created_at: Timestamp,
    pub(crate) expires_at: Option<Timestamp>,
    pub(crate) last_used_at: Option<Timestamp>,
}

impl ApiKey {
    /// The first 12 characters, to recognise the key by.
    pub(crate) fn prefix(&self) -> &str {
        self.key.get(..12).unwrap_or(&self.key)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) id: String,
    pub(crate) owner: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Repository {
    pub(crate) id: String,
    pub(crate) project: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) source_type: SourceType,
    pub(crate) source_url: Option<String>,
    pub(crate) branch: Option<String>,
    pub(crate) git_upload_id: Option<String>,
    pub(crate) upload_filename: Option<String>,
    pub(crate) ingest: Ingest,
    pub(crate) threat_profile: Option<ThreatProfile>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

/// A repository's threat profile, as the client wrote it (the contract has validated each
/// list's entries; they are kept as written, defaults applied by the contract).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ThreatProfile {
    pub(crate) assets: Vec<serde_json::Value>,
    pub(crate) entry_points: Vec<serde_json::Value>,
    pub(crate) trust_boundaries: Vec<serde_json::Value>,
    pub(crate) data_classifications: Vec<serde_json::Value>,
    pub(crate) notes: Option<String>,
    pub(crate) version: u32,
    pub(crate) updated_by: String,
    pub(crate) updated_at: Timestamp,
}

/// The limits `GET /v1/ops/limits` reports, which scans, keys and uploads obey.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Limits {
    pub(crate) max_upload_bytes: u64,
    pub(crate) max_repo_files: u32,
    pub(crate) max_file_bytes: u64,
    pub(crate) max_concurrent_scans_per_user: u32,
    pub(crate) max_scans_per_day_per_user: u32,
    pub(crate) scan_timeout_seconds: u32,
    pub(crate) max_api_keys_per_user: u32,
    pub(crate) max_pending_git_uploads_per_user: u32,
    pub(crate) max_git_upload_ttl_seconds: u32,
    pub(crate) artifact_retention_days: u32,
    pub(crate) session_retention_days: u32,
    pub(crate) api_rate_limit_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_upload_bytes: 536_870_912,
            max_repo_files: 50_000,
            max_file_bytes: 1_048_576,
            max_concurrent_scans_per_user: 3,
            max_scans_per_day_per_user: 50,
            scan_timeout_seconds: 3600,
            max_api_keys_per_user: 25,
            max_pending_git_uploads_per_user: 10,
            max_git_upload_ttl_seconds: 86_400,
            artifact_retention_days: 90,
            session_retention_days: 7,
            api_rate_limit_per_minute: 600,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct PlatformState {
    /// The HS256 secret access tokens are signed with.
    pub(crate) signing_secret: String,
    pub(crate) users: Vec<User>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) api_keys: Vec<ApiKey>,
    /// Secrets of deleted keys, so presenting one says it was revoked.
    pub(crate) revoked_keys: Vec<String>,
    /// Source URLs the scenario marks unreachable: their ingest fails.
    pub(crate) unreachable_urls: Vec<String>,
    pub(crate) projects: Vec<Project>,
    pub(crate) repositories: Vec<Repository>,
    pub(crate) scans: Vec<Scan>,
    /// Stamped as a whole too: any change to the collection (membership, order, an item)
    /// draws a new stamp, which keys the list's remembered page index.
    pub(crate) findings: Stamped<Vec<Stamped<Finding>>>,
    pub(crate) limits: Limits,
    pub(crate) timing: Timing,
    /// When the world was loaded: the processes' start, for uptime and worker heartbeats.
    pub(crate) started_at: Option<Timestamp>,
    /// Dependencies the scenario marks unreachable (`postgres`, `s3`, `sqs`).
    pub(crate) unavailable: Vec<String>,
    /// Workers whose heartbeats stopped (by worker id).
    pub(crate) stale_workers: Vec<String>,
    /// Analyzers the scenario marks broken.
    pub(crate) failing_analyzers: Vec<BrokenAnalyzer>,
    pub(crate) git_uploads: Vec<GitUpload>,
    pub(crate) legacy_sessions: Vec<LegacySession>,
    /// The last cleanup job run for real: its id and when it was requested.
    pub(crate) last_cleanup: Option<(String, Timestamp)>,
}

impl PlatformState {
    /// What the artifacts of a repository's scan are about.
    pub(crate) fn subject<'a>(&'a self, scan: &'a Scan) -> Option<Subject<'a>> {
        let repo = self.repositories.iter().find(|r| r.id == scan.repo_id)?;
        let found = ordered(self.findings.iter().filter(|f| f.scan_id == scan.id).collect());
        Some(Subject {
            scan,
            name: &repo.name,
            stack: repo.ingest.stack,
            package: &repo.ingest.package,
            findings: found.into_iter().filter_map(|f| Reported::of(f)).collect(),
        })
    }

    /// The subject of the scan with this id, a repository's or a legacy session's analysis,
    /// whoever it belongs to: a pre-signed URL is its own authorization.
    pub(crate) fn find_subject(&self, scan_id: &str) -> Option<Subject<'_>> {
        if let Some(scan) = self.scans.iter().find(|s| s.id == scan_id) {
            return self.subject(scan);
        }
        self.legacy_sessions
            .iter()
            .find_map(|s| s.analysis.as_ref().filter(|a| a.id == scan_id).map(|_| s.subject()))?
    }

    pub(crate) fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The user's project with this id (another user's is unknown).
    pub(crate) fn project_of(&self, user: &str, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id && p.owner == user)
    }

    /// The user's repository with this id, through its project's owner.
    pub(crate) fn repository_of(&self, user: &str, id: &str) -> Option<&Repository> {
        self.repositories.iter().find(|r| r.id == id && self.project_of(user, &r.project).is_some())
    }

    pub(crate) fn repositories_in<'s>(&'s self, project: &'s str) -> impl Iterator<Item = &'s Repository> + 's {
        self.repositories.iter().filter(move |r| r.project == project)
    }

    pub(crate) fn scans_of<'s>(&'s self, repo: &'s str) -> impl Iterator<Item = &'s Scan> + 's {
        self.scans.iter().filter(move |s| s.repo_id == repo)
    }

    /// Deletes a repository and everything under it (scans, findings; events are derived).
    pub(crate) fn delete_repository(&mut self, id: &str) {
        self.repositories.retain(|r| r.id != id);
        self.scans.retain(|s| s.repo_id != id);
        self.findings.retain(|f| f.repo_id != id);
    }

    /// Deletes a project and everything under it.
    pub(crate) fn delete_project(&mut self, id: &str) {
        let repos: Vec<String> = self.repositories_in(id).map(|r| r.id.clone()).collect();
        for repo in repos {
            self.delete_repository(&repo);
        }
        self.projects.retain(|p| p.id != id);
    }

    /// The banner's lines: who can log in, and the API keys they hold.
    pub(crate) fn banner(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for u in self.users.iter().filter(|u| u.is_active) {
            let ops = if u.groups.contains(&Group::Ops) { " (ops group)" } else { "" };
            lines.push(format!("platform login: {} / {}{ops}", u.email, u.password));
            for k in self.api_keys.iter().filter(|k| k.user == u.id) {
                let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
                lines.push(format!("platform API key of {} ({}): {}", u.email, scopes.join(", "), k.key));
            }
        }
        lines
    }
}
