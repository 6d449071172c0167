//! DryRun's Rails-style errors: `{"error": "..."}`, 400 for request validation with every
//! problem listed in `details`, 404 `{"error": "not found"}`.

use serde_json::{Value, json};

use super::{Dialect, reason};
use crate::contract::problem::RequestProblem;
use crate::reply::Reply;

pub(crate) struct DryRun;

/// `query.days` → `days`: the error sentence names fields the way Rails does.
fn field_name(p: &RequestProblem) -> String {
    let location = p.location();
    match location.split_once('.') {
        Some((_, rest)) => rest.to_string(),
        None => location,
    }
}

impl Dialect for DryRun {
    fn invalid_request(&self, problems: &[RequestProblem]) -> Reply {
        let sentence: Vec<String> = problems.iter().map(|p| format!("{} {}", field_name(p), p.describe())).collect();
        let details: Vec<Value> =
            problems.iter().map(|p| json!({"location": p.location(), "message": p.describe()})).collect();
        Reply::json(400, json!({"error": sentence.join("; "), "details": details}))
    }

    fn unauthenticated(&self, message: Option<&str>, _bearer: bool) -> Reply {
        Reply::json(401, json!({"error": message.unwrap_or("unauthorized")}))
    }

    fn error(&self, status: u16, message: Option<&str>) -> Reply {
        let default = match status {
            401 => "unauthorized".to_string(),
            404 => "not found".to_string(),
            429 => "rate limit exceeded".to_string(),
            other => reason(other).to_ascii_lowercase(),
        };
        Reply::json(status, json!({"error": message.map(str::to_string).unwrap_or(default)}))
    }
}
