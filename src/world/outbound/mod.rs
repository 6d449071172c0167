//! Outbound deliveries: the HTTP POSTs an API makes *to* someone (webhooks), at a virtual
//! time, with retries.
//!
//! A behaviour hands the world an [`Outgoing`]: where, when, how to build the request for
//! each attempt, and what to do with each attempt's outcome. Every attempt is a job on the
//! world's [`Scheduler`], so a manual clock's `advance` makes deliveries happen exactly at
//! their virtual times, in order, and returns once they are done: a test can advance and
//! look. The POST itself is real, bounded in real time (`OutboundLimits::timeout`) and in
//! what is read back; redirects are not followed. A failed attempt (no answer, or one that
//! is not 2xx) schedules the next at `at + backoff` on the virtual clock, until the
//! [`RetryPolicy`] runs out.
//!
//! The request is built per attempt (`build(at, number)`), so a signature can cover the
//! attempt's own timestamp. Outcomes reach the behaviour through `on_attempt`, which runs
//! in the scheduler's job, outside any lock: it may write the API's store (use
//! `write_if(generation, …)` so that an outcome never lands in a world loaded since). The
//! last [`OutboundLimits::records`] attempts are also kept here for tests and tooling.
//!
//! Safety: deliveries go only to loopback and to what the scenario allows
//! (`outbound.allow_hosts`), checked on the resolved address (see [`AllowList`]); a refused
//! destination is a failed attempt with a clear error, and is not retried. Each API has at
//! most `max_pending` deliveries waiting. A reset drops an API's pending deliveries: the
//! server cancels its scheduler jobs and calls [`Outbound::reset`], which also stops an
//! attempt in flight from reporting or retrying into the new world.
//!
//! Under a manual (or paused) clock an attempt runs inside its job, so `advance` returns
//! once it is done, and attempts run one after another as every job does. While the clock
//! runs by itself nothing waits on an outcome, and an attempt is spawned instead (at most
//! `OutboundLimits::concurrent` at once), so that a receiver that hangs holds no other job
//! back.
//!
//! ```
//! use jiff::SignedDuration;
//! use secmock::world::{Call, Handlers, Outgoing, Payload, RetryPolicy};
//! use secmock::{Answer, Reply};
//! use serde_json::json;
//!
//! #[derive(Default, serde::Serialize, serde::Deserialize)]
//! struct Scans { hook_attempts: Vec<(u32, Option<u16>)> }
//!
//! fn start_scan(call: &mut Call<'_, Scans>) -> Answer {
//!     let (store, generation) = (call.store(), call.generation);
//!     let finished = call.now + SignedDuration::from_mins(5);
//!     let hook = Outgoing::new("http://127.0.0.1:9000/hook", "scan.completed", finished, |at, _number| {
//!         Payload::json(&json!({"event": "scan.completed"})).header("x-signature", format!("t={}", at.as_second()))
//!     })
//!     .policy(RetryPolicy::new(3, vec![SignedDuration::from_mins(1)]))
//!     .on_attempt(move |attempt| {
//!         store.write_if(generation, |txn| txn.state.hook_attempts.push((attempt.number, attempt.status)));
//!     });
//!     call.ctx.deliver(hook).map_err(|e| call.error(503, &e.to_string()))?;
//!     Ok(Reply::json(202, json!({"status": "queued"})))
//! }
//! # let _ = Handlers::new(|_, _| Ok(Scans::default())).on("start_scan", start_scan);
//! ```

mod client;
mod delivery;
mod destination;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use jiff::Timestamp;
use parking_lot::Mutex;
use tokio::sync::Semaphore;

pub use delivery::{Attempt, DeliveryRecord, OutboundLimits, Outgoing, Payload, RetryPolicy};
pub use destination::AllowList;

use self::destination::Target;
use super::clock::Clock;
use super::journal::clip;
use super::scheduler::Scheduler;

/// Why a delivery was not accepted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryRefused {
    #[error("{api} already has {max} outbound deliveries pending")]
    TooMany { api: String, max: usize },
}

