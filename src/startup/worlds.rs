//! How start-up makes worlds: the engines that serve one (each API's, with the admin
//! API mounted under `/__secmock/` and the API's proxy if it has one, and the admin
//! port's), and the registry over the default world with the settings new worlds start
//! from.

use std::sync::{Arc, Weak};

use crate::admin::AdminAccess;
use crate::config::Config;
use crate::engine::{Engine, EngineConfig};
use crate::proxy::Upstream;
use crate::server::{Server, WorldDefaults, WorldEngines, Worlds};
use crate::spec::ApiSpec;
use crate::world::{Crud, JournalLimits};

use super::WorldBehaviours;

/// What every world's engines share: settings, the admin plane's contract and access
/// rules, and each API's upstream (by the API's index).
pub(super) struct EngineParts {
    pub(super) config: EngineConfig,
    pub(super) admin_config: EngineConfig,
    pub(super) admin_spec: Arc<ApiSpec>,
    pub(super) access: Arc<AdminAccess>,
    pub(super) upstreams: Vec<Option<Arc<Upstream>>>,
    pub(super) admin_port: bool,
}

impl EngineParts {
    fn engines(&self, server: &Arc<Server>, worlds: Weak<Worlds>) -> WorldEngines {
        let admin = |scope: Option<String>| {
            crate::admin::engine(
                self.admin_spec.clone(),
                server.clone(),
                scope,
                self.admin_config.clone(),
                self.access.clone(),
                worlds.clone(),
            )
        };
        let apis = server
            .apis()
            .iter()
            .enumerate()
            .map(|(index, runtime)| {
                Arc::new(Engine {
                    api: runtime.clone(),
                    world: server.world.clone(),
                    config: self.config.clone(),
                    admin: Some(admin(Some(runtime.name().to_string()))),
                    gate: None,
                    upstream: self.upstreams.get(index).cloned().flatten(),
                })
            })
            .collect();
        WorldEngines { apis, admin: self.admin_port.then(|| admin(None)) }
    }
}

/// The registry of worlds over `server` (the default world).
pub(super) fn registry(
    config: &Config,
    server: Arc<Server>,
    behaviours: WorldBehaviours,
    engines: EngineParts,
) -> Arc<Worlds> {
    let defaults = WorldDefaults {
        behaviours: Arc::new(move |api| Ok(behaviours(api)?.unwrap_or_else(|| Arc::new(Crud::new())))),
        engines: Box::new(move |server, worlds| engines.engines(server, worlds)),
        scenario: server.scenario(),
        clock: config.clock,
        scale: config.time_scale,
        clock_start: config.clock_start,
        seed: config.seed,
        journal: JournalLimits {
            entries: config.journal_size,
            bytes: config.journal_bytes.min(config.world_journal_bytes),
        },
        wall: jiff::Timestamp::now,
        limit: config.max_worlds,
    };
    Worlds::new(server, defaults)
}
