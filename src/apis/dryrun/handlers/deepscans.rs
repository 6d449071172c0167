//! DeepScans of an account or a repository (newest first) and the code and SCA findings
//! of one DeepScan (most severe first, paginated; empty until it has completed).

use std::collections::HashSet;

use super::access::{self, DryRunCall};
use super::pagination::Page;
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::finding::Severity;
use crate::apis::dryrun::model::timeline::Phase;
use crate::apis::dryrun::views::finding::{CodeFindingView, ScaFindingView};
use crate::apis::dryrun::views::scan::DeepScanView;
use crate::reply::{Answer, Refusal};

fn listed(call: &DryRunCall<'_>, scans: &[usize]) -> Answer {
    let (state, now) = (&*call.state, call.now);
    let list: Vec<DeepScanView<'_>> = scans
        .iter()
        .copied()
        .filter(|&d| state.deepscans[d].run.visible(now))
        .map(|d| DeepScanView::new(state, d, now))
        .collect();
    access::data(200, list)
}

/// `GET /accounts/{account_id}/deepscans`.
pub(crate) fn for_account(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    listed(call, &call.state.index.account_deepscans[a])
}

/// `GET …/repositories/{repository_id}/deepscans`.
pub(crate) fn for_repository(call: &mut DryRunCall<'_>) -> Answer {
    let (_, r) = access::account_repository(call)?;
    listed(call, &call.state.index.repo_deepscans[r])
}

/// The DeepScan in the path, in the repository in the path.
fn deepscan(call: &DryRunCall<'_>) -> Result<usize, Refusal> {
    let (_, r) = access::account_repository(call)?;
    let id = call.request.path_param("deepscan_id").unwrap_or_default().to_ascii_lowercase();
    match call.state.index.deepscans.get(&id).copied() {
        Some(d) if call.state.deepscans[d].repo == r && call.state.deepscans[d].run.visible(call.now) => Ok(d),
        _ => Err(errors::not_found(call)),
    }
}

/// The DeepScan's SCA (`sca`) or code findings, filtered by `severity`, most severe
/// first; none until it has completed.
fn reported(call: &DryRunCall<'_>, sca: bool) -> Result<Vec<usize>, Refusal> {
    let d = deepscan(call)?;
    let (state, now) = (&*call.state, call.now);
    let severities: HashSet<Severity> =
        call.request.query_list("severity").iter().filter_map(|s| Severity::parse(s)).collect();
    let scan = &state.deepscans[d];
    let reported = if sca { &scan.sca } else { &scan.code };
    let mut findings: Vec<usize> = if scan.run.phase(now) == Phase::Completed {
        reported
            .iter()
            .copied()
            .filter(|&f| severities.is_empty() || severities.contains(&state.findings[f].severity.four()))
            .collect()
    } else {
        Vec::new()
    };
    findings.sort_by(|&x, &y| {
        let (fx, fy) = (&state.findings[x], &state.findings[y]);
        fx.severity.rank().cmp(&fy.severity.rank()).then_with(|| fx.id.cmp(&fy.id))
    });
    Ok(findings)
}

/// `GET …/deepscans/{deepscan_id}/results`: code findings.
pub(crate) fn code_results(call: &mut DryRunCall<'_>) -> Answer {
    let findings = reported(call, false)?;
    let state = &*call.state;
    Ok(Page::of(call.request).respond(&findings, |f| CodeFindingView::new(state, f)))
}

/// `GET …/deepscans/{deepscan_id}/sca_results`: dependency findings.
pub(crate) fn sca_results(call: &mut DryRunCall<'_>) -> Answer {
    let findings = reported(call, true)?;
    let state = &*call.state;
    Ok(Page::of(call.request).respond(&findings, |f| ScaFindingView::new(state, f)))
}
