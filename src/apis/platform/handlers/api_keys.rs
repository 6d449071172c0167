//! The caller's API keys: created with the value shown once, listed without it, and
//! revoked at once.

use jiff::SignedDuration;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::Scope;
use crate::apis::platform::model::ids::url_safe;
use crate::apis::platform::model::state::ApiKey;
use crate::apis::platform::views::auth::ApiKeyView;
use crate::apis::platform::views::page::Page;
use crate::reply::{Answer, Reply};

/// `GET /v1/api-keys/`: newest first.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let (skip, limit) = op.window(50);
    let mut keys: Vec<&ApiKey> = op.state().api_keys.iter().filter(|k| k.user == op.user).collect();
    keys.reverse();
    keys.sort_by_key(|k| std::cmp::Reverse(k.created_at));
    Ok(Reply::json(200, Page::of(&keys, skip, limit, |k| ApiKeyView::listed(k))))
}

/// `POST /v1/api-keys/`: scopes a subset of the caller's own.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let name = op.body_str("name").unwrap_or_default().to_string();
    let asked: Vec<Scope> = match op.call.request.body_field("scopes").and_then(|v| v.as_array()) {
        Some(list) => list.iter().filter_map(|s| s.as_str().and_then(Scope::parse)).collect(),
        None => vec![Scope::Read, Scope::Write],
    };
    if let Some(s) = asked.iter().find(|s| !op.scopes.contains(s)) {
        return Err(errors::scope_not_held(op.ctx(), s.as_str()));
    }
    let mine = || op.state().api_keys.iter().filter(|k| k.user == op.user);
    if mine().any(|k| k.name == name) {
        return Err(errors::key_name_taken(op.ctx(), &name));
    }
    let max = op.state().limits.max_api_keys_per_user;
    if mine().count() >= max as usize {
        return Err(errors::too_many_keys(op.ctx(), max));
    }
    let days = op.call.request.body_field("expires_in_days").and_then(|v| v.as_i64());
    let now = op.now();
    let mut scopes = asked;
    scopes.sort();
    scopes.dedup();
    let key = ApiKey {
        id: op.call.uuid(),
        user: op.user.clone(),
        name,
        key: format!("spk_{}", url_safe(op.call.rng, 40)),
        scopes,
        created_at: now,
        expires_at: days.map(|d| now + SignedDuration::from_hours(24 * d)),
        last_used_at: None,
    };
    let state = &mut *op.call.state;
    state.api_keys.push(key);
    let created = state.api_keys.last().map(ApiKeyView::created);
    Ok(Reply::json(201, created))
}

/// `DELETE /v1/api-keys/{key_id}`: the key stops working at once (a key may delete itself).
pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let id = op.call.request.path_param("key_id").unwrap_or_default();
    let state = &mut *op.call.state;
    let at = state.api_keys.iter().position(|k| k.id == id && k.user == op.user);
    let at = at.ok_or_else(|| errors::key_not_found(op.call.ctx))?;
    let key = state.api_keys.remove(at);
    state.revoked_keys.push(key.key);
    Ok(Reply::empty(204))
}
