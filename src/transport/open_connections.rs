//! The connections one port has open, so that it can close those past their deadline and,
//! at its cap, make room for a newcomer by closing the one that has waited longest for a
//! request. Refusing newcomers instead would let a flood of idle or slowloris connections
//! lock real clients out; evicting the longest idle lets real clients in, since they send
//! their request as soon as they connect, and costs a keep-alive client at worst a
//! reconnect.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::activity::{Activity, Phase};
use crate::config::ConnectionLimits;

/// How long a connection must have been idle to be evicted for its file descriptor.
const LONG_IDLE: Duration = Duration::from_secs(1);

pub(super) struct OpenConnections {
    limits: ConnectionLimits,
    epoch: Instant,
    /// Notified when a connection closes or finishes a request.
    room: Arc<Notify>,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    connections: HashMap<u64, Arc<Activity>>,
    /// Connections not yet told to close: what counts against the cap.
    counted: usize,
}

/// A connection's place in the table, given up when it is dropped.
pub(super) struct Registration {
    id: u64,
    activity: Arc<Activity>,
    owner: Arc<OpenConnections>,
}

impl Registration {
    pub(super) fn activity(&self) -> &Arc<Activity> {
        &self.activity
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut table = self.owner.table.lock();
        table.connections.remove(&self.id);
        if !self.activity.closing.load(Ordering::Relaxed) {
            table.counted -= 1;
        }
        drop(table);
        self.owner.room.notify_one();
    }
}

impl OpenConnections {
    pub(super) fn new(limits: ConnectionLimits) -> Arc<OpenConnections> {
        // A cap of 0 would wait for room for ever.
        let limits = ConnectionLimits { max_connections: limits.max_connections.max(1), ..limits };
        Arc::new(OpenConnections {
            limits,
            epoch: Instant::now(),
            room: Arc::new(Notify::new()),
            table: Mutex::new(Table::default()),
        })
    }

    /// Adds a just-accepted connection and, if that takes the port over its cap, closes
    /// the connection that has waited longest for a request.
    pub(super) fn admit(self: &Arc<Self>) -> Registration {
        let activity = Arc::new(Activity::new(self.epoch, self.room.clone()));
        let mut table = self.table.lock();
        let id = table.next_id;
        table.next_id += 1;
        table.connections.insert(id, activity.clone());
        table.counted += 1;
        if table.counted > self.limits.max_connections {
            table.evict_longest_idle(Some(id), u64::MAX);
        }
        Registration { id, activity, owner: self.clone() }
    }

    /// At the cap with every connection answering a request: nothing can be evicted, so
    /// newcomers should wait (in the kernel's backlog) until one is done.
    pub(super) fn full_of_busy(&self) -> bool {
        let table = self.table.lock();
        table.counted >= self.limits.max_connections
            && table.counting().all(|activity| activity.phase() == Phase::Answering)
    }

    /// Completes when a connection has closed or finished a request (or spuriously).
    pub(super) async fn room_freed(&self) {
        self.room.notified().await;
    }

    /// Out of file descriptors: closes the connection that has waited longest for a
    /// request, its descriptor being worth more to a newcomer. Only one idle for a while:
    /// when another port holds the descriptors, evicting here frees none for this port,
    /// and evicting every connection in turn would end with a client that has just
    /// connected and not yet sent its request.
    pub(super) fn evict_long_idle(&self) -> bool {
        let now = super::activity::millis_since(self.epoch);
        self.table.lock().evict_longest_idle(None, now.saturating_sub(millis(LONG_IDLE)))
    }

    /// Closes the connections that have waited too long for a request or for the rest of
    /// a request's head.
    pub(super) fn close_overdue(&self) {
        let now = super::activity::millis_since(self.epoch);
        let idle = millis(self.limits.idle_timeout);
        let header = millis(self.limits.header_timeout);
        let mut table = self.table.lock();
        let overdue: Vec<Arc<Activity>> = table
            .counting()
            .filter(|activity| match activity.phase() {
                Phase::Answering => false,
                Phase::Idle(since) => now.saturating_sub(since) >= idle,
                Phase::ReadingHead { head_since, .. } => now.saturating_sub(head_since) >= header,
            })
            .cloned()
            .collect();
        for activity in overdue {
            table.close(&activity);
        }
    }

    /// Closes every connection that is not answering a request (at shutdown: those answering
    /// finish first).
    pub(super) fn close_idle(&self) {
        let mut table = self.table.lock();
        let idle: Vec<Arc<Activity>> =
            table.counting().filter(|activity| activity.phase() != Phase::Answering).cloned().collect();
        for activity in idle {
            table.close(&activity);
        }
    }

    /// Runs [`close_overdue`](Self::close_overdue) a few times per timeout, forever.
    pub(super) async fn reap(self: Arc<Self>) {
        let shortest = self.limits.idle_timeout.min(self.limits.header_timeout);
        let period = (shortest / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.close_overdue();
        }
    }
}

impl Table {
    fn counting(&self) -> impl Iterator<Item = &Arc<Activity>> {
        self.connections.values().filter(|activity| !activity.closing.load(Ordering::Relaxed))
    }

    fn close(&mut self, activity: &Activity) {
        if !activity.closing.swap(true, Ordering::Relaxed) {
            self.counted -= 1;
            activity.close();
        }
    }

    /// Closes the connection (other than `spare`) that has gone longest without a request
    /// to answer, if it has since `idle_by` at the latest; false if there is none.
    fn evict_longest_idle(&mut self, spare: Option<u64>, idle_by: u64) -> bool {
        let longest = self
            .connections
            .iter()
            .filter(|(id, activity)| Some(**id) != spare && !activity.closing.load(Ordering::Relaxed))
            .filter_map(|(_, activity)| match activity.phase() {
                Phase::Answering => None,
                Phase::Idle(since) | Phase::ReadingHead { idle_since: since, .. } => Some((since, activity)),
            })
            .min_by_key(|(since, _)| *since)
            .filter(|(since, _)| *since <= idle_by)
            .map(|(_, activity)| activity.clone());
        match longest {
            Some(activity) => {
                tracing::debug!("closing the longest idle connection to make room");
                self.close(&activity);
                true
            }
            None => false,
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
