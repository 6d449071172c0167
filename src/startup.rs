//! Building and running a server: load every spec (in parallel: start-up time is spent
//! here), give each API its behaviour, load the scenario, bind every port, and serve
//! until shutdown. This is the one place outside `apis/` that knows which behaviour
//! belongs to which API.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use futures_util::FutureExt;
use tokio::net::TcpListener;

use crate::config::{Config, SpecSource};
use crate::contract::ProblemDialect;
use crate::engine::{ApiRuntime, Engine, EngineConfig};
use crate::server::Server;
use crate::spec::{ApiSpec, Compile};
use crate::world::{Behaviour, Crud, JournalLimits, Scenario, ScenarioLibrary, World};

/// Makes the behaviour for an API by name; `None` means "no handlers": the generic
/// stateful behaviour, with collections inferred from the spec's paths.
pub(crate) type BehaviourFactory = fn(&str) -> Option<Arc<dyn Behaviour>>;

/// What start-up asks for each API's behaviour: a factory, or a closure over behaviours
/// a test built itself (`MockServerBuilder::behaviour`).
pub(crate) type Behaviours<'a> = &'a dyn Fn(&str) -> Option<Arc<dyn Behaviour>>;

/// The behaviours secmock ships with; every other API gets the generic one.
pub fn builtin_behaviours(api: &str) -> Option<Arc<dyn Behaviour>> {
    match api {
        "dryrun" => Some(crate::apis::dryrun::behaviour()),
        "kolega" => Some(crate::apis::kolega::behaviour()),
        "securescan" => Some(crate::apis::securescan::behaviour()),
        "platform" => Some(crate::apis::platform::behaviour()),
        _ => None,
    }
}

/// No behaviour at all: every answer comes from the contract (examples or generated
/// data), as a Prism-style mock would give.
pub(crate) fn contract_only(_api: &str) -> Option<Arc<dyn Behaviour>> {
    Some(Arc::new(crate::world::ContractOnly))
}

/// Loads every spec, in parallel, failing on the first that cannot load. A spec from a
/// file replaces a shipped one of the same API name; two files of one name are an error.
pub(crate) fn load_specs(sources: &[SpecSource]) -> anyhow::Result<Vec<Arc<ApiSpec>>> {
    let loaded: Vec<anyhow::Result<Arc<ApiSpec>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .iter()
            .map(|source| {
                scope.spawn(move || {
                    let doc = source.read()?;
                    // A shipped spec is known to compile (tests/api/engine/deferred_schemas.rs):
                    // its validators are compiled on first use, most of start-up saved.
                    let when = if source.is_bundled() { Compile::OnFirstUse } else { Compile::Eager };
                    ApiSpec::from_document_with(source.path(), doc, when).map(Arc::new).map_err(anyhow::Error::from)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("spec loader panicked")))).collect()
    });
    let specs = loaded.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let from_file: Vec<&str> =
        specs.iter().zip(sources).filter(|(_, s)| !s.is_bundled()).map(|(spec, _)| spec.name.as_str()).collect();
    let replaced =
        |(spec, source): &(&Arc<ApiSpec>, &SpecSource)| source.is_bundled() && from_file.contains(&spec.name.as_str());
    let kept: Vec<Arc<ApiSpec>> =
        specs.iter().zip(sources).filter(|pair| !replaced(pair)).map(|(spec, _)| spec.clone()).collect();
    let mut seen = BTreeMap::new();
    for spec in &kept {
        if let Some(other) = seen.insert(spec.name.clone(), spec.file.clone()) {
            anyhow::bail!("two specs are both named '{}': {} and {}", spec.name, other.display(), spec.file.display());
        }
    }
    Ok(kept)
}

/// Loads specs and the scenario into a server that is not yet listening anywhere.
pub fn assemble(config: &Config, behaviours: Behaviours<'_>) -> anyhow::Result<Arc<Server>> {
    let sources = config.spec_sources().context("cannot list the spec files")?;
    anyhow::ensure!(!sources.is_empty(), "no OpenAPI documents found in {:?}", config.specs);
    let specs = load_specs(&sources)?;
    let library = ScenarioLibrary { dir: config.scenarios_dir.clone() };
    let scenario = match &config.scenario {
        Some(name) => library.load_name_or_file(name)?,
        None => Scenario::default(),
    };
    let start = scenario.clock.start.or(config.clock_start).unwrap_or_else(jiff::Timestamp::now);
    let seed = config.seed.unwrap_or(scenario.seed);
    let journal = JournalLimits { entries: config.journal_size, bytes: config.journal_bytes };
    let world = Arc::new(World::new(start, config.clock, config.time_scale, seed, journal));
    let runtimes: Vec<Arc<ApiRuntime>> = specs
        .into_iter()
        .map(|spec| {
            let behaviour = behaviours(&spec.name).unwrap_or_else(|| Arc::new(Crud::new()));
            Arc::new(ApiRuntime::new(spec, behaviour))
        })
        .collect();
    let server = Arc::new(Server::new(world, runtimes, library, config.seed, start));
    server.apply(scenario, None).map_err(|e| anyhow::anyhow!("scenario: {e}"))?;
    Ok(server)
}

