//! Git uploads: a temporary remote on secmock's own host, its status on the clock, and
//! deleting it.

use jiff::SignedDuration;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::git_upload::{GitUpload, UploadStatus};
use crate::apis::platform::model::ids::url_safe;
use crate::apis::platform::views::git_upload::GitUploadView;
use crate::reply::{Answer, Refusal, Reply};

/// `POST /v1/git-uploads/`: at most `max_pending_git_uploads_per_user` pending.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let now = op.now();
    let state = op.state();
    let max = state.limits.max_pending_git_uploads_per_user;
    let pending = state.git_uploads.iter().filter(|u| u.user == op.user && u.status(now).pending()).count();
    if pending >= max as usize {
        return Err(errors::too_many_uploads(op.ctx(), max));
    }
    let ttl = op.call.request.body_field("expires_in_seconds").and_then(|v| v.as_i64()).unwrap_or(3600);
    let push = state.timing.git_push;
    let origin = crate::world::mount::origin(&op.call.request.headers, true, "localhost");
    let id = op.call.uuid();
    let upload = GitUpload {
        push_url: format!("{origin}/git/{id}.git"),
        id,
        user: op.user.clone(),
        name: op.body_str("name").map(str::to_string),
        push_token: format!("gpt_{}", url_safe(op.call.rng, 32)),
        created_at: now,
        expires_at: now + SignedDuration::from_secs(ttl),
        pushed_at: push.map(|secs| now + SignedDuration::from_secs(i64::from(secs))),
        repository_id: None,
    };
    op.call.state.git_uploads.push(upload);
    let created = op.state().git_uploads.last().map(|u| GitUploadView::created(u, now));
    Ok(Reply::json(201, created))
}

fn upload(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let id = op.call.request.path_param("upload_id").unwrap_or_default();
    let at = op.state().git_uploads.iter().position(|u| u.id == id && u.user == op.user);
    at.ok_or_else(|| errors::git_upload_not_found(op.ctx()))
}

/// `GET /v1/git-uploads/{upload_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let u = upload(op)?;
    Ok(Reply::json(200, GitUploadView::new(&op.state().git_uploads[u], op.now())))
}

/// `DELETE /v1/git-uploads/{upload_id}`: refused while processing, or while a repository
/// is being ingested from it.
pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let u = upload(op)?;
    let now = op.now();
    let state = op.state();
    let upload = &state.git_uploads[u];
    let status = upload.status(now);
    if status == UploadStatus::Processing {
        return Err(errors::upload_processing(op.ctx()));
    }
    let ingesting = upload.repository_id.as_ref().and_then(|r| state.repositories.iter().find(|x| &x.id == r));
    if ingesting.is_some_and(|r| r.ingest.finished_at > now) {
        return Err(errors::upload_ingesting(op.ctx()));
    }
    op.call.state.git_uploads.remove(u);
    Ok(Reply::empty(204))
}
