//! A running secmock: its APIs, the world they share, and the scenario they were loaded
//! from. Applying a scenario is all-or-nothing: every API it reloads builds its section
//! first (outside every lock requests take), and only when all accept does any state
//! change; an API it does not reload is neither built nor touched. This is what the admin API operates on.
//! A `Server` is one world; `worlds` holds the default one and any others, and `port`
//! picks a request's.

mod port;
mod worlds;

use std::collections::BTreeMap;
use std::sync::Arc;

use parking_lot::RwLock;
use serde_json::Value;

use crate::engine::ApiRuntime;
use crate::world::{ApiScenario, Clock, ClockMode, Prepared, Scenario, ScenarioLibrary, World};

pub(crate) use port::Port;
pub(crate) use worlds::{WorldDefaults, WorldEngines, WorldEntry, WorldRefusal, WorldSpec, Worlds};

pub struct Server {
    pub world: Arc<World>,
    /// Each API as served; one is replaced when its spec is reloaded (`--watch`).
    apis: RwLock<Vec<Arc<ApiRuntime>>>,
    pub library: ScenarioLibrary,
    /// A seed given on the command line wins over every scenario's.
    pub seed_override: Option<u64>,
    /// Where the clock started; a manual clock returns here on reset when the scenario
    /// names no start of its own.
    pub initial_start: jiff::Timestamp,
    scenario: RwLock<Scenario>,
    urls: RwLock<BTreeMap<String, String>>,
    /// Set by the first load: until then no request is answered from this world, and its
    /// build has nothing to yield to (`world::low_priority`).
    loaded: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("apis", &self.apis).finish()
    }
}

