//! The request journal: a bounded ring buffer of what every API was asked and answered,
//! with the contract violations found in each answer. Credentials are redacted on the way
//! in; the journal never holds a usable secret.
//!
//! It is bounded twice: by entries and by bytes. Requests are the attacker's to shape (a
//! 380 KB header on an unauthenticated `GET /nope`), so what is stored of each is cut
//! (`clip`), and the oldest entries leave once the bytes held pass the budget.

mod clip;
mod events;
mod redact;

pub use clip::{MAX_HEADER_VALUE, MAX_HEADERS, clip, clip_bytes, clip_cow};
pub use events::{EVENTS_BUFFERED, JournalEvent};
pub use redact::{is_secret_header, redact, redact_header, redact_query};

use std::collections::VecDeque;

use jiff::Timestamp;
use parking_lot::Mutex;
use serde::Serialize;

use crate::contract::Violation;

/// One request and its answer (WireMock's "serve event").
#[derive(Debug, Clone, Serialize)]
pub struct JournalEntry {
    pub id: u64,
    pub api: String,
    /// Virtual time at which the request arrived.
    pub at: Timestamp,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    /// Real time spent answering, in microseconds.
    pub latency_us: u64,
    pub operation_id: Option<String>,
    /// Request headers, with credentials redacted.
    pub headers: Vec<(String, String)>,
    /// The request body, as text, cut at 4 KiB.
    pub body: Option<String>,
    pub violations: Vec<Violation>,
    /// The fault that shaped this answer, if any.
    pub fault: Option<String>,
    /// What was answered: its headers and body (the body, cut at 4 KiB, only of an answer that is not a 2xx).
    pub response: JournalResponse,
    /// Why the request was refused (its problems, as the client was told them), if it was.
    pub problems: Vec<String>,
    /// For a request that matched no route: the routes nearest to it, and why each did not
    /// match (WireMock's near misses).
    pub near_misses: Vec<NearMiss>,
    /// The stub that answered, if one did.
    pub stub: Option<crate::world::StubUse>,
    /// For a request the proxy forwarded: where, and what became of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream: Option<JournalUpstream>,
}

/// What the proxy did with a request (`--proxy`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JournalUpstream {
    /// The upstream's base URL.
    pub url: String,
    /// Why the upstream gave no answer, when it did not (the client got a 502 or 504).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Why the answer's body was not validated, when it was not (an event stream, or a
    /// body above the buffer limit, streams through).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unvalidated: Option<String>,
}

/// The answer a journal entry keeps.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct JournalResponse {
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// A route close to a request that matched none.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NearMiss {
    pub method: String,
    pub path: String,
    pub why: String,
}

/// Which entries to return.
#[derive(Debug, Clone, Default)]
pub struct JournalFilter {
    pub api: Option<String>,
    pub operation_id: Option<String>,
    pub status: Option<u16>,
    pub method: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Only entries with at least one violation.
    pub violations_only: bool,
    /// Only requests to paths this glob matches (`world::glob`, as fault rules match paths).
    pub path: Option<globset::GlobMatcher>,
    pub limit: Option<usize>,
}

impl JournalFilter {
    /// Whether `e` is one of the entries asked for (`limit` aside).
    pub fn matches(&self, e: &JournalEntry) -> bool {
        self.api.as_ref().is_none_or(|a| *a == e.api)
            && self.operation_id.as_ref().is_none_or(|o| Some(o) == e.operation_id.as_ref())
            && self.status.is_none_or(|s| s == e.status)
            && self.method.as_ref().is_none_or(|m| m.eq_ignore_ascii_case(&e.method))
            && self.since.is_none_or(|t| e.at >= t)
            && self.until.is_none_or(|t| e.at <= t)
            && (!self.violations_only || !e.violations.is_empty())
            && self.path.as_ref().is_none_or(|p| p.is_match(&e.path))
    }
}

/// How much a journal may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalLimits {
    pub entries: usize,
    pub bytes: usize,
}

#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    byte_budget: usize,
    inner: Mutex<Inner>,
    events: events::JournalEvents,
}

