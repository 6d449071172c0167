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
    /// Whether it has been handed to the outbound sender.
    #[serde(default)]
    pub(crate) dispatched: bool,
}

/// What the sender needs of a delivery.
#[derive(Debug, Clone)]
pub(crate) struct Send {
    pub(crate) delivery_id: String,
    pub(crate) webhook_id: String,
    pub(crate) url: String,
    pub(crate) secret: String,
    pub(crate) event: String,
    pub(crate) payload: Value,
    pub(crate) due: Timestamp,
}

/// SecureScan's retry waits: 5 s doubling to at most 300 s (the top of its full-jitter
/// range), for as long as a delivery is younger than 30 minutes: 11 attempts in all.
pub(crate) const BACKOFF_SECS: [i64; 10] = [5, 10, 20, 40, 80, 160, 300, 300, 300, 300];
pub(crate) const MAX_ATTEMPTS: u32 = 11;

/// Hands over the deliveries not yet sent, marking them sent.
pub(crate) fn take_undispatched(webhooks: &[Webhook], deliveries: &mut [Delivery]) -> Vec<Send> {
    let mut out = Vec::new();
    for d in deliveries.iter_mut().filter(|d| !d.dispatched && d.status == "pending") {
        d.dispatched = true;
        if let Some(w) = webhooks.iter().find(|w| w.id == d.webhook_id) {
            out.push(Send {
                delivery_id: d.id.clone(),
                webhook_id: w.id.clone(),
                url: w.url.clone(),
                secret: w.secret.clone(),
                event: d.event.clone(),
                payload: d.payload.clone(),
                due: d.next_attempt_at,
            });
        }
    }
    out
}

/// Records one attempt's outcome in the delivery log.
pub(crate) fn record_attempt(
    deliveries: &mut [Delivery],
    id: &str,
    number: u32,
    at: Timestamp,
    code: Option<u16>,
    body: String,
    last: bool,
) {
    let Some(d) = deliveries.iter_mut().find(|d| d.id == id) else { return };
    let ok = code.is_some_and(|c| (200..300).contains(&c));
    d.attempt = number;
    d.updated_at = at;
    d.response_code = code;
    d.response_body = Some(body.chars().take(2000).collect());
    d.status = if ok {
        "succeeded"
    } else if last {
        "failed"
    } else {
        "pending"
    }
    .to_string();
    if !ok && !last {
        let wait = BACKOFF_SECS.get(number.saturating_sub(1) as usize).copied().unwrap_or(300);
        d.next_attempt_at = at.checked_add(jiff::SignedDuration::from_secs(wait)).unwrap_or(at);
    }
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
            dispatched: false,
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
