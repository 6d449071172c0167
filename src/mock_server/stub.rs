//! `Stub`: the Rust face of the admin API's stubs (`world::stubs`), built the way
//! wiremock-rs builds a `Mock`, and the expectations a `MockServer` checks when dropped.

use serde::Serialize;
use serde_json::Value;

use crate::world::stubs::{StubRequestSpec, StubResponse};
use crate::world::{StubRecord, StubSpec};

/// A per-test answer: which requests of an API it answers, and with what. Mount it with
/// [`MockServer::stub`](crate::MockServer::stub); it answers before the API's behaviour,
/// and its answer must honour the contract unless it is [`violating`](Stub::violating).
///
/// ```
/// use secmock::{MockServer, Stub};
///
/// # #[tokio::main] async fn main() {
/// let server = MockServer::start().await;
/// server.stub(
///     Stub::given("securescan")
///         .method("GET")
///         .path("/api/v1/scans/{scan_id}")
///         .respond_with(404, serde_json::json!({"detail": "Scan not found"}))
///         .expect(1),
/// );
/// let client = reqwest::Client::new();
/// let got = client
///     .get(format!("{}/api/v1/scans/58cf4360-8464-4ea3-9263-97fd41680326", server.url("securescan")))
///     .header("x-api-key", "ssk_Ci0demoK3y_Wr1tE5sCaNs7ReAd9rEsUlTs2Gh4Jk6L")
///     .send()
///     .await
///     .unwrap();
/// assert_eq!(got.status().as_u16(), 404);
/// // Dropping the server checks that the stub answered exactly once.
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a stub does nothing until it is given to MockServer::stub"]
pub struct Stub {
    pub(super) spec: StubSpec,
    pub(super) expected: Option<Expected>,
}

/// How often a stub is expected to answer before its server is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expected {
    Exactly(u64),
    AtLeast(u64),
}

impl Expected {
    pub(super) fn met(self, hits: u64) -> bool {
        match self {
            Expected::Exactly(n) => hits == n,
            Expected::AtLeast(n) => hits >= n,
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Exactly(n) => write!(f, "exactly {n}"),
            Expected::AtLeast(n) => write!(f, "at least {n}"),
        }
    }
}

impl Stub {
    /// A stub for `api` (a name `MockServer::urls` lists) that answers any request to
    /// `/` until told more; it answers `200` with no body until told otherwise.
    pub fn given(api: &str) -> Stub {
        let spec = StubSpec {
            api: api.to_string(),
            request: StubRequestSpec { path: "/".into(), ..StubRequestSpec::default() },
            response: StubResponse { status: 200, ..StubResponse::default() },
            times: None,
            priority: 5,
            violates: false,
        };
        Stub { spec, expected: None }
    }

    /// Only requests with this method (any, when not called).
    pub fn method(mut self, method: &str) -> Stub {
        self.spec.request.method = Some(method.to_string());
        self
    }

    /// Only requests to this path: a template (`/api/v1/scans/{scan_id}`) or a glob
    /// (`/api/v1/scans/*`; `*` spans slashes).
    pub fn path(mut self, path: &str) -> Stub {
        self.spec.request.path = path.to_string();
        self
    }

    /// Only requests with this query parameter and value.
    pub fn query(mut self, name: &str, value: &str) -> Stub {
        self.spec.request.query.insert(name.to_string(), value.to_string());
        self
    }

    /// Only requests with this header and value.
    pub fn header(mut self, name: &str, value: &str) -> Stub {
        self.spec.request.headers.insert(name.to_string(), value.to_string());
        self
    }

    /// Only requests whose JSON body contains this (members not named may be anything).
    pub fn body_contains(mut self, body: impl Serialize) -> Stub {
        self.spec.request.body = Some(serde_json::to_value(body).unwrap_or(Value::Null));
        self
    }

    /// Answer `status` with this JSON body.
    pub fn respond_with(mut self, status: u16, body: impl Serialize) -> Stub {
        self.spec.response.status = status;
        self.spec.response.body = Some(serde_json::to_value(body).unwrap_or(Value::Null));
        self
    }

    /// Answer `status` with no body.
    pub fn respond_empty(mut self, status: u16) -> Stub {
        self.spec.response.status = status;
        self.spec.response.body = None;
        self
    }

    /// Add a header to the answer (`content-type` names the body's media type).
    pub fn respond_header(mut self, name: &str, value: &str) -> Stub {
        self.spec.response.headers.insert(name.to_string(), value.to_string());
        self
    }

    /// Answer at most `n` times, then let requests through to the behaviour.
    pub fn times(mut self, n: u64) -> Stub {
        self.spec.times = Some(n);
        self
    }

    /// Lower answers first (1 is the highest; 5 by default).
    pub fn priority(mut self, priority: u32) -> Stub {
        self.spec.priority = priority;
        self
    }

    /// The answer breaks the contract on purpose: send it anyway (even in strict mode),
    /// recording each use as a violation the test has already seen.
    pub fn violating(mut self) -> Stub {
        self.spec.violates = true;
        self
    }

    /// Fail the test, when the server is dropped, unless the stub answered exactly `n` times.
    pub fn expect(mut self, n: u64) -> Stub {
        self.expected = Some(Expected::Exactly(n));
        self
    }

    /// Fail the test, when the server is dropped, unless the stub answered `n` times or more.
    pub fn expect_at_least(mut self, n: u64) -> Stub {
        self.expected = Some(Expected::AtLeast(n));
        self
    }
}

/// A stub a server must see used, checked on drop.
#[derive(Debug, Clone)]
pub(super) struct Expectation {
    pub(super) id: u64,
    pub(super) expected: Expected,
    pub(super) described: String,
}

impl Expectation {
    pub(super) fn new(record: &StubRecord, expected: Expected) -> Expectation {
        let request = &record.spec.request;
        let described = format!(
            "stub #{} ({} {} {})",
            record.id,
            record.spec.api,
            request.method.as_deref().unwrap_or("*"),
            request.path
        );
        Expectation { id: record.id, expected, described }
    }
}

/// The unmet expectations among `expectations`, described (a stub no longer held, removed
/// through the admin API, is not checked).
pub(super) fn unmet(expectations: &[Expectation], hits: impl Fn(u64) -> Option<u64>) -> Vec<String> {
    expectations
        .iter()
        .filter_map(|e| {
            let got = hits(e.id)?;
            (!e.expected.met(got)).then(|| format!("  {} answered {got} time(s), expected {}", e.described, e.expected))
        })
        .collect()
}
