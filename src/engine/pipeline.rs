//! One request through one API. `serve` is the whole story; each step below it either
//! moves the request on or refuses it in the API's dialect. A proxied API (`forward`)
//! takes the same road with the upstream in the behaviour's place.

mod forward;
mod journal;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body as HttpBody;
use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::edge::{self, Sever};
use super::{Engine, builtin, cors, stubs};
use crate::contract::{self, ProblemDialect, RawRequest, Renderer, Violation, response};
use crate::generate::{self, Prefer};
use crate::reply::Reply;
use crate::spec::{Operation, RouteMatch};
use crate::world::faults::{FaultEffect, FaultTarget};
use crate::world::journal::{clip, redact_query};
use crate::world::mount;

/// A body above this size is parsed and validated off the async workers.
const LARGE_BODY: usize = 1024 * 1024;
/// The most of a request body the journal stores.
const BODY_STORED: usize = 4096;
/// The most of a response body the journal stores. Only an answer that is not a success
/// keeps its body (what a client was told when refused, or why it failed): copying every
/// success's body cost a stateful list about 8 % of its throughput (benches/load.sh).
const RESPONSE_BODY_STORED: usize = 4096;
/// The most problems of one refused request the journal stores.
const MAX_PROBLEMS: usize = 20;
/// How many near misses the journal stores for a request that matched no route.
const NEAR_MISSES: usize = 3;
/// The most of a path, or of a query string, the journal stores.
const URL_PART_STORED: usize = 2048;
use crate::world::{Auth, Identity, JournalUpstream, NearMiss, RequestHead, StubUse};

/// What the pipeline decided, before the edge turns it into HTTP.
pub(super) struct Answer<'s> {
    reply: Reply,
    /// The operation whose contract the reply is checked against; `None` for answers
    /// given before an operation is known (404, 405, redirects) or outside any contract
    /// (faults, secmock's own errors).
    checked: Option<&'s Operation>,
    operation_id: Option<String>,
    fault: Option<String>,
    sever: Option<Sever>,
    body: Option<Bytes>,
    /// Why the request was refused, for the journal.
    problems: Vec<String>,
    /// For a request no route matched: the nearest routes, for the journal.
    near_misses: Vec<NearMiss>,
    /// For a proxied request: where it went, and what the journal should know of it.
    upstream: Option<JournalUpstream>,
    /// For a proxied request: where it departs from the contract (the client's side).
    request_violations: Vec<Violation>,
    /// The stub that answered, if one did.
    pub(super) stub: Option<StubUse>,
}

impl<'s> Answer<'s> {
    fn unchecked(reply: Reply) -> Self {
        Answer {
            reply,
            checked: None,
            operation_id: None,
            fault: None,
            sever: None,
            body: None,
            problems: Vec::new(),
            near_misses: Vec::new(),
            upstream: None,
            request_violations: Vec::new(),
            stub: None,
        }
    }

    pub(super) fn of(op: &'s Operation, reply: Reply) -> Self {
        Answer { checked: Some(op), operation_id: Some(op.id.clone()), ..Answer::unchecked(reply) }
    }
}

