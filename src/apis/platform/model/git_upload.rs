//! Git uploads: a temporary remote a client pushes code to. The push is simulated: it
//! arrives `timing.git_push` after the upload is created (if before `expires_at`), then the
//! pack is received, processed and ready, each step on the clock; without a push in time
//! the upload is `expired`. A received or ready upload can become one repository's source.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::ids::commit_sha;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UploadStatus {
    AwaitingPush,
    Received,
    Processing,
    Ready,
    Expired,
}

impl UploadStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            UploadStatus::AwaitingPush => "awaiting_push",
            UploadStatus::Received => "received",
            UploadStatus::Processing => "processing",
            UploadStatus::Ready => "ready",
            UploadStatus::Expired => "expired",
        }
    }

    /// Not yet ready, expired or failed: counts against the pending limit.
    pub(crate) fn pending(self) -> bool {
        matches!(self, UploadStatus::AwaitingPush | UploadStatus::Received | UploadStatus::Processing)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct GitUpload {
    pub(crate) id: String,
    pub(crate) user: String,
    pub(crate) name: Option<String>,
    /// `https://<host>/git/<id>.git`, on the host the client reached.
    pub(crate) push_url: String,
    /// The one-time push password, shown once.
    pub(crate) push_token: String,
    pub(crate) created_at: Timestamp,
    pub(crate) expires_at: Timestamp,
    /// When the (simulated) push arrives; `None`: never.
    pub(crate) pushed_at: Option<Timestamp>,
    pub(crate) repository_id: Option<String>,
}

/// Receiving, then processing, take this long.
const RECEIVING: SignedDuration = SignedDuration::from_secs(5);
const PROCESSING: SignedDuration = SignedDuration::from_secs(10);

impl GitUpload {
    /// The push, if it arrived before the deadline.
    fn push(&self) -> Option<Timestamp> {
        self.pushed_at.filter(|p| *p < self.expires_at)
    }

    pub(crate) fn status(&self, now: Timestamp) -> UploadStatus {
        match self.push() {
            Some(p) if now >= p + RECEIVING + PROCESSING => UploadStatus::Ready,
            Some(p) if now >= p + RECEIVING => UploadStatus::Processing,
            Some(p) if now >= p => UploadStatus::Received,
            _ if now >= self.expires_at => UploadStatus::Expired,
            _ => UploadStatus::AwaitingPush,
        }
    }

    pub(crate) fn received_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.push().filter(|p| now >= *p)
    }

    /// The commit pushed, once received.
    pub(crate) fn commit_sha(&self, now: Timestamp) -> Option<String> {
        self.received_at(now).map(|_| commit_sha(&[self.id.as_bytes(), b"refs/heads/main"]))
    }

    /// The pack's size, once processed.
    pub(crate) fn size_bytes(&self, now: Timestamp) -> Option<u64> {
        matches!(self.status(now), UploadStatus::Ready).then_some(48_213 + (self.id.len() as u64) * 1024)
    }
}
