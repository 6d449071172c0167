//! Deliveries against a real receiver on loopback, under a manual clock.

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use bytes::Bytes;
use jiff::{SignedDuration, Timestamp};
use parking_lot::Mutex;

use super::*;
use crate::world::clock::{Clock, ClockMode};

fn t(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

const START: &str = "2026-01-01T00:00:00Z";

/// A webhook receiver on 127.0.0.1 answering the given statuses in turn (then 200), with
/// `body` as its answer.
struct Receiver {
    url: String,
    seen: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
}

async fn receiver(statuses: Vec<u16>, body: &'static str) -> Receiver {
    let seen: Arc<Mutex<Vec<(HeaderMap, Bytes)>>> = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, bytes: Bytes| {
            let log = log.clone();
            let statuses = statuses.clone();
            async move {
                let n = {
                    let mut log = log.lock();
                    log.push((headers, bytes));
                    log.len() - 1
                };
                let status = statuses.get(n).copied().unwrap_or(200);
                (axum::http::StatusCode::from_u16(status).expect("status"), body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    Receiver { url, seen }
}

struct Rig {
    clock: Arc<Clock>,
    scheduler: Arc<Scheduler>,
    outbound: Outbound,
    attempts: Arc<Mutex<Vec<Attempt>>>,
}

/// A receiver on loopback that accepts connections and never answers (aborting the task
/// closes them); its URL.
async fn silent_receiver() -> (String, tokio::task::JoinHandle<()>) {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}/", silent.local_addr().expect("addr"));
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            open.push(stream);
        }
    });
    (url, held)
}

fn rig(limits: OutboundLimits) -> Rig {
    rig_in(ClockMode::Manual, limits)
}

fn rig_in(mode: ClockMode, limits: OutboundLimits) -> Rig {
    let clock = Arc::new(Clock::new(t(START), mode, 1.0));
    let scheduler = Arc::new(Scheduler::new(clock.clone()));
    let outbound = Outbound::with_limits(clock.clone(), scheduler.clone(), limits);
    Rig { clock, scheduler, outbound, attempts: Arc::default() }
}

impl Rig {
    /// A signed JSON delivery to `url`, due 10 s after the start.
    fn deliver(&self, url: &str, policy: RetryPolicy) -> Result<(), DeliveryRefused> {
        let attempts = self.attempts.clone();
        let outgoing = Outgoing::new(url, "build.done", t(START) + SignedDuration::from_secs(10), |at, n| {
            Payload::json(&serde_json::json!({"event": "build.done", "attempt": n}))
                .header("x-signature", format!("t={},v1=abc", at.as_second()))
                .header("Host", "elsewhere.example")
                .header("bad\nname", "x")
        })
        .policy(policy)
        .on_attempt(move |a| attempts.lock().push(a.clone()));
        self.outbound.deliver("api", outgoing)
    }

    async fn advance(&self, secs: i64) -> usize {
        self.scheduler.advance_to(self.clock.now() + SignedDuration::from_secs(secs)).await
    }
}

