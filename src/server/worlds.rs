//! Many worlds in one process: the default world (the server as started, always there)
//! and named worlds that the admin API creates and deletes, each with its own scenario,
//! state, clock, scheduler, journal, faults, stubs and outbound deliveries. A request picks
//! its world by a `/w/{name}` path prefix or an `X-Secmock-World` header (see `port`).
//!
//! What a world costs: its behaviours (fresh ones from the factory start-up was given,
//! because a behaviour holds its API's state) and its [`World`] services. What does not
//! change between worlds is shared: each API's compiled spec, its error renderer and its
//! response-verdict memo (`ApiRuntime::in_another_world`).
//!
//! The engines that serve a world are made by start-up (`EngineMaker`), which alone knows
//! the admin plane and the proxies; a world holds them, one per API, and each request is
//! routed to its world's engine when it arrives (`port`), never bound to one for longer.
//! Replacing an API's contract (hot reload) is therefore replacing that API's runtime
//! (`ApiRuntime::in_another_world` keeps each world's behaviour) and engine in the default
//! world and every named one; nothing else holds them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use jiff::Timestamp;
use parking_lot::{Mutex, RwLock};

use super::Server;
use crate::engine::{ApiRuntime, Engine};
use crate::spec::ApiSpec;
use crate::world::{Behaviour, ClockMode, JournalLimits, Scenario, World};

/// The longest world name: it goes into every URL of the world.
pub(crate) const NAME_MAX: usize = 64;
/// The name the default world answers to in listings (never in a prefix).
pub(crate) const DEFAULT_NAME: &str = "default";

/// Makes an API's behaviour for a new world (an `Err` says why that cannot be).
pub(crate) type BehaviourSource = Arc<dyn Fn(&str) -> Result<Arc<dyn Behaviour>, String> + Send + Sync>;

/// Makes the engines that serve a world: one per API (in the server's `apis` order), and
/// the unscoped admin engine for the admin port.
pub(crate) type EngineMaker = Box<dyn Fn(&Arc<Server>, Weak<Worlds>) -> WorldEngines + Send + Sync>;

/// The engines of one world.
#[derive(Debug)]
pub(crate) struct WorldEngines {
    pub apis: Vec<Arc<Engine>>,
    pub admin: Option<Arc<Engine>>,
}

/// What a new world is made from when its creator says nothing: the server's own start-up
/// settings.
pub(crate) struct WorldDefaults {
    pub behaviours: BehaviourSource,
    pub engines: EngineMaker,
    /// The scenario secmock was started with.
    pub scenario: Scenario,
    pub clock: ClockMode,
    pub scale: f64,
    pub clock_start: Option<Timestamp>,
    /// `--seed`, which wins over a scenario's seed.
    pub seed: Option<u64>,
    pub journal: JournalLimits,
    /// Where `created` times come from (wall time; worlds' clocks are their own).
    pub wall: fn() -> Timestamp,
    /// Named worlds allowed at once.
    pub limit: usize,
}

/// What `POST /worlds` asks for; every field is optional.
#[derive(Debug, Default, Clone)]
pub(crate) struct WorldSpec {
    pub(crate) name: Option<String>,
    pub(crate) scenario: Option<Scenario>,
    pub(crate) seed: Option<u64>,
    pub(crate) clock_start: Option<Timestamp>,
    pub(crate) clock_mode: Option<ClockMode>,
}

/// Why a world was not created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum WorldRefusal {
    #[error("{0}")]
    BadName(String),
    #[error("a world named '{0}' exists already")]
    Exists(String),
    #[error("the server holds {0} worlds, its limit (--max-worlds): delete one first")]
    Full(usize),
    #[error("{0}")]
    Scenario(String),
}

/// One world and the engines that serve it.
pub(crate) struct WorldEntry {
    pub name: String,
    pub server: Arc<Server>,
    /// Replaced whole when an API's contract is (hot reload).
    engines: RwLock<WorldEngines>,
    pub created: Timestamp,
    requests: AtomicU64,
    /// Stops the world's scheduler driver (dropped with the world, which stops it too).
    stop: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
}

impl std::fmt::Debug for WorldEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorldEntry").field("name", &self.name).finish()
    }
}

impl WorldEntry {
    fn new(name: String, server: Arc<Server>, engines: WorldEngines, created: Timestamp) -> WorldEntry {
        WorldEntry {
            name,
            server,
            engines: RwLock::new(engines),
            created,
            requests: AtomicU64::new(0),
            stop: Mutex::new(None),
        }
    }

    /// The engine of the API at `index` (in the server's `apis` order); `None` is the
    /// admin port's engine.
    pub(crate) fn engine(&self, index: Option<usize>) -> Option<Arc<Engine>> {
        let engines = self.engines.read();
        match index {
            Some(i) => engines.apis.get(i).cloned(),
            None => engines.admin.clone(),
        }
    }

