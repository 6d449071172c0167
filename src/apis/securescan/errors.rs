//! Every refusal SecureScan gives, in its own words, in one place. They are FastAPI's
//! `{"detail": "…"}`, rendered by the API's error dialect; handlers carry them out
//! with `?`.

use crate::apis::securescan::model::ScanStatus;
use crate::apis::securescan::model::targets::PathRefused;
use crate::reply::{Refusal, Reply};
use crate::world::Ctx;

/// What an unknown or revoked key is told.
pub(crate) const INVALID_KEY: &str = "Invalid API key";

fn detail(ctx: &Ctx<'_>, status: u16, message: &str) -> Refusal {
    ctx.errors.error(status, Some(message)).into()
}

/// 401 for a key that is not (or no longer) a credential, with the bearer challenge
/// SecureScan sends whichever header carried the key.
pub(crate) fn invalid_key(ctx: &Ctx<'_>) -> Reply {
    ctx.errors.error(401, Some(INVALID_KEY)).header("www-authenticate", "Bearer")
}

/// 401s of the SSE event-token check.
pub(crate) fn bad_event_token(ctx: &Ctx<'_>, message: &str) -> Reply {
    ctx.errors.error(401, Some(message))
}

pub(crate) fn scan_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Scan not found")
}

/// Compare names which of its two scans is unknown.
pub(crate) fn compared_scan_not_found(ctx: &Ctx<'_>, which: char) -> Refusal {
    detail(ctx, 404, &format!("Scan {which} not found"))
}

pub(crate) fn key_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Key not found")
}

/// `/keys/me` for the environment key, which has no record.
pub(crate) fn not_a_db_key(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Not authenticated via DB key")
}

pub(crate) fn last_admin_key(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 409, "Cannot revoke the last admin key when AUTH_REQUIRED=1")
}

pub(crate) fn path_refused(ctx: &Ctx<'_>, why: &PathRefused) -> Refusal {
    detail(ctx, 400, &why.message())
}

pub(crate) fn not_cancellable(ctx: &Ctx<'_>, status: ScanStatus) -> Refusal {
    detail(ctx, 409, &format!("Cannot cancel scan in '{}' state", status.as_str()))
}

pub(crate) fn not_deletable(ctx: &Ctx<'_>, status: ScanStatus) -> Refusal {
    detail(ctx, 409, &format!("Cannot delete scan in '{}' state; cancel it first", status.as_str()))
}

pub(crate) fn report_needs_completed_scan(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 400, "Scan must be completed to generate a report")
}

pub(crate) fn sbom_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "SBOM not found")
}

pub(crate) fn bad_sbom_format(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 400, "format must be 'cyclonedx' or 'spdx'")
}

pub(crate) fn not_installable(ctx: &Ctx<'_>, name: &str) -> Refusal {
    detail(ctx, 400, &format!("Scanner '{name}' cannot be auto-installed. Install it manually."))
}

/// The directory picker's refusals (400 for a missing path or a file, 403 unreadable).
pub(crate) fn browse(ctx: &Ctx<'_>, status: u16, message: &str) -> Refusal {
    detail(ctx, status, message)
}

pub(crate) fn webhook_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Webhook not found")
}

pub(crate) fn notification_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Notification not found")
}

pub(crate) fn comment_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Comment not found")
}

/// 429 from the POST /scans limiter, with its headers.
pub(crate) fn rate_limited(retry_after: u64, limit: u32, reset: i64) -> Refusal {
    let body = serde_json::json!({"detail": "Rate limit exceeded", "retry_after": retry_after, "limit_per_min": limit});
    Reply::json(429, body)
        .header("retry-after", retry_after.to_string())
        .header("x-ratelimit-limit", limit.to_string())
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", reset.to_string())
        .into()
}
