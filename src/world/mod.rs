//! The world: what persists between requests and what moves it. Time (`clock`) and what
//! happens at a time (`scheduler`), what an API sends out at a time (`outbound`) and
//! streams as time moves (`stream`), the request `journal`, injected `faults`, per-test `stubs`, and the
//! behaviour interface through which each API's state and rules plug in.

pub mod behaviour;
pub mod clock;
pub mod crud;
pub mod faults;
pub mod glob;
pub mod handlers;
pub mod journal;
pub mod limits;
pub(crate) mod low_priority;
pub mod mount;
pub mod outbound;
pub mod recording;
pub mod scenario;
pub(crate) mod scenario_edit;
pub mod scheduler;
pub mod section;
mod span;
pub mod store;
pub mod stream;
pub mod stubs;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;

pub use behaviour::{ApiScenario, Auth, Behaviour, ContractOnly, Ctx, Identity, Prepared, RequestHead, Work};
pub use clock::{Clock, ClockMode, ClockReading};
pub use crud::Crud;
pub use faults::{FaultAction, FaultSpec, Faults};
pub use handlers::{Call, Handlers, new_uuid};
pub use journal::{
    Journal, JournalEntry, JournalEvent, JournalFilter, JournalLimits, JournalResponse, JournalUpstream, JournalUsage,
    NearMiss,
};
pub use outbound::{AllowList, Attempt, DeliveryRefused, Outbound, Outgoing, Payload, RetryPolicy};
pub use recording::RecordedExchange;
pub use scenario::{Scenario, ScenarioError, ScenarioLibrary};
pub use scheduler::Scheduler;
pub use span::{ClockSpan, parse_span};
pub use store::{Imported, Store};
pub use stubs::{StubRecord, StubSpec, StubUse, Stubs};

/// Services shared by every API of one server.
#[derive(Debug)]
pub struct World {
    pub clock: Arc<Clock>,
    pub scheduler: Arc<Scheduler>,
    /// Webhooks and other deliveries, made by the scheduler.
    pub outbound: Outbound,
    pub journal: Journal,
    pub faults: Faults,
    /// Per-test answers that win over the behaviours.
    pub stubs: Stubs,
    seed: AtomicU64,
}

impl World {
    /// A world whose clock starts at `start`; its journal keeps at most `journal` entries
    /// and bytes.
    pub fn new(start: Timestamp, mode: ClockMode, scale: f64, seed: u64, journal: JournalLimits) -> World {
        let clock = Arc::new(Clock::new(start, mode, scale));
        let scheduler = Arc::new(Scheduler::new(clock.clone()));
        World {
            outbound: Outbound::new(clock.clone(), scheduler.clone()),
            scheduler,
            clock,
            journal: Journal::with_limits(journal),
            faults: Faults::new(seed),
            stubs: Stubs::default(),
            seed: AtomicU64::new(seed),
        }
    }

    /// The scenario's RNG seed.
    pub fn seed(&self) -> u64 {
        self.seed.load(Ordering::Relaxed)
    }

    pub fn set_seed(&self, seed: u64) {
        self.seed.store(seed, Ordering::Relaxed);
    }
}
