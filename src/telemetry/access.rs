//! The access line: one per request, so the request thread does as little as it can for
//! it. `tracing_subscriber` formatted it at ~13.5 K instructions (a visitor per field,
//! `Debug` escaping char by char, the date rebuilt from the epoch, `format_args!` through
//! `dyn Write`); here the line is written by hand into a buffer each thread reuses, the
//! date part is rebuilt once a second, and the bytes go to the same lossy log queue as
//! every other line (never blocking, dropped lines counted).
//!
//! The bytes are those `tracing_subscriber`'s text format writes for the same event
//! (`line_is_what_tracing_subscriber_writes` compares them). Whenever this formatter
//! could differ, the line goes through `tracing` as before: JSON lines, colours at a
//! terminal, secmock used as a library (no [`super::init`]), or a field that `Debug`
//! would escape. `RUST_LOG` filters it as before (`secmock::access=off`).

use std::cell::RefCell;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use super::LogQueue;

/// The log queue, when lines may be formatted here (text, no colours).
static PLAIN_TEXT_QUEUE: OnceLock<LogQueue> = OnceLock::new();

/// Called by [`super::init`] when the log is plain text into `queue`.
pub(super) fn format_here(queue: LogQueue) {
    let _ = PLAIN_TEXT_QUEUE.set(queue);
}

/// One request as the access log shows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AccessLine<'a> {
    pub api: &'a str,
    pub operation: &'a str,
    pub status: u16,
    pub micros: u64,
    pub method: &'a str,
    pub path: &'a str,
    /// Already redacted and cut to size, without its `?`.
    pub query: Option<&'a str>,
}

/// The second whose `YYYY-MM-DDTHH:MM:SS` was last written, and that text.
type DatePrefix = Option<(u64, [u8; 19])>;

thread_local! {
    /// The line being written, and the date it last wrote.
    static LINE: RefCell<(Vec<u8>, DatePrefix)> = const { RefCell::new((Vec::new(), None)) };
}

/// Logs one request (target `secmock::access`, level INFO).
pub(crate) fn log(line: &AccessLine<'_>) {
    if !tracing::enabled!(target: "secmock::access", tracing::Level::INFO) {
        return;
    }
    match PLAIN_TEXT_QUEUE.get() {
        Some(queue) if writes_plainly(line) => LINE.with(|cell| {
            let Ok(mut cell) = cell.try_borrow_mut() else { return via_tracing(line) };
            let (buf, date) = &mut *cell;
            buf.clear();
            write_text(buf, date, SystemTime::now(), line);
            // The queue copies the line and never waits; a full queue counts it as dropped.
            queue.send(buf);
        }),
        _ => via_tracing(line),
    }
}

fn via_tracing(line: &AccessLine<'_>) {
    tracing::info!(
        target: "secmock::access",
        api = line.api,
        operation = line.operation,
        status = line.status,
        micros = line.micros,
        "{} {}{}{}",
        line.method,
        line.path,
        if line.query.is_some() { "?" } else { "" },
        line.query.unwrap_or("")
    );
}

/// Whether every piece is written as is by `tracing_subscriber`: the quoted fields are
/// printable ASCII without a quote or backslash (`Debug` escapes those), and the message
/// has no control character (C0, DEL or C1, which its ANSI sanitising escapes).
fn writes_plainly(line: &AccessLine<'_>) -> bool {
    let quotable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    let plain = |s: &str| s.chars().all(|c| c >= ' ' && !('\x7f'..='\u{9f}').contains(&c));
    quotable(line.api)
        && quotable(line.operation)
        && plain(line.method)
        && plain(line.path)
        && line.query.is_none_or(plain)
}

/// `2026-12-06T13:25:01.123456Z  INFO GET /path?q api="kolega" operation="op" status=200 micros=87`
fn write_text(buf: &mut Vec<u8>, date: &mut DatePrefix, now: SystemTime, line: &AccessLine<'_>) {
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let second = since.as_secs();
    let prefix = match date {
        Some((s, prefix)) if *s == second => *prefix,
        _ => {
            let prefix = date_prefix(second);
            *date = Some((second, prefix));
            prefix
        }
    };
    buf.extend_from_slice(&prefix);
    buf.push(b'.');
    let mut micros = [b'0'; 6];
    let mut n = since.subsec_micros();
    for digit in micros.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf.extend_from_slice(&micros);
    buf.extend_from_slice(b"Z  INFO ");
    for piece in [line.method, " ", line.path] {
        buf.extend_from_slice(piece.as_bytes());
    }
    if let Some(query) = line.query {
        buf.push(b'?');
        buf.extend_from_slice(query.as_bytes());
    }
    let _ = writeln!(
        buf,
        " api=\"{}\" operation=\"{}\" status={} micros={}",
        line.api, line.operation, line.status, line.micros
    );
}

