//! Finding events: the organisation-wide audit feed behind `GET /finding-events`.
//!
//! The log is append-only and kept in `event_timestamp` order (catch-up materialises due
//! work in time order before a request acts, and a request stamps its own events with its
//! own time), so newest-first is the log read backwards and an event's id never changes:
//! pollers can use it as a dedupe key. Ids derive from the organisation and the event's
//! sequence number, so they do not depend on when the clock was read.
//!
//! Each filter has an index (positions in the log, ascending); a query walks the
//! smallest list that applies, bounded by binary search on the time window.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::finding::Finding;
use super::ids;
use super::vocabulary::{EventType, FindingStatus, ScanType, Severity};
use crate::fragments::Stamped;

/// An event. One is built with [`Event::new`] and [`Event::meta`] and has no id until
/// [`EventLog::record`] gives it its id and its place in the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) finding: u32,
    pub(crate) kind: EventType,
    pub(crate) at: Timestamp,
    pub(crate) scan_id: Option<String>,
    pub(crate) previous: Option<FindingStatus>,
    pub(crate) new: Option<FindingStatus>,
    pub(crate) actor: Option<String>,
    pub(crate) metadata: Option<Box<Map<String, Value>>>,
}

impl Event {
    /// An event about `finding` at `at`, not yet recorded.
    pub(crate) fn new(finding: u32, kind: EventType, at: Timestamp) -> Event {
        Event {
            id: String::new(),
            finding,
            kind,
            at,
            scan_id: None,
            previous: None,
            new: None,
            actor: None,
            metadata: None,
        }
    }

    pub(crate) fn meta(mut self, key: &str, value: impl Into<Value>) -> Event {
        self.metadata.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }

    /// When the feed's row was written: a moment (40 ms to about a second, fixed per
    /// event) after the event it records, as a real service's would be.
    pub(crate) fn written_at(&self) -> Timestamp {
        let delay = ids::fingerprint(&[self.id.as_bytes()]) % 900 + 40;
        self.at + SignedDuration::from_millis(delay as i64)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct EventLog {
    pub(crate) events: Vec<Event>,
    /// Events ever recorded (ids derive from it).
    pub(crate) seq: u64,
    /// While a scenario loads, events arrive out of order; `finish_loading` sorts them.
    #[serde(skip)]
    pub(crate) loading: bool,
    #[serde(skip)]
    index: EventIndex,
}

#[derive(Debug, Default)]
struct EventIndex {
    by_repo: HashMap<u32, Vec<u32>>,
    by_finding: HashMap<u32, Vec<u32>>,
    by_kind: HashMap<EventType, Vec<u32>>,
    by_severity: HashMap<Severity, Vec<u32>>,
    by_scan_type: HashMap<ScanType, Vec<u32>>,
}

impl EventIndex {
    fn add(&mut self, pos: u32, event: &Event, finding: &Finding) {
        self.by_repo.entry(finding.repo).or_default().push(pos);
        self.by_finding.entry(event.finding).or_default().push(pos);
        self.by_kind.entry(event.kind).or_default().push(pos);
        self.by_severity.entry(finding.severity).or_default().push(pos);
        self.by_scan_type.entry(finding.scan_type).or_default().push(pos);
    }
}

/// A feed query. An id filter that names nothing known is `Some(None)`: it matches nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventQuery {
    pub(crate) repository: Option<Option<u32>>,
    pub(crate) finding: Option<Option<u32>>,
    pub(crate) scan_type: Option<ScanType>,
    pub(crate) severity: Option<Severity>,
    pub(crate) kind: Option<EventType>,
    pub(crate) start: Option<Timestamp>,
    pub(crate) end: Option<Timestamp>,
}

impl EventLog {
    pub(crate) fn rebuild(&mut self, findings: &[Stamped<Finding>]) {
        self.index = EventIndex::default();
        for (pos, event) in self.events.iter().enumerate() {
            if let Some(finding) = findings.get(event.finding as usize) {
                self.index.add(pos as u32, event, finding);
            }
        }
    }

    /// Sorts what a scenario load recorded (stable: same-instant events keep their order).
    pub(crate) fn finish_loading(&mut self, findings: &[Stamped<Finding>]) {
        self.loading = false;
        self.events.sort_by_key(|e| e.at);
        self.rebuild(findings);
    }

