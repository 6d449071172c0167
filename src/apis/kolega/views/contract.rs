//! Refuses a loaded world the API could not answer: every view its data is shown through
//! must satisfy the contract's schemas, so a bad scenario fails when it loads (naming the
//! record) rather than as a 500 on the first read. Live requests cannot make such data.

use jiff::Timestamp;
use serde::Serialize;

use super::finding::FindingView;
use super::fix::FixView;
use super::me::MeView;
use super::quota::QuotaBalanceView;
use super::repository::RepositoryView;
use crate::apis::kolega::model::finding::FindingContent;
use crate::apis::kolega::model::fix_run;
use crate::apis::kolega::model::state::KolegaState;
use crate::spec::ApiSpec;

/// Checks `state` as the views show it at `now`; the error names the first record that
/// does not conform, and why.
pub(crate) fn check(spec: &ApiSpec, state: &KolegaState, now: Timestamp) -> Result<(), String> {
    for org in &state.orgs {
        for key in &org.keys {
            let what = || format!("organization {} key {}", org.name, key.name);
            conforms(spec, "PublicMeResponse", what, MeView::new(org, key, now))?;
        }
        // With no repository in use: the limit is what a scenario could get wrong.
        let what = || format!("organization {} quotas", org.name);
        conforms(spec, "PublicQuotaBalanceResponse", what, QuotaBalanceView::new(&org.quota, now, 0))?;
        for repo in &org.repositories {
            let what = || format!("repository {}", repo.name);
            conforms(spec, "PublicRepositoryResponse", what, RepositoryView::new(repo))?;
        }
        for fix in &org.fixes {
            let view = FixView::new(org, fix, fix_run::at(fix, now));
            conforms(spec, "PublicFixResponse", || format!("fix {}", fix.title), view)?;
        }
    }
    // Findings built from the catalog conform by construction; written ones may not.
    for org in &state.orgs {
        for finding in &org.findings {
            if let FindingContent::Custom(_) = finding.content {
                let what = || format!("finding {} ({})", finding.id, finding.check_id());
                conforms(spec, "PublicFindingResponse", what, FindingView::new(org, finding))?;
            }
        }
    }
    Ok(())
}

fn conforms(spec: &ApiSpec, component: &str, what: impl Fn() -> String, view: impl Serialize) -> Result<(), String> {
    let value = serde_json::to_value(view).map_err(|e| format!("{}: {e}", what()))?;
    spec.check_component(component, &value).map_err(|problems| format!("{}: {}", what(), problems.join("; ")))
}
