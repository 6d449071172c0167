//! Projects with their computed repository count and scan rollup.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::ScanStatus;
use crate::apis::platform::model::rollup::{self, Rollup};
use crate::apis::platform::model::state::{PlatformState, Project};

/// Findings per severity.
#[derive(Debug, Serialize)]
pub(crate) struct SeverityCounts {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

impl SeverityCounts {
    pub(crate) fn new(c: [usize; 5]) -> Self {
        SeverityCounts { critical: c[0], high: c[1], medium: c[2], low: c[3], info: c[4] }
    }
}

#[derive(Debug, Serialize)]
struct RollupView {
    total: usize,
    queued: usize,
    running: usize,
    completed: usize,
    failed: usize,
    cancelled: usize,
    last_scan_status: Option<ScanStatus>,
    last_scan_at: Option<Timestamp>,
    open_findings: SeverityCounts,
}

impl RollupView {
    fn new(r: Rollup) -> Self {
        RollupView {
            total: r.total,
            queued: r.queued,
            running: r.running,
            completed: r.completed,
            failed: r.failed,
            cancelled: r.cancelled,
            last_scan_status: r.last_scan.map(|(s, _)| s),
            last_scan_at: r.last_scan.map(|(_, at)| at),
            open_findings: SeverityCounts::new(r.open_findings),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ProjectView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    owner_id: &'a str,
    repository_count: usize,
    scan_rollup: RollupView,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> ProjectView<'a> {
    pub(crate) fn new(state: &PlatformState, p: &'a Project, now: Timestamp) -> Self {
        ProjectView {
            id: &p.id,
            name: &p.name,
            description: p.description.as_deref(),
            owner_id: &p.owner,
            repository_count: state.repositories_in(&p.id).count(),
            scan_rollup: RollupView::new(rollup::of_project(state, &p.id, now)),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}
