//! Hot reload (`--watch`): the spec files a server was started from, and the file of the
//! scenario each world has loaded, are watched; an edit that loads takes effect in place, one that
//! does not keeps the version before it and logs why.
//!
//! - **A spec changed**: its API's contract (routes, validation, examples, the served
//!   document and docs pages) is replaced, in every world. That API's state is rebuilt from
//!   the loaded scenario, as `POST /reset?api=` would: it was built against the old
//!   contract. Every other API keeps its state, and the clock and journal go on.
//! - **The loaded scenario's file changed**: the APIs whose section changed are reloaded
//!   from it, or everything (clock and seed included) when its clock, seed, faults or
//!   outbound settings changed; later resets return to the new version.
//! - A spec file that now names another API, and new spec files, need a restart (a new API
//!   needs a port of its own): that is logged. Shipped specs and scenarios are in the
//!   binary and never change.
//!
//! Files are polled (see `files`) rather than watched through file-system events, so edits
//! are seen on any file system: bind mounts into a container, network shares, and editors
//! that save by renaming a new file over the old one.

mod files;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::server::{WorldEntry, Worlds};
use crate::spec::ApiSpec;
use crate::world::Scenario;

/// How often files are looked at. A change is acted on once it has held still for one
/// look, so an edit takes effect within two.
pub(crate) const POLL: Duration = Duration::from_millis(250);

/// Watches the spec files and each world's loaded scenario's file until `stopped` completes.
pub(crate) async fn watch(worlds: Arc<Worlds>, stopped: impl std::future::Future<Output = ()>) {
    let mut watcher = Watcher::new(&worlds);
    if watcher.files.is_empty() {
        tracing::warn!(
            "--watch: nothing to watch (the specs and scenario are the ones built into the binary); \
             name your files with --specs and --scenario to have edits reloaded"
        );
    }
    let mut ticks = tokio::time::interval(POLL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            _ = ticks.tick() => {
                let worlds = worlds.clone();
                // Reading files and rebuilding a world are blocking work: off the async workers.
                let outcome = tokio::task::spawn_blocking(move || {
                    watcher.look(&worlds);
                    watcher
                });
                match outcome.await {
                    Ok(next) => watcher = next,
                    Err(_) => {
                        tracing::error!("--watch: the watcher stopped; edits are no longer reloaded");
                        return;
                    }
                }
            }
        }
    }
}

/// The files watched and which API each spec file is.
#[derive(Debug)]
struct Watcher {
    files: files::Files,
    /// Spec file → the API it was when the server started.
    specs: Vec<(PathBuf, String)>,
}

impl Watcher {
    fn new(worlds: &Worlds) -> Watcher {
        let mut watcher = Watcher { files: files::Files::default(), specs: Vec::new() };
        for api in worlds.default_world().server.apis() {
            let file = &api.spec.file;
            if !file.starts_with(crate::bundled::BUNDLED_SPECS) {
                watcher.files.watch(file);
                watcher.specs.push((file.clone(), api.name().to_string()));
            }
        }
        watcher.follow_scenarios(worlds);
        watcher
    }

    /// Starts watching the file of each world's loaded scenario (a world may have loaded
    /// another through the admin API, and worlds come and go).
    fn follow_scenarios(&mut self, worlds: &Worlds) {
        for world in worlds.list() {
            if let Some(origin) = world.server.scenario_origin()
                && !self.files.is_watched(&origin)
            {
                self.files.watch(&origin);
            }
        }
    }

    /// One look: reloads what changed.
    fn look(&mut self, worlds: &Arc<Worlds>) {
        self.follow_scenarios(worlds);
        for file in self.files.poll() {
            if let Some((_, api)) = self.specs.iter().find(|(path, _)| *path == file) {
                reload_spec(worlds, api, &file);
                continue;
            }
            let loading: Vec<Arc<WorldEntry>> = worlds
                .list()
                .into_iter()
                .filter(|world| world.server.scenario_origin().as_deref() == Some(file.as_path()))
                .collect();
            if !loading.is_empty() {
                reload_scenario(&loading, &file);
            }
        }
    }
}

/// Loads the spec at `file` and puts it in `api`'s place, or logs why not.
fn reload_spec(worlds: &Arc<Worlds>, api: &str, file: &std::path::Path) {
    let spec = match ApiSpec::load(file) {
        Ok(spec) => spec,
        Err(e) => {
            tracing::warn!(api, "--watch: {e}; still serving the version loaded before");
            return;
        }
    };
    if spec.name != api {
        tracing::warn!(
            api,
            "--watch: {} now names the API '{}'; a renamed API needs a restart (still serving the version loaded before)",
            file.display(),
            spec.name
        );
        return;
    }
    match worlds.replace_spec(Arc::new(spec)) {
        Ok(()) => tracing::info!(api, "--watch: reloaded {}; its state was rebuilt from the scenario", file.display()),
        Err(e) => tracing::warn!(api, "--watch: {}: {e}; still serving the version loaded before", file.display()),
    }
}

/// Reads the scenario at `file` once and applies what changed in it to each world that
/// has it loaded, or logs why not.
fn reload_scenario(worlds: &[Arc<WorldEntry>], file: &std::path::Path) {
    let scenario = match Scenario::from_file(file) {
        Ok(scenario) => scenario,
        Err(e) => {
            tracing::warn!("--watch: {e}; the scenario loaded before stays");
            return;
        }
    };
    for world in worlds {
        let name = &world.name;
        match world.server.reload_scenario(scenario.clone()) {
            Ok(reloaded) if reloaded.is_empty() => {}
            Ok(reloaded) => {
                tracing::info!(world = %name, "--watch: reloaded {} ({})", file.display(), reloaded.join(", "))
            }
            Err(e) => {
                tracing::warn!(world = %name, "--watch: {}: {e}; the scenario loaded before stays", file.display())
            }
        }
    }
}
