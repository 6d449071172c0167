//! Writing a behaviour: a typed state, a function per `operationId`, and how to build the
//! state from a scenario. `Handlers<S>` turns that into a [`Behaviour`] the engine can
//! use; it owns the state's [`Store`] and runs every handler inside one write
//! transaction, so handlers are plain synchronous functions over `&mut S`.
//!
//! ```
//! use secmock::world::{Handlers, Call};
//! use secmock::Reply;
//! use serde_json::json;
//!
//! #[derive(Default, serde::Serialize, serde::Deserialize)]
//! struct Counter { hits: u64 }
//!
//! let behaviour = Handlers::new(|_ctx, _scenario| Ok(Counter::default()))
//!     .on("hit", |call: &mut Call<'_, Counter>| {
//!         call.state.hits += 1;
//!         Ok(Reply::json(200, json!({"hits": call.state.hits})))
//!     });
//! # let _ = behaviour;
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::behaviour::{ApiScenario, Auth, Behaviour, Ctx, Identity, Prepared, RequestHead};
use super::store::{Imported, Store};
use crate::contract::{Credential, ValidatedRequest};
use crate::generate::fingerprint;
use crate::reply::{Answer, Refusal, Reply};
use crate::spec::Operation;

/// Everything a handler works with.
pub struct Call<'a, S> {
    pub ctx: &'a Ctx<'a>,
    pub op: &'a Operation,
    pub request: &'a ValidatedRequest,
    pub caller: &'a Identity,
    pub state: &'a mut S,
    pub rng: &'a mut ChaCha8Rng,
    /// Virtual time at which the request is handled.
    pub now: Timestamp,
    /// The store generation (see [`Store::write_if`]) for work scheduled from here.
    pub generation: u64,
    store: &'a Arc<Store<S>>,
}

impl<S> Call<'_, S> {
    /// An error in the API's own format.
    pub fn error(&self, status: u16, message: &str) -> Reply {
        self.ctx.errors.error(status, Some(message))
    }

    /// The API's "not found" answer, in its own words.
    pub fn not_found(&self) -> Reply {
        self.ctx.errors.error(404, None)
    }

    /// A random (but seeded, so reproducible) version-4 UUID.
    pub fn uuid(&mut self) -> String {
        new_uuid(self.rng)
    }

    /// The store, for work scheduled to run later (use `write_if(self.generation, …)`).
    pub fn store(&self) -> Arc<Store<S>> {
        self.store.clone()
    }

    /// A 200 `text/event-stream` answer that follows the clock and this API's state: see
    /// [`stream::follow`](super::stream::follow). `poll` runs after the handler returns,
    /// so it may read the store (`call.store()`, captured) without deadlocking.
    pub fn event_stream(&self, poll: impl FnMut(Timestamp) -> super::stream::Step + Send + 'static) -> Reply {
        let body = super::stream::follow(self.ctx.clock.clone(), self.store.subscribe(), poll);
        super::stream::reply(body)
    }
}

/// A version-4 UUID from `rng`.
pub fn new_uuid(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid().to_string()
}