/// A bound, not yet running server.
pub struct Application {
    pub server: Arc<Server>,
    apis: Vec<(Arc<Engine>, TcpListener)>,
    admin: Option<(Arc<Engine>, TcpListener)>,
    /// A token secmock made up itself (the banner shows it; a given one is never shown).
    generated_token: Option<String>,
    token_required: bool,
    connections: crate::config::ConnectionLimits,
    tls: Option<TlsSetup>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("apis", &self.urls()).finish()
    }
}

impl Application {
    /// Loads specs and the scenario, builds each API's engine and binds every port.
    pub async fn build(config: &Config, behaviours: Behaviours<'_>) -> anyhow::Result<Application> {
        let server = assemble(config, behaviours)?;
        let world = server.world.clone();
        let runtimes = server.apis.clone();
        let engine_config = EngineConfig {
            strict: config.strict,
            body_limit: config.body_limit,
            journal: config.journal_size > 0,
            faults: true,
            cors: config.cors.clone(),
        };
        let admin_spec = crate::admin::spec().context("the admin API's own spec")?;
        // A control plane reachable from the network is never open by accident.
        let generated_token =
            (config.admin_token.is_none() && !config.host.is_loopback()).then(crate::admin::generate_token);
        let token = config.admin_token.clone().or_else(|| generated_token.clone());
        let token_required = token.is_some();
        let access = Arc::new(crate::admin::AdminAccess::new(token, config.allowed_hosts.clone()));
        let admin_config = EngineConfig { body_limit: config.admin_body_limit, ..engine_config.clone() };
        // A port for an API that is not served is a typo, not something to ignore.
        let served: Vec<&str> = runtimes.iter().map(|r| r.name()).collect();
        if let Some(unknown) = config.ports.keys().find(|name| !served.contains(&name.as_str())) {
            anyhow::bail!("--port {unknown}=…: no API is called {unknown:?} (served: {})", served.join(", "));
        }
        if let Some(unknown) = config.proxies.keys().find(|name| !served.contains(&name.as_str())) {
            anyhow::bail!("--proxy {unknown}=…: no API is called {unknown:?} (served: {})", served.join(", "));
        }
        let proxy_options = crate::proxy::ProxyOptions {
            timeout: config.proxy_timeout,
            buffer_limit: config.proxy_buffer_limit,
            ca_files: config.proxy_ca.clone(),
        };
        anyhow::ensure!(
            config.record.is_none() || !config.proxies.is_empty(),
            "--record writes what proxied APIs answer: name at least one with --proxy API=URL"
        );
        let recorder = match &config.record {
            Some(dir) => {
                Some(Arc::new(crate::proxy::Recorder::new(dir).with_context(|| format!("--record {}", dir.display()))?))
            }
            None => None,
        };
        let tls = tls_setup(config)?;
        let mut apis = Vec::new();
        let mut taken: Vec<u16> = runtimes.iter().filter_map(|r| r.spec.settings.port).collect();
        for runtime in runtimes {
            let name = runtime.name().to_string();
            let (port, derived) = match (config.ports.get(&name).copied(), runtime.spec.settings.port) {
                _ if config.ephemeral_ports => (0, false),
                (Some(port), _) | (None, Some(port)) => (port, false),
                (None, None) => (derived_port(&name, &taken), true),
            };
            taken.push(port);
            let addr = SocketAddr::new(config.host, port);
            let listener = match TcpListener::bind(addr).await {
                Err(e) if derived => {
                    // The port is the API's by habit, not by request: a free one will do.
                    tracing::warn!(api = %name, "port {port} (derived from the API's name) is taken ({e}): using a free one");
                    TcpListener::bind(SocketAddr::new(config.host, 0)).await
                }
                bound => bound,
            }
            .with_context(|| format!("{name}: cannot listen on {addr}"))?;
            server.set_url(&name, url(&listener, tls.is_some()));
            let admin = crate::admin::engine(
                admin_spec.clone(),
                server.clone(),
                Some(name.clone()),
                admin_config.clone(),
                access.clone(),
            );
            let engine = Engine {
                api: runtime,
                world: world.clone(),
                config: engine_config.clone(),
                admin: Some(admin),
                gate: None,
                upstream: match config.proxies.get(&name) {
                    Some(url) => {
                        let upstream = crate::proxy::Upstream::new(url, proxy_options.clone())
                            .map_err(|e| anyhow::anyhow!("--proxy {name}=…: {e}"))?;
                        Some(Arc::new(match &recorder {
                            Some(recorder) => upstream.with_recorder(recorder.clone()),
                            None => upstream,
                        }))
                    }
                    None => None,
                },
            };
            apis.push((Arc::new(engine), listener));
        }
        let admin = match config.admin_port {
            Some(port) => {
                let port = if config.ephemeral_ports { 0 } else { port };
                let addr = SocketAddr::new(config.host, port);
                let listener =
                    TcpListener::bind(addr).await.with_context(|| format!("admin: cannot listen on {addr}"))?;
                Some((crate::admin::engine(admin_spec, server.clone(), None, admin_config, access), listener))
            }
            None => None,
        };
        Ok(Application { server, apis, admin, generated_token, token_required, connections: config.connections, tls })
    }

