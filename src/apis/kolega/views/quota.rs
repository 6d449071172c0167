//! `GET /api/v1/quotas/balance`: each counter in the current billing period, and the
//! repository limit.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::kolega::model::quota::{Counter, Quota};

#[derive(Debug, Serialize)]
pub(crate) struct QuotaBalanceView {
    period_start: Timestamp,
    period_end: Timestamp,
    prs: CounterView,
    sast_scans: CounterView,
    deep_ai_scans: CounterView,
    repositories: RepositoryLimitView,
}

#[derive(Debug, Serialize)]
struct CounterView {
    plan: u64,
    topup: u64,
    used: u64,
    remaining: u64,
}

#[derive(Debug, Serialize)]
struct RepositoryLimitView {
    /// `None`: unlimited.
    max: Option<u64>,
    current: u64,
}

impl CounterView {
    fn new(counter: &Counter, period: i64) -> CounterView {
        let (topup, used) = counter.current(period);
        CounterView { plan: counter.plan, topup, used, remaining: counter.remaining(period) }
    }
}

impl QuotaBalanceView {
    /// The balance at `now`, with `repositories` counting against the limit.
    pub(crate) fn new(quota: &Quota, now: Timestamp, repositories: u64) -> QuotaBalanceView {
        let p = quota.period(now);
        QuotaBalanceView {
            period_start: p.start,
            period_end: p.end,
            prs: CounterView::new(&quota.prs, p.index),
            sast_scans: CounterView::new(&quota.sast_scans, p.index),
            deep_ai_scans: CounterView::new(&quota.deep_ai_scans, p.index),
            repositories: RepositoryLimitView { max: quota.repositories_max, current: repositories },
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::Span;
    use serde_json::json;

    use super::*;

    #[test]
    fn a_new_period_shows_the_plan_without_last_periods_usage() {
        let january: Timestamp = "2026-01-01T00:00:00Z".parse().expect("timestamp");
        let quota = Quota {
            prs: Counter { plan: 2, topup: 1, used: 2, period: 0 },
            period_start: january,
            period_length: Span::new().months(1),
            ..Quota::default()
        };
        let february = "2026-02-01T00:00:00Z".parse().expect("timestamp");
        let view = serde_json::to_value(QuotaBalanceView::new(&quota, february, 3)).expect("serialises");
        assert_eq!(view["prs"], json!({"plan": 2, "topup": 0, "used": 0, "remaining": 2}));
        assert_eq!(view["repositories"], json!({"max": null, "current": 3}));
        assert_eq!(view["period_start"], json!("2026-02-01T00:00:00Z"));
    }
}
