//! Legacy sessions: an uploaded archive analyzed outside any project. The archive's
//! snapshot is generated like a repository's (from the archive's name), and an analysis is
//! a scan with the default analyzers, read off the clock like any scan; its findings are
//! counted from the snapshot rather than stored, as the legacy API only reports counts.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::artifacts::{Reported, Subject};
use super::finding::{globs, selected};
use super::ids::sha256_hex;
use super::rules::{self, Stack, analyzer};
use super::scan::{Scan, Timing, default_analyzers};
use super::source::snapshot;
use super::{Depth, ScanStatus};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LegacySession {
    pub(crate) id: String,
    pub(crate) user: String,
    pub(crate) name: Option<String>,
    pub(crate) filename: String,
    pub(crate) size_bytes: u64,
    pub(crate) created_at: Timestamp,
    pub(crate) expires_at: Timestamp,
    pub(crate) stack: Stack,
    pub(crate) package: String,
    /// The latest analysis.
    pub(crate) analysis: Option<Scan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SessionStatus {
    Uploaded,
    Queued,
    Analyzing,
    Completed,
    Failed,
}

impl SessionStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Uploaded => "uploaded",
            SessionStatus::Queued => "queued",
            SessionStatus::Analyzing => "analyzing",
            SessionStatus::Completed => "completed",
            SessionStatus::Failed => "failed",
        }
    }
}

/// A session event: type, message, when, details.
pub(crate) type SessionEvent = (&'static str, String, Timestamp, Option<Value>);

impl LegacySession {
    pub(crate) fn status(&self, now: Timestamp) -> SessionStatus {
        match self.analysis.as_ref().map(|a| a.status(now)) {
            None => SessionStatus::Uploaded,
            Some(ScanStatus::Queued) => SessionStatus::Queued,
            Some(ScanStatus::Running) => SessionStatus::Analyzing,
            Some(ScanStatus::Completed) => SessionStatus::Completed,
            Some(ScanStatus::Failed | ScanStatus::Cancelled) => SessionStatus::Failed,
        }
    }

    /// Files in the archive.
    pub(crate) fn file_count(&self) -> usize {
        snapshot(self.stack, &self.package).files.len()
    }

    /// Starts an analysis with the default analyzers at depth `standard`.
    pub(crate) fn analyze(&mut self, id: String, timing: Timing, now: Timestamp) {
        let files_total = self.file_count() as u32;
        self.analysis = Some(Scan {
            id,
            repo_id: self.id.clone(),
            project_id: String::new(),
            triggered_by: self.user.clone(),
            analyzers: default_analyzers(Depth::Standard),
            depth: Depth::Standard,
            include: Vec::new(),
            exclude: Vec::new(),
            commit_sha: None,
            files_total,
            created_at: now,
            timing,
            cancelled_at: None,
            reported: true,
            artifacts_purged: false,
            failure: None,
        });
    }

    /// What a completed analysis found: each rule matched, where its snippet stands.
    fn reported(&self, analysis: &Scan) -> Vec<Reported> {
        let snap = snapshot(self.stack, &self.package);
        let (include, exclude) = (globs(&analysis.include).ok().flatten(), globs(&analysis.exclude).ok().flatten());
        snap.placements
            .iter()
            .filter_map(|p| rules::rule(p.rule).map(|r| (r, p)))
            .filter(|(r, p)| analysis.analyzers.contains(&analyzer(r)) && selected(&p.path, &include, &exclude))
            .map(|(rule, p)| Reported {
                rule,
                path: p.path.clone(),
                start_line: p.start_line,
                end_line: p.start_line + rule.snippet_lines().len().saturating_sub(1) as u32,
                fingerprint: sha256_hex(format!("{}\0{}\0{}", rule.id, p.path, rule.snippet.trim()).as_bytes()),
            })
            .collect()
    }

    /// What its analysis' artifacts are about, once there is an analysis.
    pub(crate) fn subject(&self) -> Option<Subject<'_>> {
        let scan = self.analysis.as_ref()?;
        let mut findings = self.reported(scan);
        findings.sort_by(|a, b| {
            (rules::severity(a.rule), &a.path, a.start_line).cmp(&(rules::severity(b.rule), &b.path, b.start_line))
        });
        Some(Subject { scan, name: &self.filename, stack: self.stack, package: &self.package, findings })
    }

    /// Findings per severity, once the analysis has completed.
    pub(crate) fn finding_counts(&self, now: Timestamp) -> [usize; 5] {
        let mut counts = [0; 5];
        if let Some(a) = self.analysis.as_ref().filter(|a| a.status(now) == ScanStatus::Completed) {
            for r in self.reported(a) {
                counts[rules::severity(r.rule).slot()] += 1;
            }
        }
        counts
    }

    /// Every event up to `now`, oldest first.
    pub(crate) fn events(&self, now: Timestamp) -> Vec<SessionEvent> {
        let mut out: Vec<SessionEvent> =
            vec![("uploaded", format!("Archive {} uploaded", self.filename), self.created_at, None)];
        if let Some(a) = &self.analysis {
            out.push(("queued", "Analysis queued".into(), a.created_at, None));
            out.push(("started", "Analysis started".into(), a.started_at(), None));
            let n = a.analyzers.len().max(1);
            for i in 0..a.analyzers.len() {
                let percent = 10 + 80 * (i + 1) / n;
                out.push((
                    "progress",
                    format!("{percent}% done"),
                    a.analyzer_at(i + 1),
                    Some(json!({"percent": percent})),
                ));
            }
            let end = a.completes_at();
            if a.status(now) == ScanStatus::Completed {
                for r in self.reported(a) {
                    let data = json!({"severity": rules::severity(r.rule).as_str(), "file_path": r.path});
                    out.push(("finding", format!("Finding in {}:{}", r.path, r.start_line), end, Some(data)));
                }
                out.push(("completed", "Analysis completed".into(), end, None));
            }
        }
        out.retain(|(_, _, at, _)| *at <= now);
        out
    }
}

/// How long sessions are kept.
pub(crate) fn retention(days: u32) -> SignedDuration {
    SignedDuration::from_hours(24 * i64::from(days))
}
