//! The proxied road (`--proxy API=URL`): the request is routed and validated as for a
//! mocked answer, but nothing refuses it: what departs from the contract is recorded as
//! a `request` violation and the request goes to the upstream all the same (the point
//! is to see what the real service does with it). The upstream's answer then takes the
//! ordinary road back: validated against the operation, journaled, counted in
//! `x-secmock-violations`, and in strict mode replaced by a 502 that names its
//! violations. Faults still apply first, so a proxied API can be made to fail on purpose.
//! A request no route matches is forwarded too, and its answer is checked against nothing.

use axum::body::Body as HttpBody;
use http::request::Parts;

use super::{Answer, read_body};
use crate::contract::{self, RawRequest, RequestProblem, Seg, Violation, ViolationKind};
use crate::engine::Engine;
use crate::proxy::{Answered, Recorder, Upstream};
use crate::reply::Body;
use crate::spec::{Operation, RouteMatch};
use crate::world::JournalUpstream;
use crate::world::recording::{RecordedExchange, mask_secret};

impl Engine {
    pub(super) async fn answer_forwarded<'s>(
        &'s self,
        parts: &Parts,
        body: HttpBody,
        upstream: &Upstream,
    ) -> Answer<'s> {
        let spec = &self.api.spec;
        let query = parts.uri.query().unwrap_or("");
        let routed = match spec.routes.find(&parts.method, parts.uri.path(), Some(query)) {
            RouteMatch::Found { operation, params } => Some((&spec.operations[operation], params)),
            _ => None,
        };
        let op = routed.as_ref().map(|(op, _)| *op);
        let mut journal = JournalUpstream { url: upstream.url().to_string(), failure: None, unvalidated: None };
        let fault = match self.faults(parts, op.map(|o| o.id.as_str())).await {
            Ok(fault) => fault,
            Err(mut answer) => {
                journal.failure = Some("not forwarded: a fault answered instead".into());
                answer.upstream = Some(journal);
                return answer;
            }
        };
        let bytes = match read_body(parts, body, self.config.body_limit, &self.api.renderer).await {
            Ok(bytes) => bytes,
            Err(reply) => {
                let mut answer = Answer::unchecked(reply);
                journal.failure = Some("not forwarded: the body is over secmock's --body-limit".into());
                (answer.fault, answer.upstream) = (fault, Some(journal));
                return answer;
            }
        };
        let mut request_violations = Vec::new();
        if let Some((op, params)) = &routed {
            request_violations = self.request_violations(parts, op, params, &bytes).await;
        }
        let path_and_query = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let mut answer = match upstream.forward(&parts.method, path_and_query, &parts.headers, bytes.clone()).await {
            Ok(forwarded) => {
                journal.unvalidated = forwarded.unvalidated;
                match op {
                    Some(op) => Answer::of(op, forwarded.reply),
                    None => Answer::unchecked(forwarded.reply),
                }
            }
            Err(failure) => {
                tracing::warn!(api = self.api.name(), upstream = upstream.url(), "upstream failed: {failure}");
                journal.failure = Some(failure.to_string());
                Answer::unchecked(failure.reply(upstream.url()))
            }
        };
        answer.operation_id = op.map(|o| o.id.clone());
        answer.problems = request_violations.iter().map(|v| format!("{}: {}", v.pointer, v.message)).collect();
        answer.request_violations = request_violations;
        (answer.fault, answer.body, answer.upstream) = (fault, Some(bytes), Some(journal));
        answer
    }

    /// Where a request departs from its operation's contract: credentials absent from
    /// every declared scheme, then each parameter and body problem.
    async fn request_violations(
        &self,
        parts: &Parts,
        op: &Operation,
        path_params: &[(String, String)],
        bytes: &bytes::Bytes,
    ) -> Vec<Violation> {
        let spec = &self.api.spec;
        let query = parts.uri.query().unwrap_or("");
        let mut found = Vec::new();
        let credentials = match contract::credentials(op, &spec.security_schemes, &parts.headers, query) {
            Ok(credentials) => credentials,
            Err(failure) => {
                let message = match failure {
                    contract::SecurityFailure::Missing { schemes } => {
                        format!("no credentials for any declared scheme ({})", schemes.join(", "))
                    }
                    contract::SecurityFailure::Malformed { scheme, reason } => {
                        format!("credentials not in the declared scheme {scheme}: {reason}")
                    }
                };
                found.push(request_violation(op, String::new(), format!("{}/security", op.pointer), message));
                Vec::new()
            }
        };
        let raw = RawRequest {
            method: &parts.method,
            path: parts.uri.path(),
            query,
            headers: &parts.headers,
            body: bytes,
            path_params,
        };
        if let Err(problems) = contract::request::validate(spec, op, &raw, credentials).await {
            found.extend(problems.iter().map(|p| request_violation(op, pointer(p), op.pointer.clone(), p.describe())));
        }
        found
    }
}