/// The world's outbound deliveries; cheap to clone.
#[derive(Clone)]
pub struct Outbound {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Outbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbound").field("limits", &self.inner.limits).finish()
    }
}

struct Inner {
    clock: Arc<Clock>,
    scheduler: Arc<Scheduler>,
    /// Attempts in flight while the clock runs by itself.
    in_flight: Arc<Semaphore>,
    limits: OutboundLimits,
    apis: Mutex<HashMap<String, ApiOutbound>>,
    records: Mutex<VecDeque<DeliveryRecord>>,
}

#[derive(Default)]
struct ApiOutbound {
    allow: Arc<AllowList>,
    /// Bumped on reset: a delivery from an older epoch neither reports nor retries.
    epoch: u64,
    pending: Arc<AtomicUsize>,
}

/// A delivery's place in its API's pending count, given back when dropped: when the
/// delivery ends, or when the scheduler drops its job on a reset.
struct PendingSlot(Arc<AtomicUsize>);

impl Drop for PendingSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

struct Delivery {
    api: String,
    epoch: u64,
    max_attempts: u32,
    outgoing: Outgoing,
}

/// Why an attempt got no answer, and whether trying again could help.
struct Failure {
    message: String,
    retry: bool,
}

impl Outbound {
    pub fn new(clock: Arc<Clock>, scheduler: Arc<Scheduler>) -> Outbound {
        Outbound::with_limits(clock, scheduler, OutboundLimits::default())
    }

    pub fn with_limits(clock: Arc<Clock>, scheduler: Arc<Scheduler>, limits: OutboundLimits) -> Outbound {
        let in_flight = Arc::new(Semaphore::new(limits.concurrent.max(1)));
        let inner = Inner { clock, scheduler, in_flight, limits, apis: Mutex::default(), records: Mutex::default() };
        Outbound { inner: Arc::new(inner) }
    }

    /// Starts `api` afresh with `allow` as its allow-list: pending deliveries of an older
    /// epoch will neither report nor retry, and its records are dropped. The scheduler's
    /// jobs are the caller's to cancel (a reset cancels all of an API's jobs at once).
    pub fn reset(&self, api: &str, allow: AllowList) {
        {
            let mut apis = self.inner.apis.lock();
            let state = apis.entry(api.to_string()).or_default();
            state.epoch += 1;
            state.allow = Arc::new(allow);
        }
        self.inner.records.lock().retain(|r| r.api != api);
    }

    /// Schedules `outgoing`'s first attempt at its due time.
    pub fn deliver(&self, api: &str, outgoing: Outgoing) -> Result<(), DeliveryRefused> {
        let (epoch, pending) = {
            let mut apis = self.inner.apis.lock();
            let state = apis.entry(api.to_string()).or_default();
            (state.epoch, state.pending.clone())
        };
        let max = self.inner.limits.max_pending;
        if pending.fetch_add(1, Ordering::Relaxed) >= max {
            pending.fetch_sub(1, Ordering::Relaxed);
            return Err(DeliveryRefused::TooMany { api: api.to_string(), max });
        }
        let slot = PendingSlot(pending);
        let max_attempts = outgoing.policy.max_attempts.clamp(1, self.inner.limits.max_attempts);
        let due = outgoing.due;
        let delivery = Arc::new(Delivery { api: api.to_string(), epoch, max_attempts, outgoing });
        schedule(self.inner.clone(), delivery, 1, due, slot);
        Ok(())
    }

    /// Deliveries of `api` not finished yet.
    pub fn pending(&self, api: &str) -> usize {
        self.inner.apis.lock().get(api).map_or(0, |s| s.pending.load(Ordering::Relaxed))
    }

    /// The attempts kept, oldest first (of one API, or of all).
    pub fn records(&self, api: Option<&str>) -> Vec<DeliveryRecord> {
        self.inner.records.lock().iter().filter(|r| api.is_none_or(|a| a == r.api)).cloned().collect()
    }
}

