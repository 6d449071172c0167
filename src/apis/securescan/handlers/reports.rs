//! `/scans/{id}/report`: a completed scan's assessment as HTML (the default), SARIF
//! (`application/sarif+json`, an attachment), or PDF, which SecureScan renders only with
//! its `[pdf]` extra; without it (as installed by default) it fails with a plain 500.

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::ScanStatus;
use crate::apis::securescan::model::findings::{Finding, by_severity};
use crate::apis::securescan::views::report::{html, sarif};
use crate::reply::{Answer, Reply};

pub(crate) fn report(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let state = op.state();
    let scan = state.scan(&id).ok_or_else(|| errors::scan_not_found(op.ctx()))?;
    if scan.status != ScanStatus::Completed {
        return Err(errors::report_needs_completed_scan(op.ctx()));
    }
    let findings: Vec<&Finding> = by_severity(state.findings_of(&id));
    let short: String = id.chars().take(8).collect();
    match op.call.request.query_str("format").unwrap_or("html") {
        "sarif" => {
            let body = serde_json::to_vec_pretty(&sarif(scan, &findings)).unwrap_or_default();
            Ok(Reply::bytes(200, "application/sarif+json", body)
                .header("content-disposition", format!("attachment; filename=\"securescan-{short}.sarif.json\"")))
        }
        "pdf" => Ok(Reply::bytes(500, "text/plain; charset=utf-8", "Internal Server Error")),
        _ => Ok(Reply::bytes(200, "text/html; charset=utf-8", html(scan, &findings))),
    }
}