impl Engine {
    /// Answers one HTTP request.
    pub(crate) async fn serve(self: Arc<Self>, request: Request<HttpBody>) -> Response<HttpBody> {
        let started = Instant::now();
        let arrived = self.world.clock.now();
        let (parts, body) = request.into_parts();
        let path = parts.uri.path();
        if let Some(reply) = builtin::asset(path) {
            return edge::into_http(reply, 0, parts.method == Method::HEAD);
        }
        if let Some(gate) = &self.gate
            && let Some(refusal) = gate.refusal(&parts, path)
        {
            return edge::into_http(refusal, 0, parts.method == Method::HEAD);
        }
        if let (Some(admin), Some(rest)) = (&self.admin, path.strip_prefix("/__secmock"))
            && (rest.is_empty() || rest.starts_with('/'))
        {
            // The mount's own page (the dashboard) loads its files by relative URL: it
            // must be read as a folder, `/__secmock/`.
            if rest.is_empty() && matches!(parts.method, Method::GET | Method::HEAD) {
                let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                let location = format!("{}/__secmock/{query}", mount::prefix(&parts.headers));
                return edge::into_http(Reply::empty(308).header("location", location), 0, false);
            }
            let rest = rest.to_string();
            return admin.clone().serve_rewritten(parts, body, &rest).await;
        }
        // A proxied API's CORS is the upstream's: its preflights and headers pass through.
        let proxied = self.upstream.as_deref();
        if proxied.is_none()
            && let Some(reply) = cors::preflight(&self.config.cors, &self.api.spec.routes, &parts)
        {
            return edge::into_http(reply, 0, false);
        }
        let head = parts.method == Method::HEAD;
        let mut answer = match proxied {
            Some(upstream) => self.answer_forwarded(&parts, body, upstream).await,
            None => self.answer(&parts, body).await,
        };
        if proxied.is_none() {
            let request = RequestHead { method: &parts.method, path, headers: &parts.headers };
            self.api.behaviour.decorate(&request, &mut answer.reply);
        }
        // Serialised once, here: the bytes validated are the bytes sent.
        let value = answer.reply.freeze();
        let mut violations = match answer.checked {
            Some(op) => response::validate(op, &answer.reply, head, value.as_ref(), &self.api.verdicts),
            None => Vec::new(),
        };
        if let Some(upstream) = proxied {
            let request = std::mem::take(&mut answer.request_violations);
            violations = forward::from_upstream(upstream.url(), answer.reply.status.as_u16(), request, violations);
            if let Some(recorder) = upstream.recorder() {
                self.record_upstream(recorder, &parts, &answer, &violations);
            }
        }
        if self.config.journal {
            let query = parts.uri.query().map(|q| clip(&redact_query(q), URL_PART_STORED));
            crate::telemetry::log_access(&crate::telemetry::AccessLine {
                api: self.api.name(),
                operation: answer.operation_id.as_deref().unwrap_or("-"),
                status: answer.reply.status.as_u16(),
                micros: started.elapsed().as_micros() as u64,
                method: parts.method.as_str(),
                path: parts.uri.path(),
                query: query.as_deref(),
            });
            self.record(&parts, &answer, &violations, query.unwrap_or_default(), arrived, started);
        }
        // A stub that violates on purpose is sent as given: the test asked for exactly that.
        let strict = self.config.strict && !answer.stub.is_some_and(|s| s.violates);
        let reply = edge::enforce(self.api.name(), answer.reply, &violations, strict, proxied.map(|u| u.url()));
        let mut response = edge::into_http(reply, violations.len(), head);
        if proxied.is_none() {
            cors::allow(&self.config.cors, &parts.headers, response.headers_mut());
        }
        if let Some(sever) = answer.sever {
            response.extensions_mut().insert(sever);
        }
        response
    }

    /// Serves a request whose path had a mount prefix, as if it had arrived without it.
    async fn serve_rewritten(self: Arc<Self>, mut parts: Parts, body: HttpBody, path: &str) -> Response<HttpBody> {
        let path = if path.is_empty() { "/" } else { path };
        let path_and_query = match parts.uri.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        if let Ok(uri) = path_and_query.parse() {
            parts.uri = uri;
        }
        Box::pin(self.serve(Request::from_parts(parts, body))).await
    }

