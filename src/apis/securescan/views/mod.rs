//! SecureScan's response bodies as typed views: each borrows from the model and is
//! built complete (never patched afterwards); timestamps are rendered as Python writes
//! them (`model::time::naive`).

pub(crate) mod dashboard;
pub(crate) mod finding;
pub(crate) mod key;
pub(crate) mod notification;
pub(crate) mod report;
pub(crate) mod sbom;
pub(crate) mod scan;
pub(crate) mod webhook;
