//! `Notification`, the unread count and the read-all answer.

use serde::Serialize;

use crate::apis::securescan::model::notifications::Notification;
use crate::apis::securescan::model::time::naive;

#[derive(Debug, Serialize)]
pub(crate) struct NotificationView<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    body: Option<&'a str>,
    link: Option<&'a str>,
    severity: &'static str,
    created_at: String,
    read_at: Option<String>,
}

impl<'a> NotificationView<'a> {
    pub(crate) fn new(n: &'a Notification) -> NotificationView<'a> {
        NotificationView {
            id: &n.id,
            kind: &n.kind,
            title: &n.title,
            body: n.body.as_deref(),
            link: n.link.as_deref(),
            severity: n.severity.as_str(),
            created_at: naive(n.created_at),
            read_at: n.read_at.map(naive),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct UnreadCountView {
    pub(crate) count: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct MarkedReadView {
    pub(crate) marked_read: usize,
}
