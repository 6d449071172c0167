//! Billing from usage: for a calendar month (UTC), the scans the user started, the lines
//! those scans covered (the selected files of each repository's snapshot, counted when the
//! scan completed) and the storage its snapshots take; each meter has an allowance, and
//! what exceeds it is billed at the meter's price. Amounts are whole cents.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::ScanStatus;
use super::finding::{globs, selected};
use super::source::snapshot;
use super::state::PlatformState;

/// A calendar month.
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub(crate) label: String,
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
    pub(crate) is_current: bool,
}

/// The month `label` (`YYYY-MM`; `None`: the current one), or `None` for one after it.
pub(crate) fn period(label: Option<&str>, now: Timestamp) -> Option<Period> {
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let (year, month) = match label {
        Some(l) => {
            let (y, m) = l.split_once('-')?;
            (y.parse::<i16>().ok()?, m.parse::<i8>().ok()?)
        }
        None => (today.year(), today.month()),
    };
    let first = Date::new(year, month, 1).ok()?;
    let next = first.checked_add(jiff::Span::new().months(1)).ok()?;
    let at = |d: Date| d.to_zoned_datetime(TimeZone::UTC).ok().map(|z| z.timestamp());
    let (start, end) = (at(first)?, at(next)?);
    if start > now {
        return None;
    }
    Some(Period { label: format!("{year:04}-{month:02}"), start, end, is_current: now < end })
}

/// One meter's usage and cost.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Meter {
    pub(crate) name: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) quantity: f64,
    pub(crate) included: f64,
    pub(crate) unit_price: &'static str,
    pub(crate) description: &'static str,
    /// The billable quantity's price, in cents.
    pub(crate) cents: i64,
}

impl Meter {
    pub(crate) fn billable(&self) -> f64 {
        (self.quantity - self.included).max(0.0)
    }
}

fn meter(name: &'static str, unit: &'static str, quantity: f64, included: f64, price: f64) -> Meter {
    let (unit_price, description) = match name {
        "scans" => ("0.25", "Scans beyond the 100 included"),
        "scanned_lines" => ("0.000001", "Lines scanned beyond the 10,000,000 included"),
        _ => ("0.023", "Storage beyond the 10 GB-months included"),
    };
    let billable = (quantity - included).max(0.0);
    Meter { name, unit, quantity, included, unit_price, description, cents: (billable * price * 100.0).round() as i64 }
}

/// The user's meters in `p`, as of `now`.
pub(crate) fn usage(state: &PlatformState, user: &str, p: &Period, now: Timestamp) -> Vec<Meter> {
    let mut scans = 0u64;
    let mut lines = 0u64;
    for s in state.scans.iter().filter(|s| s.triggered_by == user && s.created_at >= p.start && s.created_at < p.end) {
        scans += 1;
        let done = s.status(now) == ScanStatus::Completed;
        let Some(repo) = state.repositories.iter().find(|r| r.id == s.repo_id).filter(|_| done) else { continue };
        let (include, exclude) = (globs(&s.include).ok().flatten(), globs(&s.exclude).ok().flatten());
        let snap = snapshot(repo.ingest.stack, &repo.ingest.package);
        let files = snap.files.iter().filter(|f| selected(&f.path, &include, &exclude));
        lines += files.map(|f| f.content.lines().count() as u64).sum::<u64>();
    }
    let mut bytes = 0u64;
    for r in &state.repositories {
        let mine = state.projects.iter().any(|pr| pr.id == r.project && pr.owner == user);
        if mine && r.ingest.status(now) == super::IngestStatus::Ready {
            bytes += snapshot(r.ingest.stack, &r.ingest.package).size_bytes();
        }
    }
    let gb = ((bytes as f64 / 1e9) * 100.0).round() / 100.0;
    vec![
        meter("scans", "scan", scans as f64, 100.0, 0.25),
        meter("scanned_lines", "line", lines as f64, 10_000_000.0, 0.000_001),
        meter("storage", "gb_month", gb, 10.0, 0.023),
    ]
}

/// Cents as a two-decimal amount.
pub(crate) fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_calendar_months_and_not_future_ones() {
        let now: Timestamp = "2026-03-10T09:00:00Z".parse().unwrap_or(Timestamp::UNIX_EPOCH);
        let current = period(None, now).map(|p| (p.label, p.is_current));
        assert_eq!(current, Some(("2026-03".to_string(), true)));
        let past = period(Some("2025-12"), now).map(|p| (p.end.to_string(), p.is_current));
        assert_eq!(past, Some(("2026-01-01T00:00:00Z".to_string(), false)));
        assert!(period(Some("2026-04"), now).is_none());
        assert_eq!(money(1956), "19.56");
        assert_eq!(money(5), "0.05");
    }
}
