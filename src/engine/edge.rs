//! The edge: turning a `Reply` into HTTP, and deciding — once, for every path through the
//! engine — what contract violations do: a WARN log line, the journal, the
//! `x-secmock-violations` header, and in strict mode a 500 problem+json that names them.

use axum::body::Body as HttpBody;
use http::{HeaderValue, Response};
use serde_json::json;

use crate::contract::{ProblemDialect, Violation};
use crate::reply::{Body, Reply};

/// Marks a response whose connection the transport must close (or reset) instead of
/// answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sever {
    pub reset: bool,
}

/// Logs violations and, in strict mode, replaces the reply by a 500 naming them.
pub(crate) fn enforce(api: &str, reply: Reply, violations: &[Violation], strict: bool) -> Reply {
    for v in violations {
        tracing::warn!(
            api,
            operation = %v.operation_id,
            status = v.status,
            pointer = %v.pointer,
            schema = %v.schema_pointer,
            "contract violation: {}",
            v.message
        );
    }
    if !strict || violations.is_empty() {
        return reply;
    }
    let detail = format!(
        "the {} response of {} violates its contract: {}",
        reply.status.as_u16(),
        violations[0].operation_id,
        violations.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ")
    );
    ProblemDialect::typed(
        500,
        "contract-violation",
        "Response violates the contract",
        &detail,
        Some(("violations", json!(violations))),
    )
}

/// Serialises a reply into an HTTP response.
pub(crate) fn into_http(reply: Reply, violations: usize, head: bool) -> Response<HttpBody> {
    let Reply { status, mut headers, body } = reply;
    let (content_type, body) = match body {
        Body::Empty => (None, HttpBody::empty()),
        Body::Json { value, content_type } => {
            (Some(content_type), HttpBody::from(serde_json::to_vec(&value).unwrap_or_default()))
        }
        Body::Bytes { content_type, bytes } => (Some(content_type), HttpBody::from(bytes)),
        Body::Stream { content_type, stream } => (Some(content_type), HttpBody::from_stream(stream)),
    };
    if let Some(ct) = content_type
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
