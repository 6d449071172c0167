//! `/scans`: start one (its path checked as SecureScan checks it, rate-limited per key),
//! list them (by start, newest first, not yet started last), read, cancel and delete one
//! (with everything that belongs to it).

use serde_json::Value;

use super::{Op, dispatch};
use crate::apis::securescan::errors;
use crate::apis::securescan::model::scan::{Request, Scan};
use crate::apis::securescan::model::state::RATE_PER_MIN;
use crate::apis::securescan::model::targets::{self, Target};
use crate::apis::securescan::model::{ScanStatus, ScanType};
use crate::apis::securescan::views::scan::ScanView;
use crate::reply::{Answer, Reply};

/// Whether a path exists on this host, and if so whether it is a file or a directory.
fn on_host(path: &str) -> Option<bool> {
    std::fs::metadata(path).ok().map(|m| m.is_file() || m.is_dir())
}

/// The names of the files in a folder on the host (and one level down), or the file's
/// own name: what `Target::on_host` reads a project from. Bounded, so a huge folder
/// costs a request little.
fn names_on_host(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(entries) = std::fs::read_dir(path) else {
        return vec![path.rsplit('/').next().unwrap_or(path).to_string()];
    };
    for entry in entries.flatten().take(200) {
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.file_type().is_ok_and(|t| t.is_dir()) && !name.starts_with('.') {
            let inner = std::fs::read_dir(entry.path()).into_iter().flatten().flatten().take(50);
            names.extend(inner.map(|e| e.file_name().to_string_lossy().to_string()));
        }
        names.push(name);
    }
    names
}

pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let now = op.call.now;
    let bucket = op.key_name().to_string();
    let remaining = match op.call.state.take_scan_token(&bucket, now) {
        Ok(remaining) => remaining,
        Err(retry_after) => {
            let reset = op.state().bucket_reset(&bucket, now);
            return Err(errors::rate_limited(retry_after, RATE_PER_MIN, reset));
        }
    };
    let reset = op.state().bucket_reset(&bucket, now);
    let requested = op.body_str("target_path").unwrap_or_default();
    let cwd = std::env::current_dir().map(|d| d.to_string_lossy().to_string()).unwrap_or_else(|_| "/".into());
    let normalized = targets::absolute(&requested, &cwd);
    let declared = op.state().target(&normalized).cloned();
    targets::check(&requested, &normalized, declared.is_some(), on_host)
        .map_err(|why| errors::path_refused(op.ctx(), &why))?;
    let scan_types: Vec<ScanType> = match op.call.request.body_field("scan_types") {
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().and_then(ScanType::parse)).collect(),
        _ => vec![ScanType::Code, ScanType::Dependency],
    };
    let request = Request {
        target_path: normalized.clone(),
        scan_types,
        target_url: op.body_str("target_url"),
        target_host: op.body_str("target_host"),
    };
    let target = declared.unwrap_or_else(|| Target::on_host(&normalized, &names_on_host(&normalized)));
    let id = op.call.uuid();
    let scan = Scan::plan(id, request, &target, &op.state().installed, now);
    wake_at(op, scan.wake_ups());
    op.call.state.scans.push(scan);
    let scan = op.state().scans.last().ok_or_else(|| errors::scan_not_found(op.ctx()))?;
    Ok(Reply::json(200, ScanView::new(scan))
        .header("x-ratelimit-limit", RATE_PER_MIN.to_string())
        .header("x-ratelimit-remaining", remaining.to_string())
        .header("x-ratelimit-reset", reset.to_string()))
}

/// Has the world brought up to each instant where a scan does something a webhook or
/// a notification reacts to, so that it happens then, not at the next request.
fn wake_at(op: &Op<'_, '_>, instants: Vec<jiff::Timestamp>) {
    let ctx = op.ctx();
    for due in instants {
        let (outbound, api, store, generation) =
            (ctx.outbound.clone(), ctx.api.to_string(), op.call.store(), op.call.generation);
        ctx.scheduler.at(due, ctx.api, "securescan scan event", move |now| async move {
            dispatch::wake(&outbound, &api, &store, generation, now);
        });
    }
}

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let mut scans: Vec<&Scan> = op.state().scans.iter().rev().collect();
    // `ORDER BY started_at DESC`: SQLite puts scans not yet started (NULL) last.
    scans.sort_by(|a, b| match (a.started_at, b.started_at) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let views: Vec<ScanView<'_>> = scans.into_iter().map(ScanView::new).collect();
    Ok(Reply::json(200, views))
}

pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let scan = op.state().scan(&id).ok_or_else(|| errors::scan_not_found(op.ctx()))?;
    Ok(Reply::json(200, ScanView::new(scan)))
}

pub(crate) fn cancel(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let now = op.call.now;
    let scan = op.call.state.scan_mut(&id).ok_or_else(|| errors::scan_not_found(op.call.ctx))?;
    if let Err(status) = scan.cancel(now) {
        return Err(errors::not_cancellable(op.ctx(), status));
    }
    let scan = op.state().scan(&id).ok_or_else(|| errors::scan_not_found(op.ctx()))?;
    Ok(Reply::json(200, ScanView::new(scan)))
}

pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let status = op.state().scan(&id).map_or(ScanStatus::Completed, |s| s.status);
    if matches!(status, ScanStatus::Pending | ScanStatus::Running) {
        return Err(errors::not_deletable(op.ctx(), status));
    }
    op.call.state.delete_scan(&id);
    Ok(Reply::empty(204))
}
