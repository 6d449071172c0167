//! Shared test helpers: starting servers and talking to them.

#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::{Method, RequestBuilder};
use secmock::MockServer;
use serde_json::Value;

/// A path under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A strict server over the given fixture specs, with no scenario and no behaviour:
/// every answer comes from the contract.
pub(crate) async fn fixture_server(specs: &[&str]) -> MockServer {
    fixture_builder(specs).contract_only().start().await.expect("fixture specs load")
}

/// A strict server over the given fixture specs with the generic stateful behaviour.
pub(crate) async fn fixture_crud_server(specs: &[&str]) -> MockServer {
    fixture_builder(specs).start().await.expect("fixture specs load")
}

/// A strict server over the given fixture specs with the generic stateful behaviour and
/// `configure` applied to its configuration.
pub(crate) async fn fixture_builder_with(specs: &[&str], configure: impl FnOnce(&mut secmock::Config)) -> MockServer {
    fixture_builder(specs).configure(configure).start().await.expect("fixture specs load")
}

fn fixture_builder(specs: &[&str]) -> secmock::MockServerBuilder {
    MockServer::builder().specs(specs.iter().map(|s| fixture(s))).scenario(None)
}

/// An HTTP client that never follows redirects (tests look at them).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client builds")
}

/// Sends `request` with an optional JSON body; the status and the body, parsed as JSON
/// when it is JSON and as a string otherwise.
pub(crate) async fn exchange(request: RequestBuilder, body: Option<Value>) -> (u16, Value) {
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Sends a request built on [`client`] (any method, headers and body) and reads what came
/// back: one line instead of `send().await.expect(..)` and a separate read of the body.
pub(crate) async fn fetch(request: RequestBuilder) -> Got {
    Got::read(request.send().await.expect("request sent")).await
}

/// A call to the admin API.
pub(crate) async fn admin(server: &MockServer, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    exchange(client().request(method, format!("{}{path}", server.admin_url())), body).await
}

/// What a test got back: the status, the headers, and the body (JSON when it is JSON, a
/// string otherwise).
#[derive(Debug)]
pub(crate) struct Got {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Value,
}

impl Got {
    /// Reads a response: its status, headers, and body (JSON when it parses as JSON).
    pub(crate) async fn read(response: reqwest::Response) -> Got {
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let text = response.text().await.expect("body read");
        Got { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    /// The body, once the status is the one expected (the body is in the failure).
    #[track_caller]
    pub(crate) fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }

    /// A header's value as text ("" when absent).
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

/// One API of a running server, as a test talks to it: its base URL and, optionally, a
/// bearer key. The one client every test folder uses.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    base: String,
    key: Option<String>,
}

impl Api {
    pub(crate) fn of(server: &MockServer, api: &str) -> Api {
        Api { base: server.url(api), key: None }
    }

    /// The same API under a path prefix (`/api/v1`, `/v1`).
    pub(crate) fn under(mut self, prefix: &str) -> Api {
        self.base.push_str(prefix);
        self
    }

    pub(crate) fn with_key(mut self, key: &str) -> Api {
        self.key = Some(key.to_string());
        self
    }

    pub(crate) async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Got {
        let mut request = client().request(method, format!("{}{path}", self.base));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        fetch(request).await
    }

    pub(crate) async fn get(&self, path: &str) -> Got {
        self.send(Method::GET, path, None).await
    }

    /// A form-encoded POST (`application/x-www-form-urlencoded`), as OAuth and HTML forms send.
    pub(crate) async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Got {
        use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
        let encode = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        let mut request = client()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.join("&"));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        fetch(request).await
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> Got {
        self.send(Method::POST, path, Some(body)).await
    }

    pub(crate) async fn patch(&self, path: &str, body: Value) -> Got {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Got {
        self.send(Method::DELETE, path, None).await
    }
}

/// Checks that `actual` has every field `expected` names, with those values (objects are
/// compared field by field, recursively; everything else must be equal): one readable
/// assertion instead of a tuple of `as_str()`/`as_u64()` reads.
///
/// `assert_has(&batch, json!({"status": "queued", "total_repositories": 3}))`
#[track_caller]
pub(crate) fn assert_has(actual: &Value, expected: Value) {
    let mut wrong = Vec::new();
    differences(actual, &expected, String::new(), &mut wrong);
    assert!(wrong.is_empty(), "{}\nin {actual:#}", wrong.join("\n"));
}

fn differences(actual: &Value, expected: &Value, at: String, wrong: &mut Vec<String>) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, want) in expected {
                let here = format!("{at}/{key}");
                match actual.get(key) {
                    Some(got) => differences(got, want, here, wrong),
                    None => wrong.push(format!("{here}: missing, expected {want}")),
                }
            }
        }
        // Numbers compare by value: 100 and 100.0 are the same percentage.
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        _ if actual != expected => wrong.push(format!("{at}: {actual}, expected {expected}")),
        _ => {}
    }
}

/// What a webhook receiver saw: each POST's headers and body.
pub(crate) type Seen = std::sync::Arc<parking_lot::Mutex<Vec<(reqwest::header::HeaderMap, bytes::Bytes)>>>;

/// A webhook receiver on loopback (`http://127.0.0.1:PORT/hook`): it answers the first
/// `refusals` POSTs 500 and the rest `ok`, and keeps every one.
pub(crate) async fn webhook_receiver(refusals: usize, ok: axum::http::StatusCode) -> (String, Seen) {
    use axum::http::{HeaderMap, StatusCode};
    let seen: Seen = Seen::default();
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: bytes::Bytes| {
            let log = log.clone();
            async move {
                let mut log = log.lock();
                log.push((headers, body));
                if log.len() <= refusals { StatusCode::INTERNAL_SERVER_ERROR } else { ok }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}/hook", listener.local_addr().expect("bound"));
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    (url, seen)
}