    pub(crate) fn last_at(&self) -> Option<Timestamp> {
        self.events.last().map(|e| e.at)
    }

    fn list(&self, q: &EventQuery) -> Option<Vec<&[u32]>> {
        let mut lists: Vec<&[u32]> = Vec::new();
        let empty: &[u32] = &[];
        match q.repository {
            Some(None) => return None,
            Some(Some(r)) => lists.push(self.index.by_repo.get(&r).map_or(empty, Vec::as_slice)),
            None => {}
        }
        match q.finding {
            Some(None) => return None,
            Some(Some(f)) => lists.push(self.index.by_finding.get(&f).map_or(empty, Vec::as_slice)),
            None => {}
        }
        if let Some(k) = q.kind {
            lists.push(self.index.by_kind.get(&k).map_or(empty, Vec::as_slice));
        }
        if let Some(s) = q.severity {
            lists.push(self.index.by_severity.get(&s).map_or(empty, Vec::as_slice));
        }
        if let Some(t) = q.scan_type {
            lists.push(self.index.by_scan_type.get(&t).map_or(empty, Vec::as_slice));
        }
        Some(lists)
    }

    /// The total matching `q` and the page `[skip, skip + limit)`, newest first.
    pub(crate) fn query(
        &self,
        findings: &[Stamped<Finding>],
        q: &EventQuery,
        skip: usize,
        limit: usize,
    ) -> (usize, Vec<u32>) {
        let Some(lists) = self.list(q) else { return (0, Vec::new()) };
        let in_window = |pos: u32| {
            let at = self.events[pos as usize].at;
            q.start.is_none_or(|s| at >= s) && q.end.is_none_or(|e| at < e)
        };
        let Some(smallest) = lists.iter().min_by_key(|l| l.len()).copied() else {
            // No id or kind filter: the log itself, bounded by the window.
            let lo = q.start.map_or(0, |s| self.events.partition_point(|e| e.at < s));
            let hi = q.end.map_or(self.events.len(), |e| self.events.partition_point(|x| x.at < e)).max(lo);
            let total = hi - lo;
            let page = (lo..hi).rev().skip(skip).take(limit).map(|p| p as u32).collect();
            return (total, page);
        };
        let lo = q.start.map_or(0, |s| smallest.partition_point(|p| self.events[*p as usize].at < s));
        let hi =
            q.end.map_or(smallest.len(), |e| smallest.partition_point(|p| self.events[*p as usize].at < e)).max(lo);
        let window = &smallest[lo..hi];
        if lists.len() == 1 {
            let page = window.iter().rev().skip(skip).take(limit).copied().collect();
            return (window.len(), page);
        }
        let matches = |pos: u32| {
            let event = &self.events[pos as usize];
            let Some(f) = findings.get(event.finding as usize) else { return false };
            in_window(pos)
                && q.repository.is_none_or(|r| r == Some(f.repo))
                && q.finding.is_none_or(|id| id == Some(event.finding))
                && q.kind.is_none_or(|k| k == event.kind)
                && q.severity.is_none_or(|s| s == f.severity)
                && q.scan_type.is_none_or(|t| t == f.scan_type)
        };
        let mut total = 0;
        let mut page = Vec::new();
        for pos in window.iter().rev().copied().filter(|p| matches(*p)) {
            if total >= skip && page.len() < limit {
                page.push(pos);
            }
            total += 1;
        }
        (total, page)
    }

    /// Appends an event for organisation `org_id` (after a load: at or after the last one,
    /// so the log stays in order).
    pub(crate) fn record(&mut self, org_id: &str, findings: &[Stamped<Finding>], mut event: Event) {
        self.seq += 1;
        if let Some(last) = self.last_at().filter(|last| !self.loading && event.at < *last) {
            event.at = last;
        }
        event.id = ids::uuid_from(&[org_id.as_bytes(), b"event", &self.seq.to_le_bytes()]);
        let pos = self.events.len() as u32;
        if !self.loading
            && let Some(finding) = findings.get(event.finding as usize)
        {
            self.index.add(pos, &event, finding);
        }
        self.events.push(event);
    }
}