#[tokio::test]
async fn a_failed_attempt_is_retried_on_the_virtual_clock_until_delivered() {
    let hook = receiver(vec![500], "try later").await;
    let rig = rig(OutboundLimits::default());
    rig.deliver(&hook.url, RetryPolicy::new(3, vec![SignedDuration::from_mins(1)])).expect("accepted");
    assert_eq!(rig.advance(9).await, 0, "not due yet");
    assert_eq!(rig.advance(1).await, 1);
    {
        let attempts = rig.attempts.lock();
        assert_eq!(attempts.len(), 1);
        let first = &attempts[0];
        assert_eq!(
            (first.number, first.at, first.status, first.last),
            (1, t("2026-01-01T00:00:10Z"), Some(500), false)
        );
        assert_eq!(first.response_body, "try later");
        assert!(!first.delivered());
    }
    assert_eq!(rig.outbound.pending("api"), 1, "the retry is waiting");
    assert_eq!(rig.advance(59).await, 0);
    assert_eq!(rig.advance(1).await, 1, "the retry comes a virtual minute later");
    let attempts = rig.attempts.lock().clone();
    assert_eq!(attempts.len(), 2);
    assert!(attempts[1].delivered() && attempts[1].last && attempts[1].at == t("2026-01-01T00:01:10Z"));
    assert_eq!(rig.outbound.pending("api"), 0);
    let seen = hook.seen.lock();
    let signatures: Vec<&str> =
        seen.iter().map(|(h, _)| h.get("x-signature").and_then(|v| v.to_str().ok()).unwrap_or("")).collect();
    assert_eq!(signatures, ["t=1767225610,v1=abc", "t=1767225670,v1=abc"], "each attempt signs its own time");
    assert_eq!(seen[1].0.get("content-type").map(|v| v.as_bytes()), Some(&b"application/json"[..]));
    let hosts: Vec<_> = seen[1].0.get_all("host").iter().collect();
    assert_eq!(hosts, [hook.url.trim_start_matches("http://").trim_end_matches("/hook")], "the client owns Host");
    assert_eq!(&seen[1].1[..], br#"{"event":"build.done","attempt":2}"#);
    assert_eq!(rig.outbound.records(Some("api")).len(), 2);
}

#[tokio::test]
async fn retries_stop_after_the_last_attempt() {
    let hook = receiver(vec![503, 503, 503], "").await;
    let rig = rig(OutboundLimits::default());
    rig.deliver(&hook.url, RetryPolicy::new(2, vec![SignedDuration::from_secs(30)])).expect("accepted");
    assert_eq!(rig.advance(3600).await, 2);
    let attempts = rig.attempts.lock().clone();
    assert_eq!(
        attempts.iter().map(|a| (a.status, a.last)).collect::<Vec<_>>(),
        [(Some(503), false), (Some(503), true)]
    );
    assert_eq!(hook.seen.lock().len(), 2);
}

#[tokio::test]
async fn a_destination_not_allowed_is_refused_without_a_connection_and_not_retried() {
    let rig = rig(OutboundLimits::default());
    for url in ["http://192.0.2.1/hook", "https://hooks.example.test/", "not a url"] {
        rig.deliver(url, RetryPolicy::default()).expect("accepted");
    }
    assert_eq!(rig.advance(3600).await, 3, "one attempt each");
    let attempts = rig.attempts.lock().clone();
    let errors: Vec<String> = attempts.iter().map(|a| a.error.clone().unwrap_or_default()).collect();
    assert!(errors[0].starts_with("destination not allowed: '192.0.2.1'"), "{errors:?}");
    assert!(errors[1].starts_with("https is not supported by secmock"), "{errors:?}");
    assert!(errors[2].contains("is not a URL"), "{errors:?}");
    assert!(attempts.iter().all(|a| a.last && a.status.is_none()));
}

#[tokio::test]
async fn the_allow_list_admits_a_listed_address() {
    let hook = receiver(vec![], "").await;
    let rig = rig(OutboundLimits::default());
    // Loopback is always allowed; a listed block must not stop it.
    rig.outbound.reset("api", AllowList::parse(&["10.0.0.0/8".into()]).expect("valid"));
    rig.deliver(&hook.url.replace("127.0.0.1", "localhost"), RetryPolicy::once()).expect("accepted");
    rig.advance(10).await;
    assert!(rig.attempts.lock()[0].delivered(), "{:?}", rig.attempts.lock());
}

#[tokio::test]
async fn a_reset_drops_pending_deliveries_and_their_retries() {
    let hook = receiver(vec![], "").await;
    let rig = rig(OutboundLimits::default());
    rig.deliver(&hook.url, RetryPolicy::default()).expect("accepted");
    assert_eq!(rig.outbound.pending("api"), 1);
    assert_eq!(rig.scheduler.pending().len(), 1);
    assert!(rig.scheduler.pending()[0].label.starts_with("outbound build.done to http://127.0.0.1:"));
    rig.scheduler.cancel(Some("api"));
    rig.outbound.reset("api", AllowList::default());
    assert_eq!(rig.outbound.pending("api"), 0, "a cancelled job gives its place back");
    assert_eq!(rig.advance(3600).await, 0);
    assert!(rig.attempts.lock().is_empty() && hook.seen.lock().is_empty());
}

#[tokio::test]
async fn pending_deliveries_are_capped_per_api() {
    let rig = rig(OutboundLimits { max_pending: 2, ..OutboundLimits::default() });
    rig.deliver("http://127.0.0.1:9/", RetryPolicy::once()).expect("first");
    rig.deliver("http://127.0.0.1:9/", RetryPolicy::once()).expect("second");
    let refused = rig.deliver("http://127.0.0.1:9/", RetryPolicy::once()).expect_err("third");
    assert_eq!(refused.to_string(), "api already has 2 outbound deliveries pending");
}

#[tokio::test]
async fn a_receiver_that_never_answers_times_out_and_a_long_answer_is_clipped() {
    let (silent_url, held) = silent_receiver().await;
    let long = "x".repeat(10_000);
    let chatty = receiver(vec![], Box::leak(long.into_boxed_str())).await;
    let rig =
        rig(OutboundLimits { timeout: Duration::from_millis(300), response_kept: 100, ..OutboundLimits::default() });
    rig.deliver(&silent_url, RetryPolicy::once()).expect("accepted");
    rig.deliver(&chatty.url, RetryPolicy::once()).expect("accepted");
    rig.advance(10).await;
    let attempts = rig.attempts.lock().clone();
    assert_eq!(attempts[0].error.as_deref(), Some("no answer within 300ms"));
    assert!(attempts[0].duration_ms >= 300);
    assert_eq!(attempts[1].response_body, format!("{}…[truncated]", "x".repeat(100)));
    held.abort();
}

#[tokio::test]
async fn each_admitted_address_is_tried_until_one_takes_the_connection() {
    let hook = receiver(vec![], "ok").await;
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
        listener.local_addr().expect("addr")
    };
    let target = Target::parse(&hook.url).expect("valid");
    let live: std::net::SocketAddr = target.authority.parse().expect("an address");
    let answer = client::post(&[dead, live], &target, &[], Bytes::from_static(b"{}"), 100).await.expect("answered");
    assert_eq!((answer.status, &answer.body[..]), (200, &b"ok"[..]));
    let err = client::post(&[dead], &target, &[], Bytes::new(), 100).await.err().expect("refused");
    assert!(err.starts_with(&format!("cannot connect to {dead}: ")), "{err}");
}

