//! The platform's operations, one file per resource. A handler reads the request through
//! [`Op`], changes the model, answers with a view and carries refusals out with `?`; it
//! imports the model, the views and `errors` only, never another handler.
//!
//! What every handler shares is here: who the caller is (`authenticate` checks the bearer
//! token, a JWT or an API key, against the state and the clock), the world brought up to
//! the clock before the handler acts (`for_caller`), and the lookups every handler
//! repeats. Every lookup is scoped to the caller, so another user's ids are unknown (404).

pub(crate) mod api_keys;
pub(crate) mod artifacts;
pub(crate) mod auth;
pub(crate) mod billing;
pub(crate) mod cleanup;
pub(crate) mod findings;
pub(crate) mod git_uploads;
pub(crate) mod health;
pub(crate) mod ops;
pub(crate) mod project_rollups;
pub(crate) mod projects;
pub(crate) mod repositories;
pub(crate) mod scans;
pub(crate) mod sessions;
pub(crate) mod source;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::apis::platform::errors;
use crate::apis::platform::model::artifacts::Signer;
use crate::apis::platform::model::scan::Scan;
use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::model::token::{self, TokenError};
use crate::apis::platform::model::{IngestStatus, Scope, catch_up, scopes_of};
use crate::contract::Credential;
use crate::reply::{Answer, Refusal};
use crate::spec::Operation;
use crate::world::{Auth, Call, Ctx, Identity};

/// A platform operation, for the authenticated caller.
pub(crate) type Handler = fn(&mut Op<'_, '_>) -> Answer;

