//! `GET /api/v1/quotas/balance`, and Kolega's quota refusal.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::errors;
use super::model::quota::{Counter, QuotaExceeded};
use super::model::state::Organization;
use crate::reply::Reply;

fn render_counter(c: &Counter, period: i64) -> Value {
    let (topup, used) = c.current(period);
    json!({"plan": c.plan, "topup": topup, "used": used, "remaining": c.remaining(period)})
}

pub(crate) fn render(org: &Organization, now: Timestamp, repositories: u64) -> Value {
    let q = &org.quota;
    let p = q.period(now);
    json!({
        "period_start": p.start,
        "period_end": p.end,
        "prs": render_counter(&q.prs, p.index),
        "sast_scans": render_counter(&q.sast_scans, p.index),
        "deep_ai_scans": render_counter(&q.deep_ai_scans, p.index),
        "repositories": {"max": q.repositories_max, "current": repositories},
    })
}

/// Kolega's quota refusal: 403 with the envelope its client reads `quota_type` from.
pub(crate) fn refused(r: QuotaExceeded) -> Reply {
    let q = r.quota.as_str();
    let message = if r.needed > 1 && r.remaining > 0 {
        format!("Quota exceeded for {q}: {} needed, {} remaining in the current period", r.needed, r.remaining)
    } else {
        format!("Quota exceeded for {q}: {} remaining in the current period", r.remaining)
    };
    errors::envelope(403, &message, "OPERATION_FAILED", Some(q))
}

/// `GET /api/v1/quotas/balance`.
pub(crate) fn balance(org: &Organization, now: Timestamp) -> Reply {
    Reply::json(200, render(org, now, org.repositories_in_use()))
}
