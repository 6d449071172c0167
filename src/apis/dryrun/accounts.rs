//! Accounts the key can see, their repositories, and the account-wide catalogues:
//! analyzers and custom code policies.

use serde_json::{Value, json};

use super::access::{self, Answer, DryRunCall};
use super::pagination::Page;
use super::render;

/// `GET /accounts`: exactly the accounts the key can see, in the order the key lists them.
pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let accounts: Vec<Value> =
        access::visible_accounts(call).into_iter().map(|a| render::account(call.state, a)).collect();
    access::data(200, json!(accounts))
}

/// `GET /accounts/{account_id}/repositories`: by name, paginated.
pub(crate) fn repositories(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let repos = call.state.repositories_of(a);
    Ok(Page::of(call.request).respond(&repos, |r| render::repository(call.state, r)))
}

/// `GET /accounts/{account_id}/analyzers`: the catalogue, by name.
pub(crate) fn analyzers(call: &mut DryRunCall<'_>) -> Answer {
    access::account(call)?;
    let list: Vec<Value> = (0..call.state.analyzers.len()).map(|i| render::analyzer(call.state, i)).collect();
    access::data(200, json!(list))
}

/// `GET /accounts/{account_id}/custom_policies`: the account's policies, by name.
pub(crate) fn custom_policies(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let mut policies: Vec<usize> =
        (0..call.state.policies.len()).filter(|&p| call.state.policies[p].account == a).collect();
    policies.sort_by(|&x, &y| call.state.policies[x].name.cmp(&call.state.policies[y].name));
    let list: Vec<Value> = policies.into_iter().map(|p| render::policy(call.state, p)).collect();
    access::data(200, json!(list))
}
