//! The behaviour interface: how an API's own rules plug into the engine. The engine
//! routes, checks credentials are present, validates the request, and then asks the API's
//! `Behaviour` to authenticate the caller and answer. A behaviour may decline (`None`), in
//! which case the engine generates a response from the contract. Whatever it answers is
//! response-validated like everything else: a behaviour never decides how a violation is
//! reported.
//!
//! Most behaviours are written with [`Handlers`](super::Handlers), which maps
//! `operationId`s to functions over a typed state; this trait is what the engine sees.

use super::recording::RecordedExchange;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::clock::Clock;
use super::faults::Faults;
use super::outbound::{DeliveryRefused, Outbound, Outgoing};
use super::scheduler::Scheduler;
use crate::contract::{Credential, Renderer, ValidatedRequest};
use crate::reply::Reply;
use crate::spec::{ApiSpec, Operation};

/// Who is calling, as established by the API's behaviour.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Identity {
    /// The key, token or user id.
    pub principal: String,
    /// The organisation / account / tenant the credential belongs to.
    pub tenant: Option<String>,
    /// Scopes (or groups) the credential holds.
    pub scopes: Vec<String>,
    /// Anything else the API's handlers want to carry along (accounts a key may see, …).
    pub attributes: Value,
}

impl Identity {
    /// The identity of a caller on an operation that requires no credential.
    pub fn anonymous() -> Identity {
        Identity { principal: "anonymous".into(), ..Identity::default() }
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// The outcome of checking a presented credential.
#[derive(Debug)]
pub enum Auth {
    Known(Identity),
    /// 401, optionally with the API's own wording.
    Unknown(Option<String>),
    /// A complete refusal in the API's format (for example a revoked key answered 403).
    Refused(Reply),
}

/// What a response decorator sees of the request it decorates the answer to.
#[derive(Debug, Clone, Copy)]
pub struct RequestHead<'a> {
    pub method: &'a http::Method,
    pub path: &'a str,
    pub headers: &'a http::HeaderMap,
}

/// What a behaviour sees of the world while it works.
pub struct Ctx<'a> {
    /// The API's name.
    pub api: &'a str,
    pub spec: &'a ApiSpec,
    /// The clock; clone the `Arc` for work that outlives the request (a stream).
    pub clock: &'a Arc<Clock>,
    pub scheduler: &'a Scheduler,
    /// Deliveries (webhooks) this API makes at a virtual time.
    pub outbound: &'a Outbound,
    /// The fault rules; behaviours read the outages among them.
    pub faults: &'a Faults,
    /// Renders errors in the API's dialect.
    pub errors: &'a Renderer,
    /// The scenario seed, for deriving deterministic generators.
    pub seed: u64,
}

impl Ctx<'_> {
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The services this API depends on that an `outage` fault marks down.
    pub fn outages(&self) -> Vec<String> {
        self.faults.outages(self.api)
    }

    /// Schedules a delivery (a webhook) from this API; see [`Outbound`].
    pub fn deliver(&self, outgoing: Outgoing) -> Result<(), DeliveryRefused> {
        self.outbound.deliver(self.api, outgoing)
    }
}

/// A piece of an API's own timed work (a scan, a fix), as a dashboard shows it: work
/// whose progress the API derives from the clock rather than from a scheduled job.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Work {
    /// The API's own id for it.
    pub id: String,
    /// What it is, in the API's words (`semgrep_scan of acme/payments-api`).
    pub label: String,
    /// Its state, in the API's words (`scanning`, `completed`).
    pub status: String,
    /// When it started and when it ends (or ended), virtual time.
    pub started: Timestamp,
    pub ends: Timestamp,
    /// How far along it is, 0 to 100.
    pub percent: f64,
}

/// A scenario section for one API: the YAML under `apis.<name>`, plus the scenario seed.
#[derive(Debug, Clone)]
pub struct ApiScenario {
    pub seed: u64,
    pub config: Value,
}

/// An API's own rules.
pub trait Behaviour: Send + Sync {
    /// Checks presented credentials (their presence and scheme are already checked).
    /// The default accepts any credential as an anonymous caller with every scope.
    fn authenticate(&self, _ctx: &Ctx<'_>, _op: &Operation, credentials: &[Credential]) -> Auth {
        Auth::Known(Identity {
            principal: credentials.first().map(|c| c.scheme.clone()).unwrap_or_default(),
            scopes: vec!["*".into()],
            ..Identity::default()
        })
    }

    /// Answers a validated request, or declines (`None`) so the engine generates one.
    fn handle(&self, ctx: &Ctx<'_>, op: &Operation, request: &ValidatedRequest, caller: &Identity) -> Option<Reply>;

    /// For answers that must wait (running scheduled work, say): a future that owns what
    /// it needs. The engine asks this first and falls back to `handle`.
    fn handle_async(
        &self,
        _ctx: &Ctx<'_>,
        _op: &Operation,
        _request: &ValidatedRequest,
        _caller: &Identity,
    ) -> Option<BoxFuture<'static, Reply>> {
        None
    }

