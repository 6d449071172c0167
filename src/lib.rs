//! secmock: a stateful, contract-validating mock of security-scanning APIs.
#![doc = include_str!("../README.md")]

pub mod admin;
pub mod apis;
pub mod config;
pub mod contract;
pub mod docs;
pub mod engine;
pub mod generate;
mod mock_server;
mod reply;
pub mod server;
pub mod spec;
pub mod startup;
pub mod telemetry;
mod transport;
pub mod world;

pub use config::Config;
pub use mock_server::{MockServer, MockServerBuilder};
pub use reply::{Answer, Body, Refusal, Reply};