/// What a journal holds now, for `/health`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct JournalUsage {
    pub entries: usize,
    pub bytes: usize,
    pub capacity: usize,
    pub byte_budget: usize,
}

/// One violation, with the request it was found in.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationRecord {
    pub entry_id: u64,
    pub api: String,
    pub method: String,
    pub path: String,
    pub at: Timestamp,
    pub violation: Violation,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    entries: VecDeque<JournalEntry>,
    /// The stored size of `entries` (see `JournalEntry::stored_bytes`).
    bytes: usize,
    /// The most recent violations (bounded like the journal, kept apart from it so
    /// clearing one does not clear the other).
    violations: VecDeque<ViolationRecord>,
    /// Violations recorded since the last clear, per API (not bounded by the rings).
    violation_counts: std::collections::BTreeMap<String, u64>,
    /// Violations recorded since anyone last looked at them or cleared them.
    unreported: u64,
}

impl Journal {
    pub fn new(capacity: usize) -> Journal {
        Journal::with_limits(JournalLimits { entries: capacity, bytes: usize::MAX })
    }

    pub fn with_limits(limits: JournalLimits) -> Journal {
        Journal {
            capacity: limits.entries.max(1),
            byte_budget: limits.bytes.max(1),
            inner: Mutex::new(Inner::default()),
            events: events::JournalEvents::default(),
        }
    }

