//! RFC 9457 problem details (`application/problem+json`): secmock's own admin API, any
//! spec that names no dialect, and secmock-level failures (strict-mode violations, panics).

use serde_json::{Value, json};

use super::{Dialect, reason};
use crate::contract::problem::RequestProblem;
use crate::reply::Reply;

pub(crate) const PROBLEM_JSON: &str = "application/problem+json";
const BASE: &str = "https://secmock.dev/problems";

#[derive(Debug, Clone, Copy)]
pub struct ProblemDialect;

impl ProblemDialect {
    /// A problem document with a secmock problem type (`/problems/<kind>`).
    pub fn typed(status: u16, kind: &str, title: &str, detail: &str, extra: Option<(&str, Value)>) -> Reply {
        let mut body = json!({
            "type": format!("{BASE}/{kind}"),
            "title": title,
            "status": status,
            "detail": detail,
        });
        if let (Some((key, value)), Value::Object(map)) = (extra, &mut body) {
            map.insert(key.to_string(), value);
        }
        Reply::json_as(status, PROBLEM_JSON, body)
    }
}

impl Dialect for ProblemDialect {
    fn invalid_request(&self, problems: &[RequestProblem]) -> Reply {
        let errors: Vec<Value> =
            problems.iter().map(|p| json!({"location": p.location(), "message": p.describe()})).collect();
        let n = problems.len();
        ProblemDialect::typed(
            422,
            "request-validation",
            "Request validation failed",
            &format!("{n} problem{} in the request", if n == 1 { "" } else { "s" }),
            Some(("errors", Value::Array(errors))),
        )
    }

    fn unauthenticated(&self, message: Option<&str>, bearer: bool) -> Reply {
        let reply = ProblemDialect::typed(
            401,
            "unauthenticated",
            "Unauthorized",
            message.unwrap_or("credentials are required"),
            None,
        );
        if bearer { reply.header("www-authenticate", "Bearer") } else { reply }
    }

    fn error(&self, status: u16, message: Option<&str>) -> Reply {
        let mut body = json!({"type": "about:blank", "title": reason(status), "status": status});
        if let (Some(detail), Value::Object(map)) = (message, &mut body) {
            map.insert("detail".into(), json!(detail));
        }
        Reply::json_as(status, PROBLEM_JSON, body)
    }
}
