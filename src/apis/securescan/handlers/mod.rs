//! SecureScan's operations, one file per resource: `keys`, `scans`, `events`,
//! `findings`, `triage`, `notifications`, `webhooks`. A handler reads the request
//! through [`Op`], changes the model, answers with a view and carries refusals out with
//! `?`; it imports the model, the views and `errors` only, never another handler.
//!
//! What every handler shares is here: who the caller is (`authenticate`), and the world
//! brought up to the clock before the handler acts (`for_caller`).

pub(crate) mod dashboard;
pub(crate) mod dispatch;
pub(crate) mod events;
pub(crate) mod findings;
pub(crate) mod keys;
pub(crate) mod notifications;
pub(crate) mod reports;
pub(crate) mod sbom;
pub(crate) mod scans;
pub(crate) mod triage;
pub(crate) mod webhooks;

use serde_json::{Value, json};

use crate::apis::securescan::errors;
use crate::apis::securescan::model::catch_up;
use crate::apis::securescan::model::keys::Principal;
use crate::apis::securescan::model::state::SecureScanState;
use crate::apis::securescan::model::time::micros;
use crate::apis::securescan::model::tokens;
use crate::apis::securescan::model::webhooks::take_undispatched;
use crate::contract::Credential;
use rand::rngs::ChaCha8Rng;

use crate::reply::{Answer, Refusal, Reply};
use crate::spec::Operation;
use crate::world::{Auth, Call, Ctx, Identity, RequestHead, new_uuid};

/// A SecureScan operation.
pub(crate) type Handler = fn(&mut Op<'_, '_>) -> Answer;

/// The name under which the environment key (and tokens it minted) is known.
const ENV: &str = "env";

/// Runs `handler` after bringing the world up to the clock and noting the key's use.
pub(crate) fn for_caller(
    handler: Handler,
) -> impl Fn(&mut Call<'_, SecureScanState>) -> Answer + Send + Sync + 'static {
    move |call| {
        // SecureScan (Python) stamps microseconds; the clock has nanoseconds.
        call.now = micros(call.now);
        catch_up::run(call.state, call.rng, call.now);
        let mut op = Op::new(call)?;
        if let Principal::Issued(id) = &op.principal
            && !op.by_event_token
        {
            let id = id.clone();
            op.call.state.keys.touch(&id, op.call.now);
        }
        let answer = handler(&mut op);
        // Webhook deliveries the catch-up or the handler queued go out now.
        let sends = take_undispatched(&call.state.webhooks, &mut call.state.deliveries);
        dispatch::send(call.ctx.outbound, call.ctx.api, &call.store(), call.generation, sends);
        answer
    }
}

/// When the legacy mount goes away.
const SUNSET: &str = "Wed, 31 Dec 2026 23:59:59 GMT";

/// What SecureScan's middleware puts on every response, whoever made it: the caller's
/// `X-Request-ID` echoed (or a fresh one), and on the legacy `/api/...` mount (not
/// `/api/v1`) `Deprecation`, the `/api/v1` successor `Link` and `Sunset`.
pub(crate) fn decorate(request: &RequestHead<'_>, reply: &mut Reply, rng: &mut ChaCha8Rng) {
    let given = request.headers.get("x-request-id").and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    let id = given.map_or_else(|| new_uuid(rng), str::to_string);
    let path = request.path;
    let legacy =
        path.strip_prefix("/api").filter(|rest| rest.starts_with('/') && !rest.starts_with("/v1/") && *rest != "/v1");
    let mut headers = vec![("x-request-id", id)];
    if let Some(rest) = legacy {
        headers.push(("deprecation", "true".to_string()));
        headers.push(("link", format!("</api/v1{rest}>; rel=\"successor-version\"")));
        headers.push(("sunset", SUNSET.to_string()));
    }
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (http::HeaderName::try_from(name), http::HeaderValue::try_from(value)) {
            reply.headers.insert(name, value);
        }
    }
}

