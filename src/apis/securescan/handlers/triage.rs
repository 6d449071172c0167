//! Triage by fingerprint: the verdict (replaced whole by each PATCH, stamped by the
//! server) and the comment thread (oldest first; a second delete is 404). Any
//! fingerprint is accepted, as SecureScan keeps verdicts for findings not seen yet.

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::triage::{Comment, State, Verdict};
use crate::apis::securescan::views::finding::{CommentView, StateView};
use crate::reply::{Answer, Reply};

pub(crate) fn set_state(op: &mut Op<'_, '_>) -> Answer {
    let fingerprint = op.path("fingerprint");
    // The contract has checked the verdict is one of SecureScan's.
    let status = op.body_str("status").as_deref().and_then(Verdict::parse).unwrap_or(Verdict::New);
    let state = State {
        fingerprint: fingerprint.clone(),
        status,
        note: op.body_str("note"),
        updated_at: op.call.now,
        updated_by: op.body_str("updated_by"),
    };
    op.call.state.triage.insert(fingerprint.clone(), state.into());
    let saved = op.state().triage.get(&fingerprint).ok_or_else(|| errors::comment_not_found(op.ctx()))?;
    Ok(Reply::json(200, StateView::new(saved)))
}

pub(crate) fn comments(op: &mut Op<'_, '_>) -> Answer {
    let fingerprint = op.path("fingerprint");
    let mut thread: Vec<&Comment> = op.state().comments.iter().filter(|c| c.fingerprint == fingerprint).collect();
    // Oldest first; on the manual clock two comments can share an instant, and then the
    // one added first comes first (as distinct microsecond stamps order them for real).
    thread.sort_by_key(|c| c.created_at);
    let views: Vec<CommentView<'_>> = thread.into_iter().map(CommentView::new).collect();
    Ok(Reply::json(200, views))
}

pub(crate) fn add_comment(op: &mut Op<'_, '_>) -> Answer {
    let comment = Comment {
        id: op.call.uuid(),
        fingerprint: op.path("fingerprint"),
        text: op.body_str("text").unwrap_or_default(),
        author: op.body_str("author"),
        created_at: op.call.now,
    };
    op.call.state.comments.push(comment);
    let saved = op.state().comments.last().ok_or_else(|| errors::comment_not_found(op.ctx()))?;
    Ok(Reply::json(201, CommentView::new(saved)))
}

pub(crate) fn delete_comment(op: &mut Op<'_, '_>) -> Answer {
    let (fingerprint, id) = (op.path("fingerprint"), op.path("comment_id"));
    let at = op
        .state()
        .comments
        .iter()
        .position(|c| c.id == id && c.fingerprint == fingerprint)
        .ok_or_else(|| errors::comment_not_found(op.ctx()))?;
    op.call.state.comments.remove(at);
    Ok(Reply::empty(204))
}
