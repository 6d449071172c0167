//! Journal entries as they are recorded, for whoever follows them live (the admin API's
//! `GET /journal/stream`, the dashboard). A tokio broadcast channel: recording never
//! waits for a subscriber, and one that falls more than [`EVENTS_BUFFERED`] events behind
//! is told how many it missed (`RecvError::Lagged`) instead of slowing anyone down. With
//! nobody subscribed, nothing is copied.

use std::sync::Arc;

use tokio::sync::broadcast;

use super::JournalEntry;

/// Events a subscriber may fall behind by before it starts missing them.
pub const EVENTS_BUFFERED: usize = 1024;

/// What happened to the journal.
#[derive(Debug, Clone)]
pub enum JournalEvent {
    /// An entry was recorded (its `id` assigned).
    Recorded(Arc<JournalEntry>),
    /// The entries of one API (or of all of them, `None`) were forgotten: a
    /// `DELETE /journal`, a reset, a scenario load.
    Cleared { api: Option<String> },
}

/// The sending side, owned by the journal.
#[derive(Debug)]
pub(super) struct JournalEvents {
    sender: broadcast::Sender<JournalEvent>,
}

impl Default for JournalEvents {
    fn default() -> Self {
        JournalEvents { sender: broadcast::channel(EVENTS_BUFFERED).0 }
    }
}

impl JournalEvents {
    /// Whether anyone listens: an entry is copied for subscribers only if so.
    pub(super) fn followed(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    /// Publishes without waiting; with no subscriber the event is dropped.
    pub(super) fn publish(&self, event: JournalEvent) {
        let _ = self.sender.send(event);
    }

    pub(super) fn subscribe(&self) -> broadcast::Receiver<JournalEvent> {
        self.sender.subscribe()
    }
}
