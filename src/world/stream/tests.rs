//! A job's events, followed under a manual clock.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use jiff::SignedDuration;

use super::*;
use crate::world::clock::ClockMode;

fn t(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

const START: &str = "2026-01-01T00:00:00Z";

/// Queued at the start, running at +10 s, finished at +60 s: a job's story told by time.
fn job_events() -> impl FnMut(Timestamp) -> Step + Send + 'static {
    let story = [(0, "queued"), (10, "running"), (60, "finished")];
    let mut sent = 0;
    move |now| {
        let due: Vec<Bytes> = story[sent..]
            .iter()
            .take_while(|(secs, _)| t(START) + SignedDuration::from_secs(*secs) <= now)
            .map(|(secs, status)| event("status", Some(&secs.to_string()), &serde_json::json!({"status": status})))
            .collect();
        sent += due.len();
        Step { frames: due, done: sent == story.len() }
    }
}

fn chunks(body: Body) -> BoxStream<'static, Result<Bytes, Infallible>> {
    match body {
        Body::Stream { content_type, stream } => {
            assert_eq!(content_type, "text/event-stream");
            stream
        }
        other => panic!("not a stream: {other:?}"),
    }
}

async fn next(stream: &mut BoxStream<'static, Result<Bytes, Infallible>>) -> Option<String> {
    let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("a chunk in time");
    chunk.map(|c| String::from_utf8_lossy(&c.expect("infallible")).into_owned())
}

fn manual_clock() -> Arc<Clock> {
    Arc::new(Clock::new(t(START), ClockMode::Manual, 1.0))
}

#[tokio::test]
async fn events_arrive_as_the_clock_moves_and_the_stream_ends_after_the_last() {
    let clock = manual_clock();
    let (_state, changes) = watch::channel(0u64);
    let mut stream = chunks(follow(clock.clone(), changes, job_events()));
    assert_eq!(next(&mut stream).await.as_deref(), Some("event: status\nid: 0\ndata: {\"status\":\"queued\"}\n\n"));
    clock.advance(SignedDuration::from_secs(5));
    clock.advance(SignedDuration::from_secs(5));
    assert!(next(&mut stream).await.is_some_and(|c| c.contains("running") && !c.contains("finished")));
    clock.advance(SignedDuration::from_secs(50));
    assert!(next(&mut stream).await.is_some_and(|c| c.contains("\"finished\"")));
    assert_eq!(next(&mut stream).await, None, "done ends the stream");
}

#[tokio::test]
async fn a_late_subscriber_gets_the_whole_story_at_once() {
    let clock = manual_clock();
    clock.advance(SignedDuration::from_mins(5));
    let (_state, changes) = watch::channel(0u64);
    let mut stream = chunks(follow(clock, changes, job_events()));
    let first = next(&mut stream).await.expect("the replay");
    assert_eq!(first.matches("event: status").count(), 3, "{first}");
    assert_eq!(next(&mut stream).await, None);
}

#[tokio::test]
async fn a_state_change_wakes_the_stream_and_quiet_streams_keep_alive_then_end() {
    let clock = manual_clock();
    let (state, changes) = watch::channel(0u64);
    let polls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = polls.clone();
    let limits = FollowLimits {
        keep_alive: Duration::from_millis(50),
        tick: Duration::from_secs(1),
        lifetime: Duration::from_millis(400),
    };
    let mut stream = chunks(follow_with(limits, clock, changes, move |_| {
        let n = counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Step { frames: if n < 2 { vec![event("poll", None, &n)] } else { Vec::new() }, done: false }
    }));
    assert_eq!(next(&mut stream).await.as_deref(), Some("event: poll\ndata: 0\n\n"));
    state.send_modify(|n| *n += 1);
    assert_eq!(next(&mut stream).await.as_deref(), Some("event: poll\ndata: 1\n\n"));
    assert_eq!(next(&mut stream).await.as_deref(), Some(": keep-alive\n\n"));
    while next(&mut stream).await.is_some() {}
    assert_eq!(polls.load(std::sync::atomic::Ordering::Relaxed), 2, "keep-alives do not poll");
}

#[test]
fn a_line_break_cannot_smuggle_a_field_into_an_event() {
    let frame = event("a\nid: 7", Some("1\r\n"), &"two\nlines");
    assert_eq!(&frame[..], b"event: aid: 7\nid: 1\ndata: \"two\\nlines\"\n\n");
}

#[tokio::test]
async fn a_clock_that_runs_by_itself_is_followed_by_ticks() {
    // An hour a second: the job's "running" event, 10 virtual seconds in, is 3 ms away.
    let clock = Arc::new(Clock::new(t(START), ClockMode::Real, 3600.0));
    let (_state, changes) = watch::channel(0u64);
    let limits = FollowLimits { tick: Duration::from_millis(10), ..FollowLimits::default() };
    let mut stream = chunks(follow_with(limits, clock, changes, job_events()));
    let mut story = String::new();
    while let Some(chunk) = next(&mut stream).await {
        story.push_str(&chunk);
    }
    assert_eq!(story.matches("event: status").count(), 3, "{story}");
}
