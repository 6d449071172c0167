//! `GET /v1/billing/summary`: the caller's usage and cost in a month.

use serde_json::json;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::billing::{period, usage};
use crate::apis::platform::views::billing::BillingView;
use crate::reply::{Answer, Reply};

pub(crate) fn summary(op: &mut Op<'_, '_>) -> Answer {
    let label = op.query("period");
    let now = op.now();
    let p = period(label, now).ok_or_else(|| {
        errors::value_error_at("query", &["period"], "period must not be after the current month", json!(label))
    })?;
    let meters = usage(op.state(), &op.user, &p, now);
    Ok(Reply::json(200, BillingView::new(&p, &meters)))
}
