//! The legacy upload/analyze workflow: a session from an uploaded archive, an analysis on
//! the clock, its events and results.

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::ingest::stack_for;
use crate::apis::platform::model::legacy::{LegacySession, SessionStatus, retention};
use crate::apis::platform::model::rules::package_name;
use crate::apis::platform::views::legacy::{SessionEventView, SessionView};
use crate::apis::platform::views::page::Page;
use crate::reply::{Answer, Refusal, Reply};

/// `POST /v1/sessions/`: an archive (multipart `file`) within the upload limit.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    // The part's type is an archive type: the contract's `encoding` says so, and the
    // engine has checked it. Its name is taken as given.
    let filename = op.body_str("file").unwrap_or_default().to_string();
    let size = op.call.request.body_bytes.len() as u64;
    let limits = &op.state().limits;
    if size > limits.max_upload_bytes {
        return Err(errors::upload_too_large(op.ctx(), limits.max_upload_bytes));
    }
    let stem = filename.split('.').next().unwrap_or(&filename).to_string();
    let stack = stack_for(&stem, None, None);
    let now = op.now();
    let session = LegacySession {
        id: op.call.uuid(),
        user: op.user.clone(),
        name: op.body_str("name").map(str::to_string),
        size_bytes: size,
        created_at: now,
        expires_at: now + retention(op.state().limits.session_retention_days),
        stack,
        package: package_name(&stem, stack),
        filename,
        analysis: None,
    };
    op.call.state.legacy_sessions.push(session);
    let origin = op.origin();
    let signer = op.signer(&origin);
    Ok(Reply::json(201, op.state().legacy_sessions.last().map(|s| SessionView::new(s, signer, now))))
}

/// The caller's session in the path, unless it expired.
fn session(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let id = op.call.request.path_param("session_id").unwrap_or_default();
    let now = op.now();
    let at = op.state().legacy_sessions.iter().position(|s| s.id == id && s.user == op.user && s.expires_at > now);
    at.ok_or_else(|| errors::session_not_found(op.ctx()))
}

/// `GET /v1/sessions/{session_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let s = session(op)?;
    let origin = op.origin();
    let signer = op.signer(&origin);
    Ok(Reply::json(200, SessionView::new(&op.state().legacy_sessions[s], signer, op.now())))
}

/// `POST /v1/sessions/{session_id}/analyze`: from `uploaded` or `failed`, within the scan
/// quota; 202 with the session queued.
pub(crate) fn analyze(op: &mut Op<'_, '_>) -> Answer {
    let s = session(op)?;
    let now = op.now();
    let status = op.state().legacy_sessions[s].status(now);
    if !matches!(status, SessionStatus::Uploaded | SessionStatus::Failed) {
        return Err(errors::session_busy(op.ctx(), status.as_str()));
    }
    op.within_quota()?;
    let (id, timing) = (op.call.uuid(), op.state().timing);
    op.call.state.legacy_sessions[s].analyze(id, timing, now);
    let origin = op.origin();
    let signer = op.signer(&origin);
    Ok(Reply::json(202, SessionView::new(&op.state().legacy_sessions[s], signer, now)))
}

/// `GET /v1/sessions/{session_id}/events`: oldest first, after the `after` cursor.
pub(crate) fn events(op: &mut Op<'_, '_>) -> Answer {
    let s = session(op)?;
    let (skip, limit) = op.window(100);
    let after = op.call.request.query_i64("after").unwrap_or(0);
    let session = &op.state().legacy_sessions[s];
    let all: Vec<_> = session.events(op.now()).into_iter().enumerate().map(|(i, e)| (i + 1, e)).collect();
    let after: Vec<_> = all.into_iter().filter(|(n, _)| *n as i64 > after).collect();
    Ok(Reply::json(200, Page::of(&after, skip, limit, |(n, e)| SessionEventView::new(&session.id, *n, e))))
}
