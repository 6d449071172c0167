//! What one connection is doing, as far as its deadlines go: answering a request (no
//! deadline here), waiting for one (the idle timeout), or receiving one's head (the header
//! timeout, from the head's first byte). The connection's reads, its service and its
//! response body keep this up to date; the port's reaper reads it, and so does eviction,
//! which closes the connection that has waited longest for a request.
//!
//! hyper's own `header_read_timeout` is not used: in hyper 1.12 its timer starts as soon
//! as hyper is ready to read the next head, right after a response, so it counts the
//! keep-alive wait too and cannot be a separate, shorter limit than the idle timeout.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::task::{Context, Poll};

use hyper::body::{Body, Frame, SizeHint};
use tokio::sync::Notify;
use tokio::time::Instant;

/// `head_since` while no byte of the next request has arrived.
const NO_HEAD: u64 = u64::MAX;

/// A connection's state; times are milliseconds since its port's `epoch`.
pub(super) struct Activity {
    epoch: Instant,
    /// Requests between their head's arrival and their response's last byte (hyper's
    /// HTTP/1 serves one at a time; a count keeps the arithmetic honest anyway).
    in_flight: AtomicU32,
    /// When the connection last had nothing to answer: when it opened, or when its last
    /// response was sent.
    idle_since: AtomicU64,
    /// When the first byte of the next request's head arrived, or `NO_HEAD`.
    head_since: AtomicU64,
    /// Set (under the port's table lock) once the connection has been told to close.
    pub(super) closing: AtomicBool,
    close: Notify,
    /// The port's "a connection finished or fell idle" signal, for an accept loop
    /// waiting at its cap.
    room: Arc<Notify>,
}

/// Where a connection stands against its deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Answering,
    /// Waiting for a request, since this time.
    Idle(u64),
    /// Receiving a request's head, since its first byte arrived.
    ReadingHead {
        idle_since: u64,
        head_since: u64,
    },
}

impl Activity {
    pub(super) fn new(epoch: Instant, room: Arc<Notify>) -> Activity {
        let now = millis_since(epoch);
        Activity {
            epoch,
            in_flight: AtomicU32::new(0),
            idle_since: AtomicU64::new(now),
            head_since: AtomicU64::new(NO_HEAD),
            closing: AtomicBool::new(false),
            close: Notify::new(),
            room,
        }
    }

    /// Bytes were read from the client: if no request is being answered, they start the
    /// next one's head, and its header timeout.
    pub(super) fn bytes_arrived(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0 && self.head_since.load(Ordering::Relaxed) == NO_HEAD {
            self.head_since.store(millis_since(self.epoch), Ordering::Relaxed);
        }
    }

    /// A request's head has been parsed; the request is in flight until the returned
    /// guard is dropped (with the response body, once sent).
    pub(super) fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.clone())
    }

    pub(super) fn phase(&self) -> Phase {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return Phase::Answering;
        }
        let idle_since = self.idle_since.load(Ordering::Relaxed);
        match self.head_since.load(Ordering::Relaxed) {
            NO_HEAD => Phase::Idle(idle_since),
            head_since => Phase::ReadingHead { idle_since, head_since },
        }
    }

    pub(super) fn now(&self) -> u64 {
        millis_since(self.epoch)
    }

    /// Tells the connection's task to drop it, which closes the socket.
    pub(super) fn close(&self) {
        self.close.notify_one();
    }

    /// Completes once [`close`](Self::close) has been called.
    pub(super) async fn close_requested(&self) {
        self.close.notified().await;
    }
}

pub(super) fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
}

/// A request being answered; dropping it makes the connection idle again.
pub(super) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let activity = &self.0;
        // The times first: a reaper that sees nothing in flight must see them fresh.
        activity.idle_since.store(activity.now(), Ordering::Relaxed);
        activity.head_since.store(NO_HEAD, Ordering::Relaxed);
        activity.in_flight.fetch_sub(1, Ordering::AcqRel);
        activity.room.notify_one();
    }
}

/// A response body that keeps its request in flight until hyper has taken its last frame
/// and dropped it.
pub(super) struct TrackedBody<B> {
    inner: B,
    _in_flight: InFlight,
}

impl<B> TrackedBody<B> {
    pub(super) fn new(inner: B, in_flight: InFlight) -> Self {
        TrackedBody { inner, _in_flight: in_flight }
    }
}

impl<B: Body + Unpin> Body for TrackedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
