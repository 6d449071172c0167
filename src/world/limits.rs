//! Checks on data from outside (scenario sections, state snapshots) shared by every API:
//! a reference must point at something that exists, an instant must leave room for the
//! arithmetic done on it, and a count must be within its bound. Each error starts with
//! the path of the field at fault, as the admin API reports it.

use std::fmt::Display;

use jiff::Timestamp;

/// The earliest and latest instant accepted: years 1971 to 8999, far from the ends of
/// what a timestamp can hold, so adding a scan's phases or a history window to one can
/// never leave the representable range (which panics).
pub fn sane_range() -> (Timestamp, Timestamp) {
    let low = Timestamp::from_second(31_536_000).unwrap_or(Timestamp::UNIX_EPOCH);
    let high = Timestamp::from_second(221_845_392_000).unwrap_or(Timestamp::MAX);
    (low, high)
}

/// `t`, if it is within the years 1971 to 8999.
pub fn instant(at: impl Display, t: Timestamp) -> Result<Timestamp, String> {
    let (low, high) = sane_range();
    if t < low || t > high {
        return Err(format!("{at}: {t} is outside the years 1971 to 8999"));
    }
    Ok(t)
}

/// `index` must be a position in a list of `len` `what`s.
pub fn reference(at: impl Display, index: impl Into<u64>, len: usize, what: &str) -> Result<(), String> {
    let index = index.into();
    if usize::try_from(index).is_ok_and(|i| i < len) {
        return Ok(());
    }
    let there = match len {
        0 => "there are none".to_string(),
        1 => "there is 1".to_string(),
        n => format!("there are {n}"),
    };
    Err(format!("{at}: {index} is not {what} ({there})"))
}

/// `n` must be at most `max`.
pub fn at_most(at: impl Display, n: impl Into<u64>, max: u64) -> Result<(), String> {
    let n = n.into();
    if n > max {
        return Err(format!("{at}: {n} is more than the {max} allowed"));
    }
    Ok(())
}

/// A text of at most `max` characters.
pub fn text(at: impl Display, s: &str, max: usize) -> Result<(), String> {
    // Bytes bound characters from above: only long texts need counting.
    if s.len() > max && s.chars().count() > max {
        return Err(format!("{at}: a text of at most {max} characters, this one has {}", s.chars().count()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field_and_what_exists() {
        assert_eq!(
            reference("state.findings[3].repository", 4_000_000_000u64, 6, "a repository"),
            Err("state.findings[3].repository: 4000000000 is not a repository (there are 6)".into())
        );
        assert!(reference("x", 5usize as u64, 6, "a repository").is_ok());
        assert_eq!(reference("x", 0u32, 0, "a key"), Err("x: 0 is not a key (there are none)".into()));
        assert!(instant("t", Timestamp::MAX).is_err_and(|e| e.starts_with("t: ")));
        assert!(instant("t", Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(24 * 800)).is_ok());
        assert_eq!(at_most("n", 11u32, 10), Err("n: 11 is more than the 10 allowed".into()));
        assert!(text("s", "ééé", 3).is_ok() && text("s", "abcd", 3).is_err());
    }
}
