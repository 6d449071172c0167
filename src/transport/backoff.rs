//! Pacing the accept loop when `accept` fails. A failure that is about the system (out of
//! file descriptors, out of memory) repeats at once if retried at once: the loop used to
//! retry every 50 ms and log every failure, 1,568 warnings in one flood. Now the pause
//! doubles up to a second, and a burst of failures is logged twice: when it starts and
//! when accepting has worked again. A burst ends only after `QUIET` without a failure:
//! out of descriptors, accepts that succeed (on a descriptor an evicted connection freed)
//! alternate with ones that fail, and ending the burst at each success logged a line per
//! failure again.
//!
//! Written out rather than taken from a retry crate: this paces a loop that never gives
//! up, it does not retry one operation, and the arithmetic is one line.

use std::io;
use std::time::Duration;

use tokio::time::Instant;

const FIRST_PAUSE: Duration = Duration::from_millis(5);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);
/// How long accepting must go without a failure for a burst to be over.
const QUIET: Duration = Duration::from_secs(10);

#[derive(Debug, Default)]
pub(super) struct AcceptBackoff {
    /// Failures since the last success: what the pause grows with.
    in_a_row: u32,
    /// The current burst, if one is going on.
    burst: Option<Burst>,
}

#[derive(Debug)]
struct Burst {
    failures: u64,
    last: Instant,
}

impl AcceptBackoff {
    /// Records a failure at `now`; how long to wait before accepting again.
    pub(super) fn failed(&mut self, error: &io::Error, now: Instant) -> Duration {
        match &mut self.burst {
            Some(burst) => {
                burst.failures += 1;
                burst.last = now;
            }
            None => {
                tracing::warn!("accept failed: {error}; pausing new connections (up to {LONGEST_PAUSE:?} at a time)");
                self.burst = Some(Burst { failures: 1, last: now });
            }
        }
        self.in_a_row = self.in_a_row.saturating_add(1);
        pause_after(self.in_a_row)
    }

    /// Records a success at `now`, which ends the burst if it has been quiet long enough.
    pub(super) fn succeeded(&mut self, now: Instant) {
        self.in_a_row = 0;
        if let Some(burst) = &self.burst
            && now.saturating_duration_since(burst.last) >= QUIET
        {
            tracing::info!("accepting connections again after {} failed attempts", burst.failures);
            self.burst = None;
        }
    }
}

fn pause_after(failures: u32) -> Duration {
    FIRST_PAUSE.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(LONGEST_PAUSE)
}

/// An error about one connection (reset or aborted before it was accepted), not about the
/// listener: the next `accept` can succeed at once.
pub(super) fn concerns_one_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionRefused
    )
}

/// EMFILE or ENFILE: the process or the system is out of file descriptors.
pub(super) fn out_of_descriptors(error: &io::Error) -> bool {
    // The raw values are the same on Linux, the BSDs and macOS.
    const ENFILE: i32 = 23;
    const EMFILE: i32 = 24;
    matches!(error.raw_os_error(), Some(ENFILE | EMFILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_then_stays_at_a_second() {
        let pauses: Vec<u128> = (1..=10).map(|n| pause_after(n).as_millis()).collect();
        assert_eq!(pauses, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
        assert_eq!(pause_after(u32::MAX), LONGEST_PAUSE);
    }

    #[test]
    fn a_success_resets_the_pause_but_only_quiet_ends_the_burst() {
        let mut backoff = AcceptBackoff::default();
        let error = io::Error::from_raw_os_error(24);
        assert!(out_of_descriptors(&error));
        let start = Instant::now();
        backoff.failed(&error, start);
        assert_eq!(backoff.failed(&error, start), Duration::from_millis(10));
        backoff.succeeded(start);
        assert_eq!(backoff.failed(&error, start), FIRST_PAUSE);
        assert_eq!(backoff.burst.as_ref().map(|b| b.failures), Some(3), "one burst");
        backoff.succeeded(start + QUIET);
        assert!(backoff.burst.is_none());
    }
}
