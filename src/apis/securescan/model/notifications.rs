//! In-app notifications, made by SecureScan's rules from a scan's events:
//! `scan.complete` only when the scan found something (warning), `scan.failed` always
//! (error), `scanner.failed` always (warning). Every other event makes none.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::events::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Notification {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) body: Option<String>,
    pub(crate) link: Option<String>,
    pub(crate) severity: Level,
    pub(crate) created_at: Timestamp,
    pub(crate) read_at: Option<Timestamp>,
}

/// The notification an event makes, without its id, if it makes one.
pub(crate) fn for_event(event: &Event) -> Option<(String, String, Option<String>, Level)> {
    let text = |key: &str| event.data.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    match event.name {
        "scan.complete" => {
            let count = event.data.get("findings_count").and_then(|v| v.as_u64()).unwrap_or(0);
            if count == 0 {
                return None;
            }
            let target = text("target");
            let body =
                if target.is_empty() { format!("{count} findings") } else { format!("{count} findings on {target}") };
            Some(("scan.complete".into(), "Scan complete".into(), Some(body), Level::Warning))
        }
        "scan.failed" => {
            let error: String = text("error").chars().take(200).collect();
            let body = (!error.is_empty()).then_some(error);
            Some(("scan.failed".into(), "Scan failed".into(), body, Level::Error))
        }
        "scanner.failed" => {
            let scanner = event.data.get("scanner").and_then(|v| v.as_str()).unwrap_or("scanner");
            let error: String = text("error").chars().take(100).collect();
            Some((
                "scanner.failed".into(),
                "Scanner failed".into(),
                Some(format!("{scanner} failed: {error}")),
                Level::Warning,
            ))
        }
        _ => None,
    }
}

/// The link a scan's notifications carry.
pub(crate) fn link(scan_id: &str) -> String {
    format!("/scan/{scan_id}")
}

/// Marks every unread notification read; how many it marked.
pub(crate) fn read_all(list: &mut [Notification], now: Timestamp) -> usize {
    let mut marked = 0;
    for n in list.iter_mut().filter(|n| n.read_at.is_none()) {
        n.read_at = Some(now);
        marked += 1;
    }
    marked
}
