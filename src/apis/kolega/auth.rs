//! Organisation API keys: a bearer `kcp_live_…` secret bound to one organisation with
//! `read` and/or `write`. The engine has already answered a missing or malformed header
//! (401 `Not authenticated`); an unknown or revoked key is 401 `Invalid API key`; scopes
//! become the identity's scopes, which the engine checks against each operation's
//! `x-secmock.scopes` (403 before any validation, as the contract orders it).

use serde_json::json;

use super::Op;
use super::errors::INVALID_KEY;
use super::model::state::KolegaState;
use super::views::me::MeView;
use crate::contract::Credential;
use crate::reply::Reply;
use crate::spec::Operation;
use crate::world::{Auth, Ctx, Identity};

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
        attributes: json!({"org": org, "key": key}),
    })
}

/// The (organisation, key) positions `authenticate` recorded.
pub(crate) fn caller(identity: &Identity) -> Option<(usize, usize)> {
    let org = identity.attributes.get("org")?.as_u64()?;
    let key = identity.attributes.get("key")?.as_u64()?;
    Some((usize::try_from(org).ok()?, usize::try_from(key).ok()?))
}

/// `GET /api/v1/me`.
pub(crate) fn me(op: &mut Op<'_, '_>) -> Reply {
    let key_id = op.key_id();
    let org = op.org_ref();
    match org.keys.iter().find(|k| k.id == key_id) {
        Some(key) => Reply::json(200, MeView::new(org, key, op.call.now)),
        None => op.call.error(401, INVALID_KEY),
    }
}
