//! Kolega's refusals, in its own words. Plain FastAPI errors (`{"detail": "…"}`) come from
//! the dialect through `Call::error`; business refusals that carry a machine-readable code
//! use Kolega's envelope `{"detail": {"detail", "error_code", "quota_type"?}}`, which the
//! dialect does not know, so it is built here.

use serde_json::{Map, Value, json};

use crate::reply::Reply;

pub(crate) const REPOSITORY_NOT_FOUND: &str = "Repository not found";
pub(crate) const SCAN_NOT_FOUND: &str = "Scan not found";
pub(crate) const FINDING_NOT_FOUND: &str = "Finding not found";
pub(crate) const FIX_NOT_FOUND: &str = "Fix not found";
pub(crate) const INVALID_KEY: &str = "Invalid API key";

/// `{"detail": {"detail": message, "error_code": code, "quota_type": quota?}}`.
pub(crate) fn envelope(status: u16, message: &str, code: &str, quota: Option<&str>) -> Reply {
    let mut detail = Map::new();
    detail.insert("detail".into(), json!(message));
    detail.insert("error_code".into(), json!(code));
    if let Some(q) = quota {
        detail.insert("quota_type".into(), json!(q));
    }
    Reply::json(status, json!({ "detail": Value::Object(detail) }))
}