/// `YYYY-MM-DDTHH:MM:SS` of a second since the epoch, in UTC.
fn date_prefix(second: u64) -> [u8; 19] {
    let mut out = [0u8; 19];
    let at = jiff::Timestamp::from_second(second as i64).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let civil = jiff::tz::Offset::UTC.to_datetime(at);
    let text = civil.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let len = text.len().min(out.len());
    out[..len].copy_from_slice(&text.as_bytes()[..len]);
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Collects what a subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::ErrorKind::Other)?.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `tracing_subscriber`, set up as `init` sets it up for text, writes for `line`.
    fn from_tracing_subscriber(line: &AccessLine<'_>) -> String {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber =
            tracing_subscriber::fmt().with_target(false).with_ansi(false).with_writer(move || sink.clone()).finish();
        tracing::subscriber::with_default(subscriber, || via_tracing(line));
        let bytes = captured.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    fn written_here(line: &AccessLine<'_>) -> String {
        let mut buf = Vec::new();
        write_text(&mut buf, &mut None, SystemTime::now(), line);
        String::from_utf8(buf).unwrap_or_default()
    }

    /// The timestamps of two lines written a moment apart differ; everything else must not.
    fn without_time(line: &str) -> (usize, &str) {
        let (time, rest) = line.split_once(' ').unwrap_or(("", line));
        (time.len(), rest)
    }

    #[test]
    fn line_is_what_tracing_subscriber_writes() {
        let lines = [
            AccessLine {
                api: "kolega",
                operation: "list_repository_findings",
                status: 200,
                micros: 87,
                method: "GET",
                path: "/api/v1/repositories/r-1/findings",
                query: Some("limit=50&token=abcd…[redacted]"),
            },
            AccessLine {
                api: "dryrun",
                operation: "-",
                status: 404,
                micros: 0,
                method: "DELETE",
                path: "/",
                query: None,
            },
        ];
        for line in &lines {
            let expected = from_tracing_subscriber(line);
            let got = written_here(line);
            assert_eq!(without_time(&got), without_time(&expected), "{got:?} vs {expected:?}");
            assert!(got.ends_with('\n'));
        }
    }

    #[test]
    fn the_date_is_tracing_subscribers() {
        // 2026-12-06T13:25:01.000042Z, and a leap day.
        for (second, text) in [(1_796_563_501, "2026-12-06T13:25:01"), (1_709_210_096, "2024-02-29T12:34:56")] {
            assert_eq!(std::str::from_utf8(&date_prefix(second)).ok(), Some(text));
        }
        let now = UNIX_EPOCH + std::time::Duration::new(1_796_563_501, 42_000);
        let line =
            AccessLine { api: "a", operation: "b", status: 200, micros: 1, method: "GET", path: "/", query: None };
        let mut buf = Vec::new();
        let mut date = None;
        write_text(&mut buf, &mut date, now, &line);
        assert!(String::from_utf8_lossy(&buf).starts_with("2026-12-06T13:25:01.000042Z  INFO GET / "));
        // The remembered date is used within the same second, redone in the next.
        buf.clear();
        write_text(&mut buf, &mut date, now + std::time::Duration::from_secs(1), &line);
        assert!(String::from_utf8_lossy(&buf).starts_with("2026-12-06T13:25:02.000042Z"));
    }

    #[test]
    fn what_debug_would_escape_goes_through_tracing() {
        let line =
            AccessLine { api: "a\"b", operation: "-", status: 200, micros: 1, method: "GET", path: "/", query: None };
        assert!(!writes_plainly(&line));
        let line = AccessLine { path: "/\u{85}", api: "a", ..line };
        assert!(!writes_plainly(&line));
        assert!(!writes_plainly(&AccessLine { path: "/\x7f", ..line }));
        assert!(writes_plainly(&AccessLine { path: "/x", query: Some("t=abcd…[redacted]"), ..line }));
    }
}
