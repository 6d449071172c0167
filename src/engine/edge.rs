//! The edge: turning a `Reply` into HTTP, and deciding — once, for every path through the
//! engine — what contract violations do: a WARN log line, the journal, the
//! `x-secmock-violations` header, and in strict mode a 500 problem+json that names them.

use axum::body::Body as HttpBody;
use http::{HeaderValue, Response};
use serde_json::json;

use crate::contract::{ProblemDialect, Violation, ViolationKind};
use crate::reply::{Body, Reply};

/// Marks a response whose connection the transport must close (or reset) instead of
/// answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sever {
    pub reset: bool,
}

/// Logs violations and, in strict mode, replaces the reply by a 500 naming them; for a
/// proxied API (`upstream`), by a 502 naming the upstream answer's violations (a request's
/// own departures never replace the upstream's answer).
pub(crate) fn enforce(
    api: &str,
    reply: Reply,
    violations: &[Violation],
    strict: bool,
    upstream: Option<&str>,
) -> Reply {
    for v in violations {
        tracing::warn!(
            api,
            operation = %v.operation_id,
            status = v.status,
            pointer = %v.pointer,
            schema = %v.schema_pointer,
            upstream = v.upstream.as_deref().unwrap_or("-"),
            "contract violation: {}",
            v.message
        );
    }
    let answered: Vec<&Violation> = violations.iter().filter(|v| v.kind != ViolationKind::Request).collect();
    if !strict || answered.is_empty() {
        return reply;
    }
    let named = answered.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("; ");
    match upstream {
        Some(url) => ProblemDialect::typed(
            502,
            "upstream-contract-violation",
            "The upstream's response violates the contract",
            &format!(
                "{url} answered {} to {}, which violates its contract: {named}",
                reply.status.as_u16(),
                answered[0].operation_id
            ),
            Some(("violations", json!(answered))),
        ),
        None => ProblemDialect::typed(
            500,
            "contract-violation",
            "Response violates the contract",
            &format!(
                "the {} response of {} violates its contract: {}",
                reply.status.as_u16(),
                answered[0].operation_id,
                answered.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ")
            ),
            Some(("violations", json!(answered))),
        ),
    }
}

/// Serialises a reply into an HTTP response.
pub(crate) fn into_http(reply: Reply, violations: usize, head: bool) -> Response<HttpBody> {
    let Reply { status, mut headers, body, .. } = reply;
    let (content_type, body) = match body {
        Body::Empty => (None, HttpBody::empty()),
        Body::Json { value, content_type } => {
            (Some(content_type), HttpBody::from(serde_json::to_vec(&value).unwrap_or_default()))
        }
        Body::Bytes { content_type, bytes } => (Some(content_type), HttpBody::from(bytes)),
        Body::Stream { content_type, stream } => (Some(content_type), HttpBody::from_stream(stream)),
    };
    if let Some(ct) = content_type.filter(|ct| !ct.is_empty())
        && !headers.contains_key(http::header::CONTENT_TYPE)
        && let Ok(v) = HeaderValue::from_str(&ct)
    {
        headers.insert(http::header::CONTENT_TYPE, v);
    }
    if violations > 0 {
        headers.insert("x-secmock-violations", HeaderValue::from(violations));
    }
    // A HEAD answer announces the length the GET body would have (RFC 9110 §9.3.2, and
    // what Starlette does); only a streamed body's length is unknown in advance.
    if head
        && let Some(length) = axum::body::HttpBody::size_hint(&body).exact()
        && !headers.contains_key(http::header::CONTENT_LENGTH)
    {
        headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    let mut response = Response::new(if head { HttpBody::empty() } else { body });
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
