//! Worlds of a [`MockServer`](super::MockServer): one server, many isolated worlds (each
//! its own scenario, state, clock, journal, faults and stubs), for tests that share one
//! process but must not see each other.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::MockServer;
use crate::server::{WorldEntry, WorldSpec};
use crate::world::journal::ViolationRecord;
use crate::world::{ClockSpan, JournalEntry, JournalFilter, World};

/// One world of a running [`MockServer`], with the same conveniences as the server's
/// default world. Its URLs carry the world's `/w/{name}` prefix, so any client that takes
/// a base URL talks to this world only.
///
/// ```
/// # #[tokio::main] async fn main() {
/// let server = secmock::MockServer::start().await;
/// let ci = server.create_world(Some("ci-1"), None).expect("a new world");
/// assert!(ci.url("kolega").ends_with("/w/ci-1"));
/// ci.advance("1h").await;
/// assert!(server.named_world("ci-1").is_some());
/// # }
/// ```
#[derive(Clone)]
pub struct MockWorld {
    entry: Arc<WorldEntry>,
    urls: BTreeMap<String, String>,
}

impl std::fmt::Debug for MockWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockWorld").field("name", &self.entry.name).field("urls", &self.urls).finish()
    }
}

impl MockWorld {
    fn of(entry: Arc<WorldEntry>) -> MockWorld {
        let urls = entry.server.urls();
        MockWorld { entry, urls }
    }

    pub fn name(&self) -> &str {
        &self.entry.name
    }

    /// An API's base URL in this world (`http://127.0.0.1:PORT/w/NAME`).
    ///
    /// # Panics
    /// If no API has that name.
    pub fn url(&self, api: &str) -> String {
        self.urls.get(api).cloned().unwrap_or_else(|| panic!("no API named '{api}' (have: {:?})", self.urls.keys()))
    }

    /// Every API's base URL in this world, by name.
    pub fn urls(&self) -> &BTreeMap<String, String> {
        &self.urls
    }

    /// The world's clock, scheduler, journal, faults and stubs.
    pub fn world(&self) -> &Arc<World> {
        &self.entry.server.world
    }

    /// Moves this world's clock forward (see [`MockServer::advance`]).
    pub async fn advance(&self, by: impl ClockSpan) -> usize {
        super::advance(self.world(), by).await
    }

    /// Back to this world's scenario (see [`MockServer::reset`]).
    ///
    /// # Panics
    /// If the scenario no longer loads, which cannot happen to one that loaded.
    pub fn reset(&self) {
        if let Err(e) = self.entry.server.reset(None) {
            panic!("secmock: the world's scenario no longer loads: {e}");
        }
    }

    /// Every request this world's journal holds, newest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.world().journal.entries(&JournalFilter::default())
    }

    /// This world's contract violations, newest first; looking at them counts as
    /// reporting them (see [`MockServer::violations`]).
    pub fn violations(&self) -> Vec<ViolationRecord> {
        let journal = &self.world().journal;
        journal.acknowledge_violations();
        journal.violations(None, None)
    }
}

impl MockServer {
    /// Creates a world (`POST /worlds`): `name` (else one is made up) loaded with
    /// `scenario` (a name in the scenarios folder or a file; else the server's own).
    pub fn create_world(&self, name: Option<&str>, scenario: Option<&str>) -> Result<MockWorld, String> {
        let scenario = match scenario {
            Some(name) => Some(self.server.library.load_name_or_file(name).map_err(|e| e.to_string())?),
            None => None,
        };
        let spec = WorldSpec { name: name.map(str::to_string), scenario, ..WorldSpec::default() };
        self.worlds.create(spec).map(MockWorld::of).map_err(|e| e.to_string())
    }

    /// A world by name (`"default"` is the server's own).
    pub fn named_world(&self, name: &str) -> Option<MockWorld> {
        self.worlds.get(name).map(MockWorld::of)
    }

    /// Deletes a named world (its jobs stop); whether there was one.
    pub fn delete_world(&self, name: &str) -> bool {
        self.worlds.remove(name).is_some()
    }

    /// Unreported contract violations in the worlds besides the default one, as lines for
    /// the failure a dropped server reports.
    pub(super) fn unreported_in_worlds(&self) -> Vec<String> {
        let mut found = Vec::new();
        for world in self.worlds.list().iter().filter(|w| !w.is_default()) {
            let journal = &world.server.world.journal;
            if journal.unreported_violations() > 0 {
                found.extend(
                    journal
                        .violations(None, None)
                        .iter()
                        .map(|v| format!("  [{}] {} {}: {}", world.name, v.method, v.path, v.violation)),
                );
            }
        }
        found
    }
}
