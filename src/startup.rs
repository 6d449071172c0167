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

mod ready;
mod worlds;

use crate::config::{Config, SpecSource};
use crate::contract::ProblemDialect;
use crate::engine::{ApiRuntime, EngineConfig};
use crate::server::{Port, Server, Worlds};
use crate::spec::{ApiSpec, Compile};
use crate::world::{Behaviour, Crud, JournalLimits, Scenario, ScenarioLibrary, World};

/// Makes the behaviour for an API by name; `None` means "no handlers": the generic
/// stateful behaviour, with collections inferred from the spec's paths.
pub(crate) type BehaviourFactory = fn(&str) -> Option<Arc<dyn Behaviour>>;

/// What start-up asks for each API's behaviour: a factory, or a closure over behaviours
/// a test built itself (`MockServerBuilder::behaviour`).
pub(crate) type Behaviours<'a> = &'a dyn Fn(&str) -> Option<Arc<dyn Behaviour>>;

/// What every world asks for each API's behaviour (each world needs fresh ones: a
/// behaviour holds its world's state). `Ok(None)` is the generic stateful behaviour; an
/// `Err` says why this API cannot have one more (a behaviour a test gave as one instance).
pub(crate) type WorldBehaviours = Arc<dyn Fn(&str) -> BehaviourFor + Send + Sync>;

/// One API's behaviour for one world (see `WorldBehaviours`).
type BehaviourFor = Result<Option<Arc<dyn Behaviour>>, String>;

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

/// Loads every spec, failing on the first that cannot load. A spec from a file replaces a
/// shipped one of the same API name; two files of one name are an error.
///
/// Specs from files compile every schema at load, so each loads on a thread of its own.
/// The shipped specs (a few milliseconds each, their schemas compiled on first use) load
/// one after another on this thread: what they keep for the life of the process then
/// fills this thread's allocator pages instead of half-filling the pages of five threads
/// that exit (idle RSS 0.8 MB lower, start-up 3–5 ms later; benches/README.md, issue 14).
pub(crate) fn load_specs(sources: &[SpecSource]) -> anyhow::Result<Vec<Arc<ApiSpec>>> {
    let load = |source: &SpecSource| -> anyhow::Result<Arc<ApiSpec>> {
        // A shipped spec is known to compile (tests/api/engine/deferred_schemas.rs): its
        // validators are compiled on first use, most of start-up saved.
        let spec = match source {
            SpecSource::Bundled { path, json } => ApiSpec::from_static_json(path, json, Compile::OnFirstUse),
            SpecSource::File(path) => {
                source.read().and_then(|doc| ApiSpec::from_document_with(path, doc, Compile::Eager))
            }
        };
        spec.map(Arc::new).map_err(anyhow::Error::from)
    };
    let loaded: Vec<anyhow::Result<Arc<ApiSpec>>> = std::thread::scope(|scope| {
        let from_files: Vec<_> =
            sources.iter().map(|source| (!source.is_bundled()).then(|| scope.spawn(move || load(source)))).collect();
        sources
            .iter()
            .zip(from_files)
            .map(|(source, thread)| match thread {
                Some(thread) => thread.join().unwrap_or_else(|_| Err(anyhow::anyhow!("spec loader panicked"))),
                None => load(source),
            })
            .collect()
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
    assemble_world(config, &|api| Ok(behaviours(api)))
}

fn assemble_world(config: &Config, behaviours: &dyn Fn(&str) -> BehaviourFor) -> anyhow::Result<Arc<Server>> {
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
            let behaviour = behaviours(&spec.name)
                .map_err(|e| anyhow::anyhow!("{}: {e}", spec.name))?
                .unwrap_or_else(|| Arc::new(Crud::new()));
            Ok(Arc::new(ApiRuntime::new(spec, behaviour)))
        })
        .collect::<anyhow::Result<_>>()?;
    let server = Arc::new(Server::new(world, runtimes, library, config.seed, start));
    server.apply(scenario, None).map_err(|e| anyhow::anyhow!("scenario: {e}"))?;
    Ok(server)
}

/// A bound, not yet running server.
pub struct Application {
    pub server: Arc<Server>,
    /// Every world, the default one (`server`) first.
    pub(crate) worlds: Arc<Worlds>,
    /// Each API's listener, by the API's index in `server.apis`.
    apis: Vec<(usize, TcpListener)>,
    admin: Option<TcpListener>,
    /// A token secmock made up itself (the banner shows it; a given one is never shown).
    generated_token: Option<String>,
    token_required: bool,
    connections: crate::config::ConnectionLimits,
    tls: Option<TlsSetup>,
    /// Reload edited specs and scenarios (`--watch`).
    watch: bool,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("apis", &self.urls()).finish()
    }
}

