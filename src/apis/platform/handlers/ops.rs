//! The `ops` group's endpoints: limits in force and the worker fleet (the `ops` scope is
//! checked by `authenticate`, in the spec's words).

use super::Op;
use crate::apis::platform::model::workers::{Worker, workers};
use crate::apis::platform::views::ops::{LimitsView, WorkerView};
use crate::apis::platform::views::page::Page;
use crate::reply::{Answer, Reply};

/// `GET /v1/ops/limits`.
pub(crate) fn limits(op: &mut Op<'_, '_>) -> Answer {
    Ok(Reply::json(200, LimitsView(&op.state().limits)))
}

/// `GET /v1/ops/workers`: most recent heartbeat first; `queue`, `state`.
pub(crate) fn list_workers(op: &mut Op<'_, '_>) -> Answer {
    let (skip, limit) = op.window(50);
    let (queue, state) = (op.query("queue"), op.query("state"));
    let all: Vec<Worker> = workers(op.state(), op.now())
        .into_iter()
        .filter(|w| queue.is_none_or(|q| w.queue == q) && state.is_none_or(|s| w.state == s))
        .collect();
    Ok(Reply::json(200, Page::of(&all, skip, limit, WorkerView::new)))
}
