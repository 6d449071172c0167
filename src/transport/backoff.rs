//! Pacing the accept loop when `accept` fails. A failure that is about the system (out of
//! file descriptors, out of memory) repeats at once if retried at once: the loop used to
//! retry every 50 ms and log every failure, 1,568 warnings in one flood. Now the pause
//! doubles up to a second, and a burst of failures is logged twice: when it starts and
//! when accepting works again.
//!
//! Written out rather than taken from a retry crate: this paces a loop that never gives
//! up, it does not retry one operation, and the arithmetic is one line.

use std::io;
use std::time::Duration;

const FIRST_PAUSE: Duration = Duration::from_millis(5);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

/// Failures of the current burst; none between bursts.
#[derive(Debug, Default)]
pub(super) struct AcceptBackoff {
    failures: u32,
}

impl AcceptBackoff {
    /// Records a failure; how long to wait before accepting again.
    pub(super) fn failed(&mut self, error: &io::Error) -> Duration {
        if self.failures == 0 {
            tracing::warn!("accept failed: {error}; pausing new connections (up to {LONGEST_PAUSE:?} at a time)");
        }
        self.failures = self.failures.saturating_add(1);
        pause_after(self.failures)
    }

    /// Records a success, which ends a burst of failures.
    pub(super) fn succeeded(&mut self) {
        if self.failures > 0 {
            tracing::info!("accepting connections again after {} failed attempts", self.failures);
            self.failures = 0;
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
    fn a_new_burst_starts_from_the_shortest_pause() {
        let mut backoff = AcceptBackoff::default();
        let error = io::Error::from_raw_os_error(24);
        assert!(out_of_descriptors(&error));
        backoff.failed(&error);
        assert_eq!(backoff.failed(&error), Duration::from_millis(10));
        backoff.succeeded();
        assert_eq!(backoff.failed(&error), FIRST_PAUSE);
    }
}
