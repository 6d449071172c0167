//! Typed responses: each answer is a `#[derive(Serialize)]` struct that borrows from the
//! model (`&'a str` where the model holds the text) and is built complete, never patched
//! after; a view that extends another embeds it with `#[serde(flatten)]`. `Reply::json`
//! writes a view straight to the bytes that are validated and sent, so field order here
//! is the order on the wire, and an `Option` field is always present (null when empty)
//! unless it says otherwise.
//!
//! Model enums (severities, kinds, statuses, triage categories) and small model values
//! (`Location`, `AnalyzerSetting`) are shown as they serialise: their serde names are the
//! API's. Views build on the model only.

pub(crate) mod account;
pub(crate) mod assignment;
pub(crate) mod configuration;
pub(crate) mod conformance;
pub(crate) mod envelope;
pub(crate) mod finding;
pub(crate) mod insights;
mod links;
pub(crate) mod scan;
pub(crate) mod triage;
pub(crate) mod unified;
