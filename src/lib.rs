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
//! what a handler returns; and the scenario types. The modules below it are secmock's
//! own machinery: the binary, the benchmarks and the tests reach into them, but they are
//! not a stable interface and are hidden from the documentation.

#[doc(hidden)]
pub mod admin;
#[doc(hidden)]
pub mod apis;
#[doc(hidden)]
pub mod bundled;
mod catalog;
pub mod config;
#[doc(hidden)]
pub mod conformance;
pub mod contract;
#[doc(hidden)]
pub mod docs;
#[doc(hidden)]
pub mod engine;
mod formats;
mod fragments;
#[doc(hidden)]
pub mod generate;
mod mock_server;
#[doc(hidden)]
pub mod proxy;
pub mod probe;
mod reply;
#[doc(hidden)]
pub mod server;
pub mod spec;
#[doc(hidden)]
pub mod startup;
#[doc(hidden)]
pub mod telemetry;
mod transport;
pub mod world;

pub use config::Config;
pub use mock_server::{MockServer, MockServerBuilder, Stub};
pub use reply::{Answer, Body, Refusal, Reply};
pub use world::{ApiScenario, Auth, Behaviour, Call, ClockMode, Ctx, Handlers, Identity, Scenario};
