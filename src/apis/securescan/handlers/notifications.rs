//! The notification bell: newest first (optionally unread only, at most 200), the
//! unread count, marking one read (once; the first time is kept), and marking all read
//! (answering how many it marked, so a second call says 0).

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::notifications::{self, Notification};
use crate::apis::securescan::views::notification::{MarkedReadView, NotificationView, UnreadCountView};
use crate::reply::{Answer, Reply};

/// SecureScan caps `limit` silently.
const MAX_LIMIT: usize = 200;

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let request = op.call.request;
    let unread_only = request.query_bool("unread_only").unwrap_or(false);
    let limit = request.query_i64("limit").and_then(|l| usize::try_from(l).ok()).unwrap_or(50).min(MAX_LIMIT);
    let mut list: Vec<&Notification> =
        op.state().notifications.iter().rev().filter(|n| !unread_only || n.read_at.is_none()).collect();
    list.sort_by_key(|x| std::cmp::Reverse(x.created_at));
    let views: Vec<NotificationView<'_>> = list.into_iter().take(limit).map(NotificationView::new).collect();
    Ok(Reply::json(200, views))
}

pub(crate) fn unread_count(op: &mut Op<'_, '_>) -> Answer {
    let count = op.state().notifications.iter().filter(|n| n.read_at.is_none()).count();
    Ok(Reply::json(200, UnreadCountView { count }))
}

pub(crate) fn read_all(op: &mut Op<'_, '_>) -> Answer {
    let now = op.call.now;
    let marked_read = notifications::read_all(&mut op.call.state.notifications, now);
    Ok(Reply::json(200, MarkedReadView { marked_read }))
}

pub(crate) fn read(op: &mut Op<'_, '_>) -> Answer {
    let id = op.path("notification_id");
    let now = op.call.now;
    let found = op.call.state.notifications.iter_mut().find(|n| n.id == id);
    let Some(n) = found else { return Err(errors::notification_not_found(op.ctx())) };
    if n.read_at.is_none() {
        n.read_at = Some(now);
    }
    let n =
        op.state().notifications.iter().find(|n| n.id == id).ok_or_else(|| errors::notification_not_found(op.ctx()))?;
    Ok(Reply::json(200, NotificationView::new(n)))
}
