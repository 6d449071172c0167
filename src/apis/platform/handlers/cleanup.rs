//! `POST /v1/ops/cleanup`: counts what each target would delete; a dry run stops there
//! (200), a real run deletes it at once and answers its job (202). A job is busy for a
//! minute after it was requested: another one meanwhile is 409.

use jiff::SignedDuration;
use serde_json::Value;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::cleanup::{TARGETS, candidates, run};
use crate::apis::platform::views::ops::{CandidateView, CleanupJobView};
use crate::reply::{Answer, Reply};

/// How long a real cleanup job runs.
const RUNNING: SignedDuration = SignedDuration::from_secs(60);

pub(crate) fn trigger(op: &mut Op<'_, '_>) -> Answer {
    let request = op.call.request;
    let dry_run = request.body_field("dry_run").and_then(Value::as_bool).unwrap_or(false);
    let days = request.body_field("older_than_days").and_then(Value::as_i64).unwrap_or(30);
    let targets: Vec<&'static str> = match request.body_field("targets").and_then(Value::as_array) {
        Some(list) => TARGETS.into_iter().filter(|t| list.iter().any(|v| v.as_str() == Some(t))).collect(),
        None => TARGETS.to_vec(),
    };
    let now = op.now();
    if !dry_run
        && let Some((id, at)) = &op.state().last_cleanup
        && now < *at + RUNNING
    {
        return Err(errors::cleanup_running(op.ctx(), id));
    }
    let cutoff = now - SignedDuration::from_hours(24 * days);
    let found = candidates(op.state(), &targets, cutoff, now);
    let id = op.call.uuid();
    if !dry_run {
        run(op.call.state, &targets, cutoff, now);
        op.call.state.last_cleanup = Some((id.clone(), now));
    }
    let job = CleanupJobView {
        id: &id,
        status: if dry_run { "completed" } else { "queued" },
        dry_run,
        targets: &targets,
        older_than_days: days,
        cutoff,
        candidates: found.iter().map(CandidateView::new).collect(),
        requested_by: &op.user,
        requested_at: now,
        finished_at: dry_run.then_some(now),
    };
    Ok(Reply::json(if dry_run { 200 } else { 202 }, job))
}
