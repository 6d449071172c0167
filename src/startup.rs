//! Building and running a server: load every spec (in parallel: start-up time is spent
//! here), give each API its behaviour, bind its port, and serve until shutdown. This is
//! the one place outside `apis/` that knows which behaviour belongs to which API.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use futures_util::FutureExt;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::contract::ProblemDialect;
use crate::engine::{ApiRuntime, Engine, EngineConfig};
use crate::spec::ApiSpec;
use crate::world::{Behaviour, ContractOnly, World};

/// Makes the behaviour for an API by name; `None` means "no handlers: contract only".
pub type BehaviourFactory = fn(&str) -> Option<Arc<dyn Behaviour>>;

/// The behaviours secmock ships with.
pub fn builtin_behaviours(_api: &str) -> Option<Arc<dyn Behaviour>> {
    None
}

/// Loads every spec file, in parallel, failing on the first that cannot load.
pub fn load_specs(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<Arc<ApiSpec>>> {
    let loaded: Vec<anyhow::Result<Arc<ApiSpec>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(move || ApiSpec::load(file).map(Arc::new).map_err(anyhow::Error::from)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("spec loader panicked")))).collect()
    });
    let specs = loaded.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let mut seen = BTreeMap::new();
    for spec in &specs {
        if let Some(other) = seen.insert(spec.name.clone(), spec.file.clone()) {
            anyhow::bail!("two specs are both named '{}': {} and {}", spec.name, other.display(), spec.file.display());
        }
    }
    Ok(specs)
}

/// A bound, not yet running server.
pub struct Application {
    pub world: Arc<World>,
    apis: Vec<(Arc<Engine>, TcpListener)>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("apis", &self.urls()).finish()
    }
}

impl Application {
    /// Loads specs, builds each API's engine and binds its port.
    pub async fn build(config: &Config, behaviours: BehaviourFactory) -> anyhow::Result<Application> {
        let files = config.spec_files().context("cannot list the spec files")?;
        anyhow::ensure!(!files.is_empty(), "no OpenAPI documents found in {:?}", config.specs);
        let specs = load_specs(&files)?;
        let seed = config.seed.unwrap_or(0);
        let world =
            Arc::new(World::new(jiff::Timestamp::now(), config.clock, config.time_scale, seed, config.journal_size));
        let engine_config = EngineConfig { strict: config.strict, body_limit: config.body_limit };
        let mut apis = Vec::new();
        for spec in specs {
            let behaviour = behaviours(&spec.name).unwrap_or_else(|| Arc::new(ContractOnly));
            let runtime = Arc::new(ApiRuntime::new(spec.clone(), behaviour));
            runtime
                .behaviour
                .load(&runtime.ctx(&world), None)
                .map_err(|e| anyhow::anyhow!("{}: cannot load state: {e}", spec.name))?;
            let port = if config.ephemeral_ports {
                0
            } else {
                config.ports.get(&spec.name).copied().or(spec.settings.port).unwrap_or(0)
            };
            let addr = SocketAddr::new(config.host, port);
            let listener =
                TcpListener::bind(addr).await.with_context(|| format!("{}: cannot listen on {addr}", spec.name))?;
            let engine =
                Arc::new(Engine { api: runtime, world: world.clone(), config: engine_config.clone(), admin: None });
            apis.push((engine, listener));
        }
        Ok(Application { world, apis })
    }

    /// Each API's name and bound address.
    pub fn urls(&self) -> Vec<(String, SocketAddr)> {
        self.apis
            .iter()
            .filter_map(|(engine, listener)| Some((engine.api.name().to_string(), listener.local_addr().ok()?)))
            .collect()
    }

    /// The start-up banner: every API's URL, and what each behaviour wants shown.
    pub fn banner(&self, took: std::time::Duration) -> String {
        let reading = self.world.clock.reading();
        let mut out = format!(
            "secmock {} ready in {} ms: {} APIs, seed {}, clock {:?}{}\n",
            env!("CARGO_PKG_VERSION"),
            took.as_millis(),
            self.apis.len(),
            self.world.seed(),
            reading.mode,
            if reading.scale != 1.0 { format!(" x{}", reading.scale) } else { String::new() },
        );
        for (engine, listener) in &self.apis {
            let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
            let spec = &engine.api.spec;
            out.push_str(&format!(
                "  {:<11} http://{addr:<16} {} ({} operations)\n",
                spec.name,
                spec.title,
                spec.operations.len()
            ));
            for line in engine.api.behaviour.banner() {
                out.push_str(&format!("              {line}\n"));
            }
        }
        out
    }

    /// Serves every API until `shutdown` completes.
    pub async fn run_until(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let mut tasks = Vec::new();
        for (engine, listener) in self.apis {
            let mut stop = stop_rx.clone();
            let stopped = async move {
                let _ = stop.wait_for(|s| *s).await;
            };
            tasks.push(tokio::spawn(crate::transport::serve(
                listener,
                router(engine),
                stopped,
                std::time::Duration::from_secs(5),
            )));
        }
        let mut stop = stop_rx.clone();
        let driver = tokio::spawn(self.world.scheduler.clone().drive(async move {
            let _ = stop.wait_for(|s| *s).await;
        }));
        shutdown.await;
        let _ = stop_tx.send(true);
        for task in tasks {
            let _ = task.await;
        }
        let _ = driver.await;
    }
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