impl Server {
    pub fn new(
        world: Arc<World>,
        apis: Vec<Arc<ApiRuntime>>,
        library: ScenarioLibrary,
        seed_override: Option<u64>,
        initial_start: jiff::Timestamp,
    ) -> Server {
        Server {
            world,
            apis: RwLock::new(apis),
            library,
            seed_override,
            initial_start,
            scenario: RwLock::new(Scenario::default()),
            urls: RwLock::new(BTreeMap::new()),
            loaded: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn api(&self, name: &str) -> Option<Arc<ApiRuntime>> {
        self.apis.read().iter().find(|a| a.name() == name).cloned()
    }

    /// Every API as served now, in start-up order.
    pub fn apis(&self) -> Vec<Arc<ApiRuntime>> {
        self.apis.read().clone()
    }

    pub fn api_names(&self) -> Vec<String> {
        self.apis.read().iter().map(|a| a.name().to_string()).collect()
    }

    /// The scenario last applied to the whole server.
    pub fn scenario(&self) -> Scenario {
        self.scenario.read().clone()
    }

    /// The file the loaded scenario was read from, without copying the scenario (what
    /// `--watch` asks of every world on every look).
    pub(crate) fn scenario_origin(&self) -> Option<std::path::PathBuf> {
        self.scenario.read().origin.clone()
    }

    pub fn set_url(&self, api: &str, url: String) {
        self.urls.write().insert(api.to_string(), url);
    }

    pub fn urls(&self) -> BTreeMap<String, String> {
        self.urls.read().clone()
    }

    fn seed_for(&self, scenario: &Scenario) -> u64 {
        self.seed_override.unwrap_or(scenario.seed)
    }

    fn section(scenario: &Scenario, api: &str, seed: u64) -> Option<ApiScenario> {
        scenario.apis.get(api).map(|config| ApiScenario { seed, config: config.clone() })
    }

    /// Checks that every API accepts its section of `scenario` (and that the scenario
    /// names no API this server does not serve).
    pub fn check(&self, scenario: &Scenario) -> Result<(), String> {
        let now = Arc::new(Clock::new(self.world.clock.now(), ClockMode::Manual, 1.0));
        self.prepare(scenario, &now, None).map(drop)
    }

    /// Checks what the whole scenario says (its sections name served APIs, its faults
    /// and outbound allow-list parse), then has each API of `targets` (every API when
    /// `None`) build its section, keeping what it built (`apis` order, `None` for an API
    /// not targeted) so that applying the scenario does not build it again. `at` is a
    /// clock stopped where the world will start. An API that is not reloaded is not
    /// built: a one-API reset in a world whose other API holds 100k findings builds only
    /// its own.
    fn prepare(
        &self,
        scenario: &Scenario,
        at: &Arc<Clock>,
        targets: Option<&[String]>,
    ) -> Result<Vec<Option<Prepared>>, String> {
        let served = self.api_names();
        if let Some(unknown) = targets.into_iter().flatten().find(|name| !served.contains(name)) {
            return Err(format!("no API named '{unknown}'"));
        }
        if let Some(unknown) = scenario.apis.keys().find(|name| !served.contains(name)) {
            return Err(format!(
                "the scenario has a section for '{unknown}', which is not served (served: {})",
                served.join(", ")
            ));
        }
        // Standing faults are checked with everything else: a refused scenario must leave
        // the faults in force as it found them.
        for (i, fault) in scenario.faults.iter().enumerate() {
            crate::world::Faults::check(fault).map_err(|e| format!("faults[{i}]: {e}"))?;
            if let Some(api) = fault.api.as_deref()
                && !served.iter().any(|s| s == api)
            {
                return Err(format!("faults[{i}].api: no API named '{api}'"));
            }
        }
        crate::world::AllowList::parse(&scenario.outbound.allow_hosts)
            .map_err(|e| format!("outbound.allow_hosts{e}"))?;
        let seed = self.seed_for(scenario);
        let apis = self.apis();
        let mut prepared = Vec::with_capacity(apis.len());
        for api in &apis {
            if targets.is_some_and(|t| !t.iter().any(|n| n == api.name())) {
                prepared.push(None);
                continue;
            }
            let mut ctx = api.ctx(&self.world);
            ctx.seed = seed;
            ctx.clock = at;
            let built = api
                .behaviour
                .prepare(&ctx, Self::section(scenario, api.name(), seed).as_ref())
                .map_err(|e| format!("{}: {e}", api.name()))?;
            prepared.push(Some(built));
        }
        Ok(prepared)
    }

    /// Loads `scenario` into every API (or only into `only`), after checking all of it.
    /// A whole-server load also resets the seed and the clock (to the scenario's start;
    /// a manual clock without one goes back to where it started), and per API the
    /// standing faults, stubs, pending jobs (outbound deliveries among them), the outbound
    /// allow-list and the journal.
    pub fn apply(&self, scenario: Scenario, only: Option<&str>) -> Result<(), String> {
        let targets = only.map(|name| vec![name.to_string()]);
        self.load(scenario, targets.as_deref())
    }

    /// [`apply`](Self::apply) to several APIs (`targets`) or all (`None`): every target
    /// builds its section first, with no lock held that any API's requests take, and
    /// nothing changes unless all of them (and the scenario's shared parts) are accepted;
    /// only then is each built world put in place, one API's lock at a time.
    fn load(&self, scenario: Scenario, targets: Option<&[String]>) -> Result<(), String> {
        let seed = self.seed_for(&scenario);
        let world = &self.world;
        let whole = targets.is_none();
        // Every API builds its world once, here, as of the instant the clock will show
        // once the scenario is applied; nothing changes unless all of them accept.
        let manual = world.clock.reading().mode == crate::world::ClockMode::Manual;
        let starts_at = match scenario.clock.start {
            Some(start) if whole => start,
            None if whole && manual => self.initial_start,
            _ => world.clock.now(),
        };
        let at = Arc::new(Clock::new(starts_at, ClockMode::Manual, 1.0));
        // Built where it takes CPU from requests last (`low_priority`), once there are
        // requests: the first load (start-up, a new world) builds at full speed.
        let build = || self.prepare(&scenario, &at, targets);
        let mut prepared = if self.loaded.load(std::sync::atomic::Ordering::Relaxed) {
            crate::world::low_priority::run(build)?
        } else {
            build()?
        };
        if whole {
            world.set_seed(seed);
            match scenario.clock.start {
                Some(start) => {
                    world.clock.set(start);
                }
                None if manual => {
                    world.clock.set(self.initial_start);
                }
                None => {}
            }
        }
        // `None` clears everything at once; otherwise each target's share.
        let scopes: Vec<Option<&str>> = match targets {
            None => vec![None],
            Some(names) => names.iter().map(|n| Some(n.as_str())).collect(),
        };
        for &only in &scopes {
            world.scheduler.cancel(only);
        }
        // Before any API loads: what a load schedules belongs to the new epoch.
        let allow = crate::world::AllowList::parse(&scenario.outbound.allow_hosts)?;
        let apis = self.apis();
        let targeted = |name: &str| targets.is_none_or(|t| t.iter().any(|n| n == name));
        for api in apis.iter().filter(|a| targeted(a.name())) {
            world.outbound.reset(api.name(), allow.clone());
        }
        for &only in &scopes {
            world.faults.clear(only);
            world.stubs.clear(only);
            world.faults.reseed(only, seed);
            for fault in &scenario.faults {
                if only.is_none_or(|name| fault.api.as_deref().is_none_or(|a| a == name)) {
                    let mut fault = fault.clone();
                    if fault.api.is_none() {
                        fault.api = only.map(str::to_string);
                    }
                    world.faults.add(fault).map_err(|e| format!("fault: {e}"))?;
                }
            }
        }
        for (api, built) in apis.iter().zip(prepared.iter_mut()) {
            let Some(built) = built.take() else { continue };
            let ctx = api.ctx(world);
            let section = Self::section(&scenario, api.name(), seed);
            // Built with another seed (one API reloaded from a scenario whose seed differs
            // from the world's): loaded afresh with the world's, as before.
            let built = if ctx.seed == seed { built } else { Prepared::nothing() };
            api.behaviour.install(&ctx, section.as_ref(), built).map_err(|e| format!("{}: {e}", api.name()))?;
        }
        for &only in &scopes {
            world.journal.clear(only);
        }
        self.loaded.store(true, std::sync::atomic::Ordering::Relaxed);
        if whole {
            *self.scenario.write() = scenario;
        }
        Ok(())
    }

    /// Back to the loaded scenario (everything, or one API).
    pub fn reset(&self, only: Option<&str>) -> Result<(), String> {
        self.apply(self.scenario(), only)
    }

    /// Whether `runtime`, a new contract for one of this server's APIs over that API's
    /// behaviour, accepts the API's section of the loaded scenario. Changes nothing.
    pub(crate) fn check_api(&self, runtime: &ApiRuntime) -> Result<(), String> {
        let scenario = self.scenario();
        let seed = self.seed_for(&scenario);
        let at = Arc::new(Clock::new(self.world.clock.now(), ClockMode::Manual, 1.0));
        let mut ctx = runtime.ctx(&self.world);
        ctx.seed = seed;
        ctx.clock = &at;
        runtime.behaviour.prepare(&ctx, Self::section(&scenario, runtime.name(), seed).as_ref()).map(drop)
    }

    /// Puts `runtime` in the place of the API of its name, whose state is then rebuilt from
    /// the loaded scenario (as a reset of that API): what a reloaded spec does. Check it
    /// first with [`check_api`](Self::check_api).
    pub(crate) fn replace_api(&self, runtime: Arc<ApiRuntime>) -> Result<(), String> {
        let name = runtime.name().to_string();
        {
            let mut apis = self.apis.write();
            let slot = apis.iter_mut().find(|a| a.name() == name).ok_or_else(|| format!("no API named '{name}'"))?;
            *slot = runtime;
        }
        self.apply(self.scenario(), Some(&name))
    }

    /// Makes `scenario` the loaded one, reloading what its edit changed (see
    /// `world::scenario_edit`): nothing for new words, the APIs whose sections changed, or
    /// everything when what the world shares changed. The names of what was reloaded.
    pub(crate) fn reload_scenario(&self, scenario: Scenario) -> Result<Vec<String>, String> {
        use crate::world::scenario_edit::{Edit, edit};
        match edit(&self.scenario(), &scenario) {
            Edit::Whole => {
                self.apply(scenario, None)?;
                Ok(vec!["everything".into()])
            }
            Edit::Apis(names) => {
                // The changed sections are built together, and the whole scenario checked,
                // before any API changes: a refused edit leaves every API as it was.
                self.load(scenario.clone(), Some(&names))?;
                *self.scenario.write() = scenario;
                Ok(names)
            }
            Edit::Words => {
                *self.scenario.write() = scenario;
                Ok(Vec::new())
            }
        }
    }

    /// Writes every API's state (or one API's) as `{"apis": {name: snapshot, …}}`.
    pub fn export_state(&self, only: Option<&str>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"{\"apis\":{")?;
        for (i, api) in self.apis().iter().filter(|a| only.is_none_or(|n| n == a.name())).enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, api.name())?;
            out.write_all(b":")?;
            api.behaviour.export_state(out)?;
        }
        out.write_all(b"}}")
    }

    /// Restores snapshots taken by `export_state`, all or nothing: every snapshot is
    /// read and checked (`prepare_state`) before any is put in place (`install_state`),
    /// and each is read once.
    /// Turning a big snapshot into state is heavy: it runs at low priority, as a build.
    pub fn import_state(&self, snapshots: &BTreeMap<&str, &Value>) -> Result<(), String> {
        crate::world::low_priority::run(|| {
            let mut prepared = Vec::with_capacity(snapshots.len());
            for (name, snapshot) in snapshots {
                let api = self.api(name).ok_or_else(|| format!("no API named '{name}'"))?;
                let built =
                    api.behaviour.prepare_state(&api.ctx(&self.world), snapshot).map_err(|e| format!("{name}: {e}"))?;
                prepared.push((api, *snapshot, built));
            }
            for (api, snapshot, built) in prepared {
                let name = api.name().to_string();
                api.behaviour
                    .install_state(&api.ctx(&self.world), snapshot, built)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Ok(())
        })
    }

    /// The composed JSON Schema of scenario files for these APIs.
    pub fn scenario_schema(&self) -> Value {
        let sections = self.apis().iter().map(|a| (a.name().to_string(), a.behaviour.scenario_schema())).collect();
        Scenario::json_schema(&sections)
    }
}
