//! Logging never stops serving: with stderr a pipe nobody reads, the pipe fills, then the
//! log queue, and from then on log lines are dropped and counted; requests never wait.
//! (With a lossless queue every port stopped answering after ~128,500 requests.)

use std::time::Duration;

use serde_json::Value;

use super::{KOLEGA_KEY, Secmock, Stderr, client};

/// Enough access lines (~150 bytes each) to fill a 64 KiB pipe and a 64-line queue many
/// times over.
const WORKERS: usize = 8;
const REQUESTS_EACH: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unread_stderr_drops_log_lines_instead_of_stopping_the_server() {
    let (mut secmock, _) = Secmock::start(&["--log-queue-lines", "64"], Stderr::Unread, &[("RUST_LOG", "info")]);
    let balance = format!("{}/api/v1/quotas/balance", secmock.url("kolega"));
    let http = client(Duration::from_secs(5));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..WORKERS {
        let (http, balance) = (http.clone(), balance.clone());
        workers.spawn(async move {
            let mut answered = 0;
            for _ in 0..REQUESTS_EACH {
                let response = http.get(&balance).header("authorization", KOLEGA_KEY).send().await;
                let response = response.expect("answered within 5 s although stderr is not read");
                assert_eq!(response.status(), 200);
                answered += 1;
            }
            answered
        });
    }
    let answered: usize = workers.join_all().await.into_iter().sum();
    assert_eq!(answered, WORKERS * REQUESTS_EACH);

    let health: Value = http
        .get(format!("{}/health", secmock.url("admin")))
        .send()
        .await
        .expect("the admin API answers too")
        .json()
        .await
        .expect("health is JSON");
    let dropped = health["dropped_log_lines"].as_u64().unwrap_or_else(|| panic!("no dropped_log_lines in {health}"));
    assert!(dropped > 0, "{health}");

    // Reading stderr again lets the log thread catch up, and it says what was lost: in
    // one warning for the stall, after any for overflows before the pipe filled.
    let mut stderr = secmock.read_stderr();
    let reported = |lines: &[String]| -> u64 { lines.iter().filter_map(|line| dropped_in(line)).sum() };
    let all_reported = stderr.wait_until(Duration::from_secs(10), |lines| reported(lines) >= dropped);
    let so_far = stderr.so_far(Duration::ZERO);
    assert!(all_reported, "warnings count {} of the {dropped} dropped lines: {so_far:?}", reported(so_far));
    let warnings: Vec<&String> = so_far.iter().filter(|line| dropped_in(line).is_some()).collect();
    assert!(warnings.iter().all(|line| line.contains("WARN")), "{warnings:?}");
}

/// The count in a "N log lines were dropped" warning.
fn dropped_in(line: &str) -> Option<u64> {
    let (before, _) = line.split_once(" log lines were dropped while stderr was not being read")?;
    before.rsplit(' ').next()?.parse().ok()
}

/// The access line a request leaves is `tracing_subscriber`'s text format, whoever
/// writes it (`telemetry::access` formats it by hand), and credentials in the query are
/// redacted in it as in the journal.
#[tokio::test]
async fn every_request_leaves_one_access_line_in_the_text_format() {
    let (secmock, stderr) = Secmock::start(&[], Stderr::Read, &[("RUST_LOG", "info")]);
    let mut stderr = stderr.expect("stderr is read");
    let url = format!("{}/api/v1/quotas/balance?api_token=supersecret", secmock.url("kolega"));
    let response = client(Duration::from_secs(5)).get(&url).header("authorization", KOLEGA_KEY).send().await;
    assert_eq!(response.expect("answered").status(), 200);
    let is_access = |line: &String| line.contains(" GET /api/v1/quotas/balance");
    assert!(stderr.wait_until(Duration::from_secs(10), |lines| lines.iter().any(is_access)));
    let lines: Vec<&String> = stderr.so_far(Duration::ZERO).iter().filter(|l| is_access(l)).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = lines[0].trim_end();
    let (time, rest) = line.split_once(' ').unwrap_or_default();
    // 2026-12-06T13:25:01.123456Z
    assert_eq!(time.len(), 27, "{line}");
    assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T' && time.as_bytes()[19] == b'.', "{line}");
    let rest =
        rest.strip_prefix(" INFO GET /api/v1/quotas/balance?api_token=supe…[redacted] api=\"kolega\" operation=\"");
    let rest = rest.unwrap_or_else(|| panic!("{line}"));
    let (_, rest) = rest.split_once("\" status=200 micros=").unwrap_or_else(|| panic!("{line}"));
    assert!(rest.parse::<u64>().is_ok(), "{line}");
}