    /// Counts a request served in this world (its admin calls are not counted).
    pub(crate) fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Whether this is the default world.
    pub(crate) fn is_default(&self) -> bool {
        self.name == DEFAULT_NAME
    }

    /// Stops the world's jobs: its scheduler driver ends and every pending job (outbound
    /// deliveries among them) is cancelled.
    fn stop(&self) {
        if let Some(stop) = self.stop.lock().take() {
            let _ = stop.send(());
        }
        self.server.world.scheduler.cancel(None);
    }
}

/// Every world of the server.
pub(crate) struct Worlds {
    default: Arc<WorldEntry>,
    named: RwLock<HashMap<String, Arc<WorldEntry>>>,
    defaults: WorldDefaults,
    generated: AtomicU64,
    /// Tells every named world's scheduler driver that the server is stopping.
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl std::fmt::Debug for Worlds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worlds").field("named", &self.named.read().len()).finish()
    }
}

impl Worlds {
    /// The registry over the default world `server` (whose scheduler start-up drives).
    pub(crate) fn new(server: Arc<Server>, defaults: WorldDefaults) -> Arc<Worlds> {
        Arc::new_cyclic(|me| {
            let engines = (defaults.engines)(&server, me.clone());
            let created = (defaults.wall)();
            Worlds {
                default: Arc::new(WorldEntry::new(DEFAULT_NAME.to_string(), server, engines, created)),
                named: RwLock::new(HashMap::new()),
                defaults,
                generated: AtomicU64::new(0),
                shutdown: tokio::sync::watch::channel(false).0,
            }
        })
    }

    pub(crate) fn default_world(&self) -> &Arc<WorldEntry> {
        &self.default
    }

    /// A world by name (`default` included).
    pub(crate) fn get(&self, name: &str) -> Option<Arc<WorldEntry>> {
        if name == DEFAULT_NAME {
            return Some(self.default.clone());
        }
        self.named.read().get(name).cloned()
    }

    /// A named world (never the default one): what a `/w/{name}` prefix selects.
    pub(crate) fn named(&self, name: &str) -> Option<Arc<WorldEntry>> {
        self.named.read().get(name).cloned()
    }

    /// Every world, the default first, then by name.
    pub(crate) fn list(&self) -> Vec<Arc<WorldEntry>> {
        let mut named: Vec<Arc<WorldEntry>> = self.named.read().values().cloned().collect();
        named.sort_by(|a, b| a.name.cmp(&b.name));
        std::iter::once(self.default.clone()).chain(named).collect()
    }

    pub(crate) fn limit(&self) -> usize {
        self.defaults.limit
    }

    /// Creates a world: checks the name and the cap, builds the world's state from its
    /// scenario (nothing is registered unless it loads), and starts its scheduler.
    pub(crate) fn create(self: &Arc<Self>, spec: WorldSpec) -> Result<Arc<WorldEntry>, WorldRefusal> {
        let name = match spec.name.clone() {
            Some(name) => {
                check_name(&name).map_err(WorldRefusal::BadName)?;
                name
            }
            None => self.generate_name(),
        };
        self.room_for(&name)?;
        let server = self.build(&name, &spec).map_err(WorldRefusal::Scenario)?;
        let engines = (self.defaults.engines)(&server, Arc::downgrade(self));
        let entry = Arc::new(WorldEntry::new(name.clone(), server, engines, (self.defaults.wall)()));
        {
            // Checked again under the lock: another create may have won the name meanwhile.
            let mut named = self.named.write();
            if named.contains_key(&name) {
                return Err(WorldRefusal::Exists(name));
            }
            if named.len() >= self.defaults.limit {
                return Err(WorldRefusal::Full(self.defaults.limit));
            }
            named.insert(name, entry.clone());
        }
        self.drive(&entry);
        Ok(entry)
    }

    /// Deletes a named world: its scheduler stops and its pending jobs are cancelled.
    /// Requests already inside it finish; later ones find no world.
    pub(crate) fn remove(&self, name: &str) -> Option<Arc<WorldEntry>> {
        let removed = self.named.write().remove(name)?;
        removed.stop();
        Some(removed)
    }

