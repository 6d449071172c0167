//! Every refusal the platform gives, in its own words, in one place. Errors are FastAPI's
//! `{"detail": "…"}` (rendered by the API's dialect); a 401 carries
//! `WWW-Authenticate: Bearer`, a 429 `Retry-After`, and a body-level 422 pydantic's
//! `value_error` shape. Handlers carry these out with `?`.

use serde_json::{Value, json};

use crate::apis::platform::model::{IngestStatus, ScanStatus};
use crate::reply::{Refusal, Reply};
use crate::world::Ctx;

pub(crate) const INVALID_CREDENTIALS: &str = "Could not validate credentials";
pub(crate) const TOKEN_EXPIRED: &str = "Token has expired";
pub(crate) const LOGGED_OUT: &str = "Session has been logged out";
pub(crate) const KEY_REVOKED: &str = "API key has been revoked or has expired";
pub(crate) const NOT_OPS: &str = "Not enough permissions: requires membership in the 'ops' group";

fn detail(ctx: &Ctx<'_>, status: u16, message: &str) -> Refusal {
    ctx.errors.error(status, Some(message)).into()
}

fn unauthorized(ctx: &Ctx<'_>, message: &str) -> Refusal {
    ctx.errors.error(401, Some(message)).header("WWW-Authenticate", "Bearer").into()
}

/// The credential stopped being valid between authentication and handling.
pub(crate) fn credential_gone(ctx: &Ctx<'_>) -> Refusal {
    unauthorized(ctx, INVALID_CREDENTIALS)
}

pub(crate) fn bad_login(ctx: &Ctx<'_>) -> Refusal {
    unauthorized(ctx, "Incorrect email or password")
}

pub(crate) fn disabled(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 403, "User account is disabled")
}

pub(crate) fn refresh_invalid(ctx: &Ctx<'_>) -> Refusal {
    unauthorized(ctx, "Invalid or expired refresh token")
}

pub(crate) fn refresh_reused(ctx: &Ctx<'_>) -> Refusal {
    unauthorized(ctx, "Refresh token has already been used")
}

pub(crate) fn scope_not_held(ctx: &Ctx<'_>, scope: &str) -> Refusal {
    detail(ctx, 403, &format!("Cannot grant scope '{scope}': the caller does not hold it"))
}

pub(crate) fn key_name_taken(ctx: &Ctx<'_>, name: &str) -> Refusal {
    detail(ctx, 409, &format!("An API key named '{name}' already exists"))
}

pub(crate) fn too_many_keys(ctx: &Ctx<'_>, max: u32) -> Refusal {
    detail(ctx, 409, &format!("API key limit reached ({max} per user)"))
}

pub(crate) fn key_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "API key not found")
}

pub(crate) fn project_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Project not found")
}

pub(crate) fn project_name_taken(ctx: &Ctx<'_>, name: &str) -> Refusal {
    detail(ctx, 409, &format!("A project named '{name}' already exists"))
}

pub(crate) fn project_busy(ctx: &Ctx<'_>, n: usize) -> Refusal {
    let scans = if n == 1 { "1 scan".to_string() } else { format!("{n} scans") };
    let it = if n == 1 { "it" } else { "them" };
    detail(ctx, 409, &format!("Project has {scans} in progress; cancel {it} before deleting the project"))
}

pub(crate) fn repository_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Repository not found")
}

pub(crate) fn repository_name_taken(ctx: &Ctx<'_>, name: &str) -> Refusal {
    detail(ctx, 409, &format!("A repository named '{name}' already exists in this project"))
}

/// A repository with a scan in progress cannot be deleted.
pub(crate) fn repository_busy(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "Repository has a scan in progress; cancel it before deleting the repository")
}

/// Nor re-ingested.
pub(crate) fn repository_scanning(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "Repository has a scan in progress; wait for it or cancel it first")
}

