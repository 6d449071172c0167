//! Harness tests (issue 16): what a test suite in any language leans on — stubs through
//! the admin API and the Rust builder, the Rust conveniences, the binary run from
//! anywhere.

mod anywhere;
mod completions;
mod conveniences;
mod docker;
mod https;
mod reload;
mod stubs;
mod stubs_rust;
