//! Kolega's world as typed state, and every rule that changes it. Nothing here knows how
//! a scenario is written (`load/`), how a response reads (`views/`) or what a request
//! asks (`handlers/`); those three build on this, never the other way round.
//!
//! - `state` is the world: organisations with their keys, records, event log, quota
//!   counters and indexes, plus the due work. Its records are `repository`, `batch`,
//!   `finding` and `fix`, in the `vocabulary` of Kolega's own client.
//! - Nothing time changes is stored. A batch and a fix keep the plan they were created
//!   with (`batch_plan`, `fix_run::plan`, durations from `timing`), and `progress`
//!   (batches) and `fix_run` (fixes) derive their state from that plan and the clock.
//! - What must happen once (a batch's findings appearing, a fix run's events) is due work
//!   that `catch_up` runs, in time order, before a request acts: `detect` decides what a
//!   scan finds, `scan_outcome` what a finished scan does to the findings (new,
//!   re-detected, reopened, resolved), `fix_lifecycle` writes what a fix's steps record,
//!   `pull_request` when a fix's pull request fails to open or update, or is merged.
//! - `events` is the audit log and its indexes; `finding_index` buckets a repository's
//!   findings for the filtered list; neither is serialised, both are rebuilt after a load
//!   or an import (whose data `snapshot` checks first).
//! - `rules` reads the shared security catalog in Kolega's words; a finding stores its
//!   rule's index there.
//! - `device` holds the pairings devices ask for (RFC 8628); `pairing` approves, denies
//!   and answers a device's polls, issuing an organisation a key on approval.
//! - `quota` counts what an organisation may still spend; `ids` derives ids and draws
//!   from what they belong to, so they do not depend on request order.

pub(crate) mod batch;
pub(crate) mod batch_plan;
pub(crate) mod catch_up;
pub(crate) mod detect;
pub(crate) mod device;
pub(crate) mod events;
pub(crate) mod finding;
pub(crate) mod finding_index;
pub(crate) mod fix;
pub(crate) mod fix_lifecycle;
pub(crate) mod fix_run;
pub(crate) mod ids;
pub(crate) mod pairing;
pub(crate) mod progress;
pub(crate) mod pull_request;
pub(crate) mod quota;
pub(crate) mod repository;
pub(crate) mod rules;
pub(crate) mod scan_outcome;
pub(crate) mod snapshot;
pub(crate) mod state;
pub(crate) mod timing;
mod vocabulary;
pub(crate) mod work;

pub(crate) use vocabulary::{
    BatchStatus, EventType, FindingStatus, FixStatus, Provider, QuotaType, ScanStatus, ScanType, Scope, Severity,
};