    /// The HTTPS certificate (PEM), when serving HTTPS.
    pub fn tls_certificate(&self) -> Option<&str> {
        self.tls.as_ref().map(|tls| tls.certificate_pem.as_str())
    }

    /// Each API's name and bound address.
    pub fn urls(&self) -> Vec<(String, SocketAddr)> {
        self.apis
            .iter()
            .filter_map(|(engine, listener)| Some((engine.api.name().to_string(), listener.local_addr().ok()?)))
            .collect()
    }

    /// The admin API's address, if it has its own port.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin.as_ref().and_then(|(_, l)| l.local_addr().ok())
    }

    /// The start-up banner: every API's URL, and what each behaviour wants shown.
    pub fn banner(&self, took: std::time::Duration) -> String {
        let https = self.tls.is_some();
        let world = &self.server.world;
        let reading = world.clock.reading();
        let scenario = self.server.scenario();
        let mut out = format!(
            "secmock {} ready in {} ms: {} APIs, scenario '{}', seed {}, clock {:?}{} at {}\n",
            env!("CARGO_PKG_VERSION"),
            took.as_millis(),
            self.apis.len(),
            scenario.display_name(),
            world.seed(),
            reading.mode,
            if reading.scale != 1.0 { format!(" x{}", reading.scale) } else { String::new() },
            reading.now,
        );
        for (engine, listener) in &self.apis {
            let spec = &engine.api.spec;
            out.push_str(&format!(
                "  {:<11} {:<24} {} ({} operations)\n",
                spec.name,
                url(listener, https),
                spec.title,
                spec.operations.len()
            ));
            for line in engine.api.behaviour.banner() {
                out.push_str(&format!("  {:<11} {line}\n", ""));
            }
        }
        if let Some((_, listener)) = &self.admin {
            out.push_str(&format!(
                "  {:<11} {:<24} secmock admin API (also under /__secmock/ on every port)\n",
                "admin",
                url(listener, https)
            ));
        }
        match (&self.generated_token, self.token_required) {
            (Some(token), _) => out.push_str(&format!(
                "  {:<11} admin token {token} (generated: secmock listens beyond loopback; \
                 choose one with --admin-token or SECMOCK_ADMIN_TOKEN)\n",
                ""
            )),
            (None, true) => out.push_str(&format!("  {:<11} admin calls need the admin token given at start-up\n", "")),
            (None, false) => {}
        }
        if let Some(tls) = &self.tls {
            out.push_str(&format!("  {:<11} HTTPS certificate SHA-256 {}\n", "tls", tls.fingerprint));
        }
        out
    }

    /// What a harness needs to start talking to every API, as JSON: each API's `url`, its
    /// docs page, title and the lines its behaviour shows in the banner (demo keys, logins),
    /// and the admin API's `url` (with the admin token when secmock generated it). Written
    /// by `--ready-file` once every port is bound, and the banner with `--log-format json`.
    pub fn ready(&self, took: std::time::Duration) -> serde_json::Value {
        let https = self.tls.is_some();
        let world = &self.server.world;
        let reading = world.clock.reading();
        let mut apis = serde_json::Map::new();
        for (engine, listener) in &self.apis {
            let spec = &engine.api.spec;
            let base = url(listener, https);
            let docs = spec.settings.docs.then(|| format!("{base}/docs"));
            apis.insert(
                spec.name.clone(),
                serde_json::json!({
                    "url": base,
                    "docs": docs,
                    "title": spec.title,
                    "operations": spec.operations.len(),
                    "credentials": engine.api.behaviour.banner(),
                }),
            );
        }
        let admin_url = match &self.admin {
            Some((_, listener)) => Some(url(listener, https)),
            None => self.apis.first().map(|(_, l)| format!("{}/__secmock", url(l, https))),
        };
        serde_json::json!({
            "secmock": env!("CARGO_PKG_VERSION"),
            "ready_in_ms": took.as_millis() as u64,
            "scenario": self.server.scenario().display_name(),
            "seed": world.seed(),
            "clock": reading,
            "apis": apis,
            "admin": {
                "url": admin_url,
                "token": self.generated_token,
                "token_required": self.token_required,
            },
            "tls": self.tls.as_ref().map(|tls| serde_json::json!({
                "sha256": tls.fingerprint,
                "certificate": tls.certificate_pem,
            })),
        })
    }

    /// Serves every API (and the admin API) until `shutdown` completes.
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let stopped = move || {
            let mut stop = stop_rx.clone();
            async move {
                let _ = stop.wait_for(|s| *s).await;
            }
        };
        let mut tasks = Vec::new();
        let listeners = self.apis.len() + usize::from(self.admin.is_some());
        let limits = crate::transport::fit_to_descriptor_limit(self.connections, listeners);
        let acceptor = self.tls.as_ref().map(|tls| tls.acceptor.clone());
        for (engine, listener) in self.apis.into_iter().chain(self.admin) {
            let grace = std::time::Duration::from_secs(5);
            let serving = crate::transport::serve(listener, router(engine), stopped(), limits, grace, acceptor.clone());
            tasks.push(tokio::spawn(serving));
        }
        let driver = tokio::spawn(self.server.world.scheduler.clone().drive(stopped()));
        shutdown.await;
        let _ = stop_tx.send(true);
        for task in tasks {
            let _ = task.await;
        }
        let _ = driver.await;
    }
}

