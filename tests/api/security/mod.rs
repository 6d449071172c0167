//! The admin plane as an attacker or a careless CI job would meet it: scenario names that
//! are paths, callers from other hosts and origins, scoped mounts that must stay scoped,
//! a journal flooded with huge headers, and big admin operations beside live traffic.

mod admin_access;
mod big_admin;
mod journal_budget;
mod scenario_names;
mod scoped_mounts;
