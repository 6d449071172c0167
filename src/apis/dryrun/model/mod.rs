//! DryRun's world as data and what it means at an instant. `state` holds everything (one
//! serde value, the snapshot format); `account`, `scan`, `finding` and `configuration` are
//! its parts; `settings` merges a request's settings into stored ones. Time is never
//! pushed: `timeline` derives a scan's phase from its timestamps and the clock, `verdict`
//! what a completed PR scan concludes, `reports` which scan reports a finding as of an
//! instant, `lifespan` when each finding was open (what the digest counts). `index`
//! holds the lookups (built by `indexing`) that keep requests from
//! scanning everything, and `listing` what `all_findings` keeps between requests; `entity` names one stored thing by kind and position.
//!
//! Nothing here imports the loading, view or handler layers: they all build on this.

pub(crate) mod account;
pub(crate) mod configuration;
pub(crate) mod description;
pub(crate) mod entity;
pub(crate) mod finding;
pub(crate) mod id_map;
pub(crate) mod index;
pub(crate) mod indexing;
pub(crate) mod lifespan;
pub(crate) mod listing;
pub(crate) mod listing_memo;
pub(crate) mod reports;
pub(crate) mod scan;
pub(crate) mod settings;
pub(crate) mod state;
pub(crate) mod summary;
pub(crate) mod timeline;
pub(crate) mod verdict;