    /// Checks that a scenario section would load, without changing anything; a scenario
    /// is applied only once every API has accepted it.
    fn check(&self, _ctx: &Ctx<'_>, _scenario: Option<&ApiScenario>) -> Result<(), String> {
        Ok(())
    }

    /// Resets state to what the scenario describes (or an empty world for `None`).
    /// Stateless behaviours keep the default, which has nothing to reset.
    fn load(&self, _ctx: &Ctx<'_>, _scenario: Option<&ApiScenario>) -> Result<(), String> {
        Ok(())
    }

    /// [`check`](Behaviour::check) that keeps what it built, for [`install`](Behaviour::install)
    /// to put in place: a scenario is then built once per load, not once to check it and
    /// again to apply it (a 100k-finding world took twice as long to load). The default
    /// checks and keeps nothing.
    fn prepare(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<Prepared, String> {
        self.check(ctx, scenario).map(|()| Prepared::nothing())
    }

    /// Puts in place what [`prepare`](Behaviour::prepare) built from the same scenario and
    /// seed; the default (and anything given a `Prepared` it did not make) loads afresh.
    fn install(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>, _prepared: Prepared) -> Result<(), String> {
        self.load(ctx, scenario)
    }

    /// Writes the state as JSON, for snapshots (`null` for a stateless behaviour). It is
    /// written, not returned, so that a 100k-finding world streams to the client instead
    /// of being built as a second copy in memory first.
    fn export_state(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"null")
    }

    /// Whether `import_state` would accept the snapshot, without changing anything: the
    /// server checks every API's snapshot before it imports any.
    fn check_state(&self, _ctx: &Ctx<'_>, _state: &Value) -> Result<(), String> {
        Ok(())
    }

    /// Replaces the state with a snapshot taken by `export_state`.
    fn import_state(&self, _ctx: &Ctx<'_>, _state: &Value) -> Result<(), String> {
        Ok(())
    }

    /// [`check_state`](Behaviour::check_state), keeping the state it read for
    /// [`install_state`](Behaviour::install_state), so that a server restoring several
    /// APIs all or nothing reads each snapshot once. The default keeps nothing.
    fn prepare_state(&self, ctx: &Ctx<'_>, state: &Value) -> Result<Prepared, String> {
        self.check_state(ctx, state).map(|()| Prepared::nothing())
    }

    /// Puts in place what [`prepare_state`](Behaviour::prepare_state) read from the same
    /// snapshot; the default (and anything given a `Prepared` it did not make) imports it.
    fn install_state(&self, ctx: &Ctx<'_>, state: &Value, _prepared: Prepared) -> Result<(), String> {
        self.import_state(ctx, state)
    }

    /// Adjusts every answer this API gives, whoever made it (a handler, the contract, the
    /// engine's own 401/404/422/307): for headers an API's middleware puts on every
    /// response (`X-Request-ID`, deprecation headers). The default changes nothing.
    fn decorate(&self, _request: &RequestHead<'_>, _reply: &mut Reply) {}

    /// Lines for the start-up banner (such as the API keys a demo can use).
    fn banner(&self) -> Vec<String> {
        Vec::new()
    }

    /// The API's own timed work at `now`, most recent first, finished pieces included (a
    /// few): what the admin API's `GET /jobs` lists as `work` beside the scheduled jobs.
    fn work(&self, _now: Timestamp) -> Vec<Work> {
        Vec::new()
    }

    /// A JSON Schema for this API's scenario section, for `secmock validate`.
    fn scenario_schema(&self) -> Value {
        Value::Bool(true)
    }

    /// The scenario section that makes this API answer again what a recorded session
    /// (`--proxy … --record DIR`) saw: the same ids, the same lists. `start` is the
    /// clock start the recorded scenario will have (times are written relative to it).
    /// `None` (the default): the API records only examples, no scenario section.
    fn section_from_recording(&self, _start: jiff::Timestamp, _exchanges: &[RecordedExchange]) -> Option<Value> {
        None
    }
}

/// A world built by [`Behaviour::prepare`], not yet in place.
pub struct Prepared(Option<Box<dyn std::any::Any + Send>>);

impl Prepared {
    /// Nothing kept: `install` will load.
    pub fn nothing() -> Prepared {
        Prepared(None)
    }

    /// Keeps `built` for `install`.
    pub fn of<T: Send + 'static>(built: T) -> Prepared {
        Prepared(Some(Box::new(built)))
    }

    /// What was kept, if it is a `T`.
    pub fn take<T: 'static>(self) -> Option<T> {
        self.0.and_then(|b| b.downcast::<T>().ok()).map(|b| *b)
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Prepared(built)" } else { "Prepared(nothing)" })
    }
}

/// A behaviour that never answers: every response is generated from the contract.
#[derive(Debug, Default)]
pub struct ContractOnly;

impl Behaviour for ContractOnly {
    fn handle(&self, _: &Ctx<'_>, _: &Operation, _: &ValidatedRequest, _: &Identity) -> Option<Reply> {
        None
    }
}