    async fn answer<'s>(&'s self, parts: &Parts, body: HttpBody) -> Answer<'s> {
        let spec = &self.api.spec;
        let errors = &self.api.renderer;
        let path = parts.uri.path();
        let query = parts.uri.query().unwrap_or("");
        let (op, path_params) = match spec.routes.find(&parts.method, path, Some(query)) {
            RouteMatch::Found { operation, params } => (&spec.operations[operation], params),
            RouteMatch::NotFound => {
                return match builtin::undeclared(spec, path) {
                    Some(b) if matches!(parts.method, Method::GET | Method::HEAD) => {
                        Answer::unchecked(builtin::answer(spec, b))
                    }
                    _ => {
                        let mut answer = Answer::unchecked(errors.error(404, None));
                        answer.near_misses = spec
                            .routes
                            .near_misses(&parts.method, path, NEAR_MISSES)
                            .into_iter()
                            .map(|(method, path, why)| NearMiss { method, path, why })
                            .collect();
                        answer
                    }
                };
            }
            RouteMatch::MethodNotAllowed { allow } => {
                let allow: Vec<&str> = allow.iter().map(Method::as_str).collect();
                return Answer::unchecked(errors.error(405, None).header("allow", allow.join(", ")));
            }
            RouteMatch::Redirect { location } => {
                // Where the request was mounted (a world's `/w/{name}`) is kept.
                let location = format!("{}{location}", mount::prefix(&parts.headers));
                return Answer::unchecked(Reply::empty(307).header("location", location));
            }
        };
        let mut answer = self.answer_operation(parts, body, op, &path_params).await;
        answer.operation_id = Some(op.id.clone());
        answer
    }

    async fn answer_operation<'s>(
        &'s self,
        parts: &Parts,
        body: HttpBody,
        op: &'s Operation,
        path_params: &[(String, String)],
    ) -> Answer<'s> {
        let spec = &self.api.spec;
        let errors = &self.api.renderer;
        let query = parts.uri.query().unwrap_or("");

        let fault = match self.faults(parts, Some(&op.id)).await {
            Ok(fault) => fault,
            Err(answer) => return answer,
        };

        if let Some(b) = op.builtin {
            let mut answer = Answer::of(op, builtin::answer(spec, b));
            answer.fault = fault;
            return answer;
        }

        let bytes = match read_body(parts, body, self.config.body_limit, errors).await {
            Ok(bytes) => bytes,
            Err(reply) => {
                let mut answer = Answer::unchecked(reply);
                answer.fault = fault;
                return answer;
            }
        };
        let mut answer = self.answer_validated(parts, &bytes, op, path_params, query).await;
        answer.fault = fault;
        answer.body = Some(bytes);
        answer
    }

    /// Applies the faults that fire for this request: latency first, then whatever effect
    /// replaces the answer (`Err`). `Ok` names the faults that fired, for the journal.
    async fn faults<'s>(&self, parts: &Parts, operation_id: Option<&str>) -> Result<Option<String>, Answer<'s>> {
        let plan = if self.config.faults {
            self.world.faults.plan(FaultTarget {
                api: self.api.name(),
                operation_id,
                method: parts.method.as_str(),
                path: parts.uri.path(),
                now: self.world.clock.now(),
            })
        } else {
            Default::default()
        };
        if !plan.delay.is_zero() {
            tokio::time::sleep(plan.delay).await;
        }
        let fault = (!plan.fired.is_empty())
            .then(|| plan.fired.iter().map(|id| format!("fault #{id}")).collect::<Vec<_>>().join(", "));
        let Some(effect) = plan.effect else { return Ok(fault) };
        let errors = &self.api.renderer;
        let mut answer = Answer::unchecked(match effect {
            FaultEffect::Status { status, ref message } => errors.error(status, message.as_deref()),
            FaultEffect::RateLimited { retry_after_secs } => {
                errors.error(429, None).header("retry-after", retry_after_secs.to_string())
            }
            FaultEffect::Sever { .. } => Reply::empty(502),
        });
        if let FaultEffect::Sever { reset } = effect {
            answer.sever = Some(Sever { reset });
        }
        answer.fault = fault;
        answer.operation_id = operation_id.map(str::to_string);
        Err(answer)
    }

    async fn answer_validated<'s>(
        &'s self,
        parts: &Parts,
        bytes: &Bytes,
        op: &'s Operation,
        path_params: &[(String, String)],
        query: &str,
    ) -> Answer<'s> {
        let spec = &self.api.spec;
        let errors = &self.api.renderer;
        let ctx = self.api.ctx(&self.world);

        // Credentials: present and in the declared scheme, then known to the API.
        let credentials = match contract::credentials(op, &spec.security_schemes, &parts.headers, query) {
            Ok(credentials) => credentials,
            Err(failure) => {
                let challenge = failure.challenge(&spec.security_schemes);
                let reply = errors.unauthenticated(challenge == Some("Bearer"));
                return Answer::of(op, with_challenge(reply, challenge));
            }
        };
        let caller = if op.security.is_empty() {
            Identity::anonymous()
        } else {
            match self.api.behaviour.authenticate(&ctx, op, &credentials) {
                Auth::Known(identity) => identity,
                Auth::Unknown(message) => {
                    let challenge =
                        contract::security::challenge(credentials.iter().map(|c| &c.scheme), &spec.security_schemes);
                    let reply = match message {
                        Some(m) => errors.error(401, Some(&m)),
                        None => errors.unauthenticated(challenge == Some("Bearer")),
                    };
                    return Answer::of(op, with_challenge(reply, challenge));
                }
                Auth::Refused(reply) => return Answer::of(op, reply),
            }
        };
        if let Some(missing) = op.scopes.iter().find(|s| !caller.has_scope(s) && !caller.has_scope("*")) {
            let message = spec.settings.scope_message.replace("{scope}", missing);
            return Answer::of(op, errors.error(403, Some(&message)));
        }

        let raw = RawRequest {
            method: &parts.method,
            path: parts.uri.path(),
            query,
            headers: &parts.headers,
            body: bytes,
            path_params,
        };
        let validation = contract::request::validate_with(spec, op, &raw, credentials, Some(&self.api.params));
        let validated =
            if bytes.len() > LARGE_BODY { super::offload_future(validation).await } else { validation.await };
        let request = match validated {
            Ok(request) => request,
            Err(problems) => {
                let mut answer = Answer::of(op, refusal(op, errors, &problems));
                answer.problems = problems
                    .iter()
                    .take(MAX_PROBLEMS)
                    .map(|p| clip(&format!("{}: {}", p.location(), p.describe()), 512))
                    .collect();
                return answer;
            }
        };

        if let Some(answer) = stubs::answer(self, parts, bytes, op) {
            return answer;
        }
        let prefer = Prefer::from_headers(&parts.headers);
        if !prefer.is_set() {
            if let Some(pending) = self.api.behaviour.handle_async(&ctx, op, &request, &caller) {
                return Answer::of(op, pending.await);
            }
            if let Some(reply) = self.api.behaviour.handle(&ctx, op, &request, &caller) {
                return Answer::of(op, reply);
            }
        }
        let seed = generate::fingerprint(&[
            &self.world.seed().to_le_bytes(),
            op.id.as_bytes(),
            parts.uri.path().as_bytes(),
            query.as_bytes(),
            bytes,
        ]);
        let accept = parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok());
        let generated = generate::respond(
            spec,
            op,
            &generate::Request { prefer: &prefer, accept, seed, anchor: self.world.clock.now() },
        );
        match generated {
            Ok(reply) => Answer::of(op, reply),
            Err(e) => {
                let mut answer = Answer::unchecked(ProblemDialect::typed(
                    404,
                    "no-such-response",
                    "The preferred response is not in the contract",
                    &e.to_string(),
                    None,
                ));
                answer.operation_id = Some(op.id.clone());
                answer
            }
        }
    }
}

