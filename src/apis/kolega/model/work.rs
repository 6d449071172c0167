//! Kolega's timed work as the admin API lists it (`GET /jobs`, `work`): the most recent
//! scan batches, each with its state and percentage at a moment, read from the same
//! progress rule the API answers with, so the dashboard's bar and `/progress` agree.

use jiff::Timestamp;

use super::batch::ScanBatch;
use super::progress::done_at;
use super::state::{KolegaState, Organization};
use crate::world::Work;

/// How many batches are listed: the most recent, finished or not.
const RECENT: usize = 8;

impl KolegaState {
    /// The most recent scan batches created by `now`, newest first.
    pub(crate) fn work(&self, now: Timestamp) -> Vec<Work> {
        let mut batches: Vec<(&Organization, &ScanBatch)> = self
            .orgs
            .iter()
            .flat_map(|org| org.batches.iter().map(move |batch| (org, batch)))
            .filter(|(_, batch)| batch.created_at <= now)
            .collect();
        let newest_first = |a: &(&Organization, &ScanBatch), b: &(&Organization, &ScanBatch)| {
            b.1.created_at.cmp(&a.1.created_at).then_with(|| b.1.id.cmp(&a.1.id))
        };
        if batches.len() > RECENT {
            batches.select_nth_unstable_by(RECENT, newest_first);
            batches.truncate(RECENT);
        }
        batches.sort_by(newest_first);
        batches
            .into_iter()
            .map(|(org, batch)| {
                let progress = org.batch_progress(batch, now);
                let repository = org.repositories.get(batch.repo as usize).map_or("?", |r| r.name.as_str());
                Work {
                    id: batch.id.clone(),
                    label: format!("{} of {repository}", batch.scan_type.as_str()),
                    status: progress.status.as_str().to_string(),
                    started: batch.created_at,
                    ends: done_at(batch),
                    percent: progress.percent,
                }
            })
            .collect()
    }
}
