//! Kolega's operations, one file per resource: `me`, `repositories`, `scans`,
//! `findings`, `feed` (finding events), `fixes`, `quotas`, `device` (pairing a device)
//! and `device_page` (the browser side of pairing). A handler reads the request
//! through [`Op`], changes the model, answers with a view and carries refusals out with
//! `?`; it imports the model, the views and `errors` only, never another handler.
//!
//! What every handler shares is here: who the caller is (`authenticate` records the
//! organisation and key, `Op::new` reads them back), the world brought up to the clock
//! before the handler acts (`for_caller`), and the lookups every handler repeats, in the
//! order the contract fixes (repository 404 before scan/finding/fix 404). Every lookup is
//! scoped to the caller's organisation, so another organisation's ids are simply unknown.

pub(crate) mod device;
pub(crate) mod device_page;
pub(crate) mod feed;
pub(crate) mod findings;
pub(crate) mod fixes;
pub(crate) mod me;
pub(crate) mod quotas;
pub(crate) mod repositories;
pub(crate) mod scans;

use serde_json::{Value, json};

use crate::apis::kolega::errors::{self, INVALID_KEY};
use crate::apis::kolega::model::catch_up;
use crate::apis::kolega::model::state::{KolegaState, Organization};
use crate::contract::Credential;
use crate::reply::{Answer, Refusal};
use crate::spec::Operation;
use crate::world::{Auth, Call, Ctx, Identity};

/// A Kolega operation, for the caller's organisation.
pub(crate) type Handler = fn(&mut Op<'_, '_>) -> Answer;

