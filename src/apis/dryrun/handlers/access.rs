//! Who may see what. A key sees its accounts; everything else is reached through an
//! account in the path. An account the key cannot see and an id that is not in that
//! account both answer 404 (`errors::not_found`), so nothing leaks across accounts.

use serde::Serialize;
use serde_json::{Value, json};

use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::views::envelope::Data;
use crate::reply::{Answer, Refusal, Reply};
use crate::world::{Auth, Call, Identity};

pub(crate) type DryRunCall<'a> = Call<'a, DryRunState>;

/// Recognises a key from the scenario; anything else is 401 `{"error": "unauthorized"}`.
pub(crate) fn authenticate(state: &DryRunState, secret: Option<&str>) -> Auth {
    let Some(key) = secret.and_then(|s| state.keys.iter().find(|k| k.key == s)) else {
        return Auth::Unknown(None);
    };
    let accounts: Vec<&str> = key.accounts.iter().map(|&a| state.accounts[a].id.as_str()).collect();
    Auth::Known(Identity {
        principal: key.name.clone().unwrap_or_else(|| "api key".into()),
        tenant: accounts.first().map(|a| a.to_string()),
        scopes: vec!["*".into()],
        // The engine keeps an identity's attributes as free-form JSON (the journal shows them).
        attributes: json!({ "accounts": accounts }),
    })
}

/// The accounts the caller's key can see, as positions in the state.
pub(crate) fn visible_accounts(call: &DryRunCall<'_>) -> Vec<usize> {
    let ids = call.caller.attributes.get("accounts").and_then(Value::as_array);
    ids.into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|id| call.state.index.accounts.get(id).copied())
        .collect()
}

/// The account in the path, if the caller's key can see it.
pub(crate) fn account(call: &DryRunCall<'_>) -> Result<usize, Refusal> {
    let id = call.request.path_param("account_id").unwrap_or_default().to_ascii_lowercase();
    let found = call.state.index.accounts.get(&id).copied();
    match found {
        Some(a) if visible_accounts(call).contains(&a) => Ok(a),
        _ => Err(errors::not_found(call)),
    }
}

/// The repository `id` (from the path or the query), if it is in `account`.
pub(crate) fn repository(call: &DryRunCall<'_>, account: usize, id: Option<&str>) -> Result<usize, Refusal> {
    let id = id.unwrap_or_default().to_ascii_lowercase();
    match call.state.index.repos.get(&id).copied() {
        Some(r) if call.state.repositories[r].account == account => Ok(r),
        _ => Err(errors::not_found(call)),
    }
}

/// The account and the repository in the path.
pub(crate) fn account_repository(call: &DryRunCall<'_>) -> Result<(usize, usize), Refusal> {
    let a = account(call)?;
    let r = repository(call, a, call.request.path_param("repository_id"))?;
    Ok((a, r))
}

/// A finding of `account` that exists by now (its first scan has completed).
pub(crate) fn finding(call: &DryRunCall<'_>, account: usize) -> Result<usize, Refusal> {
    let id = call.request.path_param("finding_id").unwrap_or_default().to_ascii_lowercase();
    match call.state.index.findings.get(&id).copied() {
        Some(f) if call.state.findings[f].account == account && call.state.findings[f].created_at <= call.now => Ok(f),
        _ => Err(errors::not_found(call)),
    }
}

/// The configuration `id` of `account` (ids compare case-insensitively), if there is one.
pub(crate) fn configuration(call: &DryRunCall<'_>, account: usize, id: &str) -> Option<usize> {
    call.state.configurations.iter().position(|c| c.account == account && c.id.eq_ignore_ascii_case(id))
}

/// `{"data": view}`.
pub(crate) fn data(status: u16, view: impl Serialize) -> Answer {
    Ok(Reply::json(status, Data { data: view }))
}