fn schedule(inner: Arc<Inner>, delivery: Arc<Delivery>, number: u32, due: Timestamp, slot: PendingSlot) {
    let label = format!(
        "outbound {} to {} (attempt {number} of {})",
        clip(&delivery.outgoing.label, 80),
        clip(&delivery.outgoing.url, 200),
        delivery.max_attempts
    );
    // The job holds the queue weakly: the scheduler holds the job, and a strong handle
    // would keep a dropped world (and every store its callbacks capture) alive.
    let queue = Arc::downgrade(&inner);
    inner.scheduler.at(due, &delivery.api.clone(), label, move |at| async move {
        let Some(inner) = queue.upgrade() else { return };
        if inner.clock.real_until(at).is_none() {
            inner.attempt(delivery, number, at, slot).await;
            return;
        }
        tokio::spawn(async move {
            let _permit = inner.in_flight.clone().acquire_owned().await;
            inner.attempt(delivery, number, at, slot).await;
        });
    });
}

impl Inner {
    /// The API's allow-list, if `epoch` is still its current one.
    fn current(&self, api: &str, epoch: u64) -> Option<Arc<AllowList>> {
        self.apis.lock().get(api).filter(|s| s.epoch == epoch).map(|s| s.allow.clone())
    }

    async fn attempt(self: Arc<Self>, delivery: Arc<Delivery>, number: u32, at: Timestamp, slot: PendingSlot) {
        let Some(allow) = self.current(&delivery.api, delivery.epoch) else { return };
        let outgoing = &delivery.outgoing;
        let started = Instant::now();
        let payload = (outgoing.build)(at, number);
        let sent =
            tokio::time::timeout(self.limits.timeout, send(&outgoing.url, &allow, payload, self.limits.response_kept))
                .await
                .unwrap_or_else(|_| {
                    Err(Failure { message: format!("no answer within {:?}", self.limits.timeout), retry: true })
                });
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, error, response_body, retry) = match sent {
            Ok(answer) => {
                let mut text = String::from_utf8_lossy(&answer.body).into_owned();
                if answer.cut {
                    text.push_str("…[truncated]");
                }
                (Some(answer.status), None, text, !(200..300).contains(&answer.status))
            }
            Err(failure) => (None, Some(failure.message), String::new(), failure.retry),
        };
        let next = (retry && number < delivery.max_attempts)
            .then(|| at.checked_add(outgoing.policy.wait_after(number)).ok())
            .flatten();
        let attempt = Attempt { number, at, status, error, duration_ms, response_body, last: next.is_none() };
        // A reset while the attempt was in flight: the world it belonged to is gone.
        if self.current(&delivery.api, delivery.epoch).is_none() {
            return;
        }
        self.record(&delivery, &attempt);
        if let Some(next) = next {
            schedule(self.clone(), delivery.clone(), number + 1, next, slot);
        }
        if let Some(report) = &delivery.outgoing.on_attempt {
            report(&attempt);
        }
    }

    fn record(&self, delivery: &Delivery, attempt: &Attempt) {
        let mut records = self.records.lock();
        while records.len() >= self.limits.records.max(1) {
            records.pop_front();
        }
        records.push_back(DeliveryRecord {
            api: delivery.api.clone(),
            label: clip(&delivery.outgoing.label, 200),
            url: clip(&delivery.outgoing.url, 500),
            attempt: attempt.clone(),
        });
    }
}

/// One POST to `url`, if the allow-list admits where it leads.
async fn send(url: &str, allow: &AllowList, payload: Payload, keep: usize) -> Result<client::Answer, Failure> {
    let refused = |message| Failure { message, retry: false };
    let failed = |message| Failure { message, retry: true };
    let target = Target::parse(url).map_err(refused)?;
    let addrs = target.lookup().await.map_err(failed)?;
    let admitted = target.pick(&addrs, allow).map_err(refused)?;
    client::post(&admitted, &target, &payload.headers, payload.body, keep).await.map_err(failed)
}

#[cfg(test)]
mod tests;
