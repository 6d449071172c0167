//! Kolega's timed work as the admin API lists it (`GET /jobs`, `work`): the most recent
//! scan batches and fixes, each with its state and percentage at a moment, read from the
//! same progress rules the API answers with, so the dashboard's bars and `/progress` agree.

use jiff::Timestamp;

use super::batch::ScanBatch;
use super::fix::Fix;
use super::progress::done_at;
use super::state::{KolegaState, Organization};
use super::{FixStatus, fix_run};
use crate::world::Work;

/// How many pieces are listed: the most recent, finished or not.
const RECENT: usize = 8;

/// A piece of work not yet read: where it is, so only the listed ones are computed.
enum Piece<'a> {
    Batch(&'a Organization, &'a ScanBatch),
    Fix(&'a Fix),
}

impl Piece<'_> {
    fn created_at(&self) -> Timestamp {
        match self {
            Piece::Batch(_, batch) => batch.created_at,
            Piece::Fix(fix) => fix.created_at,
        }
    }

    fn id(&self) -> &str {
        match self {
            Piece::Batch(_, batch) => &batch.id,
            Piece::Fix(fix) => &fix.id,
        }
    }

    fn read(&self, now: Timestamp) -> Work {
        match self {
            Piece::Batch(org, batch) => {
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
            }
            Piece::Fix(fix) => {
                let progress = fix_run::at(fix, now);
                let run = fix.runs.last();
                let started = run.map_or(fix.created_at, |r| r.requested_at);
                let ends = run.map_or(fix.created_at, |r| r.cancelled_at.unwrap_or_else(|| fix_run::end(r)));
                let finished = !matches!(progress.status, FixStatus::Pending | FixStatus::Running);
                let span = ends.duration_since(started).as_secs_f64();
                let elapsed = now.duration_since(started).as_secs_f64();
                let percent = if finished || span <= 0.0 { 100.0 } else { (elapsed / span * 100.0).clamp(0.0, 99.9) };
                Work {
                    id: fix.id.clone(),
                    label: format!("fix: {}", fix.title),
                    status: progress.status.as_str().to_string(),
                    started,
                    ends,
                    percent: (percent * 10.0).floor() / 10.0,
                }
            }
        }
    }
}

impl KolegaState {
    /// The most recent scan batches and fixes created by `now`, newest first.
    pub(crate) fn work(&self, now: Timestamp) -> Vec<Work> {
        let mut pieces: Vec<Piece<'_>> = self
            .orgs
            .iter()
            .flat_map(|org| {
                let batches = org.batches.iter().map(move |batch| Piece::Batch(org, batch));
                batches.chain(org.fixes.iter().map(Piece::Fix))
            })
            .filter(|piece| piece.created_at() <= now)
            .collect();
        let newest_first =
            |a: &Piece<'_>, b: &Piece<'_>| b.created_at().cmp(&a.created_at()).then_with(|| b.id().cmp(a.id()));
        if pieces.len() > RECENT {
            pieces.select_nth_unstable_by(RECENT, newest_first);
            pieces.truncate(RECENT);
        }
        pieces.sort_by(newest_first);
        pieces.iter().map(|piece| piece.read(now)).collect()
    }
}