/// The answer to an invalid request: the dialect's validation error, except that a body of
/// a media type the operation does not accept is 415 where the operation declares a 415
/// (the platform's contract does; FastAPI's own answer, 422, stands where none is declared).
fn refusal(op: &Operation, errors: &Renderer, problems: &[contract::RequestProblem]) -> Reply {
    let declares_415 = op.responses.iter().any(|r| r.status == crate::spec::StatusKey::Code(415));
    let unsupported = problems.iter().find_map(|p| match &p.kind {
        contract::ProblemKind::UnsupportedMediaType { got, accepted } => Some((got, accepted)),
        _ => None,
    });
    match unsupported {
        Some((_, accepted)) if declares_415 => {
            errors.error(415, Some(&format!("Unsupported media type: expected {}", accepted.join(" or "))))
        }
        _ => errors.invalid_request(problems),
    }
}

/// A 401 for a bearer or basic scheme names it in `WWW-Authenticate` (RFC 6750 §3, RFC
/// 7617), whichever dialect rendered it and whether the credential was missing or
/// unknown: the same API must not challenge for one and stay silent for the other.
fn with_challenge(reply: Reply, challenge: Option<&'static str>) -> Reply {
    match challenge {
        Some(challenge) if !reply.headers.contains_key(http::header::WWW_AUTHENTICATE) => {
            reply.header("www-authenticate", challenge)
        }
        _ => reply,
    }
}

/// Reads the body up to `limit` bytes; a larger one is refused with 413 before it is read.
async fn read_body(parts: &Parts, body: HttpBody, limit: usize, errors: &Renderer) -> Result<Bytes, Reply> {
    let too_large = || errors.error(413, Some(&format!("Request body exceeds the limit of {limit} bytes")));
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(e) => Err(errors.error(400, Some(&format!("The request body could not be read: {e}")))),
    }
}
