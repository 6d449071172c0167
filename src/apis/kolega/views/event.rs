//! One row of the finding-events feed: the event, the finding it is about (as the finding
//! reads now), and when the row was written.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{EventType, FindingStatus, ScanType, Severity};

#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    id: &'a str,
    organization_id: &'a str,
    repository_id: &'a str,
    finding_id: &'a str,
    scan_id: Option<&'a str>,
    scan_type: ScanType,
    event_type: EventType,
    previous_status: Option<FindingStatus>,
    new_status: Option<FindingStatus>,
    severity: Severity,
    check_id: &'a str,
    file_path: Cow<'a, str>,
    actor_user_id: Option<&'a str>,
    /// Free-form per event type; an event without any shows `{}`.
    #[serde(serialize_with = "map_or_empty")]
    metadata: Option<&'a Map<String, Value>>,
    event_timestamp: Timestamp,
    created_at: Timestamp,
}

fn map_or_empty<S: Serializer>(metadata: &Option<&Map<String, Value>>, serializer: S) -> Result<S::Ok, S::Error> {
    match metadata {
        Some(map) => map.serialize(serializer),
        None => serializer.collect_map(std::iter::empty::<(&str, &Value)>()),
    }
}

impl<'a> EventView<'a> {
    /// The event at position `pos` of `org`'s log.
    pub(crate) fn new(org: &'a Organization, pos: u32) -> EventView<'a> {
        let event = &org.events.events[pos as usize];
        let finding = &org.findings[event.finding as usize];
        let repo = &org.repositories[finding.repo as usize];
        EventView {
            id: &event.id,
            organization_id: &org.id,
            repository_id: &repo.id,
            finding_id: &finding.id,
            scan_id: event.scan_id.as_deref(),
            scan_type: finding.scan_type,
            event_type: event.kind,
            previous_status: event.previous,
            new_status: event.new,
            severity: finding.severity,
            check_id: finding.check_id(),
            file_path: finding.file_path(repo),
            actor_user_id: event.actor.as_deref(),
            metadata: event.metadata.as_deref(),
            event_timestamp: event.at,
            created_at: event.written_at(),
        }
    }
}
