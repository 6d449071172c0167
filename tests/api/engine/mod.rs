//! Engine tests, one file per area, all against the small fixture specs in
//! `tests/fixtures/` (`petstore-31.yaml`: 3.1, FastAPI dialect, redirects; `shop-30.yaml`:
//! 3.0.3, DryRun dialect, tolerant; `widgets-*.yaml`: one API per dialect; `broken/`: specs
//! that must not load). Servers are strict unless a test says otherwise, so a passing
//! request also proves its answer honoured the contract.

mod bad_input;
mod builtins;
mod cors;
mod deferred_schemas;
mod dialects;
mod generation;
mod loading;
mod request_bodies;
mod request_params;
mod response_validation;
mod routing;
mod security;
mod support;
