//! What a delivery is made of: the request a behaviour hands over ([`Outgoing`]), how it
//! is retried, and what each attempt came to.

use std::time::Duration;

use bytes::Bytes;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// The request of one attempt: headers and body (`content-type` defaults to JSON).
#[derive(Debug, Clone, Default)]
pub struct Payload {
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Payload {
    /// A JSON body (`null` if `value` cannot be serialised, which is a behaviour's bug).
    pub fn json(value: &impl Serialize) -> Payload {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
        Payload { headers: Vec::new(), body: body.into() }
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Payload {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// How often a delivery is tried: `max_attempts` in all; after the n-th failure the next
/// attempt waits `backoff[n-1]` of virtual time (the last entry repeats; none means a
/// minute).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub backoff: Vec<SignedDuration>,
}

impl RetryPolicy {
    pub fn new(max_attempts: u32, backoff: Vec<SignedDuration>) -> RetryPolicy {
        RetryPolicy { max_attempts, backoff }
    }

    /// A single attempt.
    pub fn once() -> RetryPolicy {
        RetryPolicy::new(1, Vec::new())
    }

    pub(super) fn wait_after(&self, failed: u32) -> SignedDuration {
        let i = usize::try_from(failed.saturating_sub(1)).unwrap_or(usize::MAX);
        self.backoff.get(i).or(self.backoff.last()).copied().unwrap_or(SignedDuration::from_mins(1))
    }
}

impl Default for RetryPolicy {
    /// Three attempts, a minute and then five minutes apart.
    fn default() -> Self {
        RetryPolicy::new(3, vec![SignedDuration::from_mins(1), SignedDuration::from_mins(5)])
    }
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// The virtual time it was made at (its due time).
    pub at: Timestamp,
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// Why there was no answer (refused destination, connection error, timeout).
    pub error: Option<String>,
    /// Real time the attempt took.
    pub duration_ms: u64,
    /// The start of the receiver's answer (at most `OutboundLimits::response_kept` bytes).
    pub response_body: String,
    /// No attempt follows this one: it was delivered, refused for good, or the last try.
    pub last: bool,
}

impl Attempt {
    /// Whether the receiver took it (answered 2xx).
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

pub(super) type BuildFn = Box<dyn Fn(Timestamp, u32) -> Payload + Send + Sync>;
pub(super) type AttemptFn = Box<dyn Fn(&Attempt) + Send + Sync>;

/// A delivery a behaviour asks for.
pub struct Outgoing {
    pub url: String,
    /// What it is, for listings (`scan.completed`).
    pub label: String,
    /// When the first attempt is made.
    pub due: Timestamp,
    pub policy: RetryPolicy,
    pub(super) build: BuildFn,
    pub(super) on_attempt: Option<AttemptFn>,
}

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outgoing").field("url", &self.url).field("label", &self.label).field("due", &self.due).finish()
    }
}

impl Outgoing {
    /// A POST to `url` at `due`, whose request `build(attempt_at, attempt_number)` makes;
    /// retried with the default [`RetryPolicy`].
    pub fn new(
        url: impl Into<String>,
        label: impl Into<String>,
        due: Timestamp,
        build: impl Fn(Timestamp, u32) -> Payload + Send + Sync + 'static,
    ) -> Outgoing {
        Outgoing {
            url: url.into(),
            label: label.into(),
            due,
            policy: RetryPolicy::default(),
            build: Box::new(build),
            on_attempt: None,
        }
    }

    pub fn policy(mut self, policy: RetryPolicy) -> Outgoing {
        self.policy = policy;
        self
    }

    /// Called with every attempt's outcome, in the scheduler's job and outside any lock.
    pub fn on_attempt(mut self, f: impl Fn(&Attempt) + Send + Sync + 'static) -> Outgoing {
        self.on_attempt = Some(Box::new(f));
        self
    }
}

/// One attempt, as kept for tests and tooling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeliveryRecord {
    pub api: String,
    pub label: String,
    pub url: String,
    #[serde(flatten)]
    pub attempt: Attempt,
}

/// Bounds on what deliveries may cost.
#[derive(Debug, Clone)]
pub struct OutboundLimits {
    /// Real time one attempt may take, lookup and connection included.
    pub timeout: Duration,
    /// Deliveries one API may have waiting.
    pub max_pending: usize,
    /// Bytes of an answer that are read and kept.
    pub response_kept: usize,
    /// Attempts kept for [`Outbound::records`](super::Outbound::records).
    pub records: usize,
    /// The most attempts any policy gets.
    pub max_attempts: u32,
    /// Attempts in flight at once while the clock runs by itself.
    pub concurrent: usize,
}

impl Default for OutboundLimits {
    fn default() -> Self {
        OutboundLimits {
            timeout: Duration::from_secs(5),
            max_pending: 10_000,
            response_kept: 4096,
            records: 1000,
            max_attempts: 20,
            concurrent: 16,
        }
    }
}