impl Application {
    /// Loads specs and the scenario, builds each API's engine and binds every port.
    /// `behaviours` is asked again for every world the admin API creates.
    pub async fn build(
        config: &Config,
        behaviours: impl Fn(&str) -> Option<Arc<dyn Behaviour>> + Send + Sync + 'static,
    ) -> anyhow::Result<Application> {
        Self::build_with_worlds(config, Arc::new(move |api: &str| Ok(behaviours(api)))).await
    }

    /// [`build`](Self::build), with behaviours that may refuse a world.
    pub(crate) async fn build_with_worlds(config: &Config, behaviours: WorldBehaviours) -> anyhow::Result<Application> {
        let server = assemble_world(config, &*behaviours)?;
        let runtimes = server.apis();
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
        let mut upstreams = Vec::new();
        let mut taken: Vec<u16> = runtimes.iter().filter_map(|r| r.spec.settings.port).collect();
        for (index, runtime) in runtimes.iter().enumerate() {
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
            upstreams.push(match config.proxies.get(&name) {
                Some(url) => {
                    let upstream = crate::proxy::Upstream::new(url, proxy_options.clone())
                        .map_err(|e| anyhow::anyhow!("--proxy {name}=…: {e}"))?;
                    Some(Arc::new(match &recorder {
                        Some(recorder) => upstream.with_recorder(recorder.clone()),
                        None => upstream,
                    }))
                }
                None => None,
            });
            apis.push((index, listener));
        }
        let admin = match config.admin_port {
            Some(port) => {
                let port = if config.ephemeral_ports { 0 } else { port };
                let addr = SocketAddr::new(config.host, port);
                Some(TcpListener::bind(addr).await.with_context(|| format!("admin: cannot listen on {addr}"))?)
            }
            None => None,
        };
        let engines = worlds::EngineParts {
            config: engine_config,
            admin_config,
            admin_spec,
            access,
            upstreams,
            admin_port: admin.is_some(),
        };
        let worlds = worlds::registry(config, server.clone(), behaviours, engines);
        Ok(Application {
            server,
            worlds,
            apis,
            admin,
            generated_token,
            token_required,
            connections: config.connections,
            tls,
            watch: config.watch,
        })
    }

    /// The HTTPS certificate (PEM), when serving HTTPS.
    pub fn tls_certificate(&self) -> Option<&str> {
        self.tls.as_ref().map(|tls| tls.certificate_pem.as_str())
    }

    /// Each API's name and bound address.
    pub fn urls(&self) -> Vec<(String, SocketAddr)> {
        self.apis
            .iter()
            .filter_map(|(index, listener)| {
                Some((self.server.apis()[*index].name().to_string(), listener.local_addr().ok()?))
            })
            .collect()
    }

    /// The admin API's address, if it has its own port.
    pub fn admin_addr(&self) -> Option<SocketAddr> {
        self.admin.as_ref().and_then(|l| l.local_addr().ok())
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
        let ports = self.apis.into_iter().map(|(index, listener)| (Some(index), listener));
        for (api, listener) in ports.chain(self.admin.map(|listener| (None, listener))) {
            let grace = std::time::Duration::from_secs(5);
            let port = Port { api, worlds: self.worlds.clone() };
            let serving = crate::transport::serve(listener, router(port), stopped(), limits, grace, acceptor.clone());
            tasks.push(tokio::spawn(serving));
        }
        let driver = tokio::spawn(self.server.world.scheduler.clone().drive(stopped()));
        if self.watch {
            tasks.push(tokio::spawn(crate::reload::watch(self.worlds.clone(), stopped())));
        }
        shutdown.await;
        let _ = stop_tx.send(true);
        self.worlds.shutdown();
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

/// The axum service for one port: every request goes to its world's engine's pipeline,
/// and a panic anywhere in it becomes a 500 problem+json instead of a dropped connection.
pub(crate) fn router(port: Port) -> Router {
    Router::new().fallback(handle).with_state(Arc::new(port))
}

async fn handle(State(port): State<Arc<Port>>, request: axum::extract::Request) -> axum::response::Response {
    let (engine, request) = match port.resolve(request) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    // Kept to name the API if the pipeline panics (an `Arc`, not a `String` per request).
    let served = engine.clone();
    match std::panic::AssertUnwindSafe(engine.serve(request)).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(api = served.api.name(), "handler panicked: {message}");
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
