//! SecureScan's timestamps: naive ISO 8601 as Python's `datetime.isoformat()` writes
//! them (microseconds, and no fraction at all when there are none).

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// `2026-11-23T14:34:01.031389`, or `2026-11-23T14:34:01` on a whole second.
pub(crate) fn naive(at: Timestamp) -> String {
    let dt = at.to_zoned_datetime(TimeZone::UTC).datetime();
    let micros = dt.subsec_nanosecond() / 1000;
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    if micros == 0 { base } else { format!("{base}.{micros:06}") }
}

/// Truncates to microseconds, as Python stores them.
pub(crate) fn micros(at: Timestamp) -> Timestamp {
    let round = jiff::TimestampRound::new().smallest(jiff::Unit::Microsecond).mode(jiff::RoundMode::Trunc);
    at.round(round).unwrap_or(at)
}

/// `at` plus `millis` milliseconds (saturating at the clock's bounds).
pub(crate) fn after(at: Timestamp, millis: u64) -> Timestamp {
    let span = jiff::SignedDuration::from_millis(i64::try_from(millis).unwrap_or(i64::MAX));
    at.checked_add(span).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_have_no_fraction_as_python_writes_them() {
        let at: Timestamp = "2026-11-23T14:34:01Z".parse().expect("a timestamp");
        assert_eq!(naive(at), "2026-11-23T14:34:01");
        assert_eq!(naive(after(at, 31)), "2026-11-23T14:34:01.031000");
    }
}
