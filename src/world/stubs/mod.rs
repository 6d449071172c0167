//! Stubs: per-test answers given through the admin API (`POST /stubs`) or the Rust
//! builder (`MockServer::stub`), in the manner of WireMock and wiremock-rs. A stub names
//! its API, the requests it answers (`matcher`) and the answer; it answers before the
//! API's behaviour, at most `times` times, the stub with the lowest `priority` first
//! (WireMock's order: 1 is the highest, 5 the default; among equals the newest wins).
//!
//! A stub's answer is checked against the contract of every operation it can answer
//! when it is added (`check`), so a test cannot teach a client something the real API
//! would never say; unless the stub says `violates: true`, in which case the answer is
//! sent as given, even in strict mode, and every use is recorded as a violation (counted
//! as reported: the test said it meant it).
//!
//! Stubs are the world's, per API: a reset of the server (or of one API) removes them.
//! Ids are never reused, so an id that outlived a reset finds nothing rather than a
//! stranger's stub.

mod check;
mod matcher;

use std::collections::BTreeMap;

use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use check::{StubRefusal, prepare};
pub use matcher::StubRequest;
use matcher::{PathMatcher, headers_match, json_contains, query_matches};

use crate::reply::Reply;

/// The most stubs a server holds at once: far past any test's needs, and a bound on what
/// a loop gone wrong can pile up.
pub const MAX_STUBS: usize = 10_000;

/// What a stub is given: the API, which requests, what answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StubSpec {
    /// Under `/__secmock/` it defaults to the scoped API.
    #[serde(default)]
    pub api: String,
    pub request: StubRequestSpec,
    pub response: StubResponse,
    /// Answer at most this many times, then let requests through to the behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
    #[serde(default = "default_priority")]
    pub priority: u32,
    /// The answer breaks the contract on purpose.
    #[serde(default)]
    pub violates: bool,
}

fn default_priority() -> u32 {
    5
}

/// Which requests a stub answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StubRequestSpec {
    /// Any method when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A template (`/v1/scans/{id}`) or a glob (`/v1/scans/*`), with the spec's server
    /// prefix, as the request's path has it.
    pub path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// A JSON document the request's body must contain (members it does not name may
    /// be anything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// What a stub answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StubResponse {
    pub status: u16,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// JSON, sent as `application/json` unless a `content-type` header says otherwise
    /// (a string body of a non-JSON media type is sent as that text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl StubResponse {
    /// The reply this response makes (headers were checked when the stub was prepared).
    pub fn reply(&self) -> Reply {
        let content_type = self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| v);
        let mut reply = match (&self.body, content_type) {
            (None, _) => Reply::empty(self.status),
            (Some(value), None) => Reply::json_value(self.status, "application/json", value.clone()),
            (Some(value), Some(ct)) if ct.contains("json") => Reply::json_value(self.status, ct.clone(), value.clone()),
            (Some(Value::String(text)), Some(ct)) => Reply::bytes(self.status, ct.clone(), text.clone()),
            (Some(value), Some(ct)) => Reply::bytes(self.status, ct.clone(), value.to_string()),
        };
        for (name, value) in self.headers.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("content-type")) {
            reply = reply.header(name, value);
        }
        reply
    }
}

/// A stub as held and listed: what it was given, its id, how often it answered and the
/// operations it can answer.
#[derive(Debug, Clone, Serialize)]
pub struct StubRecord {
    pub id: u64,
    #[serde(flatten)]
    pub spec: StubSpec,
    pub hits: u64,
    /// The `operationId`s of the operations whose requests it can answer.
    pub operations: Vec<String>,
    #[serde(skip)]
    path: PathMatcher,
}

impl StubRecord {
    fn answers(&self, api: &str, request: &StubRequest<'_>, body: &mut Option<Option<Value>>) -> bool {
        let wanted = &self.spec.request;
        self.spec.api == api
            && self.spec.times.is_none_or(|t| self.hits < t)
            && wanted.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(request.method))
            && self.path.matches(request.path)
            && query_matches(&wanted.query, request.query)
            && headers_match(&wanted.headers, request.headers)
            && wanted.body.as_ref().is_none_or(|w| {
                // Parsed once per request, and only when some stub looks at the body.
                body.get_or_insert_with(|| serde_json::from_slice(request.body).ok())
                    .as_ref()
                    .is_some_and(|got| json_contains(w, got))
            })
    }
}

/// The stub that answered a request, for the journal.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct StubUse {
    pub id: u64,
    /// The stub breaks the contract on purpose: its violations are reported already.
    pub violates: bool,
}

/// Every API's stubs.
#[derive(Debug, Default)]
pub struct Stubs {
    inner: Mutex<Inner>,
    /// How many stubs are held, read without the lock: with none (the usual case under
    /// load) a request does not touch the lock every API's requests would share.
    held: AtomicUsize,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    /// In answering order: priority, then newest first.
    stubs: Vec<StubRecord>,
}

impl Stubs {
    /// Adds a prepared stub (see `prepare`); refused when `MAX_STUBS` are held.
    pub fn add(&self, prepared: check::Prepared) -> Result<StubRecord, String> {
        let mut inner = self.inner.lock();
        if inner.stubs.len() >= MAX_STUBS {
            return Err(format!("secmock holds at most {MAX_STUBS} stubs; remove some (DELETE /stubs) first"));
        }
        inner.next_id += 1;
        let stub = StubRecord {
            id: inner.next_id,
            spec: prepared.spec,
            hits: 0,
            operations: prepared.operations,
            path: prepared.path,
        };
        let at = inner.stubs.iter().position(|s| s.spec.priority >= stub.spec.priority).unwrap_or(inner.stubs.len());
        inner.stubs.insert(at, stub.clone());
        self.held.store(inner.stubs.len(), Ordering::Release);
        Ok(stub)
    }

    /// Every stub (or one API's), in answering order.
    pub fn list(&self, api: Option<&str>) -> Vec<StubRecord> {
        self.inner.lock().stubs.iter().filter(|s| api.is_none_or(|a| s.spec.api == a)).cloned().collect()
    }

    pub fn get(&self, id: u64) -> Option<StubRecord> {
        self.inner.lock().stubs.iter().find(|s| s.id == id).cloned()
    }

    /// Removes one stub; `false` if there was none with that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut inner = self.inner.lock();
        let before = inner.stubs.len();
        inner.stubs.retain(|s| s.id != id);
        self.held.store(inner.stubs.len(), Ordering::Release);
        inner.stubs.len() != before
    }

    /// Removes one API's stubs, or with `None` all of them.
    pub fn clear(&self, api: Option<&str>) {
        let mut inner = self.inner.lock();
        inner.stubs.retain(|s| api.is_some_and(|a| s.spec.api != a));
        self.held.store(inner.stubs.len(), Ordering::Release);
    }

    /// The answer of the first stub of `api` that matches `request`, counting the hit.
    pub fn answer(&self, api: &str, request: &StubRequest<'_>) -> Option<(StubUse, Reply)> {
        if self.held.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut inner = self.inner.lock();
        let mut body = None;
        let stub = inner.stubs.iter_mut().find(|s| s.answers(api, request, &mut body))?;
        stub.hits += 1;
        Some((StubUse { id: stub.id, violates: stub.spec.violates }, stub.spec.response.reply()))
    }
}