/// An operation that needs no key (device pairing's device side and page).
pub(crate) type PublicHandler = fn(&mut Call<'_, KolegaState>) -> Answer;

/// Runs `handler` for the caller's organisation, after bringing the world up to the clock.
pub(crate) fn for_caller(handler: Handler) -> impl Fn(&mut Call<'_, KolegaState>) -> Answer + Send + Sync + 'static {
    move |call| {
        up_to_the_clock(call);
        handler(&mut Op::new(call)?)
    }
}

/// Runs `handler` for anyone, after bringing the world up to the clock.
pub(crate) fn for_anyone(
    handler: PublicHandler,
) -> impl Fn(&mut Call<'_, KolegaState>) -> Answer + Send + Sync + 'static {
    move |call| {
        up_to_the_clock(call);
        handler(call)
    }
}

fn up_to_the_clock(call: &mut Call<'_, KolegaState>) {
    // Kolega (Python) stamps microseconds; the clock has nanoseconds.
    let micros = jiff::TimestampRound::new().smallest(jiff::Unit::Microsecond).mode(jiff::RoundMode::Trunc);
    call.now = call.now.round(micros).unwrap_or(call.now);
    catch_up::run(call.state, call.now);
}

/// Organisation API keys: a bearer `kcp_live_…` secret. The engine has already answered
/// a missing or malformed header (401 `Not authenticated`); an unknown or revoked key is
/// 401 `Invalid API key`; scopes become the identity's scopes, which the engine checks
/// against each operation's `x-secmock.scopes` (403 before any validation, as the
/// contract orders it).
pub(crate) fn authenticate(state: &KolegaState, _ctx: &Ctx<'_>, _op: &Operation, credentials: &[Credential]) -> Auth {
    let Some(secret) = credentials.first().map(|c| c.secret.as_str()) else {
        return Auth::Unknown(None);
    };
    let Some((org, key)) = state.active_key(secret) else { return Auth::Unknown(Some(INVALID_KEY.into())) };
    let (o, k) = (&state.orgs[org], &state.orgs[org].keys[key]);
    Auth::Known(Identity {
        principal: k.id.clone(),
        tenant: Some(o.id.clone()),
        scopes: k.scopes.iter().map(|s| s.as_str().to_string()).collect(),
        // The world's identity carries free-form attributes; `caller` reads these back.
        attributes: json!({"org": org, "key": key}),
    })
}

/// The (organisation, key) positions `authenticate` recorded.
fn caller(identity: &Identity) -> Option<(usize, usize)> {
    let org = identity.attributes.get("org")?.as_u64()?;
    let key = identity.attributes.get("key")?.as_u64()?;
    Some((usize::try_from(org).ok()?, usize::try_from(key).ok()?))
}

/// A filter value that matches nothing (the list is empty, not refused).
#[derive(Debug)]
pub(crate) struct NoMatch;

/// One request inside the store transaction, seen from Kolega's side.
pub(crate) struct Op<'c, 'a> {
    pub(crate) call: &'c mut Call<'a, KolegaState>,
    org: usize,
    key: usize,
}

impl<'c, 'a> Op<'c, 'a> {
    /// The caller's organisation and key, as `authenticate` recorded them; refused if the
    /// world was reset between authentication and handling.
    fn new(call: &'c mut Call<'a, KolegaState>) -> Result<Op<'c, 'a>, Refusal> {
        let found = caller(call.caller).filter(|(org, key)| {
            let k = call.state.orgs.get(*org).and_then(|o| o.keys.get(*key));
            k.is_some_and(|k| k.id == call.caller.principal)
        });
        match found {
            Some((org, key)) => Ok(Op { call, org, key }),
            None => Err(errors::invalid_key(call.ctx)),
        }
    }

    pub(crate) fn ctx(&self) -> &Ctx<'a> {
        self.call.ctx
    }

    pub(crate) fn org(&self) -> usize {
        self.org
    }

    pub(crate) fn org_ref(&self) -> &Organization {
        &self.call.state.orgs[self.org]
    }

    pub(crate) fn org_mut(&mut self) -> &mut Organization {
        &mut self.call.state.orgs[self.org]
    }

    pub(crate) fn key_id(&self) -> String {
        self.org_ref().keys[self.key].id.clone()
    }

    /// The repository in the path.
    pub(crate) fn repository(&self) -> Result<u32, Refusal> {
        let id = self.call.request.path_param("repository_id");
        id.and_then(|id| self.org_ref().repo(id)).ok_or_else(|| errors::repository_not_found(self.ctx()))
    }

    /// The repository's scan batch in the path.
    pub(crate) fn batch(&self) -> Result<u32, Refusal> {
        let repo = self.repository()?;
        let id = self.call.request.path_param("scan_id").unwrap_or_default();
        self.org_ref().batch_of(repo, id).ok_or_else(|| errors::scan_not_found(self.ctx()))
    }

    /// The repository's finding in the path.
    pub(crate) fn finding(&self) -> Result<u32, Refusal> {
        let repo = self.repository()?;
        let id = self.call.request.path_param("finding_id").unwrap_or_default();
        self.org_ref().finding_of(repo, id).ok_or_else(|| errors::finding_not_found(self.ctx()))
    }

    /// The repository's fix in the path.
    pub(crate) fn fix(&self) -> Result<u32, Refusal> {
        let repo = self.repository()?;
        let id = self.call.request.path_param("fix_id").unwrap_or_default();
        self.org_ref().fix_of(repo, id).ok_or_else(|| errors::fix_not_found(self.ctx()))
    }

    /// `(skip, limit)` of a list request: the contract has already checked the bounds (and
    /// applied the defaults) by the time a handler reads them.
    pub(crate) fn window(&self, default_limit: usize) -> (usize, usize) {
        let request = self.call.request;
        let skip = request.query_i64("skip").and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
        let limit = request.query_i64("limit").and_then(|v| usize::try_from(v).ok()).unwrap_or(default_limit);
        (skip, limit)
    }

    /// A query filter Kolega types as a plain string: `Ok(None)` when absent, `Ok(Some(v))`
    /// for a value `parse` knows, `Err(NoMatch)` for any other, which matches nothing.
    pub(crate) fn text_filter<T>(&self, name: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, NoMatch> {
        match self.call.request.query_str(name) {
            None => Ok(None),
            Some(value) => parse(value).map(Some).ok_or(NoMatch),
        }
    }

    /// A text field of the body.
    pub(crate) fn body_str(&self, name: &str) -> Option<&'a str> {
        self.call.request.body_field(name).and_then(Value::as_str)
    }
}