type HandlerFn<S> = Box<dyn Fn(&mut Call<'_, S>) -> Answer + Send + Sync>;
type AuthFn<S> = Box<dyn Fn(&S, &Ctx<'_>, &Operation, &[Credential]) -> Auth + Send + Sync>;
type InitFn<S> = Box<dyn Fn(&Ctx<'_>, Option<&ApiScenario>) -> Result<S, String> + Send + Sync>;
type AfterLoadFn<S> = Box<dyn Fn(&Ctx<'_>, &Arc<Store<S>>) + Send + Sync>;
type BannerFn<S> = Box<dyn Fn(&S) -> Vec<String> + Send + Sync>;
type WorkFn<S> = Box<dyn Fn(&S, Timestamp) -> Vec<super::Work> + Send + Sync>;
type StateCheckFn<S> = Box<dyn Fn(&S) -> Result<(), String> + Send + Sync>;
type AfterImportFn<S> = Box<dyn Fn(&mut S) + Send + Sync>;
type DecorateFn = Box<dyn Fn(&RequestHead<'_>, &mut Reply, &mut ChaCha8Rng) + Send + Sync>;

/// A behaviour built from handlers over a typed state `S`.
pub struct Handlers<S> {
    store: Arc<Store<S>>,
    handlers: HashMap<String, HandlerFn<S>>,
    auth: Option<AuthFn<S>>,
    init: InitFn<S>,
    after_load: Option<AfterLoadFn<S>>,
    after_import: Option<AfterImportFn<S>>,
    banner: Option<BannerFn<S>>,
    work: Option<WorkFn<S>>,
    state_check: Option<StateCheckFn<S>>,
    decorate: Option<DecorateFn>,
    /// What decorations make up (request ids) is drawn from a generator of their own, not
    /// the store's: an answer's headers must not change the state or what a later request
    /// creates.
    decoration_rng: parking_lot::Mutex<ChaCha8Rng>,
    scenario_schema: SectionSchema,
    recorded: Option<RecordedFn>,
}

/// The JSON Schema of a behaviour's scenario section: given as a value, or derived from
/// the section's type each time it is asked for (`GET /scenario-schema` and `secmock
/// validate` ask rarely, and keeping the derived schemas was ~0.4 MB of the idle process).
enum SectionSchema {
    Given(Value),
    Derived(fn() -> Value),
}

/// Turns a recorded session into this API's scenario section (see `Behaviour::section_from_recording`).
pub type RecordedFn = fn(Timestamp, &[super::RecordedExchange]) -> Option<Value>;

impl<S> std::fmt::Debug for Handlers<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut ops: Vec<&String> = self.handlers.keys().collect();
        ops.sort();
        f.debug_struct("Handlers").field("operations", &ops).finish()
    }
}

impl<S: Serialize + DeserializeOwned + Default + Send + Sync + 'static> Handlers<S> {
    /// A behaviour whose state `init` builds from the API's scenario section (`None`
    /// when the scenario has none).
    pub fn new(init: impl Fn(&Ctx<'_>, Option<&ApiScenario>) -> Result<S, String> + Send + Sync + 'static) -> Self {
        Handlers {
            store: Arc::new(Store::new(S::default(), 0)),
            handlers: HashMap::new(),
            auth: None,
            init: Box::new(init),
            after_load: None,
            after_import: None,
            banner: None,
            work: None,
            state_check: None,
            decorate: None,
            decoration_rng: parking_lot::Mutex::new(rand::SeedableRng::seed_from_u64(0)),
            scenario_schema: SectionSchema::Given(Value::Bool(true)),
            recorded: None,
        }
    }

    /// Lets a recorded session (`--record`) become this API's scenario section.
    pub fn from_recording(mut self, f: RecordedFn) -> Self {
        self.recorded = Some(f);
        self
    }

    /// Answers `operation_id` with `handler`, which returns its answer or, through `?`,
    /// a refusal in the API's own format.
    pub fn on(
        mut self,
        operation_id: &str,
        handler: impl Fn(&mut Call<'_, S>) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.handlers.insert(operation_id.to_string(), Box::new(handler));
        self
    }

    /// Decides who presented credentials are (by default any credential is accepted).
    pub fn authenticate(
        mut self,
        auth: impl Fn(&S, &Ctx<'_>, &Operation, &[Credential]) -> Auth + Send + Sync + 'static,
    ) -> Self {
        self.auth = Some(Box::new(auth));
        self
    }

    /// Runs after every (re)load, e.g. to schedule work the scenario implies.
    pub fn after_load(mut self, f: impl Fn(&Ctx<'_>, &Arc<Store<S>>) + Send + Sync + 'static) -> Self {
        self.after_load = Some(Box::new(f));
        self
    }

    /// Completes an imported state before it is installed (indexes that a snapshot does
    /// not carry and `init` builds for a scenario): it runs on the parsed state, outside
    /// the store's lock, where the import runs (off the request workers).
    pub fn after_import(mut self, f: impl Fn(&mut S) + Send + Sync + 'static) -> Self {
        self.after_import = Some(Box::new(f));
        self
    }

    /// Decorates every answer of this API (see [`Behaviour::decorate`]); it gets a seeded
    /// generator of its own (reseeded on every load, never the store's) for anything it must
    /// make up, such as a request id.
    pub fn decorate(
        mut self,
        f: impl Fn(&RequestHead<'_>, &mut Reply, &mut ChaCha8Rng) + Send + Sync + 'static,
    ) -> Self {
        self.decorate = Some(Box::new(f));
        self
    }

    /// The API's own timed work at a moment (see [`Behaviour::work`]).
    pub fn work(mut self, f: impl Fn(&S, Timestamp) -> Vec<super::Work> + Send + Sync + 'static) -> Self {
        self.work = Some(Box::new(f));
        self
    }

    /// Lines for the start-up banner.
    pub fn banner(mut self, f: impl Fn(&S) -> Vec<String> + Send + Sync + 'static) -> Self {
        self.banner = Some(Box::new(f));
        self
    }

    /// Checks an imported snapshot's state beyond its types: that every index and id it
    /// refers by points at something, that counts and instants are within bounds. A
    /// snapshot it refuses is not imported; the error should start with the field's path.
    pub fn check_state(mut self, f: impl Fn(&S) -> Result<(), String> + Send + Sync + 'static) -> Self {
        self.state_check = Some(Box::new(f));
        self
    }

    fn checked(&self, state: &S) -> Result<(), String> {
        self.state_check.as_ref().map_or(Ok(()), |check| check(state))
    }

    /// The JSON Schema of this API's scenario section.
    pub fn scenario_schema(mut self, schema: Value) -> Self {
        self.scenario_schema = SectionSchema::Given(schema);
        self
    }

    /// The scenario section's schema, derived from the type the section deserialises
    /// into, with the default bounds of [`section::schema`](super::section::schema).
    pub fn scenario_section<T: schemars::JsonSchema>(mut self) -> Self {
        self.scenario_schema = SectionSchema::Derived(super::section::schema::<T>);
        self
    }

    /// The operations this behaviour answers.
    pub fn operations(&self) -> Vec<&str> {
        self.handlers.keys().map(String::as_str).collect()
    }

    /// Installs a built world: the state, fresh RNGs, then what runs after every load.
    fn put_in_place(&self, ctx: &Ctx<'_>, state: S) {
        self.store.reset(state, api_seed(ctx.seed, ctx.api));
        *self.decoration_rng.lock() =
            rand::SeedableRng::seed_from_u64(fingerprint(&[&ctx.seed.to_le_bytes(), ctx.api.as_bytes(), b"decorate"]));
        if let Some(after) = &self.after_load {
            after(ctx, &self.store);
        }
    }

    /// The state store (for tests and admin tooling).
    pub fn store(&self) -> &Arc<Store<S>> {
        &self.store
    }
}

/// The seed of an API's store, which draws what requests create: the scenario seed mixed
/// with the API's name, so two APIs in one scenario do not draw the same numbers, and with
/// `runtime`, so requests never draw what a scenario loader seeded with the scenario seed
/// and the API's name drew (an id created at runtime repeating a loaded one).
pub(crate) fn api_seed(seed: u64, api: &str) -> u64 {
    fingerprint(&[&seed.to_le_bytes(), api.as_bytes(), b"runtime"])
}

impl<S: Serialize + DeserializeOwned + Default + Send + Sync + 'static> Behaviour for Handlers<S> {
    fn authenticate(&self, ctx: &Ctx<'_>, op: &Operation, credentials: &[Credential]) -> Auth {
        match &self.auth {
            Some(auth) => self.store.read(|state| auth(state, ctx, op, credentials)),
            None => {
                Auth::Known(Identity { principal: "caller".into(), scopes: vec!["*".into()], ..Identity::default() })
            }
        }
    }

    fn handle(&self, ctx: &Ctx<'_>, op: &Operation, request: &ValidatedRequest, caller: &Identity) -> Option<Reply> {
        let handler = self.handlers.get(&op.id)?;
        let now = ctx.now();
        Some(self.store.write(|txn| {
            let mut call = Call {
                ctx,
                op,
                request,
                caller,
                state: txn.state,
                rng: txn.rng,
                now,
                generation: txn.generation,
                store: &self.store,
            };
            handler(&mut call).unwrap_or_else(Refusal::into_reply)
        }))
    }

    fn check(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<(), String> {
        (self.init)(ctx, scenario).map(|_| ())
    }

    fn load(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<(), String> {
        let state = (self.init)(ctx, scenario)?;
        self.put_in_place(ctx, state);
        Ok(())
    }

    fn prepare(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<Prepared, String> {
        (self.init)(ctx, scenario).map(Prepared::of)
    }

    fn install(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>, prepared: Prepared) -> Result<(), String> {
        match prepared.take::<S>() {
            Some(state) => {
                self.put_in_place(ctx, state);
                Ok(())
            }
            None => self.load(ctx, scenario),
        }
    }

    fn export_state(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.store.export_to(out)
    }

    fn check_state(&self, _ctx: &Ctx<'_>, state: &Value) -> Result<(), String> {
        Store::<S>::check_with(state, |s| self.checked(s))
    }

    fn import_state(&self, ctx: &Ctx<'_>, state: &Value) -> Result<(), String> {
        let prepared = self.prepare_state(ctx, state)?;
        self.install_state(ctx, state, prepared)
    }

    fn prepare_state(&self, _ctx: &Ctx<'_>, state: &Value) -> Result<Prepared, String> {
        let complete = |s: &mut S| {
            if let Some(complete) = &self.after_import {
                complete(s);
            }
        };
        Store::<S>::prepare_import(state, |s| self.checked(s), complete).map(Prepared::of)
    }

    fn install_state(&self, ctx: &Ctx<'_>, state: &Value, prepared: Prepared) -> Result<(), String> {
        let Some(imported) = prepared.take::<Imported<S>>() else {
            let prepared = self.prepare_state(ctx, state)?;
            return self.install_state(ctx, state, prepared);
        };
        self.store.install_import(imported);
        if let Some(after) = &self.after_load {
            after(ctx, &self.store);
        }
        Ok(())
    }

    fn decorate(&self, request: &RequestHead<'_>, reply: &mut Reply) {
        if let Some(decorate) = &self.decorate {
            decorate(request, reply, &mut self.decoration_rng.lock());
        }
    }

    fn banner(&self) -> Vec<String> {
        match &self.banner {
            Some(f) => self.store.read(|s| f(s)),
            None => Vec::new(),
        }
    }

    fn work(&self, now: Timestamp) -> Vec<super::Work> {
        match &self.work {
            Some(f) => self.store.read(|s| f(s, now)),
            None => Vec::new(),
        }
    }

    fn scenario_schema(&self) -> Value {
        match &self.scenario_schema {
            SectionSchema::Given(schema) => schema.clone(),
            SectionSchema::Derived(derive) => derive(),
        }
    }

    fn section_from_recording(&self, start: Timestamp, exchanges: &[super::RecordedExchange]) -> Option<Value> {
        self.recorded.and_then(|f| f(start, exchanges))
    }
}
