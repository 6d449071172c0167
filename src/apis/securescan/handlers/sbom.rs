//! `/sbom`: generate one for a path (its manifests on the host, or a declared target's
//! pins from the catalog), list them (newest first), read one as stored, export one as
//! CycloneDX or SPDX, and list a scan's. SecureScan does not check the path here: a
//! path without manifests gives an SBOM without components.

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::sbom::{self, Manifest, Sbom};
use crate::apis::securescan::model::targets;
use crate::apis::securescan::views::sbom::{ExportView, GeneratedView, HistoryItemView, SbomView};
use crate::reply::{Answer, Refusal, Reply};

/// Manifests below `root` on the host, at most four levels down and a bounded number.
fn host_manifests(root: &str) -> Vec<Manifest> {
    let mut found = Vec::new();
    let mut folders = vec![(std::path::PathBuf::from(root), 0)];
    let mut visited = 0;
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            visited += 1;
            if visited > 5000 || found.len() >= 50 {
                return found;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && depth < 4 && name != "node_modules" && !name.starts_with('.') {
                folders.push((entry.path(), depth + 1));
            } else if (name == "requirements.txt" || name == "package.json")
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                found.push((name, text.chars().take(1_000_000).collect()));
            }
        }
    }
    found
}

fn format_of(op: &Op<'_, '_>) -> Result<String, Refusal> {
    let format = op.call.request.query_str("format").unwrap_or("cyclonedx").to_string();
    if format == "cyclonedx" || format == "spdx" { Ok(format) } else { Err(errors::bad_sbom_format(op.ctx())) }
}

fn index(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let id = op.path("sbom_id");
    op.state().sboms.iter().position(|s| s.id == id).ok_or_else(|| errors::sbom_not_found(op.ctx()))
}

pub(crate) fn generate(op: &mut Op<'_, '_>) -> Answer {
    let format = format_of(op)?;
    let request = op.call.request;
    let target_path = request.query_str("target_path").unwrap_or_default().to_string();
    let scan_id = request.query_str("scan_id").map(str::to_string);
    let normalized = targets::absolute(&target_path, "/");
    let manifests = match op.state().target(&normalized) {
        Some(target) => sbom::catalog_manifests(target),
        None => host_manifests(&target_path),
    };
    let id = op.call.uuid();
    let rng = &mut *op.call.rng;
    let components = sbom::components(&manifests, || crate::world::new_uuid(rng));
    let created_at = op.call.now;
    op.call.state.sboms.push(Sbom { id, scan_id, target_path, format: format.clone(), components, created_at });
    let saved = op.state().sboms.last().ok_or_else(|| errors::sbom_not_found(op.ctx()))?;
    let view = GeneratedView {
        sbom_id: &saved.id,
        format: &saved.format,
        component_count: saved.components.len(),
        document: ExportView::new(saved, &format),
    };
    Ok(Reply::json(200, view))
}

pub(crate) fn history(op: &mut Op<'_, '_>) -> Answer {
    let mut list: Vec<&Sbom> = op.state().sboms.iter().rev().collect();
    list.sort_by_key(|s| std::cmp::Reverse(s.created_at));
    Ok(Reply::json(200, list.into_iter().map(HistoryItemView::new).collect::<Vec<_>>()))
}

pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    Ok(Reply::json(200, SbomView::new(&op.state().sboms[i])))
}

pub(crate) fn export(op: &mut Op<'_, '_>) -> Answer {
    let format = format_of(op)?;
    let i = index(op)?;
    Ok(Reply::json(200, ExportView::new(&op.state().sboms[i], &format)))
}

pub(crate) fn of_scan(op: &mut Op<'_, '_>) -> Answer {
    let scan_id = op.path("scan_id");
    let list: Vec<SbomView<'_>> =
        op.state().sboms.iter().filter(|s| s.scan_id.as_deref() == Some(scan_id.as_str())).map(SbomView::new).collect();
    Ok(Reply::json(200, list))
}

/// `/scans/{id}/sbom` (secmock's: in SecureScan's endpoint overview but not served by
/// 0.11.12): the scan's most recent SBOM, exported like `/sbom/{id}/export`.
pub(crate) fn latest_of_scan(op: &mut Op<'_, '_>) -> Answer {
    let scan_id = op.scan_id()?;
    let format = format_of(op)?;
    let latest = op
        .state()
        .sboms
        .iter()
        .rev()
        .filter(|s| s.scan_id.as_deref() == Some(scan_id.as_str()))
        .max_by_key(|s| s.created_at);
    let latest = latest.ok_or_else(|| errors::sbom_not_found(op.ctx()))?;
    Ok(Reply::json(200, ExportView::new(latest, &format)))
}
