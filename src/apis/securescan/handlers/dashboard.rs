//! The dashboard: scanner status (built-in ones and the world's installed ones are
//! available), installing a pip-installable scanner (recorded in the world: nothing is
//! installed on the host), aggregate stats and daily trends computed from the scans, the
//! directory picker over the host's folders, and compliance frameworks and coverage.

use std::collections::BTreeMap;
use std::path::Path;

use super::Op;
use crate::apis::securescan::data;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::findings::Finding;
use crate::apis::securescan::model::scan::available;
use crate::apis::securescan::model::scanners::REGISTRY;
use crate::apis::securescan::model::{ScanStatus, Severity, compliance};
use crate::apis::securescan::views::dashboard::{
    BrowseEntryView, BrowseView, CoveragesView, FrameworksView, InstallView, ScannerStatusView, StatsView, StatusView,
    TrendPointView, TrendsView,
};
use crate::reply::{Answer, Reply};

/// Scanners the dashboard can install with pip, and their package.
const INSTALLABLE: [(&str, &str); 5] = [
    ("checkov", "checkov"),
    ("semgrep", "semgrep"),
    ("bandit", "bandit"),
    ("safety", "safety"),
    ("licenses", "pip-licenses"),
];

pub(crate) fn status(op: &mut Op<'_, '_>) -> Answer {
    let installed = &op.state().installed;
    let scanners = REGISTRY
        .iter()
        .map(|spec| {
            ScannerStatusView::new(spec, available(spec, installed), INSTALLABLE.iter().any(|(n, _)| *n == spec.name))
        })
        .collect();
    // `checked_at` is offset-aware, unlike SecureScan's other timestamps.
    let checked_at = format!("{}+00:00", crate::apis::securescan::model::time::naive(op.call.now));
    Ok(Reply::json(200, StatusView { scanners, checked_at }))
}

pub(crate) fn install(op: &mut Op<'_, '_>) -> Answer {
    let name = op.path("scanner_name");
    let Some((_, package)) = INSTALLABLE.iter().find(|(n, _)| *n == name) else {
        return Err(errors::not_installable(op.ctx(), &name));
    };
    if !op.state().installed.contains(&name) {
        op.call.state.installed.push(name.clone());
    }
    let view = InstallView {
        success: true,
        message: format!("Successfully installed {name}"),
        output: format!("Successfully installed {package}"),
    };
    Ok(Reply::json(200, view))
}

pub(crate) fn stats(op: &mut Op<'_, '_>) -> Answer {
    let scans = &op.state().scans;
    let scored: Vec<f64> = scans.iter().filter_map(|s| s.risk_score).collect();
    let average = if scored.is_empty() { 0.0 } else { scored.iter().sum::<f64>() / scored.len() as f64 };
    Ok(Reply::json(
        200,
        StatsView {
            total_scans: scans.len(),
            total_findings: scans.iter().map(|s| s.findings_count).sum(),
            average_risk_score: (average * 100.0).round() / 100.0,
            completed_scans: scored.len(),
        },
    ))
}

pub(crate) fn trends(op: &mut Op<'_, '_>) -> Answer {
    let days = op.call.request.query_i64("days").unwrap_or(30);
    let cutoff = op.call.now.checked_sub(jiff::SignedDuration::from_hours(24 * days)).unwrap_or(op.call.now);
    let state = op.state();
    // Scans as SecureScan lists them (started latest first); the last one seen on a day
    // is the one that day's point shows.
    let mut scans: Vec<_> = state.scans.iter().rev().collect();
    scans.sort_by_key(|s| std::cmp::Reverse(s.started_at));
    let mut daily = BTreeMap::new();
    for scan in scans.into_iter().filter(|s| s.status == ScanStatus::Completed) {
        let Some(done) = scan.completed_at.filter(|d| *d >= cutoff) else { continue };
        let day = crate::apis::securescan::model::time::naive(done).chars().take(10).collect::<String>();
        daily.insert(day, scan);
    }
    let data = daily
        .into_iter()
        .map(|(date, scan)| {
            let findings: Vec<&Finding> = state.findings_of(&scan.id).collect();
            let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
            TrendPointView {
                date,
                risk_score: scan.risk_score.unwrap_or(0.0),
                total_findings: findings.len(),
                critical: count(Severity::Critical),
                high: count(Severity::High),
                medium: count(Severity::Medium),
                low: count(Severity::Low),
                info: count(Severity::Info),
            }
        })
        .collect();
    Ok(Reply::json(200, TrendsView { data }))
}

/// Folders SecureScan's picker leaves out, and the files it shows.
const SKIPPED: [&str; 6] = ["node_modules", "venv", "__pycache__", ".next", "dist", "build"];
const INDICATORS: [&str; 6] = ["package.json", "pyproject.toml", "Cargo.toml", "go.mod", "Makefile", "Dockerfile"];

pub(crate) fn browse(op: &mut Op<'_, '_>) -> Answer {
    let asked = op.call.request.query_str("path").filter(|p| !p.is_empty()).map(str::to_string);
    let asked = asked.or_else(|| std::env::var("HOME").ok()).unwrap_or_else(|| "/".into());
    let Ok(target) = std::fs::canonicalize(&asked) else {
        return Err(errors::browse(op.ctx(), 400, "Invalid or non-existent path"));
    };
    if !target.is_dir() {
        return Err(errors::browse(op.ctx(), 400, "Path is not a directory"));
    }
    let Ok(listing) = std::fs::read_dir(&target) else {
        return Err(errors::browse(op.ctx(), 403, "Permission denied"));
    };
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for entry in listing.flatten().take(10_000) {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path().to_string_lossy().to_string();
        let is_dir = entry.path().is_dir();
        if is_dir && !(name.starts_with('.') && name != ".git") && !SKIPPED.contains(&name.as_str()) {
            dirs.push(BrowseEntryView { name, path, is_dir: true });
        } else if !is_dir && INDICATORS.contains(&name.as_str()) {
            files.push(BrowseEntryView { name, path, is_dir: false });
        }
    }
    dirs.sort_by_key(|e| e.name.to_lowercase());
    files.sort_by_key(|e| e.name.to_lowercase());
    let entries = dirs.into_iter().chain(files).take(100).collect();
    let parent = target.parent().filter(|p| *p != target.as_path()).map(Path::to_string_lossy).map(String::from);
    Ok(Reply::json(200, BrowseView { current: target.to_string_lossy().to_string(), parent, entries }))
}

pub(crate) fn frameworks(_op: &mut Op<'_, '_>) -> Answer {
    Ok(Reply::json(200, FrameworksView::new(data::frameworks())))
}

pub(crate) fn coverage(op: &mut Op<'_, '_>) -> Answer {
    let scan_id = op.call.request.query_str("scan_id").unwrap_or_default().to_string();
    if op.state().scan(&scan_id).is_none() {
        return Err(errors::scan_not_found(op.ctx()));
    }
    let tagged: Vec<&[String]> = op.state().findings_of(&scan_id).map(|f| f.compliance_tags.as_slice()).collect();
    Ok(Reply::json(200, CoveragesView::new(compliance::coverage(&tagged))))
}
