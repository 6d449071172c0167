//! The platform's timed work as the admin API lists it (`GET /jobs`, `work`): the most
//! recent scans, and legacy analyses, each read off the clock with the same rule its own
//! API answers with, so the dashboard's bars and `progress.percent` agree.

use jiff::Timestamp;

use super::scan::Scan;
use super::state::PlatformState;
use crate::world::Work;

/// How many are listed: the most recent, finished or not.
const RECENT: usize = 8;

fn read(scan: &Scan, what: &str, now: Timestamp) -> Work {
    let p = scan.progress(now);
    Work {
        id: scan.id.clone(),
        label: format!("{} scan of {what}", scan.depth.as_str()),
        status: p.status.as_str().to_string(),
        started: scan.created_at,
        ends: p.finished_at.unwrap_or_else(|| scan.fails_at().unwrap_or_else(|| scan.completes_at())),
        percent: f64::from(p.percent),
    }
}

impl PlatformState {
    /// The most recent scans and legacy analyses, newest first.
    pub(crate) fn work(&self, now: Timestamp) -> Vec<Work> {
        let repo_name = |id: &str| self.repositories.iter().find(|r| r.id == id).map_or("?", |r| r.name.as_str());
        let mut pieces: Vec<(&Scan, &str)> = self.scans.iter().map(|s| (s, repo_name(&s.repo_id))).collect();
        pieces
            .extend(self.legacy_sessions.iter().filter_map(|s| s.analysis.as_ref().map(|a| (a, s.filename.as_str()))));
        pieces.sort_by_key(|(s, _)| std::cmp::Reverse(s.created_at));
        pieces.into_iter().take(RECENT).map(|(s, what)| read(s, what, now)).collect()
    }
}
