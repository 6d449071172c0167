//! The last steps of a load: each finding appears when the first scan reporting it
//! completes (and scenario triage is stamped relative to that); once the index is built,
//! everything the scenario wrote is rendered and checked against the contract's
//! component schemas.

use jiff::Timestamp;
use serde_json::Value;

use super::builder::{Builder, TriageTime};
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::scan::{Outcome, Run};
use crate::apis::dryrun::model::state::DryRunState;
use crate::spec::ApiSpec;

/// Each finding appears when the first scan reporting it completes; scenario triage is
/// stamped relative to that.
pub(crate) fn finalize(b: &mut Builder<'_>) -> Result<(), String> {
    let mut appeared: Vec<Option<Timestamp>> = vec![None; b.state.findings.len()];
    let mut note = |f: usize, run: &Run| {
        if run.outcome == Outcome::Completed {
            let slot = &mut appeared[f];
            *slot = Some(slot.map_or(run.finished_at, |t| t.min(run.finished_at)));
        }
    };
    for scan in &b.state.pr_scans {
        scan.findings.iter().for_each(|&f| note(f, &scan.run));
    }
    for scan in &b.state.deepscans {
        scan.code.iter().chain(&scan.sca).for_each(|&f| note(f, &scan.run));
    }
    for (f, time) in appeared.into_iter().enumerate() {
        match time {
            Some(t) => b.state.findings[f].created_at = t,
            None => {
                return Err(format!("finding '{}' is reported only by failed scans", b.state.findings[f].id));
            }
        }
    }
    for (f, category, when) in std::mem::take(&mut b.triage) {
        let finding = &mut b.state.findings[f];
        let at = match when {
            TriageTime::At(t) => t,
            TriageTime::AfterAppearing(d) => finding.created_at + d,
        };
        finding.triage = Some(category);
        finding.triage_updated_at = Some(at);
    }
    Ok(())
}

/// How the views render a stored thing for the contract check: the component schema it is
/// answered with, and its JSON as of an instant. Loading builds on the model alone, as
/// the views do, so the behaviour hands the views' renderer in.
pub(crate) type Render = fn(&DryRunState, Entity, Timestamp) -> Result<(&'static str, Value), String>;

/// Renders everything the scenario wrote (and one of each kind of thing generated) and
/// checks it against the contract's component schemas, naming the field at fault.
pub(crate) fn check_rendered(
    spec: &ApiSpec,
    state: &DryRunState,
    checks: &[(String, Entity)],
    start: Timestamp,
    render: Render,
) -> Result<(), String> {
    for (at, what) in checks {
        // Scans are checked as they will be once finished, whenever that is.
        let when = match *what {
            Entity::PrScan(i) => start.max(state.pr_scans[i].run.finished_at),
            Entity::DeepScan(i) => start.max(state.deepscans[i].run.finished_at),
            _ => start,
        };
        let (component, value) = render(state, *what, when).map_err(|e| format!("{at}: {e}"))?;
        spec.check_component(component, &value).map_err(|problems| format!("{at}: {}", problems.join("; ")))?;
    }
    Ok(())
}
