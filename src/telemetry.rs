//! Structured logs with `tracing`: human-readable text by default, JSON lines with
//! `--log-format json`; `RUST_LOG` filters as usual (`RUST_LOG=info,secmock::access=off`
//! silences the per-request lines).
//!
//! Lines are written by a background thread (`tracing-appender`), not by the request that
//! logs: an unbuffered write to stderr per request cost a fifth of POST throughput
//! (benches/README.md). Nothing is dropped; a request waits only if 128k lines are queued.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Keeps the log writer running; dropping it flushes what is queued.
#[must_use = "logs stop (and queued lines are lost) when the guard is dropped"]
pub struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}

pub fn init(format: LogFormat) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr (stdout has the banner); colours only for a person at a terminal.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("secmock-log")
        .finish(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(writer)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    LogGuard(guard)
}
