//! Things that must *happen* at a virtual time (a webhook delivery, an event pushed to a
//! stream) go through this one scheduler. In real and scaled mode a single driver task
//! sleeps until the next job is due; in manual mode an `advance` runs every job due in
//! the jumped-over interval, in order, with the clock set to each job's due time while it
//! runs, so what a job stamps is exact.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use futures_util::future::BoxFuture;
use jiff::Timestamp;
use parking_lot::Mutex;
use serde::Serialize;
use tokio::sync::Notify;

use super::clock::Clock;

type Task = Box<dyn FnOnce(Timestamp) -> BoxFuture<'static, ()> + Send>;

struct Job {
    /// The virtual time it was scheduled at: with `due`, how far along it is.
    scheduled_at: Timestamp,
    api: String,
    label: String,
    task: Task,
}

/// A job waiting to run, as the admin API lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PendingJob {
    pub id: u64,
    pub due: Timestamp,
    /// When it was scheduled (virtual time), so a reader can show how far along it is.
    pub scheduled_at: Timestamp,
    pub api: String,
    pub label: String,
}

#[derive(Default)]
struct Queue {
    next_id: u64,
    order: BinaryHeap<Reverse<(Timestamp, u64)>>,
    jobs: HashMap<u64, Job>,
}

pub struct Scheduler {
    clock: Arc<Clock>,
    queue: Mutex<Queue>,
    wake: Notify,
    /// Serialises job execution between the driver and manual advances.
    running: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler").field("pending", &self.queue.lock().jobs.len()).finish()
    }
}

impl Scheduler {
    pub fn new(clock: Arc<Clock>) -> Scheduler {
        Scheduler {
            clock,
            queue: Mutex::new(Queue::default()),
            wake: Notify::new(),
            running: tokio::sync::Mutex::new(()),
        }
    }

    /// Schedules `task` to run at virtual time `due` (at once if `due` has passed).
    pub fn at<F, Fut>(&self, due: Timestamp, api: &str, label: impl Into<String>, task: F) -> u64
    where
        F: FnOnce(Timestamp) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let scheduled_at = self.clock.now();
        let id = {
            let mut q = self.queue.lock();
            q.next_id += 1;
            let id = q.next_id;
            q.order.push(Reverse((due, id)));
            q.jobs.insert(
                id,
                Job {
                    scheduled_at: scheduled_at.min(due),
                    api: api.to_string(),
                    label: label.into(),
                    task: Box::new(move |t| Box::pin(task(t))),
                },
            );
            id
        };
        self.wake.notify_one();
        id
    }

    /// Drops every pending job of `api` (on reset), or all of them.
    pub fn cancel(&self, api: Option<&str>) {
        let mut q = self.queue.lock();
        q.jobs.retain(|_, job| api.is_some_and(|a| a != job.api));
        let live: std::collections::HashSet<u64> = q.jobs.keys().copied().collect();
        q.order.retain(|Reverse((_, id))| live.contains(id));
    }

    pub fn pending(&self) -> Vec<PendingJob> {
        let q = self.queue.lock();
        let mut out: Vec<PendingJob> = q
            .order
            .iter()
            .filter_map(|Reverse((due, id))| {
                let job = q.jobs.get(id)?;
                Some(PendingJob {
                    id: *id,
                    due: *due,
                    scheduled_at: job.scheduled_at,
                    api: job.api.clone(),
                    label: job.label.clone(),
                })
            })
            .collect();
        out.sort_by_key(|j| (j.due, j.id));
        out
    }

    fn pop_due(&self, until: Timestamp) -> Option<(Timestamp, Job)> {
        let mut q = self.queue.lock();
        while let Some(Reverse((due, id))) = q.order.peek().copied() {
            if due > until {
                return None;
            }
            q.order.pop();
            if let Some(job) = q.jobs.remove(&id) {
                return Some((due, job));
            }
        }
        None
    }

    fn next_due(&self) -> Option<Timestamp> {
        self.queue.lock().order.peek().map(|Reverse((due, _))| *due)
    }

    /// Runs every job due now. Returns how many ran.
    pub async fn run_due(&self) -> usize {
        let _guard = self.running.lock().await;
        let mut ran = 0;
        while let Some((due, job)) = self.pop_due(self.clock.now()) {
            (job.task)(due).await;
            ran += 1;
        }
        ran
    }

    /// Moves the clock to `target`, running each job due on the way with the clock at its
    /// due time. Returns how many jobs ran.
    pub async fn advance_to(&self, target: Timestamp) -> usize {
        let _guard = self.running.lock().await;
        let mut ran = 0;
        while let Some((due, job)) = self.pop_due(target) {
            if due > self.clock.now() {
                self.clock.set(due);
            }
            (job.task)(due).await;
            ran += 1;
        }
        if target > self.clock.now() {
            self.clock.set(target);
        }
        ran
    }

    /// The driver for real and scaled time: sleeps until the next job is due, waking
    /// early when a job is added or the clock changes. Ends when `shutdown` fires.
    pub async fn drive(self: Arc<Self>, shutdown: impl std::future::Future<Output = ()>) {
        let mut clock_changes = self.clock.subscribe();
        tokio::pin!(shutdown);
        loop {
            self.run_due().await;
            let wait = self.next_due().and_then(|due| self.clock.real_until(due));
            let sleep = async {
                match wait {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = &mut shutdown => return,
                _ = sleep => {}
                _ = self.wake.notified() => {}
                changed = clock_changes.changed() => if changed.is_err() { return },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::clock::ClockMode;
    use jiff::SignedDuration;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[tokio::test]
    async fn advance_runs_due_jobs_in_order_at_their_time() {
        let clock = Arc::new(Clock::new(t("2026-01-01T00:00:00Z"), ClockMode::Manual, 1.0));
        let s = Scheduler::new(clock.clone());
        let seen = Arc::new(Mutex::new(Vec::new()));
        for (minutes, name) in [(30, "b"), (10, "a"), (90, "late")] {
            let seen = seen.clone();
            let clock = clock.clone();
            s.at(t("2026-01-01T00:00:00Z") + SignedDuration::from_mins(minutes), "api", name, move |due| async move {
                seen.lock().push((name, due, clock.now()));
            });
        }
        assert_eq!(s.run_due().await, 0);
        assert_eq!(s.advance_to(t("2026-01-01T01:00:00Z")).await, 2);
        let seen = seen.lock().clone();
        assert_eq!(seen.iter().map(|(n, ..)| *n).collect::<Vec<_>>(), vec!["a", "b"]);
        assert!(seen.iter().all(|(_, due, now)| due == now), "each job sees the clock at its due time");
        assert_eq!(clock.now(), t("2026-01-01T01:00:00Z"));
        assert_eq!(s.pending().len(), 1);
        s.cancel(Some("api"));
        assert!(s.pending().is_empty());
    }
}
