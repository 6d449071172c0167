//! Accounts the key can see, their repositories, and the account-wide catalogues:
//! analyzers and custom code policies.

use super::access::{self, DryRunCall};
use super::pagination::Page;
use crate::apis::dryrun::views::account::{AccountView, AnalyzerView, PolicyView, RepositoryView};
use crate::reply::Answer;

/// `GET /accounts`: exactly the accounts the key can see, in the order the key lists them.
pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let state = &*call.state;
    let accounts: Vec<AccountView<'_>> =
        access::visible_accounts(call).into_iter().map(|a| AccountView::new(&state.accounts[a])).collect();
    access::data(200, accounts)
}

/// `GET /accounts/{account_id}/repositories`: by name, paginated.
pub(crate) fn repositories(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let state = &*call.state;
    let repos = state.repositories_of(a);
    Ok(Page::of(call.request).respond(&repos, |r| RepositoryView::new(&state.repositories[r])))
}

/// `GET /accounts/{account_id}/analyzers`: the catalogue, by name.
pub(crate) fn analyzers(call: &mut DryRunCall<'_>) -> Answer {
    access::account(call)?;
    let list: Vec<AnalyzerView<'_>> = call.state.analyzers.iter().map(AnalyzerView::new).collect();
    access::data(200, list)
}

/// `GET /accounts/{account_id}/custom_policies`: the account's policies, by name.
pub(crate) fn custom_policies(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let state = &*call.state;
    let mut policies: Vec<usize> = (0..state.policies.len()).filter(|&p| state.policies[p].account == a).collect();
    policies.sort_by(|&x, &y| state.policies[x].name.cmp(&state.policies[y].name));
    let list: Vec<PolicyView<'_>> = policies.into_iter().map(|p| PolicyView::new(&state.policies[p])).collect();
    access::data(200, list)
}
