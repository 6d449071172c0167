//! Triage of a finding of any type: set (replaces), read, remove (idempotent). The
//! category is stored on the finding, so every list that shows the finding shows it.

use serde_json::Value;

use super::access::{self, Answer, DryRunCall};
use super::render_findings;
use crate::apis::dryrun::model::finding::TriageCategory;
use crate::apis::dryrun::model::timeline::second;

/// `POST …/findings/{finding_id}/triage`.
pub(crate) fn set(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    // The contract has checked the body against the enum; an unknown value never gets here.
    let Some(category) =
        call.request.body_field("triage_category").and_then(Value::as_str).and_then(TriageCategory::parse)
    else {
        return Err(access::refuse(
            call,
            400,
            "triage_category must be one of: false_positive, wont_fix, accepted_risk, in_progress",
        ));
    };
    let now = second(call.now);
    let finding = &mut call.state.findings[f];
    finding.triage = Some(category);
    finding.triage_updated_at = Some(now);
    access::data(200, render_findings::triage(call.state, f))
}

/// `GET …/findings/{finding_id}/triage`: untriaged is `triage_category: null`.
pub(crate) fn get(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    access::data(200, render_findings::triage(call.state, f))
}

/// `DELETE …/findings/{finding_id}/triage`: the reset state, saying what was removed.
pub(crate) fn delete(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let f = access::finding(call, a)?;
    let now = second(call.now);
    let finding = &mut call.state.findings[f];
    let previous = finding.triage.take();
    finding.triage_updated_at = Some(now);
    let mut body = render_findings::triage(call.state, f);
    body["previous_triage_category"] = previous.map(|c| c.as_str()).into();
    access::data(200, body)
}
