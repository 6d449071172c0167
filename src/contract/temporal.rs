//! Reading a date-time parameter the way pydantic v2 (speedate) reads a `datetime`, for
//! APIs written in FastAPI: besides RFC 3339 it takes a date alone (`2026-12-06`, midnight),
//! a time without seconds or zone (`2026-12-06 00:00`, `T`, `t`, `_` or a space between),
//! and Unix time as a number (seconds, or milliseconds above 2e10). What it takes is
//! rewritten as RFC 3339 before the schema's `format: date-time` is checked, so handlers
//! read one form; what it does not take is left as sent, and fails the format check with
//! pydantic's wording. A time without a zone is read as UTC.

use jiff::Timestamp;

/// `raw` as RFC 3339, if pydantic would read it as a datetime and it is not RFC 3339 already.
pub(crate) fn pydantic_datetime(raw: &str) -> Option<String> {
    let text = raw.trim();
    if text.parse::<Timestamp>().is_ok() {
        return None;
    }
    if let Some(epoch) = unix(text) {
        return Some(epoch.to_string());
    }
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10)) {
        return None;
    }
    let date = &text[..10];
    if b.len() == 10 {
        return checked(format!("{date}T00:00:00Z"));
    }
    let separated = matches!(b[10], b'T' | b't' | b'_' | b' ');
    if !separated || !digits(11..13) || b.get(13) != Some(&b':') || !digits(14..16) {
        return None;
    }
    let (hm, rest) = (&text[11..16], &text[16..]);
    let (seconds, zone) = match rest.strip_prefix(':') {
        Some(after) => {
            let end = after.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(after.len());
            (format!(":{}", after[..end].replace(',', ".")), &after[end..])
        }
        None => (":00".to_string(), rest),
    };
    let zone = match zone {
        "" => "Z",
        "z" => "Z",
        other => other,
    };
    checked(format!("{date}T{hm}{seconds}{zone}"))
}

/// Unix time in seconds, or in milliseconds when larger than 2e10 (speedate's rule).
fn unix(text: &str) -> Option<Timestamp> {
    let number: f64 = text.parse().ok().filter(|n: &f64| n.is_finite())?;
    if !text.bytes().next().is_some_and(|c| c.is_ascii_digit() || c == b'-') {
        return None;
    }
    let seconds = if number.abs() > 2e10 { number / 1000.0 } else { number };
    let whole = seconds.floor();
    let nanos = ((seconds - whole) * 1e9).round() as i32;
    Timestamp::new(whole as i64, nanos.min(999_999_999)).ok()
}

fn checked(candidate: String) -> Option<String> {
    candidate.parse::<Timestamp>().ok().map(|_| candidate)
}

#[cfg(test)]
mod tests {
    use super::pydantic_datetime as read;

    #[test]
    fn what_pydantic_reads_becomes_rfc_3339() {
        assert_eq!(read("2026-12-06").as_deref(), Some("2026-12-06T00:00:00Z"));
        assert_eq!(read("2026-12-06T00:00:00").as_deref(), Some("2026-12-06T00:00:00Z"));
        assert_eq!(read("2026-12-06 00:00").as_deref(), Some("2026-12-06T00:00:00Z"));
        assert_eq!(read("2026-12-06_10:30:15.5+02:00").as_deref(), Some("2026-12-06T10:30:15.5+02:00"));
        assert_eq!(read("1796515200").as_deref(), Some("2026-12-06T00:00:00Z"));
        assert_eq!(read("1796515200000").as_deref(), Some("2026-12-06T00:00:00Z"));
        assert_eq!(read("2026-12-06T00:00:00Z"), None, "already RFC 3339");
    }

    #[test]
    fn what_pydantic_refuses_is_left_as_sent() {
        for bad in ["yesterday", "2026-13-01", "2026-12-06T25:00", "2026-12-06x", "", "+5", "NaN", "2026-02-30"] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