    /// Serves `spec` in place of the contract of the API of its name, in every world: each
    /// world's state of that API is rebuilt from its scenario, everything else is kept.
    /// All or nothing: when any world's scenario does not load under the new contract,
    /// nothing changes.
    pub(crate) fn replace_spec(self: &Arc<Self>, spec: Arc<ApiSpec>) -> Result<(), String> {
        let name = spec.name.clone();
        let current = self.default.server.api(&name).ok_or_else(|| format!("no API named '{name}'"))?;
        // One contract (spec, renderer, verdict memo) shared by every world, as at start-up.
        let template = ApiRuntime::new(spec, current.behaviour.clone());
        let mut replacements = Vec::new();
        for world in self.list() {
            let behaviour = world.server.api(&name).map(|a| a.behaviour.clone());
            let runtime = Arc::new(template.in_another_world(behaviour.ok_or("a world without the API")?));
            world.server.check_api(&runtime).map_err(|e| match world.is_default() {
                true => e,
                false => format!("world '{}': {e}", world.name),
            })?;
            replacements.push((world, runtime));
        }
        for (world, runtime) in &replacements {
            world.server.replace_api(runtime.clone())?;
        }
        // Requests meet the new contract in every world at (nearly) the same moment: after
        // every world's state is rebuilt, one engine swap after another.
        let engines: Vec<WorldEngines> = replacements
            .iter()
            .map(|(world, _)| (self.defaults.engines)(&world.server, Arc::downgrade(self)))
            .collect();
        for ((world, _), engines) in replacements.iter().zip(engines) {
            *world.engines.write() = engines;
        }
        Ok(())
    }

    /// Stops every named world's scheduler (the server is stopping).
    pub(crate) fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    fn room_for(&self, name: &str) -> Result<(), WorldRefusal> {
        let named = self.named.read();
        if name == DEFAULT_NAME || named.contains_key(name) {
            return Err(WorldRefusal::Exists(name.to_string()));
        }
        if named.len() >= self.defaults.limit {
            return Err(WorldRefusal::Full(self.defaults.limit));
        }
        Ok(())
    }

    /// `w1`, `w2`, …: the first of those not taken.
    fn generate_name(&self) -> String {
        loop {
            let n = self.generated.fetch_add(1, Ordering::Relaxed) + 1;
            let name = format!("w{n}");
            if !self.named.read().contains_key(&name) {
                return name;
            }
        }
    }

    /// The server of a new world: fresh behaviours over the default world's contracts,
    /// loaded with the scenario asked for (else the one secmock started with).
    fn build(&self, name: &str, spec: &WorldSpec) -> Result<Arc<Server>, String> {
        let defaults = &self.defaults;
        let template = &self.default.server;
        let mut scenario = spec.scenario.clone().unwrap_or_else(|| defaults.scenario.clone());
        if let Some(start) = spec.clock_start {
            // The world's own start, to which its resets return too.
            scenario.clock.start = Some(start);
        }
        let start = scenario.clock.start.or(defaults.clock_start).unwrap_or_else(defaults.wall);
        let seed_override = spec.seed.or(defaults.seed);
        let seed = seed_override.unwrap_or(scenario.seed);
        let mode = spec.clock_mode.unwrap_or(defaults.clock);
        let world = Arc::new(World::new(start, mode, defaults.scale, seed, defaults.journal));
        let apis = template
            .apis()
            .iter()
            .map(|api| {
                let behaviour = (defaults.behaviours)(api.name()).map_err(|e| format!("{}: {e}", api.name()))?;
                Ok(Arc::new(api.in_another_world(behaviour)))
            })
            .collect::<Result<Vec<Arc<ApiRuntime>>, String>>()?;
        let server = Arc::new(Server::new(world, apis, template.library.clone(), seed_override, start));
        server.apply(scenario, None)?;
        for (api, url) in template.urls() {
            server.set_url(&api, format!("{url}/w/{name}"));
        }
        Ok(server)
    }

    /// Runs the world's scheduler until it is deleted or the server stops (outside a
    /// runtime, as in a unit test, its clock only moves when told to).
    fn drive(&self, entry: &WorldEntry) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        *entry.stop.lock() = Some(stop);
        let mut shutdown = self.shutdown.subscribe();
        let until = async move {
            tokio::select! {
                _ = stopped => {}
                _ = shutdown.wait_for(|stopping| *stopping) => {}
            }
        };
        runtime.spawn(entry.server.world.scheduler.clone().drive(until));
    }
}

/// A world name: 1 to 64 ASCII letters, digits, `-` or `_`, starting with a letter or a
/// digit; `default` is the default world's.
pub(crate) fn check_name(name: &str) -> Result<(), String> {
    let well_formed = !name.is_empty()
        && name.len() <= NAME_MAX
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    if !well_formed {
        return Err(format!(
            "a world name is 1 to {NAME_MAX} letters, digits, '-' or '_', starting with a letter or digit: {:?}",
            name.chars().take(NAME_MAX + 1).collect::<String>()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn names_are_a_safe_charset_and_length() {
        assert!(check_name("ci-job_42").is_ok());
        assert!(check_name(&"a".repeat(64)).is_ok());
        for bad in ["", "-lead", "_lead", "a/b", "a b", "ä", "a.b", "%2e"] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_name(&"a".repeat(65)).is_err());
    }
}
