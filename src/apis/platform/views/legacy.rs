//! Legacy sessions and their events.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::project::SeverityCounts;
use super::scan::ArtifactsView;
use crate::apis::platform::model::ScanStatus;
use crate::apis::platform::model::artifacts::Signer;
use crate::apis::platform::model::legacy::{LegacySession, SessionEvent, SessionStatus};

#[derive(Debug, Serialize)]
pub(crate) struct SessionView<'a> {
    id: &'a str,
    name: Option<&'a str>,
    status: SessionStatus,
    filename: &'a str,
    size_bytes: u64,
    file_count: Option<usize>,
    finding_counts: SeverityCounts,
    artifacts: ArtifactsView,
    error: Option<&'a str>,
    created_at: Timestamp,
    analysis_started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    expires_at: Timestamp,
}

impl<'a> SessionView<'a> {
    pub(crate) fn new(s: &'a LegacySession, signer: Signer<'_>, now: Timestamp) -> Self {
        let counts = s.finding_counts(now);
        let progress = s.analysis.as_ref().map(|a| (a, a.progress(now)));
        let done = progress.as_ref().is_some_and(|(_, p)| p.status == ScanStatus::Completed);
        let artifacts = ArtifactsView::new(s.subject().as_ref(), signer, now);
        SessionView {
            id: &s.id,
            name: s.name.as_deref(),
            status: s.status(now),
            filename: &s.filename,
            size_bytes: s.size_bytes,
            file_count: Some(s.file_count()),
            finding_counts: SeverityCounts::new(counts),
            artifacts,
            error: None,
            created_at: s.created_at,
            analysis_started_at: progress.as_ref().and_then(|(_, p)| p.started_at),
            completed_at: progress.as_ref().and_then(|(_, p)| p.finished_at).filter(|_| done),
            expires_at: s.expires_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct SessionEventView<'a> {
    session_id: &'a str,
    sequence: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
    timestamp: Timestamp,
    data: Option<&'a Value>,
}

impl<'a> SessionEventView<'a> {
    pub(crate) fn new(session: &'a str, sequence: usize, e: &'a SessionEvent) -> Self {
        SessionEventView { session_id: session, sequence, kind: e.0, message: &e.1, timestamp: e.2, data: e.3.as_ref() }
    }
}