#[tokio::test]
async fn a_dropped_world_does_not_live_on_in_its_pending_deliveries() {
    let rig = rig(OutboundLimits::default());
    let marker = Arc::new(());
    let held = marker.clone();
    let outgoing = Outgoing::new("http://127.0.0.1:9/", "x", t(START), |_, _| Payload::default())
        .on_attempt(move |_| drop(held.clone()));
    rig.outbound.deliver("api", outgoing).expect("accepted");
    assert_eq!(Arc::strong_count(&marker), 2);
    drop(rig);
    assert_eq!(Arc::strong_count(&marker), 1, "no cycle between the queue and its jobs");
}

#[tokio::test]
async fn while_the_clock_runs_by_itself_a_hanging_receiver_holds_no_other_job_back() {
    let (silent_url, held) = silent_receiver().await;
    let hook = receiver(vec![], "").await;
    let rig = rig_in(ClockMode::Real, OutboundLimits { timeout: Duration::from_secs(3), ..OutboundLimits::default() });
    for url in [silent_url.as_str(), hook.url.as_str()] {
        let outgoing = Outgoing::new(url, "x", t(START), |_, _| Payload::default()).policy(RetryPolicy::once());
        rig.outbound.deliver("api", outgoing).expect("accepted");
    }
    let started = std::time::Instant::now();
    assert_eq!(rig.scheduler.run_due().await, 2);
    assert!(started.elapsed() < Duration::from_secs(1), "the jobs did not wait on the answers");
    tokio::time::timeout(Duration::from_secs(2), async {
        while hook.seen.lock().is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the live receiver got its post while the other hung");
    held.abort();
}
