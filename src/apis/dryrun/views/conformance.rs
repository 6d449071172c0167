//! What loading checks a scenario with: a stored thing rendered as the contract component
//! the API answers it with, so a scenario that would make the API answer outside its
//! contract is refused when it loads rather than when somebody asks.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::account::{AccountView, AnalyzerView, PolicyView, RepositoryView};
use super::configuration::ConfigurationView;
use super::finding::{CodeFindingView, PrFindingView, ScaFindingView};
use super::scan::{DeepScanView, ScanView};
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::finding::FindingKind;
use crate::apis::dryrun::model::state::DryRunState;

/// The component `what` is answered with, and its JSON as of `at`. A PR finding is shown
/// as the first scan that reported it.
pub(crate) fn component(state: &DryRunState, what: Entity, at: Timestamp) -> Result<(&'static str, Value), String> {
    match what {
        Entity::Account(i) => json("Account", AccountView::new(&state.accounts[i])),
        Entity::Repository(i) => json("Repository", RepositoryView::new(&state.repositories[i])),
        Entity::Policy(i) => json("CustomPolicy", PolicyView::new(&state.policies[i])),
        Entity::Analyzer(i) => json("Analyzer", AnalyzerView::new(&state.analyzers[i])),
        Entity::Configuration(i) => json("Configuration", ConfigurationView::new(state, i)),
        Entity::PrScan(i) => json("Scan", ScanView::new(state, i, at)),
        Entity::DeepScan(i) => json("Deepscan", DeepScanView::new(state, i, at)),
        Entity::Finding(f) => match state.findings[f].kind {
            FindingKind::Pullrequest | FindingKind::CodePolicy => {
                let scan = state.index.reported_by[f].first().copied().unwrap_or(0);
                json("PrFinding", PrFindingView::new(state, f, scan))
            }
            FindingKind::Deepscan => json("DeepscanFinding", CodeFindingView::new(state, f)),
            FindingKind::Sca => json("ScaFinding", ScaFindingView::new(state, f)),
        },
    }
}

fn json(component: &'static str, view: impl Serialize) -> Result<(&'static str, Value), String> {
    serde_json::to_value(view).map(|value| (component, value)).map_err(|e| e.to_string())
}
