//! Repositories: created under a project (from a git URL, an archive URL or an uploaded
//! archive), then found at `/v1/repositories/{repo_id}`; updated, deleted with everything
//! under them, and their threat profile.

use serde_json::Value;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::SourceType;
use crate::apis::platform::model::git_upload::UploadStatus;
use crate::apis::platform::model::ingest::{Source, begin};
use crate::apis::platform::model::state::{Repository, ThreatProfile};
use crate::apis::platform::views::page::Page;
use crate::apis::platform::views::repository::{RepositoryView, ThreatProfileView};
use crate::reply::{Answer, Refusal, Reply};

/// `GET /v1/projects/{project_id}/repositories`: newest first; `ingest_status`.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let (skip, limit) = op.window(50);
    let (state, now) = (op.state(), op.now());
    let status = op.query("ingest_status");
    let mut found: Vec<&Repository> = state
        .repositories_in(&state.projects[p].id)
        .filter(|r| status.is_none_or(|s| r.ingest.status(now).as_str() == s))
        .collect();
    found.reverse();
    found.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    Ok(Reply::json(200, Page::of(&found, skip, limit, |r| RepositoryView::new(state, r, now))))
}

/// What the body says about the source, checked against its `source_type`.
struct Asked {
    source_type: SourceType,
    url: Option<String>,
    branch: Option<String>,
    upload_filename: Option<String>,
}

fn asked(op: &Op<'_, '_>) -> Result<Asked, Refusal> {
    let multipart = op.call.request.media_type.as_deref().is_some_and(|m| m.starts_with("multipart/"));
    let source_type = if multipart {
        SourceType::Upload
    } else {
        op.body_str("source_type").and_then(SourceType::parse).unwrap_or(SourceType::Git)
    };
    let url = op.body_str("source_url").map(str::to_string);
    let branch = op.body_str("branch").map(str::to_string);
    let upload = op.body_str("git_upload_id");
    let body = op.call.request.body.clone().unwrap_or(Value::Null);
    let wrong = |message: &str| Err(errors::value_error(&[], message, body.clone()));
    match source_type {
        SourceType::Git | SourceType::Url if url.is_none() => {
            wrong(&format!("source_url is required for source_type '{}'", source_type.as_str()))
        }
        SourceType::Url if branch.is_some() => wrong("branch is only allowed for source_type 'git'"),
        SourceType::Git | SourceType::Url if upload.is_some() => {
            wrong("git_upload_id is only allowed for source_type 'git_upload'")
        }
        SourceType::GitUpload if upload.is_none() => wrong("git_upload_id is required for source_type 'git_upload'"),
        SourceType::GitUpload if url.is_some() || branch.is_some() => {
            wrong("source_url and branch must be null for source_type 'git_upload'")
        }
        SourceType::Upload if !multipart => {
            wrong("source_type 'upload' needs a multipart/form-data body with the archive in file")
        }
        SourceType::Upload => {
            // An archive by its part's type, which the engine checked against `encoding`.
            let file = op.body_str("file").unwrap_or_default().to_string();
            Ok(Asked { source_type, url: None, branch: None, upload_filename: Some(file) })
        }
        _ => Ok(Asked { source_type, url, branch, upload_filename: None }),
    }
}

/// `POST /v1/projects/{project_id}/repositories`: created `pending`; the ingest then moves
/// on the clock.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let name = op.body_str("name").unwrap_or_default().to_string();
    let project = op.state().projects[p].id.clone();
    if op.state().repositories_in(&project).any(|r| r.name == name) {
        return Err(errors::repository_name_taken(op.ctx(), &name));
    }
    let asked = asked(op)?;
    let limit = op.state().limits.max_upload_bytes;
    if asked.source_type == SourceType::Upload && op.call.request.body_bytes.len() as u64 > limit {
        return Err(errors::upload_too_large(op.ctx(), limit));
    }
    let now = op.now();
    let upload = match asked.source_type {
        SourceType::GitUpload => Some(usable_upload(op)?),
        _ => None,
    };
    let source = Source {
        name: &name,
        source_type: asked.source_type,
        url: asked.url.as_deref(),
        branch: asked.branch.as_deref(),
        language: None,
    };
    let ingest = begin(&op.state().timing, &op.state().unreachable_urls, &source, now);
    let repo = Repository {
        id: op.call.uuid(),
        project,
        description: op.body_str("description").map(str::to_string),
        name,
        source_type: asked.source_type,
        source_url: asked.url,
        branch: asked.branch,
        git_upload_id: upload.map(|u| op.state().git_uploads[u].id.clone()),
        upload_filename: asked.upload_filename,
        ingest,
        threat_profile: None,
        created_at: now,
        updated_at: now,
    };
    if let Some(u) = upload {
        op.call.state.git_uploads[u].repository_id = Some(repo.id.clone());
    }
    op.call.state.repositories.push(repo);
    let state = op.state();
    Ok(Reply::json(201, state.repositories.last().map(|r| RepositoryView::new(state, r, now))))
}