/// `X-API-Key` (which wins), `Authorization: Bearer`, or on the SSE route an
/// `event_token` (checked instead of either). The engine has already answered a missing
/// credential (401 `X-API-Key header required`); scopes become the identity's scopes,
/// which the engine checks against each operation's before any validation, as FastAPI's
/// dependencies run before the body is read.
pub(crate) fn authenticate(
    state: &SecureScanState,
    ctx: &Ctx<'_>,
    _op: &Operation,
    credentials: &[Credential],
) -> Auth {
    let Some(credential) = credentials.first() else { return Auth::Refused(errors::invalid_key(ctx)) };
    if credential.scheme == "EventTokenQuery" {
        return by_event_token(state, ctx, &credential.secret);
    }
    match state.keys.recognise(&credential.secret) {
        Some((principal, scopes)) => identity(&principal, &scopes, Value::Null),
        None => Auth::Refused(errors::invalid_key(ctx)),
    }
}

fn identity(principal: &Principal, scopes: &[crate::apis::securescan::model::Scope], attributes: Value) -> Auth {
    let name = match principal {
        Principal::Env => ENV.to_string(),
        Principal::Issued(id) => id.clone(),
    };
    Auth::Known(Identity {
        principal: name,
        tenant: None,
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
        attributes,
    })
}

/// A token must be ours and unexpired, and its key still a credential; that it was
/// minted for the scan in the path is checked by the handler, which knows the path.
fn by_event_token(state: &SecureScanState, ctx: &Ctx<'_>, token: &str) -> Auth {
    let Some(payload) = tokens::verify(&state.token_secret, token, micros(ctx.now())) else {
        return Auth::Refused(errors::bad_event_token(ctx, "Invalid or expired event token"));
    };
    let attributes = json!({"event_token_scan": payload.scan_id});
    if payload.key_id == ENV {
        return match &state.keys.env_key {
            Some(_) => identity(&Principal::Env, &crate::apis::securescan::model::Scope::ALL, attributes),
            None => Auth::Refused(errors::bad_event_token(ctx, "Env-var key no longer configured")),
        };
    }
    match state.keys.get(&payload.key_id).filter(|k| k.is_active()) {
        Some(key) => identity(&Principal::Issued(key.id.clone()), &key.scopes, attributes),
        None => Auth::Refused(errors::bad_event_token(ctx, "Bound key is revoked or missing")),
    }
}

/// One request inside the store transaction, seen from SecureScan's side.
pub(crate) struct Op<'c, 'a> {
    pub(crate) call: &'c mut Call<'a, SecureScanState>,
    pub(crate) principal: Principal,
    /// The scan an SSE event token was minted for, when one authenticated the request.
    pub(crate) token_scan: Option<String>,
    by_event_token: bool,
}

impl<'c, 'a> Op<'c, 'a> {
    /// The caller as `authenticate` found it; refused if the key stopped being a
    /// credential in between (a reset, or a revocation racing this request).
    fn new(call: &'c mut Call<'a, SecureScanState>) -> Result<Op<'c, 'a>, Refusal> {
        let name = call.caller.principal.clone();
        let token_scan = call.caller.attributes.get("event_token_scan").and_then(Value::as_str).map(str::to_string);
        let principal = if name == ENV && call.state.keys.env_key.is_some() {
            Some(Principal::Env)
        } else {
            call.state.keys.get(&name).filter(|k| k.is_active()).map(|k| Principal::Issued(k.id.clone()))
        };
        match principal {
            Some(principal) => Ok(Op { call, principal, by_event_token: token_scan.is_some(), token_scan }),
            None => Err(errors::invalid_key(call.ctx).into()),
        }
    }

    pub(crate) fn ctx(&self) -> &Ctx<'a> {
        self.call.ctx
    }

    pub(crate) fn state(&self) -> &SecureScanState {
        self.call.state
    }

    /// The key id an event token is bound to: `env` or the issued key's id.
    pub(crate) fn key_name(&self) -> &str {
        match &self.principal {
            Principal::Env => ENV,
            Principal::Issued(id) => id,
        }
    }

    /// A path parameter.
    pub(crate) fn path(&self, name: &str) -> String {
        self.call.request.path_param(name).unwrap_or_default().to_string()
    }

    /// The scan in the path.
    pub(crate) fn scan_id(&self) -> Result<String, Refusal> {
        let id = self.path("scan_id");
        match self.state().scan(&id) {
            Some(_) => Ok(id),
            None => Err(errors::scan_not_found(self.ctx())),
        }
    }

    /// A text field of the body.
    pub(crate) fn body_str(&self, name: &str) -> Option<String> {
        self.call.request.body_field(name).and_then(Value::as_str).map(str::to_string)
    }
}