pub(crate) fn source_fixed(ctx: &Ctx<'_>, source_type: &str) -> Refusal {
    let kind = if source_type == "upload" { "an upload" } else { "a git_upload" };
    detail(ctx, 409, &format!("Cannot change the source of {kind} repository; create a new repository instead"))
}

pub(crate) fn snapshot_not_ready(ctx: &Ctx<'_>, status: IngestStatus) -> Refusal {
    detail(ctx, 409, &format!("Repository snapshot is not ready (ingest_status: {})", status.as_str()))
}

pub(crate) fn file_not_found(ctx: &Ctx<'_>, path: &str) -> Refusal {
    detail(ctx, 404, &format!("File not found in repository snapshot: {path}"))
}

pub(crate) fn threat_profile_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Threat profile not found")
}

pub(crate) fn scan_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Scan not found")
}

pub(crate) fn scan_in_progress(ctx: &Ctx<'_>, scan: &str) -> Refusal {
    detail(ctx, 409, &format!("Repository already has a scan in progress ({scan})"))
}

pub(crate) fn scan_final(ctx: &Ctx<'_>, status: ScanStatus) -> Refusal {
    detail(ctx, 409, &format!("Scan already finished (status: {})", status.as_str()))
}

/// 429 with `Retry-After`.
pub(crate) fn scan_quota(ctx: &Ctx<'_>, message: &str, retry_after: i64) -> Refusal {
    ctx.errors.error(429, Some(message)).header("Retry-After", retry_after.max(1).to_string()).into()
}

pub(crate) fn finding_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Finding not found")
}

/// A body that fails a rule pydantic would check in a validator: 422 `value_error` at
/// `["body", …]`.
pub(crate) fn value_error(loc: &[&str], message: &str, input: Value) -> Refusal {
    value_error_at("body", loc, message, input)
}

/// A `value_error` at `[source, …loc]` (`query`, `body`).
pub(crate) fn value_error_at(source: &str, loc: &[&str], message: &str, input: Value) -> Refusal {
    let mut at: Vec<Value> = vec![json!(source)];
    at.extend(loc.iter().map(|l| json!(l)));
    let entry = json!({
        "type": "value_error",
        "loc": at,
        "msg": format!("Value error, {message}"),
        "input": input,
        "ctx": {"error": message},
    });
    Reply::json(422, json!({"detail": [entry]})).into()
}

pub(crate) fn upload_too_large(ctx: &Ctx<'_>, limit: u64) -> Refusal {
    detail(ctx, 413, &format!("Archive exceeds the upload limit of {limit} bytes"))
}

/// A git upload that is not `received` or `ready` cannot be ingested.
pub(crate) fn git_upload_not_ready(ctx: &Ctx<'_>, status: &str) -> Refusal {
    detail(ctx, 409, &format!("Git upload is not ready (status: {status})"))
}

pub(crate) fn git_upload_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Git upload not found")
}

pub(crate) fn too_many_uploads(ctx: &Ctx<'_>, max: u32) -> Refusal {
    detail(ctx, 409, &format!("Too many pending git uploads ({max}); delete or use some first"))
}

pub(crate) fn upload_processing(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "Git upload is being processed (status: processing); try again later")
}

pub(crate) fn upload_ingesting(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "A repository is being ingested from this git upload; try again later")
}

pub(crate) fn upload_used(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "Git upload is already used by another repository")
}

pub(crate) fn cleanup_running(ctx: &Ctx<'_>, id: &str) -> Refusal {
    detail(ctx, 409, &format!("A cleanup job is already running ({id})"))
}

pub(crate) fn session_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Session not found")
}

pub(crate) fn session_busy(ctx: &Ctx<'_>, status: &str) -> Refusal {
    detail(ctx, 409, &format!("Session cannot be analyzed (status: {status})"))
}

pub(crate) fn artifact_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Artifact not found")
}

pub(crate) fn artifact_signature(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 403, "The request signature does not match")
}

pub(crate) fn artifact_expired(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 403, "Request has expired")
}

pub(crate) fn storage_unavailable(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 503, "Artifact storage is unavailable")
}
