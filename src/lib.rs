//! secmock: a stateful, contract-validating mock of security-scanning APIs.
#![doc = include_str!("../README.md")]
//!
//! # The library
//!
//! What a test suite needs, and nothing else, is documented here:
//! [`MockServer`] and its [`MockServerBuilder`] (start every API on ephemeral ports,
//! give one test an odd answer with a [`Stub`],
//! move the clock, reset, read violations; a dropped server fails the test when a
//! contract violation went unreported); [`Handlers`], [`Call`] and [`Behaviour`] to give
//! your own spec a behaviour by `operationId`; [`Reply`], [`Refusal`] and [`Answer`] for
//! what a handler returns; and the scenario types; [`spec`], [`contract`] and [`world`]
//! for reading a contract and validating against it. The rest (the engine, start-up, the
//! server, the admin plane, each API's behaviour) is private; the command line is
//! [`cli`] (the `cli` feature), which the `secmock` binary runs.

mod admin;
mod apis;
mod bundled;
mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
mod conformance;
pub mod contract;
mod docs;
mod engine;
mod formats;
mod fragments;
mod generate;
mod memo;
mod mock_server;
#[cfg(feature = "cli")]
mod probe;
mod proxy;
mod reload;
mod reply;
mod server;
pub mod spec;
mod startup;
// Logging is set up by the command line; without it the library only reads the count of
// dropped lines (for the admin API).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
mod telemetry;
mod transport;
pub mod world;

pub use config::Config;
pub use engine::CorsPolicy;
pub use mock_server::{MockServer, MockServerBuilder, MockWorld, Stub};
pub use reply::{Answer, Body, Refusal, Reply};
pub use world::{ApiScenario, Auth, Behaviour, Call, ClockMode, Ctx, Handlers, Identity, Scenario};

/// What secmock's own benchmarks, fuzz targets and tests reach into. Not an interface:
/// it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::admin::spec as admin_spec;
    pub use crate::server::Server;
    pub use crate::startup::{Application, assemble, builtin_behaviours, derived_port};

    /// The contract test runner (`secmock test`).
    pub mod conformance {
        pub use crate::conformance::{CaseResult, Outcome, Report, RunOptions, run};
    }

    /// Generating answers from the contract.
    pub mod generate {
        pub use crate::generate::{Prefer, Request, respond};
    }
}