/// The caller's git upload the body names, if it is received or ready and not yet a
/// repository's source.
fn usable_upload(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let id = op.body_str("git_upload_id").unwrap_or_default();
    let state = op.state();
    let u = state.git_uploads.iter().position(|u| u.id == id && u.user == op.user);
    let u = u.ok_or_else(|| errors::git_upload_not_found(op.ctx()))?;
    let upload = &state.git_uploads[u];
    let status = upload.status(op.now());
    if !matches!(status, UploadStatus::Received | UploadStatus::Ready) {
        return Err(errors::git_upload_not_ready(op.ctx(), status.as_str()));
    }
    if upload.repository_id.is_some() {
        return Err(errors::upload_used(op.ctx()));
    }
    Ok(u)
}

/// `GET /v1/repositories/{repo_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let state = op.state();
    Ok(Reply::json(200, RepositoryView::new(state, &state.repositories[r], op.now())))
}

/// `PUT /v1/repositories/{repo_id}`: a partial update; a new source or branch of a `git`
/// or `url` repository starts a new ingest.
pub(crate) fn update(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let now = op.now();
    let repo = &op.state().repositories[r];
    let name = op.body_str("name").map(str::to_string);
    if let Some(name) = &name
        && op.state().repositories_in(&repo.project).any(|o| &o.name == name && o.id != repo.id)
    {
        return Err(errors::repository_name_taken(op.ctx(), name));
    }
    let url = op.body_str("source_url").map(str::to_string);
    let branch = op.body_has("branch").then(|| op.body_str("branch").map(str::to_string));
    let resource = (url.is_some() && url != repo.source_url) || branch.as_ref().is_some_and(|b| *b != repo.branch);
    if resource && matches!(repo.source_type, SourceType::Upload | SourceType::GitUpload) {
        return Err(errors::source_fixed(op.ctx(), repo.source_type.as_str()));
    }
    if resource && op.state().scans_of(&repo.id).any(|s| s.status(now).in_progress()) {
        return Err(errors::repository_scanning(op.ctx()));
    }
    let description = op.body_has("description").then(|| op.body_str("description").map(str::to_string));
    let mut updated = repo.clone();
    if let Some(name) = name {
        updated.name = name;
    }
    if let Some(description) = description {
        updated.description = description;
    }
    if resource {
        updated.source_url = url.or(updated.source_url);
        if let Some(branch) = branch {
            updated.branch = branch;
        }
        let source = Source {
            name: &updated.name,
            source_type: updated.source_type,
            url: updated.source_url.as_deref(),
            branch: updated.branch.as_deref(),
            language: None,
        };
        let mut ingest = begin(&op.state().timing, &op.state().unreachable_urls, &source, now);
        // The code is the same project's: keep its stack and package.
        ingest.stack = updated.ingest.stack;
        ingest.package = updated.ingest.package.clone();
        updated.ingest = ingest;
    }
    updated.updated_at = now;
    op.call.state.repositories[r] = updated;
    let state = op.state();
    Ok(Reply::json(200, RepositoryView::new(state, &state.repositories[r], now)))
}

/// `DELETE /v1/repositories/{repo_id}`: refused while a scan is in progress.
pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let now = op.now();
    let id = op.state().repositories[r].id.clone();
    if op.state().scans_of(&id).any(|s| s.status(now).in_progress()) {
        return Err(errors::repository_busy(op.ctx()));
    }
    op.call.state.delete_repository(&id);
    Ok(Reply::empty(204))
}

/// `GET /v1/repositories/{repo_id}/threat-profile`: 404 until one is set.
pub(crate) fn threat_profile(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let repo = &op.state().repositories[r];
    let profile = repo.threat_profile.as_ref().ok_or_else(|| errors::threat_profile_not_found(op.ctx()))?;
    Ok(Reply::json(200, ThreatProfileView::new(&repo.id, profile)))
}

/// `PUT /v1/repositories/{repo_id}/threat-profile`: replaces the whole profile; the
/// version grows by one.
pub(crate) fn put_threat_profile(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let list = |name: &str| op.call.request.body_field(name).and_then(Value::as_array).cloned().unwrap_or_default();
    let version = op.state().repositories[r].threat_profile.as_ref().map_or(1, |t| t.version + 1);
    let profile = ThreatProfile {
        assets: list("assets"),
        entry_points: list("entry_points"),
        trust_boundaries: list("trust_boundaries"),
        data_classifications: list("data_classifications"),
        notes: op.body_str("notes").map(str::to_string),
        version,
        updated_by: op.user.clone(),
        updated_at: op.now(),
    };
    let repo = &mut op.call.state.repositories[r];
    repo.threat_profile = Some(profile);
    let repo = &op.state().repositories[r];
    let profile = repo.threat_profile.as_ref().ok_or_else(|| errors::threat_profile_not_found(op.ctx()))?;
    Ok(Reply::json(200, ThreatProfileView::new(&repo.id, profile)))
}
