//! Webhook subscriptions and their delivery log. A subscription names the events it
//! wants; when a scan emits `scan.complete`, `scan.failed` or `scanner.failed`, every
//! enabled subscription that wants it gets a delivery queued (`pending`). Sending them
//! (signing, retries on the virtual clock) is the shared outbound mechanism's work; the
//! operator's test delivery is queued whatever the filter says.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The events a subscription may name.
pub(crate) const EVENTS: [&str; 4] = ["scan.complete", "scan.failed", "scanner.failed", "webhook.test"];

/// The events that are delivered to subscriptions.
pub(crate) const DELIVERED: [&str; 3] = ["scan.complete", "scan.failed", "scanner.failed"];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Webhook {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) secret: String,
    pub(crate) event_filter: Vec<String>,
    pub(crate) enabled: bool,
    pub(crate) created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub(crate) id: String,
    pub(crate) webhook_id: String,
    pub(crate) event: String,
    /// The event's data, as the receiver gets it (`scan_id` folded in).
    pub(crate) payload: Value,
    /// `pending`, `delivering`, `succeeded` or `failed`.
    pub(crate) status: String,
    pub(crate) attempt: u32,
    pub(crate) next_attempt_at: Timestamp,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    pub(crate) response_code: Option<u16>,
    pub(crate) response_body: Option<String>,
}

impl Delivery {
    pub(crate) fn queued(id: String, webhook_id: &str, event: &str, payload: Value, now: Timestamp) -> Delivery {
        Delivery {
            id,
            webhook_id: webhook_id.to_string(),
            event: event.to_string(),
            payload,
            status: "pending".into(),
            attempt: 0,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
            response_code: None,
            response_body: None,
        }
    }
}

/// Why a URL is refused, in SecureScan's words.
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    let lowered = url.trim().to_lowercase();
    if !(lowered.starts_with("http://") || lowered.starts_with("https://")) {
        return Some("url must start with http:// or https://");
    }
    if url.chars().any(|c| c.is_whitespace() || c == '\0') {
        return Some("url must not contain whitespace or null bytes");
    }
    None
}
