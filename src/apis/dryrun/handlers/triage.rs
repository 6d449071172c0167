//! Triage of a finding of any type: set (replaces), read, remove (idempotent). The
//! category is stored on the finding, so every list that shows the finding shows it.

use serde_json::Value;

use super::access::{self, DryRunCall};
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::finding::TriageCategory;
use crate::apis::dryrun::model::timeline::second;
use crate::apis::dryrun::views::triage::{TriageRemovedView, TriageView};
use crate::reply::Answer;

/// `POST …/findings/{finding_id}/triage`.
pub(crate) fn set(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    // The contract has checked the body against the enum; an unknown value never gets here.
    let Some(category) =
        call.request.body_field("triage_category").and_then(Value::as_str).and_then(TriageCategory::parse)
    else {
        return Err(errors::triage_category_required(call));
    };
    let now = second(call.now);
    let finding = &mut call.state.findings[f];
    finding.triage = Some(category);
    finding.triage_updated_at = Some(now);
    access::data(200, TriageView::new(&call.state.findings[f]))
}

/// `GET …/findings/{finding_id}/triage`: untriaged is `triage_category: null`.
pub(crate) fn get(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    access::data(200, TriageView::new(&call.state.findings[f]))
}

/// `DELETE …/findings/{finding_id}/triage`: the reset state, saying what was removed.
pub(crate) fn delete(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    let now = second(call.now);
    let finding = &mut call.state.findings[f];
    let previous = finding.triage.take();
    finding.triage_updated_at = Some(now);
    let view =
        TriageRemovedView { triage: TriageView::new(&call.state.findings[f]), previous_triage_category: previous };
    access::data(200, view)
}
