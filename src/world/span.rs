//! How far to move the clock, written the way people write it: `90` (seconds), `"90s"`,
//! `"1h 30m"`, `"PT1H30M"`, and spans with days and weeks (`"12d"`, `"2w 3d"`, `"P1D"`),
//! a day counted as 24 hours (the clock is UTC). Months and years have no fixed length
//! and are refused. The admin API's `POST /clock/advance` and `MockServer::advance` read
//! the same spellings.

use jiff::SignedDuration;
use serde_json::Value;

/// A span of virtual time, from a number of seconds or a duration string.
pub fn parse_span(by: &Value) -> Result<SignedDuration, String> {
    match by {
        Value::Number(n) => {
            let secs = n.as_f64().ok_or("not a number")?;
            SignedDuration::try_from_secs_f64(secs).map_err(|e| e.to_string())
        }
        Value::String(s) => s.trim().parse::<SignedDuration>().or_else(|e| {
            let span: jiff::Span = s.trim().parse().map_err(|_| format!("'{s}' is not a duration: {e}"))?;
            span.to_duration(jiff::SpanRelativeTo::days_are_24_hours())
                .map_err(|e| format!("'{s}' is not a fixed duration: {e}"))
        }),
        _ => Err("give a number of seconds or a duration string".into()),
    }
}

/// Anything `MockServer::advance` takes: a `std::time::Duration`, a number of seconds,
/// or a string such as `"1h 30m"` or `"12d"`.
pub trait ClockSpan {
    fn span(&self) -> Result<SignedDuration, String>;
}

impl ClockSpan for std::time::Duration {
    fn span(&self) -> Result<SignedDuration, String> {
        SignedDuration::try_from(*self).map_err(|e| e.to_string())
    }
}

impl ClockSpan for &str {
    fn span(&self) -> Result<SignedDuration, String> {
        parse_span(&Value::from(*self))
    }
}

impl ClockSpan for u64 {
    fn span(&self) -> Result<SignedDuration, String> {
        parse_span(&Value::from(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_in_every_spelling() {
        assert_eq!(parse_span(&json!(90)), Ok(SignedDuration::from_secs(90)));
        assert_eq!(parse_span(&json!("90s")), Ok(SignedDuration::from_secs(90)));
        assert_eq!(parse_span(&json!("1h 30m")), Ok(SignedDuration::from_mins(90)));
        assert_eq!(parse_span(&json!("PT1H30M")), Ok(SignedDuration::from_mins(90)));
        assert_eq!(parse_span(&json!("12d")), Ok(SignedDuration::from_hours(12 * 24)));
        assert_eq!(parse_span(&json!("1w 1d 2h")), Ok(SignedDuration::from_hours(8 * 24 + 2)));
        assert_eq!(parse_span(&json!("P1D")), Ok(SignedDuration::from_hours(24)));
        assert!(parse_span(&json!("soon")).is_err());
        assert!(parse_span(&json!("1 month")).is_err(), "months have no fixed length");
        assert_eq!("2h".span(), Ok(SignedDuration::from_hours(2)));
        assert_eq!(std::time::Duration::from_secs(5).span(), Ok(SignedDuration::from_secs(5)));
    }
}