/// The ports derived names fall in: above the shipped APIs' (4010–4013) and the admin
/// API's (4000), below the ephemeral range.
const DERIVED_PORTS: std::ops::Range<u16> = 4100..5000;

/// A stable port for an API whose spec names none: a hash of its name into
/// `DERIVED_PORTS`, moving on past ports another API of this server already has. The same
/// name gets the same port on every start, so a harness or a browser tab can keep its URL.
pub fn derived_port(name: &str, taken: &[u16]) -> u16 {
    let span = DERIVED_PORTS.end - DERIVED_PORTS.start;
    let start = (xxhash_rust::xxh3::xxh3_64(name.as_bytes()) % u64::from(span)) as u16;
    (0..span).map(|i| DERIVED_PORTS.start + (start + i) % span).find(|p| !taken.contains(p)).unwrap_or(0)
}

fn url(listener: &TcpListener, https: bool) -> String {
    let scheme = if https { "https" } else { "http" };
    listener.local_addr().map(|a| format!("{scheme}://{a}")).unwrap_or_default()
}

/// HTTPS for every port: the acceptor, and what a client needs to trust it.
struct TlsSetup {
    acceptor: crate::transport::Acceptor,
    fingerprint: String,
    certificate_pem: String,
}

#[cfg(feature = "tls")]
fn tls_setup(config: &Config) -> anyhow::Result<Option<TlsSetup>> {
    let Some(source) = &config.tls else { return Ok(None) };
    let tls = crate::transport::tls::Tls::new(source, config.host).context("--tls")?;
    Ok(Some(TlsSetup { acceptor: tls.acceptor, fingerprint: tls.fingerprint, certificate_pem: tls.certificate_pem }))
}

#[cfg(not(feature = "tls"))]
fn tls_setup(config: &Config) -> anyhow::Result<Option<TlsSetup>> {
    anyhow::ensure!(config.tls.is_none(), "--tls: this secmock was built without its `tls` feature");
    Ok(None)
}

/// The axum service for one engine: every request goes to the engine's pipeline, and a
/// panic anywhere in it becomes a 500 problem+json instead of a dropped connection.
pub(crate) fn router(engine: Arc<Engine>) -> Router {
    Router::new().fallback(handle).with_state(engine)
}

async fn handle(State(engine): State<Arc<Engine>>, request: axum::extract::Request) -> axum::response::Response {
    let api = engine.api.name().to_string();
    match std::panic::AssertUnwindSafe(engine.serve(request)).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(api, "handler panicked: {message}");
            let reply = ProblemDialect::typed(
                500,
                "internal-error",
                "Internal Server Error",
                &format!("secmock hit a bug: {message}"),
                None,
            );
            crate::engine::into_http(reply, 0, false)
        }
    }
}
