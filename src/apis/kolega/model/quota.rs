//! Quotas: the counters Kolega's balance shows (`prs`, `sast_scans`, `deep_ai_scans`, and
//! the `repositories` limit) within a billing period. The period is derived from the clock
//! (`start` + n × `length`, a calendar month by default), and a counter remembers which
//! period its usage belongs to, so a new period starts from zero without any timer:
//! usage and top-ups belong to the period they were recorded in, the plan renews.
//! Spending happens inside the request's store transaction, so concurrent requests can
//! never overspend.

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

use super::vocabulary::QuotaType;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Counter {
    pub(crate) plan: u64,
    pub(crate) topup: u64,
    pub(crate) used: u64,
    /// The period `used` and `topup` belong to.
    pub(crate) period: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Quota {
    pub(crate) prs: Counter,
    pub(crate) sast_scans: Counter,
    pub(crate) deep_ai_scans: Counter,
    /// `None`: unlimited.
    pub(crate) repositories_max: Option<u64>,
    /// The start of period 0.
    pub(crate) period_start: Timestamp,
    pub(crate) period_length: Span,
}

/// One billing period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Period {
    pub(crate) index: i64,
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
}

/// Why a quota refused: nothing of the counter remains.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QuotaExceeded {
    pub(crate) quota: QuotaType,
}

impl Counter {
    /// The top-up and usage of `period` (a counter last touched in an earlier period has
    /// neither yet).
    pub(crate) fn current(&self, period: i64) -> (u64, u64) {
        if self.period == period { (self.topup, self.used) } else { (0, 0) }
    }

    pub(crate) fn remaining(&self, period: i64) -> u64 {
        let (topup, used) = self.current(period);
        (self.plan + topup).saturating_sub(used)
    }
}

impl Quota {
    fn length(&self) -> Span {
        if self.period_length.is_zero() { Span::new().months(1) } else { self.period_length }
    }

    fn nth_start(&self, n: i64) -> Option<Timestamp> {
        let span = self.length().checked_mul(n).ok()?;
        self.period_start.to_zoned_datetime(TimeZone::UTC).checked_add(span).ok().map(|z| z.timestamp())
    }

    /// The period `now` falls in.
    pub(crate) fn period(&self, now: Timestamp) -> Period {
        let first = self.nth_start(1).map_or(1.0, |end| end.duration_since(self.period_start).as_secs_f64().max(1.0));
        let mut n = (now.duration_since(self.period_start).as_secs_f64() / first).floor() as i64;
        // Calendar lengths vary (28–31 days): correct the estimate by whole periods.
        for _ in 0..64 {
            match (self.nth_start(n), self.nth_start(n + 1)) {
                (Some(start), _) if start > now => n -= 1,
                (_, Some(end)) if end <= now => n += 1,
                _ => break,
            }
        }
        let start = self.nth_start(n).unwrap_or(self.period_start);
        let end = self.nth_start(n + 1).unwrap_or(start);
        Period { index: n, start, end }
    }

    fn counter_mut(&mut self, quota: QuotaType) -> Option<&mut Counter> {
        match quota {
            QuotaType::Prs => Some(&mut self.prs),
            QuotaType::SastScans => Some(&mut self.sast_scans),
            QuotaType::DeepAiScans => Some(&mut self.deep_ai_scans),
            QuotaType::Repositories => None,
        }
    }

    /// Spends `units` of `quota` while any of it remains, or refuses (nothing remains) and
    /// spends nothing. As Kolega documents it ("if a counter's remaining is zero, the POST
    /// will 403") and its client checks it (`remaining > 0`), the last unit admits a request
    /// that needs more: the counter is overdrawn and `remaining` shows 0.
    pub(crate) fn spend(&mut self, quota: QuotaType, units: u64, now: Timestamp) -> Result<(), QuotaExceeded> {
        self.require(quota, now)?;
        if let Some(counter) = self.counter_mut(quota) {
            counter.used = counter.used.saturating_add(units);
        }
        Ok(())
    }

    /// Refuses when nothing of `quota` remains, spending nothing either way (creating a fix
    /// needs `prs` left, as Kolega's client checks, though only opening its pull requests
    /// spends them).
    pub(crate) fn require(&mut self, quota: QuotaType, now: Timestamp) -> Result<(), QuotaExceeded> {
        let period = self.period(now).index;
        let Some(counter) = self.counter_mut(quota) else { return Ok(()) };
        if counter.period != period {
            *counter = Counter { plan: counter.plan, topup: 0, used: 0, period };
        }
        if counter.remaining(period) == 0 {
            return Err(QuotaExceeded { quota });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    fn quota() -> Quota {
        Quota {
            prs: Counter { plan: 2, topup: 1, used: 2, period: 0 },
            period_start: t("2026-01-01T00:00:00Z"),
            period_length: Span::new().months(1),
            ..Quota::default()
        }
    }

    #[test]
    fn periods_are_calendar_months_from_the_start() {
        let q = quota();
        let p = q.period(t("2026-03-31T23:59:59Z"));
        assert_eq!((p.index, p.start, p.end), (2, t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z")));
        assert_eq!(q.period(t("2026-02-01T00:00:00Z")).index, 1);
        assert_eq!(q.period(t("2025-12-31T00:00:00Z")).index, -1);
    }

    #[test]
    fn the_last_unit_admits_a_request_then_nothing_is_spent_and_a_new_period_starts_from_zero() {
        let mut q = quota();
        let now = t("2026-01-20T00:00:00Z");
        assert_eq!(q.prs.used, 2);
        assert_eq!(q.spend(QuotaType::Prs, 2, now), Ok(()), "one remains: admitted, overdrawn");
        assert_eq!((q.prs.used, q.prs.remaining(0)), (4, 0));
        assert_eq!(q.spend(QuotaType::Prs, 1, now), Err(QuotaExceeded { quota: QuotaType::Prs }));
        assert_eq!(q.require(QuotaType::Prs, now), Err(QuotaExceeded { quota: QuotaType::Prs }));
        assert_eq!(q.prs.used, 4, "a refusal spends nothing");
        let february = t("2026-02-01T00:00:00Z");
        let period = q.period(february).index;
        assert_eq!((q.prs.current(period), q.prs.remaining(period)), ((0, 0), 2));
        assert_eq!(q.spend(QuotaType::Prs, 2, february), Ok(()));
        assert_eq!(q.prs.remaining(period), 0);
        assert_eq!(q.prs.current(period), (0, 2));
    }
}
