//! Running secmock inside a Rust test suite, the way `wiremock::MockServer::start()`
//! works: every API on an ephemeral port of 127.0.0.1, stopped when the value is dropped.
//! And, as wiremock verifies its expectations on drop, a dropped `MockServer` fails the
//! test when an answer broke its contract and nobody looked at the violations, or when a
//! stub mounted with an expectation (`Stub::expect`) was not used as expected.

mod stub;
mod world;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::server::{Server, Worlds};
use crate::startup::{Application, BehaviourFactory, builtin_behaviours};
use crate::world::journal::ViolationRecord;
use crate::world::stubs::{StubRefusal, prepare};
use crate::world::{Behaviour, ClockMode, ClockSpan, JournalEntry, JournalFilter, StubRecord, World};

pub use stub::Stub;
use stub::{Expectation, unmet};
pub use world::MockWorld;

/// A running secmock server.
///
/// ```no_run
/// # async fn demo() {
/// let server = secmock::MockServer::start().await;
/// let repos = format!("{}/api/v1/repositories", server.url("kolega"));
/// # }
/// ```
pub struct MockServer {
    urls: BTreeMap<String, String>,
    admin_url: Option<String>,
    /// The HTTPS certificate (PEM) every port presents, when serving HTTPS.
    certificate: Option<String>,
    server: Arc<Server>,
    worlds: Arc<Worlds>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Stubs mounted with an expectation, checked on drop.
    expectations: parking_lot::Mutex<Vec<Expectation>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("urls", &self.urls).finish()
    }
}

/// Configures a [`MockServer`] before starting it.
#[derive(Clone)]
pub struct MockServerBuilder {
    config: Config,
    behaviours: BehaviourFactory,
    /// Behaviours given one by one, which win over `behaviours`.
    overrides: BTreeMap<String, Arc<dyn Behaviour>>,
}

impl std::fmt::Debug for MockServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServerBuilder")
            .field("config", &self.config)
            .field("behaviours", &self.overrides.keys())
            .finish()
    }
}

impl MockServer {
    /// Every bundled API with its default scenario, in strict mode, on a manual clock
    /// that starts at 2026-01-15T09:00:00Z (unless the scenario says otherwise).
    ///
    /// # Panics
    /// If the bundled specs cannot load, which is a bug in secmock itself.
    pub async fn start() -> MockServer {
        MockServer::builder().start().await.expect("secmock's bundled specs load")
    }

    pub fn builder() -> MockServerBuilder {
        let config = Config {
            ephemeral_ports: true,
            admin_port: Some(0),
            clock: ClockMode::Manual,
            clock_start: "2026-01-15T09:00:00Z".parse().ok(),
            strict: true,
            ..Config::default()
        };
        MockServerBuilder { config, behaviours: builtin_behaviours, overrides: BTreeMap::new() }
    }

    /// The base URL of an API (`http://127.0.0.1:PORT`, or `https://` with
    /// [`MockServerBuilder::https`]).
    ///
    /// # Panics
    /// If no API has that name.
    pub fn url(&self, api: &str) -> String {
        self.urls.get(api).cloned().unwrap_or_else(|| panic!("no API named '{api}' (have: {:?})", self.urls.keys()))
    }

    /// Every API's base URL by name.
    pub fn urls(&self) -> &BTreeMap<String, String> {
        &self.urls
    }

    /// The admin API's base URL (every API also has it under `/__secmock/`).
    pub fn admin_url(&self) -> String {
        self.admin_url.clone().unwrap_or_default()
    }

    /// The certificate (PEM) every port presents when serving HTTPS, for a client to
    /// trust exactly it (`reqwest::Certificate::from_pem`); `None` over plain HTTP.
    pub fn tls_certificate(&self) -> Option<&str> {
        self.certificate.as_deref()
    }

    /// The world (clock, journal, faults) behind the server.
    pub fn world(&self) -> &Arc<World> {
        &self.server.world
    }

    /// The running server: its APIs, scenario, and state.
    pub fn server(&self) -> &Arc<Server> {
        &self.server
    }

    /// Moves the virtual clock forward, running every job that falls due on the way at
    /// its own time (what `POST /clock/advance` does); the number of jobs run. Takes a
    /// `Duration`, seconds, or what the admin API takes (`"90s"`, `"1h 30m"`, `"12d"`).
    ///
    /// ```no_run
    /// # async fn demo() {
    /// let server = secmock::MockServer::start().await;
    /// server.advance("1h").await;
    /// server.advance(std::time::Duration::from_secs(90)).await;
    /// # }
    /// ```
    ///
    /// # Panics
    /// On a span that is not one (`"soon"`, `"1 month"`), or one that leaves the clock's range.
    pub async fn advance(&self, by: impl ClockSpan) -> usize {
        advance(&self.server.world, by).await
    }

