//! Reading a `text/event-stream` in a test: events as they arrive, each parsed, within a
//! bound (a functional bound: a stream that stays silent fails the test, it does not hang).

use std::time::Duration;

use serde_json::Value;

/// One server-sent event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) name: String,
    pub(crate) id: Option<String>,
    pub(crate) data: Value,
}

/// An open event stream.
pub(crate) struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    /// Opens `url` (a GET), with `headers`; panics unless it answers 200 `text/event-stream`.
    pub(crate) async fn open(url: &str, headers: &[(&str, &str)]) -> Events {
        let mut request = crate::helpers::client().get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("stream opened");
        assert_eq!(response.status(), 200, "{url}");
        let content_type = response.headers()["content-type"].to_str().expect("ascii").to_string();
        assert!(content_type.starts_with("text/event-stream"), "{content_type}");
        Events { response, buffer: String::new() }
    }

    /// The next event (comments skipped), or `None` if none comes within `within`.
    pub(crate) async fn next_within(&mut self, within: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(event) = self.take_event() {
                return Some(event);
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            let bytes = chunk.expect("stream readable")?;
            self.buffer.push_str(&String::from_utf8_lossy(&bytes));
        }
    }

    /// The next event, which must come within five seconds.
    pub(crate) async fn next(&mut self) -> Event {
        self.next_within(Duration::from_secs(5)).await.expect("an event within 5 s")
    }

    fn take_event(&mut self) -> Option<Event> {
        loop {
            let end = self.buffer.find("\n\n")?;
            let block: String = self.buffer.drain(..end + 2).collect();
            let (mut name, mut id, mut data) = ("message".to_string(), None, String::new());
            for line in block.lines().filter(|l| !l.is_empty() && !l.starts_with(':')) {
                let (field, value) = line.split_once(": ").unwrap_or((line, ""));
                match field {
                    "event" => name = value.to_string(),
                    "id" => id = Some(value.to_string()),
                    "data" => data.push_str(value),
                    _ => {}
                }
            }
            if !data.is_empty() {
                return Some(Event { name, id, data: serde_json::from_str(&data).expect("data is JSON") });
            }
        }
    }
}
