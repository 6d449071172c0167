//! A stored thing named by its kind and position, for code that must say "that account" or
//! "that finding" without holding a borrow of the state: loading lists what the scenario
//! wrote this way, so that each can be rendered and checked against the contract once
//! the whole world exists.

/// One stored thing: its kind, and its position in the state's list of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Account(usize),
    Repository(usize),
    Policy(usize),
    Analyzer(usize),
    Configuration(usize),
    PrScan(usize),
    DeepScan(usize),
    Finding(usize),
}
