//! The types behind `listing`: one `all_findings` query without its window, and what
//! the index remembers of recent answers. Kept apart so that the index can hold them
//! without importing the code that fills them.

use std::collections::VecDeque;
use std::sync::Arc;

use jiff::Timestamp;

use super::finding::{FindingKind, Severity};

/// How many queries are remembered per world (each at most 4 bytes per finding of its
/// account); the oldest is forgotten first.
pub(crate) const REMEMBERED: usize = 8;

/// One `all_findings` query, without its `days` window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FindingFilter {
    pub(crate) account: usize,
    pub(crate) kind: Option<FindingKind>,
    pub(crate) repository: Option<usize>,
    /// The severities asked for, one bit each (`severity_bit`); 0 is any.
    pub(crate) severities: u8,
    pub(crate) branch: Option<String>,
    pub(crate) all_results: bool,
}

impl FindingFilter {
    /// The bit of a severity in `severities`. Slots hold the four-level severity, so
    /// asking for `error` alone matches nothing, as it did before the memo.
    pub(crate) fn severity_bit(severity: Severity) -> u8 {
        match severity {
            Severity::Critical => 1,
            Severity::High => 2,
            Severity::Medium => 4,
            Severity::Low => 8,
            Severity::Error => 16,
        }
    }
}

/// A remembered answer: positions in `index.slots[account]`, newest first.
#[derive(Debug)]
pub(crate) struct Listed {
    pub(crate) filter: FindingFilter,
    pub(crate) from: Timestamp,
    pub(crate) until: Timestamp,
    pub(crate) positions: Arc<[u32]>,
}

#[derive(Debug, Default)]
pub(crate) struct ListingMemo {
    pub(crate) listed: VecDeque<Listed>,
    /// Every scan's `finished_at`, sorted: the events other than findings appearing.
    /// Built on first use (a world nobody lists pays nothing).
    pub(crate) finishes: Option<Vec<Timestamp>>,
}