    /// Back to the scenario last loaded: every API's state, its faults, its stubs (and
    /// their expectations, as wiremock-rs's `reset` drops its mocks'), its journal and
    /// the clock.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let server = secmock::MockServer::start().await;
    /// server.advance("2h").await;
    /// server.reset();
    /// assert!(server.journal().is_empty());
    /// # }
    /// ```
    ///
    /// # Panics
    /// If the scenario no longer loads, which cannot happen to one that loaded at start.
    pub fn reset(&self) {
        if let Err(e) = self.server.reset(None) {
            panic!("secmock: the scenario no longer loads: {e}");
        }
        self.expectations.lock().clear();
    }

    /// Loads another scenario (a name from the scenarios folder or a file's path) into
    /// every API, as `PUT /scenario` does; later resets return to it. Stubs and their
    /// expectations go, as on a reset.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let server = secmock::MockServer::start().await;
    /// server.load_scenario("securescan-ci").expect("a shipped scenario loads");
    /// assert!(server.load_scenario("no-such-scenario").is_err());
    /// # }
    /// ```
    pub fn load_scenario(&self, name_or_file: &str) -> Result<(), String> {
        let scenario = self.server.library.load_name_or_file(name_or_file).map_err(|e| e.to_string())?;
        self.server.apply(scenario, None)?;
        self.expectations.lock().clear();
        Ok(())
    }

    /// Every request the journal holds, newest first (wiremock-rs's `received_requests`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let server = secmock::MockServer::start().await;
    /// reqwest::get(format!("{}/openapi.json", server.url("kolega"))).await.unwrap();
    /// let journal = server.journal();
    /// assert_eq!(journal[0].path, "/openapi.json");
    /// # }
    /// ```
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.server.world.journal.entries(&JournalFilter::default())
    }

    /// The journal entries a filter matches, newest first.
    pub fn journal_matching(&self, filter: &JournalFilter) -> Vec<JournalEntry> {
        self.server.world.journal.entries(filter)
    }

    /// Mounts a stub (see [`Stub`]); its id, for [`MockServer::stub_record`].
    ///
    /// # Panics
    /// When the stub is refused (its answer breaks the contract, its path answers no
    /// operation, its API is not served): a test with a wrong stub fails where it is made.
    #[track_caller]
    pub fn stub(&self, stub: Stub) -> u64 {
        match self.try_stub(stub) {
            Ok(id) => id,
            Err(refusal) => panic!("secmock: stub refused: {refusal}"),
        }
    }

    /// Mounts a stub, or says why it cannot be.
    pub fn try_stub(&self, stub: Stub) -> Result<u64, StubRefusal> {
        let refused = |message: String| StubRefusal { message, violations: Vec::new() };
        let api = self
            .server
            .api(&stub.spec.api)
            .ok_or_else(|| refused(format!("api: no API named '{}' (have: {:?})", stub.spec.api, self.urls.keys())))?;
        let prepared = prepare(stub.spec, &api.spec)?;
        let record = self.server.world.stubs.add(prepared).map_err(refused)?;
        if let Some(expected) = stub.expected {
            self.expectations.lock().push(Expectation::new(&record, expected));
        }
        Ok(record.id)
    }

    /// A stub as held now, with its hits; `None` once removed.
    pub fn stub_record(&self, id: u64) -> Option<StubRecord> {
        self.server.world.stubs.get(id)
    }

    /// Every contract violation recorded so far, newest first. Looking at them counts
    /// as reporting them: the server will not fail the test for these on drop.
    pub fn violations(&self) -> Vec<ViolationRecord> {
        let journal = &self.server.world.journal;
        journal.acknowledge_violations();
        journal.violations(None, None)
    }
}