impl Engine {
    /// Hands an upstream's answer to the recorder (`--record`): only an answer to a known
    /// operation whose body was buffered; whether it honoured the contract decides whether
    /// it becomes an example. A recorder that cannot write says so in the log and the
    /// answer goes out all the same.
    pub(super) fn record_upstream(
        &self,
        recorder: &Recorder,
        parts: &Parts,
        answer: &Answer<'_>,
        violations: &[Violation],
    ) {
        let (Some(op), Some(journal)) = (answer.checked, &answer.upstream) else { return };
        if journal.failure.is_some() || journal.unvalidated.is_some() {
            return;
        }
        let spec = &self.api.spec;
        let query = parts.uri.query().unwrap_or("");
        let path_params = match spec.routes.find(&parts.method, parts.uri.path(), Some(query)) {
            RouteMatch::Found { params, .. } => params
                .into_iter()
                .map(|(name, value)| {
                    (name, percent_encoding::percent_decode_str(&value).decode_utf8_lossy().into_owned())
                })
                .collect(),
            _ => Vec::new(),
        };
        let credentials = contract::credentials(op, &spec.security_schemes, &parts.headers, query)
            .unwrap_or_default()
            .iter()
            .map(|c| mask_secret(&c.secret))
            .collect();
        let reply = &answer.reply;
        let (media_type, response) = match &reply.body {
            Body::Bytes { content_type, bytes } => {
                (essence(content_type), serde_json::from_slice::<serde_json::Value>(bytes).ok())
            }
            Body::Json { content_type, value } => (essence(content_type), Some(value.clone())),
            _ => (String::new(), None),
        };
        let status = reply.status.as_u16();
        let exchange = RecordedExchange {
            operation_id: op.id.clone(),
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            path_params,
            status,
            credentials,
            request: answer.body.as_ref().and_then(|b| serde_json::from_slice(b).ok()),
            response,
            at: self.world.clock.now(),
        };
        let answered = Answered {
            exchange,
            status_key: op.response(status).map(|r| r.status.to_string()).unwrap_or_else(|| status.to_string()),
            media_type,
            conforms: violations.iter().all(|v| v.kind == ViolationKind::Request),
        };
        let behaviour = self.api.behaviour.clone();
        if let Err(e) = crate::engine::offload(|| recorder.record(spec, behaviour, answered)) {
            tracing::warn!(api = self.api.name(), dir = %recorder.dir().display(), "cannot write the recording: {e}");
        }
    }
}

fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn request_violation(op: &Operation, pointer: String, schema_pointer: String, message: String) -> Violation {
    Violation {
        operation_id: op.id.clone(),
        status: 0,
        kind: ViolationKind::Request,
        pointer,
        schema_pointer,
        message,
        upstream: None,
    }
}

/// A request problem's place as a JSON pointer into the request seen as one document
/// (`/query/per_page`, `/header/x-request-id`, `/body/items/2/id`).
fn pointer(problem: &RequestProblem) -> String {
    let mut out = format!("/{}", problem.source.as_str());
    for seg in &problem.path {
        out.push('/');
        match seg {
            Seg::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// The violations of one proxied exchange, each marked with the upstream it came from;
/// the request's carry the status the upstream answered.
pub(super) fn from_upstream(
    url: &str,
    status: u16,
    request: Vec<Violation>,
    response: Vec<Violation>,
) -> Vec<Violation> {
    request
        .into_iter()
        .map(|v| Violation { status, ..v })
        .chain(response)
        .map(|v| Violation { upstream: Some(url.to_string()), ..v })
        .collect()
}
