//! Scans, read off the clock, and their events.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::artifact::render;
use super::project::SeverityCounts;
use crate::apis::platform::model::artifacts::{Artifact, Signer, Subject};
use crate::apis::platform::model::ids::sha256_hex;
use crate::apis::platform::model::scan::{Progress, Scan};
use crate::apis::platform::model::scan_events::ScanEvent;
use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::model::{Analyzer, Depth, Phase, ScanStatus};

#[derive(Debug, Serialize)]
struct ProgressView {
    percent: u8,
    phase: Phase,
    current_analyzer: Option<Analyzer>,
    files_total: Option<u32>,
    files_scanned: Option<u32>,
}

#[derive(Debug, Serialize)]
struct ConfigView<'a> {
    analyzers: &'a [Analyzer],
    depth: Depth,
    include: &'a [String],
    exclude: &'a [String],
}

#[derive(Debug, Serialize)]
struct ArtifactView {
    url: String,
    media_type: &'static str,
    size_bytes: usize,
    sha256: String,
    expires_at: Timestamp,
}

#[derive(Debug, Serialize)]
pub(crate) struct ArtifactsView {
    sarif: Option<ArtifactView>,
    sbom: Option<ArtifactView>,
    report: Option<ArtifactView>,
}

impl ArtifactsView {
    /// Nothing stored yet.
    pub(crate) fn none() -> Self {
        ArtifactsView { sarif: None, sbom: None, report: None }
    }

    /// A reference to each artifact `subject` has stored by `now`, pre-signed at `now`,
    /// with the size and digest of the bytes its URL serves.
    pub(crate) fn new(subject: Option<&Subject<'_>>, signer: Signer<'_>, now: Timestamp) -> Self {
        let mut view = ArtifactsView::none();
        let Some(subject) = subject else { return view };
        for artifact in subject.stored(now) {
            let bytes = render(subject, artifact);
            let (url, expires_at) = signer.url(&subject.scan.id, artifact, now);
            let media_type = artifact.media_type().split(';').next().unwrap_or_default();
            let reference =
                ArtifactView { url, media_type, size_bytes: bytes.len(), sha256: sha256_hex(&bytes), expires_at };
            match artifact {
                Artifact::Sarif => view.sarif = Some(reference),
                Artifact::Sbom => view.sbom = Some(reference),
                Artifact::Report => view.report = Some(reference),
            }
        }
        view
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ScanView<'a> {
    id: &'a str,
    repo_id: &'a str,
    project_id: &'a str,
    status: ScanStatus,
    progress: ProgressView,
    config: ConfigView<'a>,
    commit_sha: Option<&'a str>,
    finding_counts: SeverityCounts,
    artifacts: ArtifactsView,
    error: Option<&'a str>,
    triggered_by: &'a str,
    created_at: Timestamp,
    started_at: Option<Timestamp>,
    finished_at: Option<Timestamp>,
}

impl<'a> ScanView<'a> {
    pub(crate) fn new(state: &PlatformState, s: &'a Scan, origin: &str, now: Timestamp) -> Self {
        let p: Progress = s.progress(now);
        let mut counts = [0usize; 5];
        for f in state.findings.iter().filter(|f| f.scan_id == s.id) {
            counts[f.severity().slot()] += 1;
        }
        let signer = Signer { origin, secret: &state.signing_secret };
        ScanView {
            id: &s.id,
            repo_id: &s.repo_id,
            project_id: &s.project_id,
            status: p.status,
            progress: ProgressView {
                percent: p.percent,
                phase: p.phase,
                current_analyzer: p.current_analyzer,
                files_total: p.files_total,
                files_scanned: p.files_scanned,
            },
            config: ConfigView { analyzers: &s.analyzers, depth: s.depth, include: &s.include, exclude: &s.exclude },
            commit_sha: s.commit_sha.as_deref(),
            artifacts: ArtifactsView::new(state.subject(s).as_ref(), signer, now),
            finding_counts: SeverityCounts::new(counts),
            error: s.error(now),
            triggered_by: &s.triggered_by,
            created_at: s.created_at,
            started_at: p.started_at,
            finished_at: p.finished_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    scan_id: &'a str,
    repo_id: &'a str,
    sequence: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
    timestamp: Timestamp,
    data: Option<&'a Value>,
}

impl<'a> EventView<'a> {
    pub(crate) fn new(scan: &'a Scan, e: &'a ScanEvent) -> Self {
        EventView {
            scan_id: &scan.id,
            repo_id: &scan.repo_id,
            sequence: e.sequence,
            kind: e.kind,
            message: &e.message,
            timestamp: e.timestamp,
            data: e.data.as_ref(),
        }
    }
}
