//! Repositories (with their ingest read off the clock) and threat profiles.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use crate::apis::platform::model::source::snapshot;
use crate::apis::platform::model::state::{PlatformState, Repository, ThreatProfile};
use crate::apis::platform::model::{IngestStatus, ScanStatus, SourceType};

#[derive(Debug, Serialize)]
pub(crate) struct RepositoryView<'a> {
    id: &'a str,
    project_id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    source_type: SourceType,
    source_url: Option<&'a str>,
    branch: Option<&'a str>,
    git_upload_id: Option<&'a str>,
    upload_filename: Option<&'a str>,
    ingest_status: IngestStatus,
    ingest_error: Option<&'a str>,
    commit_sha: Option<&'a str>,
    file_count: Option<usize>,
    size_bytes: Option<u64>,
    languages: Vec<&'static str>,
    last_ingested_at: Option<Timestamp>,
    scan_count: usize,
    last_scan_status: Option<ScanStatus>,
    last_scan_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> RepositoryView<'a> {
    pub(crate) fn new(state: &PlatformState, r: &'a Repository, now: Timestamp) -> Self {
        let status = r.ingest.status(now);
        let ready = status == IngestStatus::Ready;
        let snap = ready.then(|| snapshot(r.ingest.stack, &r.ingest.package));
        let last = state.scans_of(&r.id).max_by_key(|s| s.created_at);
        RepositoryView {
            id: &r.id,
            project_id: &r.project,
            name: &r.name,
            description: r.description.as_deref(),
            source_type: r.source_type,
            source_url: r.source_url.as_deref(),
            branch: r.branch.as_deref(),
            git_upload_id: r.git_upload_id.as_deref(),
            upload_filename: r.upload_filename.as_deref(),
            ingest_status: status,
            ingest_error: r.ingest.error(now),
            commit_sha: if ready { r.ingest.commit_sha.as_deref() } else { None },
            file_count: snap.as_ref().map(|s| s.files.len()),
            size_bytes: snap.as_ref().map(|s| s.size_bytes()),
            languages: snap.as_ref().map(|s| s.languages()).unwrap_or_default(),
            last_ingested_at: ready.then_some(r.ingest.finished_at),
            scan_count: state.scans_of(&r.id).count(),
            last_scan_status: last.map(|s| s.status(now)),
            last_scan_at: last.map(|s| s.created_at),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ThreatProfileView<'a> {
    repo_id: &'a str,
    assets: &'a [Value],
    entry_points: &'a [Value],
    trust_boundaries: &'a [Value],
    data_classifications: &'a [Value],
    notes: Option<&'a str>,
    version: u32,
    updated_by: &'a str,
    updated_at: Timestamp,
}

impl<'a> ThreatProfileView<'a> {
    pub(crate) fn new(repo: &'a str, t: &'a ThreatProfile) -> Self {
        ThreatProfileView {
            repo_id: repo,
            assets: &t.assets,
            entry_points: &t.entry_points,
            trust_boundaries: &t.trust_boundaries,
            data_classifications: &t.data_classifications,
            notes: t.notes.as_deref(),
            version: t.version,
            updated_by: &t.updated_by,
            updated_at: t.updated_at,
        }
    }
}
