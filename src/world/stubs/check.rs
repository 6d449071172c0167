//! A stub before it is added: its matchers compile, its method and headers are HTTP, it
//! can answer at least one operation of its API, and its answer honours the contract of
//! every operation it can answer (unless it says it `violates` it).

use http::{HeaderName, HeaderValue, Method};

use super::StubSpec;
use super::matcher::PathMatcher;
use crate::contract::{Verdicts, Violation, response};
use crate::spec::ApiSpec;

/// A stub that passed every check, ready for `Stubs::add`.
#[derive(Debug)]
pub struct Prepared {
    pub(super) spec: StubSpec,
    pub(super) operations: Vec<String>,
    pub(super) path: PathMatcher,
}

/// Why a stub was refused: a message naming the field at fault, and the contract
/// violations of its answer, if that is why.
#[derive(Debug, Clone)]
pub struct StubRefusal {
    pub message: String,
    pub violations: Vec<Violation>,
}

impl StubRefusal {
    fn new(message: String) -> StubRefusal {
        StubRefusal { message, violations: Vec::new() }
    }
}

impl std::fmt::Display for StubRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks `spec` against `api`'s contract.
pub fn prepare(spec: StubSpec, api: &ApiSpec) -> Result<Prepared, StubRefusal> {
    let fail = |m: String| Err(StubRefusal::new(m));
    let path = PathMatcher::parse(&spec.request.path).map_err(|e| StubRefusal::new(format!("request.path: {e}")))?;
    let method = match spec.request.method.as_deref() {
        Some(m) => match Method::from_bytes(m.to_ascii_uppercase().as_bytes()) {
            Ok(m) => Some(m),
            Err(_) => return fail(format!("request.method: '{m}' is not an HTTP method")),
        },
        None => None,
    };
    if let Some(name) = spec.request.headers.keys().find(|h| HeaderName::try_from(h.as_str()).is_err()) {
        return fail(format!("request.headers: '{name}' is not a header name"));
    }
    for (name, value) in &spec.response.headers {
        if HeaderName::try_from(name.as_str()).is_err() {
            return fail(format!("response.headers: '{name}' is not a header name"));
        }
        if HeaderValue::try_from(value.as_str()).is_err() {
            return fail(format!("response.headers.{name}: not a valid header value"));
        }
    }
    if !(100..=599).contains(&spec.response.status) {
        return fail(format!("response.status: {} is not an HTTP status (100 to 599)", spec.response.status));
    }
    let covered: Vec<_> = api
        .operations
        .iter()
        .filter(|op| method.as_ref().is_none_or(|m| *m == op.method) && path.covers(&op.route))
        .collect();
    if covered.is_empty() {
        return fail(format!(
            "request: no operation of {} answers {} {} (a stub answers what its contract declares)",
            api.name,
            method.as_ref().map_or("any method", Method::as_str),
            spec.request.path
        ));
    }
    let mut violations = Vec::new();
    if !spec.violates {
        let verdicts = Verdicts::default();
        for op in &covered {
            let mut reply = spec.response.reply();
            let value = reply.freeze();
            violations.extend(response::validate(op, &reply, false, value.as_ref(), &verdicts));
        }
    }
    if let Some(first) = violations.first() {
        let at = if first.pointer.is_empty() { String::new() } else { format!(" at {}", first.pointer) };
        return Err(StubRefusal {
            message: format!(
                "response: the answer violates the contract of {}{at}: {} (schema {}); \
                 give \"violates\": true to send it anyway",
                first.operation_id, first.message, first.schema_pointer
            ),
            violations,
        });
    }
    let operations = covered.iter().map(|op| op.id.clone()).collect();
    Ok(Prepared { spec, operations, path })
}
