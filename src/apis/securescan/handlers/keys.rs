//! `/keys`: issue (the whole key shown once), list (newest first, revoked included),
//! introspect (`/keys/me`, issued keys only) and revoke (idempotent; the last admin key
//! kept where revoking it would lock the operator out).

use serde_json::Value;

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::Scope;
use crate::apis::securescan::model::keys::{Principal, RevokeRefused};
use crate::apis::securescan::views::key::{CreatedKeyView, KeyView};
use crate::reply::{Answer, Reply};

pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let name = op.body_str("name").unwrap_or_default();
    // The contract has checked each scope; absent means `read`, as SecureScan's default.
    let scopes: Vec<Scope> = match op.call.request.body_field("scopes") {
        Some(Value::Array(items)) => items.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect(),
        _ => vec![Scope::Read],
    };
    let now = op.call.now;
    let call = &mut *op.call;
    let key = call.state.keys.issue(call.rng, &name, scopes, now);
    Ok(Reply::json(201, CreatedKeyView::new(key)))
}

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let views: Vec<KeyView<'_>> = op.state().keys.newest_first().map(KeyView::new).collect();
    Ok(Reply::json(200, views))
}

pub(crate) fn me(op: &mut Op<'_, '_>) -> Answer {
    let Principal::Issued(id) = &op.principal else { return Err(errors::not_a_db_key(op.ctx())) };
    let key = op.state().keys.get(id).ok_or_else(|| errors::key_not_found(op.ctx()))?;
    Ok(Reply::json(200, KeyView::new(key)))
}

pub(crate) fn revoke(op: &mut Op<'_, '_>) -> Answer {
    let id = op.path("key_id");
    let now = op.call.now;
    match op.call.state.keys.revoke(&id, now) {
        Ok(()) => Ok(Reply::empty(204)),
        Err(RevokeRefused::NotFound) => Err(errors::key_not_found(op.ctx())),
        Err(RevokeRefused::LastAdmin) => Err(errors::last_admin_key(op.ctx())),
    }
}