/// A public operation (login, refresh, health checks).
pub(crate) type PublicHandler = fn(&mut Call<'_, PlatformState>) -> Answer;

/// Whole seconds: the platform (Python, JWT `iat`/`exp`) thinks in seconds.
fn truncate(now: Timestamp) -> Timestamp {
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}

/// Runs `handler` for the caller, after bringing the world up to the clock.
pub(crate) fn for_caller(handler: Handler) -> impl Fn(&mut Call<'_, PlatformState>) -> Answer + Send + Sync + 'static {
    move |call| {
        call.now = truncate(call.now);
        catch_up::run(call.state, call.now);
        handler(&mut Op::new(call)?)
    }
}

/// Runs a public `handler`, after bringing the world up to the clock.
pub(crate) fn public(
    handler: PublicHandler,
) -> impl Fn(&mut Call<'_, PlatformState>) -> Answer + Send + Sync + 'static {
    move |call| {
        call.now = truncate(call.now);
        catch_up::run(call.state, call.now);
        handler(call)
    }
}

/// Who a bearer token is: an API key (`spk_…`) or an access token this platform signed,
/// checked against the virtual clock and the sessions logout ended. The `ops` endpoints
/// refuse a caller without the `ops` scope here, in their own words; other scopes the
/// engine checks against `x-secmock.scopes` with the spec's `scope_message`.
pub(crate) fn authenticate(state: &PlatformState, ctx: &Ctx<'_>, op: &Operation, credentials: &[Credential]) -> Auth {
    let Some(secret) = credentials.first().map(|c| c.secret.as_str()) else {
        return Auth::Unknown(None);
    };
    let now = ctx.now();
    let identity = if secret.starts_with("spk_") { by_key(state, secret, now) } else { by_token(state, secret, now) };
    let identity = match identity {
        Ok(identity) => identity,
        Err(message) => return Auth::Unknown(Some(message.into())),
    };
    if op.scopes.iter().any(|s| s == "ops") && !identity.has_scope("ops") {
        return Auth::Refused(ctx.errors.error(403, Some(errors::NOT_OPS)));
    }
    Auth::Known(identity)
}

fn by_key(state: &PlatformState, secret: &str, now: Timestamp) -> Result<Identity, &'static str> {
    let Some(key) = state.api_keys.iter().find(|k| k.key == secret) else {
        let revoked = state.revoked_keys.iter().any(|k| k == secret);
        return Err(if revoked { errors::KEY_REVOKED } else { errors::INVALID_CREDENTIALS });
    };
    if key.expires_at.is_some_and(|at| at <= now) {
        return Err(errors::KEY_REVOKED);
    }
    let user = state.user(&key.user).filter(|u| u.is_active).ok_or(errors::INVALID_CREDENTIALS)?;
    Ok(Identity {
        principal: user.id.clone(),
        tenant: None,
        scopes: key.scopes.iter().map(|s| s.as_str().to_string()).collect(),
        attributes: json!({"key": key.id}),
    })
}

fn by_token(state: &PlatformState, secret: &str, now: Timestamp) -> Result<Identity, &'static str> {
    let claims = token::verify(&state.signing_secret, secret, now.as_second()).map_err(|e| match e {
        TokenError::Expired => errors::TOKEN_EXPIRED,
        TokenError::Invalid => errors::INVALID_CREDENTIALS,
    })?;
    let session = state.sessions.iter().find(|s| s.id == claims.sid && s.user == claims.sub);
    let session = session.ok_or(errors::INVALID_CREDENTIALS)?;
    if session.ended {
        return Err(errors::LOGGED_OUT);
    }
    let user = state.user(&claims.sub).filter(|u| u.is_active).ok_or(errors::INVALID_CREDENTIALS)?;
    Ok(Identity {
        principal: user.id.clone(),
        tenant: None,
        scopes: scopes_of(&user.groups).iter().map(|s| s.as_str().to_string()).collect(),
        attributes: json!({"sid": claims.sid}),
    })
}

/// One request inside the store transaction, seen from the platform's side.
pub(crate) struct Op<'c, 'a> {
    pub(crate) call: &'c mut Call<'a, PlatformState>,
    /// The caller's user id.
    pub(crate) user: String,
    /// The API key used, if it was one.
    pub(crate) key: Option<String>,
    /// The login session, for an access token.
    pub(crate) sid: Option<String>,
    /// The credential's effective scopes.
    pub(crate) scopes: Vec<Scope>,
}

impl<'c, 'a> Op<'c, 'a> {
    /// The caller as `authenticate` recorded them; refused if the world was reset since.
    fn new(call: &'c mut Call<'a, PlatformState>) -> Result<Op<'c, 'a>, Refusal> {
        let caller = call.caller;
        let user = caller.principal.clone();
        if call.state.user(&user).is_none() {
            return Err(errors::credential_gone(call.ctx));
        }
        let text = |name: &str| caller.attributes.get(name).and_then(Value::as_str).map(str::to_string);
        let (key, sid) = (text("key"), text("sid"));
        let now = call.now;
        if let Some(id) = &key {
            match call.state.api_keys.iter_mut().find(|k| &k.id == id) {
                Some(k) => k.last_used_at = Some(now),
                None => return Err(errors::credential_gone(call.ctx)),
            }
        }
        let scopes = caller.scopes.iter().filter_map(|s| Scope::parse(s)).collect();
        Ok(Op { call, user, key, sid, scopes })
    }

    pub(crate) fn ctx(&self) -> &Ctx<'a> {
        self.call.ctx
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.call.now
    }

    pub(crate) fn state(&self) -> &PlatformState {
        self.call.state
    }

    /// The caller's project in the path (index).
    pub(crate) fn project(&self) -> Result<usize, Refusal> {
        let id = self.call.request.path_param("project_id").unwrap_or_default();
        let state = &self.call.state;
        state
            .projects
            .iter()
            .position(|p| p.id == id && p.owner == self.user)
            .ok_or_else(|| errors::project_not_found(self.ctx()))
    }

    /// The caller's repository in the path (index).
    pub(crate) fn repository(&self) -> Result<usize, Refusal> {
        let id = self.call.request.path_param("repo_id").unwrap_or_default();
        let state = &self.call.state;
        let found =
            state.repository_of(&self.user, id).and_then(|r| state.repositories.iter().position(|x| x.id == r.id));
        found.ok_or_else(|| errors::repository_not_found(self.ctx()))
    }

    /// The caller's repository in the path, refused unless its snapshot is ready.
    pub(crate) fn ready_repository(&self) -> Result<usize, Refusal> {
        let r = self.repository()?;
        let status = self.call.state.repositories[r].ingest.status(self.now());
        if status == IngestStatus::Ready { Ok(r) } else { Err(errors::snapshot_not_ready(self.ctx(), status)) }
    }

    /// The caller's scan quota: scans (and legacy analyses) in progress, and started in the
    /// last day; 429 with `Retry-After` beyond.
    pub(crate) fn within_quota(&self) -> Result<(), Refusal> {
        let (state, now) = (self.state(), self.now());
        let limits = &state.limits;
        let legacy = state.legacy_sessions.iter().filter(|s| s.user == self.user).filter_map(|s| s.analysis.as_ref());
        let mine: Vec<&Scan> = state.scans.iter().filter(|s| s.triggered_by == self.user).chain(legacy).collect();
        let running: Vec<&&Scan> = mine.iter().filter(|s| s.status(now).in_progress()).collect();
        let max = limits.max_concurrent_scans_per_user as usize;
        if running.len() >= max {
            let soonest = running.iter().map(|s| s.completes_at()).min().unwrap_or(now);
            let message = format!(
                "Scan quota exceeded: {} scans in progress (max_concurrent_scans_per_user: {max})",
                running.len()
            );
            return Err(errors::scan_quota(self.ctx(), &message, (soonest - now).as_secs()));
        }
        let day = SignedDuration::from_hours(24);
        let today: Vec<&&Scan> = mine.iter().filter(|s| s.created_at > now - day).collect();
        let max = limits.max_scans_per_day_per_user as usize;
        if today.len() >= max {
            let oldest = today.iter().map(|s| s.created_at).min().unwrap_or(now);
            let message =
                format!("Scan quota exceeded: {} scans today (max_scans_per_day_per_user: {max})", today.len());
            return Err(errors::scan_quota(self.ctx(), &message, (oldest + day - now).as_secs()));
        }
        Ok(())
    }

    /// `(skip, limit)` of a list request: the contract has checked the bounds and applied
    /// the defaults by the time a handler reads them.
    pub(crate) fn window(&self, default_limit: usize) -> (usize, usize) {
        let request = self.call.request;
        let skip = request.query_i64("skip").and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
        let limit = request.query_i64("limit").and_then(|v| usize::try_from(v).ok()).unwrap_or(default_limit);
        (skip, limit)
    }

    /// Where the client reached the platform (`http://host:port` and the world's prefix,
    /// see `world::mount`; `https` when a proxy in front says so): what pre-signed
    /// artifact URLs point at.
    pub(crate) fn origin(&self) -> String {
        crate::world::mount::origin(&self.call.request.headers, false, "localhost")
    }

    /// Pre-signs artifact URLs for this client.
    pub(crate) fn signer<'s>(&'s self, origin: &'s str) -> Signer<'s> {
        Signer { origin, secret: &self.state().signing_secret }
    }

    pub(crate) fn query(&self, name: &str) -> Option<&'a str> {
        self.call.request.query_str(name)
    }

    /// A text field of the body.
    pub(crate) fn body_str(&self, name: &str) -> Option<&'a str> {
        self.call.request.body_field(name).and_then(Value::as_str)
    }

    /// Whether the body names `field` at all (`null` included): "left out" and "null"
    /// mean different things in a partial update.
    pub(crate) fn body_has(&self, field: &str) -> bool {
        self.call.request.body.as_ref().is_some_and(|b| b.get(field).is_some())
    }
}
