//! A scan's events, derived from its plan, its findings and the clock: only what has
//! happened by now is listed, numbered 1, 2, 3… in the order it happened, so a client
//! polling with `after` sees each event once and never a gap. A cancelled scan's last
//! event is `cancelled`; a failed one's is an `error` from its analyzer then `failed`; a
//! completed one's is `completed`.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::ScanStatus;
use super::scan::Scan;
use super::state::PlatformState;

#[derive(Debug, Clone)]
pub(crate) struct ScanEvent {
    pub(crate) sequence: u32,
    pub(crate) kind: &'static str,
    pub(crate) message: String,
    pub(crate) timestamp: Timestamp,
    pub(crate) data: Option<Value>,
}

/// Every event of `scan` up to `now`, oldest first.
pub(crate) fn events(state: &PlatformState, scan: &Scan, now: Timestamp) -> Vec<ScanEvent> {
    let end = scan.completes_at();
    let (failed, cancelled) = scan.cut_short(now);
    let until = failed.or(cancelled).unwrap_or(now);
    let mut planned: Vec<(Timestamp, &'static str, String, Option<Value>)> = Vec::new();
    planned.push((scan.created_at, "queued", "Scan queued".into(), None));
    let start = scan.started_at();
    planned.push((start, "started", "Scan started".into(), None));
    planned.push((start, "phase_changed", "Phase: preparing".into(), Some(json!({"phase": "preparing"}))));
    let analyzing = scan.analyzer_at(0);
    let files = json!({"phase": "analyzing", "files_total": scan.files_total});
    planned.push((analyzing, "phase_changed", format!("Phase: analyzing ({} files)", scan.files_total), Some(files)));
    let findings: Vec<_> = state.findings.iter().filter(|f| f.scan_id == scan.id).collect();
    for (i, analyzer) in scan.analyzers.iter().enumerate() {
        let name = analyzer.as_str();
        let at = scan.analyzer_at(i);
        planned.push((at, "analyzer_started", format!("Analyzer {name} started"), Some(json!({"analyzer": name}))));
        let done = scan.analyzer_at(i + 1);
        let percent = 10 + 80 * (i + 1) / scan.analyzers.len().max(1);
        planned.push((
            done,
            "analyzer_completed",
            format!("Analyzer {name} completed"),
            Some(json!({"analyzer": name})),
        ));
        planned.push((done, "progress", format!("{percent}% done"), Some(json!({"percent": percent}))));
    }
    let reporting = scan.reporting_at();
    planned.push((reporting, "phase_changed", "Phase: reporting".into(), Some(json!({"phase": "reporting"}))));
    let mut counts = [0usize; 5];
    for f in &findings {
        counts[f.severity().slot()] += 1;
        let data = json!({"finding_id": f.id, "severity": f.severity().as_str(), "file_path": f.file_path});
        planned.push((end, "finding", format!("Finding in {}:{}", f.file_path, f.start_line), Some(data)));
    }
    if scan.status(now) == ScanStatus::Completed {
        let total: usize = counts.iter().sum();
        planned.push((
            end,
            "completed",
            format!("Scan completed with {total} findings"),
            Some(json!({"findings": total})),
        ));
    }
    let mut out: Vec<ScanEvent> = planned
        .into_iter()
        .filter(|(at, kind, ..)| *at <= until && (*kind != "completed" || cancelled.is_none()))
        .filter(|(at, ..)| failed.or(cancelled).is_none_or(|c| *at < c) || *at == scan.created_at)
        .enumerate()
        .map(|(i, (timestamp, kind, message, data))| ScanEvent {
            sequence: i as u32 + 1,
            kind,
            message,
            timestamp,
            data,
        })
        .collect();
    if let (Some(at), Some(failure)) = (failed, scan.failure.as_ref()) {
        let name = scan.analyzers.get(failure.analyzer).map_or("unknown", |a| a.as_str());
        let data = json!({"analyzer": name, "error": failure.error});
        let sequence = out.len() as u32 + 1;
        out.push(ScanEvent {
            sequence,
            kind: "error",
            message: format!("Analyzer {name} failed: {}", failure.error),
            timestamp: at,
            data: Some(data),
        });
        out.push(ScanEvent {
            sequence: sequence + 1,
            kind: "failed",
            message: format!("Scan failed: {}", failure.error),
            timestamp: at,
            data: Some(json!({"error": failure.error})),
        });
    }
    if let Some(at) = cancelled {
        let sequence = out.len() as u32 + 1;
        out.push(ScanEvent {
            sequence,
            kind: "cancelled",
            message: "Scan cancelled".into(),
            timestamp: at,
            data: None,
        });
    }
    out
}
