//! The one clock every time-dependent value reads. It keeps virtual time as "a virtual
//! instant at a real instant, moving at `scale` while running", so `real` (scale 1),
//! `scaled` (`--time-scale 60`: a real second is an API minute) and `manual` (stopped;
//! moves only when told) are the same mechanism. Progress is derived from timestamps when
//! read, so a manual jump of an hour is exact and an idle clock costs nothing.

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

/// How the clock is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClockMode {
    /// Follows real time (optionally scaled).
    Real,
    /// Time moves only through `advance` and `set`.
    Manual,
}

/// A point-in-time view of the clock, as the admin API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClockReading {
    pub now: Timestamp,
    pub mode: ClockMode,
    pub scale: f64,
    pub paused: bool,
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    virtual_at: Timestamp,
    real_at: Instant,
    scale: f64,
    mode: ClockMode,
    paused: bool,
}

impl Anchor {
    fn now(&self) -> Timestamp {
        if self.mode == ClockMode::Manual || self.paused {
            return self.virtual_at;
        }
        let real = self.real_at.elapsed().as_secs_f64() * self.scale;
        let elapsed = SignedDuration::try_from_secs_f64(real).unwrap_or(SignedDuration::MAX);
        self.virtual_at.checked_add(elapsed).unwrap_or(Timestamp::MAX)
    }
}

/// The virtual clock. Cheap to read; every change is announced on a watch channel so the
/// scheduler can re-plan its next wake-up.
#[derive(Debug)]
pub struct Clock {
    anchor: Mutex<Anchor>,
    changes: watch::Sender<u64>,
}

impl Clock {
    /// A clock reading `start`, in `mode`, moving at `scale` while running.
    pub fn new(start: Timestamp, mode: ClockMode, scale: f64) -> Clock {
        let anchor =
            Anchor { virtual_at: start, real_at: Instant::now(), scale: sane_scale(scale), mode, paused: false };
        Clock { anchor: Mutex::new(anchor), changes: watch::channel(0).0 }
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.anchor.lock().now()
    }

    pub fn reading(&self) -> ClockReading {
        let a = *self.anchor.lock();
        ClockReading { now: a.now(), mode: a.mode, scale: a.scale, paused: a.paused }
    }

    /// Moves time forward (or back, with a negative duration) by `by`.
    pub fn advance(&self, by: SignedDuration) -> Timestamp {
        self.rebase(|a| {
            a.virtual_at =
                a.virtual_at.checked_add(by).unwrap_or(if by.is_negative() { Timestamp::MIN } else { Timestamp::MAX });
        })
    }

    /// Sets the current time.
    pub fn set(&self, to: Timestamp) -> Timestamp {
        self.rebase(|a| a.virtual_at = to)
    }

    pub fn pause(&self) -> Timestamp {
        self.rebase(|a| a.paused = true)
    }

    pub fn resume(&self) -> Timestamp {
        self.rebase(|a| a.paused = false)
    }

    pub fn set_scale(&self, scale: f64) -> Timestamp {
        self.rebase(|a| a.scale = sane_scale(scale))
    }

    pub fn set_mode(&self, mode: ClockMode) -> Timestamp {
        self.rebase(|a| a.mode = mode)
    }

    /// Real time until virtual instant `at`, or `None` if the clock is not moving.
    pub fn real_until(&self, at: Timestamp) -> Option<std::time::Duration> {
        let a = *self.anchor.lock();
        if a.mode == ClockMode::Manual || a.paused {
            return None;
        }
        let ahead = at.duration_since(a.now()).as_secs_f64().max(0.0);
        Some(std::time::Duration::from_secs_f64(ahead / a.scale))
    }

    /// Announces every change of mode, scale, pause or time.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Applies a change at the current instant, so time read before and after it is
    /// continuous except for what the change itself does.
    fn rebase(&self, change: impl FnOnce(&mut Anchor)) -> Timestamp {
        let now = {
            let mut a = self.anchor.lock();
            a.virtual_at = a.now();
            a.real_at = Instant::now();
            change(&mut a);
            a.now()
        };
        self.changes.send_modify(|n| *n += 1);
        now
    }
}

fn sane_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 { scale } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn manual_clock_moves_only_when_told_and_exactly() {
        let c = Clock::new(t("2026-01-15T09:00:00Z"), ClockMode::Manual, 1.0);
        assert_eq!(c.now(), t("2026-01-15T09:00:00Z"));
        c.advance(SignedDuration::from_hours(1));
        assert_eq!(c.now(), t("2026-01-15T10:00:00Z"));
        c.set(t("2026-02-01T00:00:00Z"));
        assert_eq!(c.now(), t("2026-02-01T00:00:00Z"));
        assert_eq!(c.real_until(t("2026-03-01T00:00:00Z")), None);
    }

    #[test]
    fn scaled_clock_runs_faster_and_pauses() {
        let c = Clock::new(t("2026-01-15T09:00:00Z"), ClockMode::Real, 3600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(c.now() >= t("2026-01-15T09:01:00Z"), "20 ms at 3600x is over a minute");
        let paused_at = c.pause();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(c.now(), paused_at);
        let wait = {
            c.resume();
            c.real_until(c.now().checked_add(SignedDuration::from_hours(1)).expect("in range"))
        };
        assert!(wait.is_some_and(|w| w <= std::time::Duration::from_secs(1)));
    }
}
