//! `GET /journal/stream`: journal entries as they are recorded, as server-sent events.
//!
//! Gap-free by construction: the stream subscribes to the journal first, then sends the
//! entries already held after the client's last one (`?after=` or `Last-Event-ID`, the
//! header an `EventSource` sends when it reconnects; without either, none), then the live
//! ones, skipping any it already sent. An id the journal never gave (the client followed
//! a secmock since restarted) is answered with `cleared` for every API, then what is held. Events: `entry` (id = the entry's id, data = the
//! entry as `GET /journal` lists it), `cleared` (data `{"api": …}`, null for every API:
//! a `DELETE /journal`, a reset, a scenario load) and `lagged` (data `{"missed": n}`: this
//! subscriber fell `EVENTS_BUFFERED` (1,024) events behind and missed `n`; recording never
//! waits for it, so it reads `GET /journal` to catch up). A keep-alive comment follows
//! 15 s without events, and the stream ends after 10 minutes of real time (a client
//! reconnects with `Last-Event-ID`), as every secmock event stream does.

use std::collections::VecDeque;

use bytes::Bytes;
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};

use super::AdminCall;
use crate::reply::{Answer, Body};
use crate::world::stream::{self, FollowLimits};
use crate::world::{JournalEvent, JournalFilter};

/// The most already-recorded entries one connection is sent before the live ones.
const BACKLOG: usize = 1000;

pub(crate) fn follow(call: &AdminCall<'_>) -> Answer {
    let mut filter = super::journal::filter(call)?;
    let after = call.request.query_i64("after").map(|n| n.max(0) as u64).or_else(|| last_event_id(call));
    // Subscribed before the backlog is read: an entry recorded in between is in one or
    // the other (or both, and then sent once).
    let journal = &call.server.world.journal;
    let events = journal.subscribe();
    let mut frames = VecDeque::new();
    // An id this journal never gave comes from before a restart: everything the client
    // holds is gone, and it is told so before it is sent what is held now.
    let after = match after {
        Some(after) if after > journal.last_id() => {
            frames.push_back(stream::event("cleared", None, &json!({ "api": null })));
            Some(0)
        }
        after => after,
    };
    let limit = filter.limit.take().unwrap_or(BACKLOG).min(BACKLOG);
    let mut backlog: Vec<_> = match after {
        // The newest `limit` matching entries, then those of them after the client's.
        Some(after) => journal
            .entries(&JournalFilter { limit: Some(limit), ..filter.clone() })
            .into_iter()
            .take_while(|e| e.id > after)
            .collect(),
        None => Vec::new(),
    };
    backlog.reverse();
    let sent = backlog.last().map(|e| e.id).or(after).unwrap_or(0);
    frames.extend(backlog.iter().map(|e| stream::event("entry", Some(&e.id.to_string()), e)));
    let limits = FollowLimits::default();
    let now = tokio::time::Instant::now();
    let follower = Follower {
        events,
        filter,
        scope: call.api()?,
        sent,
        frames,
        quiet_until: now + limits.keep_alive,
        ends_at: now + limits.lifetime,
        limits,
    };
    let body = futures_util::stream::unfold(follower, |mut follower| async move {
        follower.next_chunk().await.map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), follower))
    });
    let body = Body::Stream { content_type: "text/event-stream".into(), stream: Box::pin(body) };
    Ok(stream::reply(body))
}

/// The id an `EventSource` sends back when it reconnects.
fn last_event_id(call: &AdminCall<'_>) -> Option<u64> {
    call.request.headers.get("last-event-id")?.to_str().ok()?.trim().parse().ok()
}

struct Follower {
    events: broadcast::Receiver<JournalEvent>,
    filter: JournalFilter,
    /// The API this stream is about, if one: only its clears are told.
    scope: Option<String>,
    /// The newest entry id sent.
    sent: u64,
    /// Frames waiting to be sent (the backlog, first).
    frames: VecDeque<Bytes>,
    limits: FollowLimits,
    /// When a keep-alive comment is due, if nothing is sent before.
    quiet_until: tokio::time::Instant,
    ends_at: tokio::time::Instant,
}

impl Follower {
    async fn next_chunk(&mut self) -> Option<Bytes> {
        let chunk = self.next_frame().await;
        self.quiet_until = tokio::time::Instant::now() + self.limits.keep_alive;
        chunk
    }

    async fn next_frame(&mut self) -> Option<Bytes> {
        if let Some(frame) = self.frames.pop_front() {
            return Some(frame);
        }
        loop {
            let event = tokio::select! {
                () = tokio::time::sleep_until(self.ends_at) => return None,
                () = tokio::time::sleep_until(self.quiet_until) => return Some(stream::comment("keep-alive")),
                event = self.events.recv() => event,
            };
            match event {
                Ok(JournalEvent::Recorded(entry)) if entry.id > self.sent && self.filter.matches(&entry) => {
                    self.sent = entry.id;
                    return Some(stream::event("entry", Some(&entry.id.to_string()), &*entry));
                }
                Ok(JournalEvent::Recorded(_)) => {}
                Ok(JournalEvent::Cleared { api }) => {
                    let ours = match (&api, &self.scope) {
                        (Some(cleared), Some(scope)) => cleared == scope,
                        _ => true,
                    };
                    if ours {
                        return Some(stream::event("cleared", None, &json!({ "api": api })));
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    return Some(stream::event("lagged", None, &json!({ "missed": missed })));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}
