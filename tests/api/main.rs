//! secmock's integration tests: one test binary (fast to build, shared helpers), one
//! folder per area. Every test starts real servers on ephemeral ports of 127.0.0.1.

mod architecture;
mod conformance;
mod contracts;
mod dashboard;
mod differential;
mod dryrun;
mod engine;
mod fuzz;
mod harness;
mod helpers;
mod kolega;
mod perf;
mod platform;
mod proxy;
mod robustness;
mod securescan;
mod security;
mod world;
mod worlds;
