//! The admin API: secmock's own contract (`openapi.yaml`, problem+json errors), served
//! by the same engine as every mocked API, on its own port and under `/__secmock/` on
//! each API's port (scoped to that API). One table maps each `operationId` to a thin
//! handler over the `Server`; the handlers live in one file per area.

mod access;
mod clock;
mod dashboard;
mod faults;
mod journal;
mod journal_stream;
mod scenario;
mod server_info;
mod state;
mod stubs;
mod worlds;

use std::path::Path;
use std::sync::{Arc, Weak};

use futures_util::future::BoxFuture;
use serde_json::Value;

pub(crate) use access::{AdminAccess, generate_token};

use crate::contract::{Renderer, ValidatedRequest};
use crate::engine::{ApiRuntime, Engine, EngineConfig, offload};
use crate::reply::{Answer, Refusal, Reply};
use crate::server::{Server, Worlds};
use crate::spec::{ApiSpec, Operation, SpecError};
use crate::world::{Behaviour, Ctx, Identity};

/// `openapi.yaml` as JSON, converted by `build.rs` (JSON reads ten times faster).
const SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/admin_openapi.json"));

/// The admin API's contract; its schemas are compiled on first use, as the shipped specs'
/// are (`tests/api/engine/deferred_schemas.rs` compiles them all).
pub fn spec() -> Result<Arc<ApiSpec>, SpecError> {
    let file = Path::new("src/admin/openapi.yaml");
    ApiSpec::from_static_json(file, SPEC, crate::spec::Compile::OnFirstUse).map(Arc::new)
}

/// An admin engine over `server` (one world of `worlds`), scoped to one API or to all of
/// them, behind `access`.
pub(crate) fn engine(
    spec: Arc<ApiSpec>,
    server: Arc<Server>,
    scope: Option<String>,
    config: EngineConfig,
    access: Arc<AdminAccess>,
    worlds: Weak<Worlds>,
) -> Arc<Engine> {
    let world = server.world.clone();
    let behaviour = Arc::new(Admin { server, scope, worlds });
    let api = Arc::new(ApiRuntime::new(spec, behaviour));
    let config = EngineConfig { journal: false, faults: false, cors: crate::engine::CorsPolicy::Off, ..config };
    Arc::new(Engine { api, world, config, admin: None, gate: Some(access), upstream: None })
}

/// The admin behaviour: no state of its own, everything is the server's.
struct Admin {
    server: Arc<Server>,
    scope: Option<String>,
    /// Every world (weak: the worlds hold this engine).
    worlds: Weak<Worlds>,
}

/// What an admin handler works with.
pub(crate) struct AdminCall<'a> {
    pub(crate) server: &'a Arc<Server>,
    pub(crate) scope: Option<&'a str>,
    pub(crate) request: &'a ValidatedRequest,
    pub(crate) errors: &'a Renderer,
    pub(crate) worlds: &'a Weak<Worlds>,
}

impl AdminCall<'_> {
    /// The API a request is about: `?api=`, else the scope; an API other than the scope,
    /// or one that is not served, is refused.
    pub(crate) fn api(&self) -> Result<Option<String>, Refusal> {
        let asked = self.request.query_str("api").map(str::to_string);
        match (asked, self.scope) {
            (Some(asked), Some(scope)) if asked != scope => {
                Err(self.not_found(&format!("this admin mount is scoped to '{scope}'")))
            }
            (Some(asked), _) if self.server.api(&asked).is_none() => {
                Err(self.not_found(&format!("no API named '{asked}'")))
            }
            (Some(asked), _) => Ok(Some(asked)),
            (None, scope) => Ok(scope.map(str::to_string)),
        }
    }

    /// 422: the request is well-formed but cannot be carried out.
    pub(crate) fn invalid(&self, message: &str) -> Refusal {
        self.errors.error(422, Some(message)).into()
    }

    pub(crate) fn not_found(&self, message: &str) -> Refusal {
        self.errors.error(404, Some(message)).into()
    }
}

/// The reply of an asynchronous handler, its refusal included.
async fn answered(answer: impl std::future::Future<Output = Answer>) -> Reply {
    answer.await.unwrap_or_else(Refusal::into_reply)
}

impl Behaviour for Admin {
    fn handle(&self, ctx: &Ctx<'_>, op: &Operation, request: &ValidatedRequest, _: &Identity) -> Option<Reply> {
        let call = AdminCall {
            server: &self.server,
            scope: self.scope.as_deref(),
            request,
            errors: ctx.errors,
            worlds: &self.worlds,
        };
        let handler: fn(&AdminCall<'_>) -> Answer = match op.id.as_str() {
            "dashboard" => dashboard::page,
            "dashboard_asset" => dashboard::file,
            "health" => server_info::health,
            "list_apis" => server_info::list_apis,
            "reset" => |call| offload(|| scenario::reset(call)),
            "get_scenario" => scenario::get,
            "load_scenario" => |call| offload(|| scenario::load(call)),
            "list_scenarios" => scenario::list,
            "get_scenario_schema" => scenario::schema,
            "get_clock" => clock::get,
            "pause_clock" => clock::pause,
            "resume_clock" => clock::resume,
            "list_jobs" => clock::jobs,
            "list_journal" => journal::list,
            "follow_journal" => journal_stream::follow,
            "clear_journal" => journal::clear,
            "list_violations" => journal::violations,
            "list_outbound" => journal::outbound,
            "clear_violations" => journal::clear_violations,
            "list_faults" => faults::list,
            "add_fault" => faults::add,
            "clear_faults" => faults::clear,
            "remove_fault" => faults::remove,
            "list_stubs" => stubs::list,
            "add_stub" => stubs::add,
            "clear_stubs" => stubs::clear,
            "get_stub" => stubs::get,
            "remove_stub" => stubs::remove,
            "export_state" => state::export,
            "import_state" => |call| offload(|| state::import(call)),
            "list_worlds" => worlds::list,
            "create_world" => |call| offload(|| worlds::create(call)),
            "get_world" => worlds::get,
            "reset_world" => |call| offload(|| worlds::reset(call)),
            "delete_world" => worlds::delete,
            _ => return None,
        };
        Some(handler(&call).unwrap_or_else(Refusal::into_reply))
    }

    fn handle_async(
        &self,
        ctx: &Ctx<'_>,
        op: &Operation,
        request: &ValidatedRequest,
        _: &Identity,
    ) -> Option<BoxFuture<'static, Reply>> {
        let server = self.server.clone();
        let errors = ctx.errors.clone();
        let body = || request.body.clone().unwrap_or(Value::Null);
        match op.id.as_str() {
            "advance_clock" => Some(Box::pin(answered(clock::advance(server, body(), errors)))),
            "set_clock" => Some(Box::pin(answered(clock::set(server, body(), errors)))),
            _ => None,
        }
    }
}
