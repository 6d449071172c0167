//! The engine: one request's path through an API.
//!
//! route → faults → body limit → credentials present → caller known, scopes held →
//! request valid → a stub or the behaviour answers (or the contract does) → response validated →
//! journal. Every step that can refuse renders its refusal in the API's dialect. Contract
//! violations are data collected on the way; what to do with them (log, count, header, or
//! a 500 in strict mode) is decided once, in `edge`. A proxied API (`--proxy`, see
//! `crate::proxy`) takes the same road with its upstream in the behaviour's place: the
//! request is validated but never refused, and the upstream's answer is validated (a 502
//! in strict mode).

mod builtin;
mod cors;
mod edge;
mod pipeline;
mod stubs;

use std::sync::Arc;

use crate::contract::{ParamMemo, Renderer, Verdicts};
use crate::spec::ApiSpec;
use crate::world::{Behaviour, Ctx, World};

pub use cors::CorsPolicy;
pub(crate) use edge::Sever;
pub(crate) use edge::into_http;

/// One API as served in one world: its contract, its dialect and its behaviour. Every
/// world of a server shares the contract half (the spec, the renderer and the verdict
/// memo, see [`ApiRuntime::in_another_world`]); only the behaviour, which holds the
/// world's state, is the world's own.
pub struct ApiRuntime {
    pub spec: Arc<ApiSpec>,
    pub renderer: Renderer,
    pub behaviour: Arc<dyn Behaviour>,
    /// Remembered response-body verdicts (see `contract::verdicts`): a verdict is about
    /// bytes and a schema, so one memo serves every world.
    pub verdicts: Arc<Verdicts>,
    /// Remembered parameter decodings (see `contract::params_memo`), shared by every world
    /// for the same reason.
    pub params: Arc<ParamMemo>,
}

impl std::fmt::Debug for ApiRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRuntime").field("api", &self.spec.name).finish()
    }
}

impl ApiRuntime {
    pub fn new(spec: Arc<ApiSpec>, behaviour: Arc<dyn Behaviour>) -> ApiRuntime {
        let renderer = Renderer::new(spec.settings.dialect, spec.settings.error_messages.clone());
        ApiRuntime { spec, renderer, behaviour, verdicts: Arc::default(), params: Arc::default() }
    }

    /// The same API with `behaviour` (another world's state): the contract, renderer and
    /// verdict memo are shared, so a world costs only its state.
    pub fn in_another_world(&self, behaviour: Arc<dyn Behaviour>) -> ApiRuntime {
        ApiRuntime {
            spec: self.spec.clone(),
            renderer: self.renderer.clone(),
            behaviour,
            verdicts: self.verdicts.clone(),
            params: self.params.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// What the behaviour sees of the world.
    pub fn ctx<'a>(&'a self, world: &'a World) -> Ctx<'a> {
        Ctx {
            api: &self.spec.name,
            spec: &self.spec,
            clock: &world.clock,
            scheduler: &world.scheduler,
            outbound: &world.outbound,
            faults: &world.faults,
            errors: &self.renderer,
            seed: world.seed(),
        }
    }
}

/// Engine settings shared by every API.
#[derive(Debug, Clone)]
pub(crate) struct EngineConfig {
    /// Turn contract violations into 500 problem+json responses.
    pub strict: bool,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Record requests in the journal (the admin API's own requests are not).
    pub journal: bool,
    /// Apply injected faults. The admin API never does: it is how faults are removed, so
    /// a fault for "every API" must not lock its user out.
    pub faults: bool,
    /// Which browser origins may call (never on the admin plane).
    pub cors: CorsPolicy,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            strict: false,
            body_limit: 1024 * 1024,
            journal: true,
            faults: true,
            cors: CorsPolicy::AnyOrigin,
        }
    }
}

/// Runs work that may take a while (rebuilding a 100k-finding world, parsing and checking
/// a snapshot of tens of megabytes) off the async workers, so that every other request
/// keeps being answered while it runs. On a current-thread runtime (some tests) there is
/// no other worker to keep free, and the work runs inline.
pub(crate) fn offload<R>(work: impl FnOnce() -> R) -> R {
    if on_multi_thread_runtime() { tokio::task::block_in_place(work) } else { work() }
}

/// `offload` for a future that does its long work without awaiting anything slow.
pub(crate) async fn offload_future<F: std::future::Future>(work: F) -> F::Output {
    if on_multi_thread_runtime() {
        tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(work))
    } else {
        work.await
    }
}

fn on_multi_thread_runtime() -> bool {
    tokio::runtime::Handle::try_current()
        .is_ok_and(|handle| handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
}

/// A check every request to an engine passes before it is routed: the admin plane's
/// token, Host and Origin rules. A refusal is sent as it is, outside any contract.
pub(crate) trait Gate: Send + Sync + std::fmt::Debug {
    /// The refusal for this request, if it may not pass; `path` is the request's path
    /// within this engine (after any mount prefix).
    fn refusal(&self, parts: &http::request::Parts, path: &str) -> Option<crate::reply::Reply>;
}

/// Serves one API; cheap to clone behind an `Arc`.
#[derive(Debug)]
pub(crate) struct Engine {
    pub api: Arc<ApiRuntime>,
    pub world: Arc<World>,
    pub config: EngineConfig,
    /// The admin API, scoped to this API, mounted under `/__secmock/`.
    pub admin: Option<Arc<Engine>>,
    /// Who may use this engine at all (the admin plane has one; APIs do not).
    pub gate: Option<Arc<dyn Gate>>,
    /// The real service this API forwards to instead of answering itself (`--proxy`).
    pub upstream: Option<Arc<crate::proxy::Upstream>>,
}