/// Moves `world`'s clock forward by `by`, running what falls due; the number of jobs run.
async fn advance(world: &World, by: impl ClockSpan) -> usize {
    let target = by.span().and_then(|by| world.clock.now().checked_add(by).map_err(|e| e.to_string()));
    match target {
        Ok(target) => world.scheduler.advance_to(target).await,
        Err(e) => panic!("secmock: cannot advance the clock: {e}"),
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let journal = &self.server.world.journal;
        let mut failures = Vec::new();
        if journal.unreported_violations() > 0 {
            let found: Vec<String> = journal
                .violations(None, None)
                .iter()
                .map(|v| format!("  {} {}: {}", v.method, v.path, v.violation))
                .collect();
            failures.push(format!(
                "{} contract violation(s) went unreported (look at them with MockServer::violations() \
                 or GET /violations if the test expects them):\n{}",
                journal.unreported_violations(),
                found.join("\n")
            ));
        }
        let in_worlds = self.unreported_in_worlds();
        if !in_worlds.is_empty() {
            failures.push(format!(
                "{} contract violation(s) went unreported in other worlds (MockWorld::violations()):\n{}",
                in_worlds.len(),
                in_worlds.join("\n")
            ));
        }
        let stubs = &self.server.world.stubs;
        let unmet = unmet(&self.expectations.lock(), |id| stubs.get(id).map(|s| s.hits));
        if !unmet.is_empty() {
            failures.push(format!("{} stub expectation(s) unmet:\n{}", unmet.len(), unmet.join("\n")));
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if !failures.is_empty() && !std::thread::panicking() {
            panic!("secmock: {}", failures.join("\n"));
        }
    }
}

impl MockServerBuilder {
    /// Serve these spec files (or folders of `*/openapi.yaml`) instead of the bundled ones.
    pub fn specs(mut self, specs: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        self.config.specs = specs.into_iter().map(Into::into).collect();
        self
    }

    /// Load this scenario (a name in the scenarios folder, or a path); `None` for none.
    pub fn scenario(mut self, scenario: Option<&str>) -> Self {
        self.config.scenario = scenario.map(str::to_string);
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = Some(seed);
        self
    }

    pub fn strict(mut self, strict: bool) -> Self {
        self.config.strict = strict;
        self
    }

    pub fn clock(mut self, mode: ClockMode) -> Self {
        self.config.clock = mode;
        self
    }

    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// Use these behaviours instead of secmock's own (for your own specs).
    pub fn behaviours(mut self, behaviours: BehaviourFactory) -> Self {
        self.behaviours = behaviours;
        self
    }

    /// Give `api` this behaviour (one that may hold anything: a closure's captures, a
    /// channel to the test), instead of the one it would have.
    ///
    /// ```no_run
    /// # async fn demo() {
    /// let notes = secmock::world::Handlers::new(|_ctx, _scenario| Ok(Vec::<String>::new()))
    ///     .on("list_notes", |call| Ok(secmock::Reply::json(200, &*call.state)));
    /// let server = secmock::MockServer::builder().behaviour("notes", notes).start().await;
    /// # }
    /// ```
    pub fn behaviour(mut self, api: &str, behaviour: impl Behaviour + 'static) -> Self {
        self.overrides.insert(api.to_string(), Arc::new(behaviour));
        self
    }

    /// No behaviour at all: every answer comes from the contract (its examples, or data
    /// generated from its schemas), as a Prism-style mock gives.
    pub fn contract_only(mut self) -> Self {
        self.behaviours = crate::startup::contract_only;
        self
    }

    /// Serve HTTPS on every port with a certificate made at start-up for 127.0.0.1 and
    /// localhost (see [`MockServer::tls_certificate`]), for clients that insist on https.
    #[cfg(feature = "tls")]
    pub fn https(mut self) -> Self {
        self.config.tls = Some(crate::config::TlsSource::SelfSigned);
        self
    }

    /// Any other setting.
    pub fn configure(mut self, f: impl FnOnce(&mut Config)) -> Self {
        f(&mut self.config);
        self
    }

    pub async fn start(self) -> anyhow::Result<MockServer> {
        // A behaviour given as an instance holds one world's state: the default world has
        // it, and another world cannot (the factory's behaviours are made afresh).
        let given: BTreeMap<String, Option<Arc<dyn Behaviour>>> =
            self.overrides.into_iter().map(|(api, behaviour)| (api, Some(behaviour))).collect();
        let given = parking_lot::Mutex::new(given);
        let fallback = self.behaviours;
        let behaviours = move |api: &str| match given.lock().get_mut(api) {
            Some(instance) => instance.take().map(Some).ok_or_else(|| {
                "its behaviour was given as one instance (MockServerBuilder::behaviour), which holds the \
                 default world's state; worlds of their own need a factory (MockServerBuilder::behaviours)"
                    .to_string()
            }),
            None => Ok(fallback(api)),
        };
        let app = Application::build_with_worlds(&self.config, Arc::new(behaviours)).await?;
        let certificate = app.tls_certificate().map(str::to_string);
        let scheme = if certificate.is_some() { "https" } else { "http" };
        let urls = app.urls().into_iter().map(|(name, addr)| (name, format!("{scheme}://{addr}"))).collect();
        let admin_url = app.admin_addr().map(|a| format!("{scheme}://{a}"));
        let server = app.server.clone();
        let worlds = app.worlds.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async move {
            let _ = stopped.await;
        }));
        let expectations = parking_lot::Mutex::default();
        Ok(MockServer {
            urls,
            admin_url,
            certificate,
            server,
            worlds,
            stop: Some(stop),
            task: Some(task),
            expectations,
        })
    }
}
