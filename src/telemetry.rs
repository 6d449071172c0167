//! Structured logs with `tracing`: human-readable text by default, JSON lines with
//! `--log-format json`; `RUST_LOG` filters as usual (`RUST_LOG=info,secmock::access=off`
//! silences the per-request lines).
//!
//! Lines are written by a background thread (`queue`), not by the request that
//! logs: an unbuffered write to stderr per request cost a fifth of POST throughput
//! (benches/README.md). The queue between them is bounded and lossy: when stderr is not
//! being read (a CI runner that reads it only at exit), the pipe fills, the thread blocks
//! on it, the queue fills, and lines beyond it are dropped and counted rather than making
//! requests wait. A lossless queue stopped every port, admin included, after ~128,500
//! requests that way. The count is on `/health` ([`dropped_lines`]), and once the thread
//! can write again it logs one warning saying how many lines were lost.

mod access;
mod queue;

pub(crate) use access::{AccessLine, log as log_access};

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use tracing_subscriber::EnvFilter;

use queue::{LogQueue, QueueGuard};

/// Lines the log queue holds by default (tracing-appender's default, which secmock used
/// before it had a queue of its own). Memory is taken as lines wait, not up front.
pub(crate) const DEFAULT_QUEUE_LINES: usize = 128_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub(crate) enum LogFormat {
    Text,
    Json,
}

/// Keeps the log writer running; dropping it flushes what is queued.
#[must_use = "logs stop (and queued lines are lost) when the guard is dropped"]
pub(crate) struct LogGuard(#[allow(dead_code)] Option<QueueGuard>);

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}

/// The log queue's count of dropped lines. Process-global because the subscriber it
/// belongs to is: there is one log queue per process, set by [`init`].
static QUEUE: OnceLock<LogQueue> = OnceLock::new();

/// Log lines dropped so far because the log queue was full (stderr not being read).
/// Always 0 when [`init`] was not called (secmock used as a library).
pub(crate) fn dropped_lines() -> u64 {
    QUEUE.get().map_or(0, LogQueue::dropped)
}

/// Sets up logging to stderr, through a queue of at most `queue_lines` lines.
pub(crate) fn init(format: LogFormat, queue_lines: usize) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr (stdout has the banner); colours only for a person at a terminal.
    let (writer, guard) = match LogQueue::start(queue_lines, DropReport { stderr: std::io::stderr(), reported: 0 }) {
        Ok(started) => started,
        Err(e) => {
            // No thread for the writer: lines are written where they are logged.
            eprintln!("secmock: logging without a queue ({e})");
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
            return LogGuard(None);
        }
    };
    let _ = QUEUE.set(writer.clone());
    let ansi = std::io::stderr().is_terminal();
    if format == LogFormat::Text && !ansi {
        access::format_here(writer.clone());
    }
    let builder =
        tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(writer).with_ansi(ansi);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    route_panics_through_the_queue();
    LogGuard(Some(guard))
}

/// Stderr as the log thread sees it. The thread flushes when it has caught up with its
/// queue, which is the moment to say that lines were lost: once per stall, not per line.
struct DropReport {
    stderr: std::io::Stderr,
    /// Dropped lines already reported.
    reported: u64,
}

impl Write for DropReport {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stderr.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let dropped = dropped_lines();
        if dropped > self.reported {
            // Logged rather than written here so that it has the log's format (JSON lines
            // stay JSON). The queue has just drained, so it has room for this line.
            tracing::warn!(
                dropped = dropped - self.reported,
                "{} log lines were dropped while stderr was not being read",
                dropped - self.reported
            );
            self.reported = dropped;
        }
        self.stderr.flush()
    }
}

/// The default panic hook writes to stderr from the panicking thread; a handler that
/// panics while stderr is not being read would block a runtime thread on it. The message
/// (and a backtrace when `RUST_BACKTRACE` asks for one) goes through the log queue instead.
fn route_panics_through_the_queue() {
    std::panic::set_hook(Box::new(|info| {
        let backtrace = std::backtrace::Backtrace::capture();
        match backtrace.status() {
            std::backtrace::BacktraceStatus::Captured => tracing::error!("{info}\n{backtrace}"),
            _ => tracing::error!("{info}"),
        }
    }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn nothing_is_dropped_before_logging_is_set_up() {
        assert_eq!(crate::telemetry::dropped_lines(), 0);
    }
}
