//! Event streams that follow the virtual clock: a `text/event-stream` body whose events
//! appear as virtual time passes and as the API's state changes.
//!
//! A behaviour describes its events as a function of time, `poll(now) -> Step`: the frames
//! due by `now` that this subscriber has not had yet (the closure keeps its own cursor),
//! and whether the stream is over. [`follow`] calls it once at once, so a subscriber who
//! comes late gets the whole story so far in its first chunk, and again whenever
//!
//! - the clock changes (an `advance`, a `set`: the clock's watch channel), and, while the
//!   clock runs on its own, every `tick` of real time;
//! - the state changes (a [`Store`](super::Store)'s `subscribe()`, bumped by every write);
//!
//! and between those sends a keep-alive comment every `keep_alive` of real time, which is
//! also how a client that went away is noticed: the server drops the body and the stream
//! with it. The stream ends after the step that says `done`, when the clock or the state
//! it follows is gone, or after `lifetime` of real time at most.
//!
//! ```
//! use std::sync::Arc;
//! use secmock::world::stream::{self, Step};
//! use secmock::world::{Clock, ClockMode, Store};
//!
//! let clock = Arc::new(Clock::new("2026-01-01T00:00:00Z".parse().expect("an instant"), ClockMode::Manual, 1.0));
//! let store = Arc::new(Store::new(0u64, 1));
//! let (state, mut sent) = (store.clone(), 0u64);
//! let body = stream::follow(clock.clone(), store.subscribe(), move |_now| {
//!     let count = state.read(|n| *n);
//!     let frames = (sent..count).map(|i| stream::event("tick", Some(&i.to_string()), &i)).collect();
//!     sent = count;
//!     Step { frames, done: count >= 3 }
//! });
//! let reply = stream::reply(body);
//! assert_eq!(reply.headers["cache-control"], "no-cache");
//! ```

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::watch;

use super::clock::Clock;
use crate::reply::{Body, Reply};

/// What one poll found.
#[derive(Debug, Default)]
pub struct Step {
    /// Frames to send, already formatted (see [`event`]).
    pub frames: Vec<Bytes>,
    /// Nothing follows: the stream ends after these frames.
    pub done: bool,
}

/// How long a stream may live and how it keeps its connection alive, in real time.
#[derive(Debug, Clone)]
pub struct FollowLimits {
    /// A comment is sent after this long without events.
    pub keep_alive: Duration,
    /// While the clock runs by itself, it is polled this often.
    pub tick: Duration,
    /// The stream ends after this long whatever happens.
    pub lifetime: Duration,
}

impl Default for FollowLimits {
    fn default() -> Self {
        FollowLimits {
            keep_alive: Duration::from_secs(15),
            tick: Duration::from_secs(1),
            lifetime: Duration::from_secs(600),
        }
    }
}

/// One server-sent event: `event: <name>`, `id: <id>` and `data: <json>`. Line breaks in
/// the name or id are dropped (they would end the field early); JSON has none.
pub fn event(name: &str, id: Option<&str>, data: &impl Serialize) -> Bytes {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    let field = |s: &str| s.chars().filter(|c| !matches!(c, '\r' | '\n' | '\0')).collect::<String>();
    let mut out = format!("event: {}\n", field(name));
    if let Some(id) = id {
        out.push_str(&format!("id: {}\n", field(id)));
    }
    out.push_str(&format!("data: {json}\n\n"));
    Bytes::from(out)
}

/// A comment line, which clients ignore.
pub fn comment(text: &str) -> Bytes {
    Bytes::from(format!(": {}\n\n", text.replace(['\r', '\n'], " ")))
}

/// A 200 answer carrying `body` as `text/event-stream`, not to be cached or buffered.
pub fn reply(body: Body) -> Reply {
    Reply::with_body(200, body).header("cache-control", "no-cache").header("x-accel-buffering", "no")
}

/// A `text/event-stream` body that polls `poll` as the clock and the state move, with
/// the default [`FollowLimits`].
pub fn follow(
    clock: Arc<Clock>,
    changes: watch::Receiver<u64>,
    poll: impl FnMut(Timestamp) -> Step + Send + 'static,
) -> Body {
    follow_with(FollowLimits::default(), clock, changes, poll)
}

/// [`follow`] within the given limits.
pub fn follow_with(
    limits: FollowLimits,
    clock: Arc<Clock>,
    mut changes: watch::Receiver<u64>,
    poll: impl FnMut(Timestamp) -> Step + Send + 'static,
) -> Body {
    let mut ticks = clock.subscribe();
    ticks.mark_unchanged();
    changes.mark_unchanged();
    let ends_at = tokio::time::Instant::now() + limits.lifetime;
    // `poll` is first called when the body is first read, after the handler has returned
    // and released the store: a handler may build a stream whose poll reads the store.
    let follower = Follower { clock, ticks, changes, poll, limits, ends_at, started: false, done: false };
    let stream = futures_util::stream::unfold(follower, |mut follower| async move {
        follower.next_chunk().await.map(|chunk| (Ok::<_, Infallible>(chunk), follower))
    });
    Body::Stream { content_type: "text/event-stream".into(), stream: Box::pin(stream) }
}

struct Follower<P> {
    clock: Arc<Clock>,
    ticks: watch::Receiver<u64>,
    changes: watch::Receiver<u64>,
    poll: P,
    limits: FollowLimits,
    ends_at: tokio::time::Instant,
    started: bool,
    done: bool,
}

impl<P: FnMut(Timestamp) -> Step> Follower<P> {
    /// The next chunk to send, or `None` when the stream is over.
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if !self.started {
            self.started = true;
            if let Some(chunk) = self.poll_now() {
                return Some(chunk);
            }
        }
        loop {
            if self.done {
                return None;
            }
            let (keep_alive, tick, ends_at) = (self.limits.keep_alive, self.limits.tick, self.ends_at);
            let running = self.clock.real_until(self.clock.now()).is_some();
            let tick = async move {
                if running {
                    tokio::time::sleep(tick).await;
                } else {
                    std::future::pending::<()>().await;
                }
            };
            tokio::select! {
                () = tokio::time::sleep_until(ends_at) => return None,
                () = tokio::time::sleep(keep_alive) => return Some(comment("keep-alive")),
                changed = self.ticks.changed() => if changed.is_err() { return None },
                changed = self.changes.changed() => if changed.is_err() { return None },
                () = tick => {}
            }
            if let Some(chunk) = self.poll_now() {
                return Some(chunk);
            }
        }
    }

    /// Polls at the clock's time; the frames found, as one chunk.
    fn poll_now(&mut self) -> Option<Bytes> {
        self.ticks.mark_unchanged();
        self.changes.mark_unchanged();
        let step = (self.poll)(self.clock.now());
        self.done = step.done;
        let mut chunk = BytesMut::with_capacity(step.frames.iter().map(Bytes::len).sum());
        for frame in &step.frames {
            chunk.extend_from_slice(frame);
        }
        (!chunk.is_empty()).then(|| chunk.freeze())
    }
}

#[cfg(test)]
mod tests;
