//! Git uploads, read off the clock; the push token only in the answer that created one.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::git_upload::{GitUpload, UploadStatus};

#[derive(Debug, Serialize)]
pub(crate) struct GitUploadView<'a> {
    id: &'a str,
    name: Option<&'a str>,
    status: UploadStatus,
    push_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    push_token: Option<&'a str>,
    expires_at: Timestamp,
    created_at: Timestamp,
    received_at: Option<Timestamp>,
    #[serde(rename = "ref")]
    pushed_ref: Option<&'static str>,
    commit_sha: Option<String>,
    size_bytes: Option<u64>,
    error: Option<&'static str>,
    repository_id: Option<&'a str>,
}

impl<'a> GitUploadView<'a> {
    pub(crate) fn new(u: &'a GitUpload, now: Timestamp) -> Self {
        let received = u.received_at(now);
        GitUploadView {
            id: &u.id,
            name: u.name.as_deref(),
            status: u.status(now),
            push_url: &u.push_url,
            push_token: None,
            expires_at: u.expires_at,
            created_at: u.created_at,
            received_at: received,
            pushed_ref: received.map(|_| "refs/heads/main"),
            commit_sha: u.commit_sha(now),
            size_bytes: u.size_bytes(now),
            error: None,
            repository_id: u.repository_id.as_deref(),
        }
    }

    /// Just created: the one time the push token is shown.
    pub(crate) fn created(u: &'a GitUpload, now: Timestamp) -> Self {
        GitUploadView { push_token: Some(&u.push_token), ..GitUploadView::new(u, now) }
    }
}