    /// Follows the journal: every entry recorded from now on, and every clear. A
    /// subscriber that falls behind misses events (and is told so); it never slows the
    /// requests being recorded.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<JournalEvent> {
        self.events.subscribe()
    }

    /// Records an entry (its `id` is assigned here) and returns the id.
    pub fn record(&self, mut entry: JournalEntry) -> u64 {
        let mut inner = self.inner.lock();
        inner.next_id += 1;
        entry.id = inner.next_id;
        if !entry.violations.is_empty() {
            *inner.violation_counts.entry(entry.api.clone()).or_default() += entry.violations.len() as u64;
            // A stub that violates on purpose was reported by the test that made it.
            if !entry.stub.is_some_and(|s| s.violates) {
                inner.unreported += entry.violations.len() as u64;
            }
            for violation in &entry.violations {
                if inner.violations.len() == self.capacity {
                    inner.violations.pop_front();
                }
                let record = ViolationRecord {
                    entry_id: entry.id,
                    api: entry.api.clone(),
                    method: entry.method.clone(),
                    path: entry.path.clone(),
                    at: entry.at,
                    violation: violation.clone(),
                };
                inner.violations.push_back(record);
            }
        }
        inner.bytes += entry.stored_bytes();
        // Published under the lock, so subscribers see entries in id order; sending to a
        // broadcast channel never waits for its receivers.
        if self.events.followed() {
            self.events.publish(JournalEvent::Recorded(std::sync::Arc::new(entry.clone())));
        }
        inner.entries.push_back(entry);
        while inner.entries.len() > self.capacity || (inner.bytes > self.byte_budget && inner.entries.len() > 1) {
            if let Some(old) = inner.entries.pop_front() {
                inner.bytes -= old.stored_bytes();
            }
        }
        inner.next_id
    }

    /// Matching entries, newest first.
    pub fn entries(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        let inner = self.inner.lock();
        let limit = filter.limit.unwrap_or(usize::MAX);
        inner.entries.iter().rev().filter(|e| filter.matches(e)).take(limit).cloned().collect()
    }

    /// How many entries the filter matches (its `limit` aside).
    pub fn count(&self, filter: &JournalFilter) -> usize {
        self.inner.lock().entries.iter().filter(|e| filter.matches(e)).count()
    }

    /// Forgets requests of one API (or all), with their violations.
    pub fn clear(&self, api: Option<&str>) {
        {
            let mut inner = self.inner.lock();
            inner.entries.retain(|e| api.is_some_and(|a| e.api != a));
            inner.bytes = inner.entries.iter().map(JournalEntry::stored_bytes).sum();
            self.events.publish(JournalEvent::Cleared { api: api.map(str::to_string) });
        }
        self.clear_violations(api);
    }

    /// How much is held, against the limits.
    pub fn usage(&self) -> JournalUsage {
        let inner = self.inner.lock();
        JournalUsage {
            entries: inner.entries.len(),
            bytes: inner.bytes,
            capacity: self.capacity,
            byte_budget: self.byte_budget,
        }
    }

    /// Marks every violation recorded so far as seen by someone (the admin API's
    /// `GET /violations`, `MockServer::violations`).
    pub fn acknowledge_violations(&self) {
        self.inner.lock().unreported = 0;
    }

    /// Violations recorded since anyone last looked at them or cleared them.
    pub fn unreported_violations(&self) -> u64 {
        self.inner.lock().unreported
    }

    /// Forgets recorded violations of one API (or all) and resets their counts.
    pub fn clear_violations(&self, api: Option<&str>) {
        let mut inner = self.inner.lock();
        inner.unreported = 0;
        inner.violations.retain(|v| api.is_some_and(|a| v.api != a));
        match api {
            Some(api) => {
                inner.violation_counts.remove(api);
            }
            None => inner.violation_counts.clear(),
        }
    }

    /// Recorded violations, newest first, optionally of one API / operation.
    pub fn violations(&self, api: Option<&str>, operation_id: Option<&str>) -> Vec<ViolationRecord> {
        let inner = self.inner.lock();
        inner
            .violations
            .iter()
            .rev()
            .filter(|v| api.is_none_or(|a| a == v.api) && operation_id.is_none_or(|o| o == v.violation.operation_id))
            .cloned()
            .collect()
    }

    /// Violations recorded since the last clear, per API.
    pub fn violation_counts(&self) -> std::collections::BTreeMap<String, u64> {
        self.inner.lock().violation_counts.clone()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The id of the newest entry ever recorded (ids are never reused, clears included).
    pub fn last_id(&self) -> u64 {
        self.inner.lock().next_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(api: &str, status: u16) -> JournalEntry {
        JournalEntry {
            id: 0,
            api: api.into(),
            at: Timestamp::UNIX_EPOCH,
            method: "GET".into(),
            path: "/x".into(),
            query: String::new(),
            status,
            latency_us: 1,
            operation_id: None,
            headers: vec![],
            body: None,
            violations: vec![],
            fault: None,
            response: JournalResponse::default(),
            problems: vec![],
            near_misses: vec![],
            upstream: None,
            stub: None,
        }
    }

    #[test]
    fn ring_keeps_the_newest_and_filters() {
        let j = Journal::new(3);
        for (api, status) in [("a", 200), ("b", 404), ("a", 500), ("a", 201)] {
            j.record(entry(api, status));
        }
        let all = j.entries(&JournalFilter::default());
        assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), vec![4, 3, 2]);
        let a = j.entries(&JournalFilter { api: Some("a".into()), ..Default::default() });
        assert_eq!(a.iter().map(|e| e.status).collect::<Vec<_>>(), vec![201, 500]);
        j.clear(Some("a"));
        assert_eq!(j.entries(&JournalFilter::default()).len(), 1);
    }

    #[test]
    fn bytes_are_bounded_as_well_as_entries() {
        let j = Journal::with_limits(JournalLimits { entries: 1000, bytes: 10_000 });
        for _ in 0..50 {
            let mut e = entry("a", 200);
            e.headers = vec![("x-big".into(), "y".repeat(1000))];
            j.record(e);
        }
        let usage = j.usage();
        assert!(usage.bytes <= 10_000 && usage.entries < 10, "{usage:?}");
        assert_eq!(j.entries(&JournalFilter::default())[0].id, 50, "the newest stays");
        j.clear(None);
        assert_eq!(j.usage().bytes, 0);
    }

    #[test]
    fn secrets_are_redacted() {
        assert_eq!(redact("Authorization", "Bearer kcp_live_abcdef"), "Bearer kcp_…[redacted]");
        assert_eq!(redact("X-API-Key", "ssk_12345"), "ssk_…[redacted]");
        assert_eq!(redact("Accept", "application/json"), "application/json");
        assert_eq!(redact_query("a=1&event_token=abcdef123"), "a=1&event_token=abcd…[redacted]");
    }
}
