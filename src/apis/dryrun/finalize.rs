//! The last steps of a load: each finding appears when the first scan reporting it
//! completes (and scenario triage is stamped relative to that), then everything the
//! scenario wrote is rendered and checked against the contract's component schemas.

use jiff::Timestamp;
use serde_json::Value;

use super::build::{Builder, Check, TriageTime};
use super::{render, render_findings};
use crate::apis::dryrun::model::finding::FindingKind;
use crate::apis::dryrun::model::scan::{Outcome, Run};
use crate::apis::dryrun::model::state::DryRunState;

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

pub(crate) fn check_rendered(b: &Builder<'_>, state: &DryRunState) -> Result<(), String> {
    for (at, what) in &b.checks {
        // Scans are checked as they will be once finished, whenever that is.
        let (component, value): (&str, Value) = match *what {
            Check::Account(i) => ("Account", render::account(state, i)),
            Check::Repository(i) => ("Repository", render::repository(state, i)),
            Check::Policy(i) => ("CustomPolicy", render::policy(state, i)),
            Check::Analyzer(i) => ("Analyzer", render::analyzer(state, i)),
            Check::Configuration(i) => ("Configuration", render::configuration(state, i)),
            Check::PrScan(i) => ("Scan", render::scan(state, i, b.start.max(state.pr_scans[i].run.finished_at))),
            Check::DeepScan(i) => {
                ("Deepscan", render::deepscan(state, i, b.start.max(state.deepscans[i].run.finished_at)))
            }
            Check::Finding(f) => match state.findings[f].kind {
                FindingKind::Pullrequest | FindingKind::CodePolicy => {
                    let scan = state.index.reported_by[f].first().copied().unwrap_or(0);
                    ("PrFinding", render_findings::pr_finding(state, f, scan))
                }
                FindingKind::Deepscan => ("DeepscanFinding", render_findings::code_finding(state, f)),
                FindingKind::Sca => ("ScaFinding", render_findings::sca_finding(state, f)),
            },
        };
        b.spec.check_component(component, &value).map_err(|problems| format!("{at}: {}", problems.join("; ")))?;
    }
    Ok(())
}
