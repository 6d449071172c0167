//! Default ranges for integer and number properties, by name.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::hint::snake_case;

/// One row of the integer table: a property name in snake case equal to one of `names` or
/// ending with one of `suffixes` takes values in `lo..=hi` when the schema gives no bounds
/// (or bounds that overlap this range).
#[derive(Debug)]
pub(crate) struct NumberRule {
    pub(crate) names: &'static [&'static str],
    pub(crate) suffixes: &'static [&'static str],
    pub(crate) lo: i64,
    pub(crate) hi: i64,
}

pub(crate) const NUMBER_RULES: &[NumberRule] = &[
    NumberRule {
        names: &[
            "line",
            "start_line",
            "end_line",
            "line_start",
            "line_end",
            "line_number",
            "column",
            "start_column",
            "end_column",
            "col",
        ],
        suffixes: &["_line", "_column"],
        lo: 1,
        hi: 400,
    },
    NumberRule { names: &["port"], suffixes: &["_port"], lo: 1024, hi: 65535 },
    NumberRule {
        names: &["pr_number", "number", "issue_number", "pull_request_number", "build_number", "run_number"],
        suffixes: &["_number"],
        lo: 1,
        hi: 3000,
    },
    NumberRule { names: &["year"], suffixes: &["_year"], lo: 2015, hi: 2025 },
    NumberRule {
        names: &["percent", "percentage", "progress", "coverage", "progress_percent"],
        suffixes: &["_percent", "_percentage", "_pct"],
        lo: 0,
        hi: 100,
    },
    NumberRule {
        names: &["size", "size_bytes", "bytes", "file_size", "content_length"],
        suffixes: &["_bytes", "_size"],
        lo: 1_024,
        hi: 5_000_000,
    },
    NumberRule {
        names: &["duration", "elapsed", "latency", "duration_ms", "elapsed_ms"],
        suffixes: &["_ms", "_millis"],
        lo: 40,
        hi: 120_000,
    },
    NumberRule {
        names: &["duration_seconds", "elapsed_seconds", "timeout", "ttl"],
        suffixes: &["_seconds", "_secs"],
        lo: 1,
        hi: 3_600,
    },
    NumberRule {
        names: &["score", "cvss", "cvss_score", "cvss_base_score", "risk_score", "base_score"],
        suffixes: &["_score"],
        lo: 0,
        hi: 10,
    },
    NumberRule { names: &["limit", "page_size", "per_page"], suffixes: &["_limit"], lo: 10, hi: 100 },
    NumberRule { names: &["skip", "offset"], suffixes: &["_offset"], lo: 0, hi: 100 },
    NumberRule { names: &["page"], suffixes: &["_page"], lo: 1, hi: 10 },
    NumberRule {
        names: &[
            "count",
            "total",
            "quantity",
            "findings",
            "critical",
            "high",
            "medium",
            "low",
            "info",
            "queued",
            "running",
            "completed",
            "failed",
            "cancelled",
            "canceled",
            "succeeded",
            "pending",
            "open",
            "resolved",
            "ignored",
            "fixed",
            "new",
            "unread",
            "retries",
            "attempts",
        ],
        suffixes: &["_count", "_total", "_findings", "_scanned", "_scans"],
        lo: 0,
        hi: 40,
    },
    NumberRule { names: &["files_total", "total_files", "file_count"], suffixes: &[], lo: 20, hi: 2_000 },
];

/// The default range of an integer (or number) property named `name`.
pub(crate) fn number_range_for(name: &str) -> Option<(i64, i64)> {
    type Range = Option<(i64, i64)>;
    static RANGES: LazyLock<Mutex<HashMap<String, Range>>> = LazyLock::new(Mutex::default);
    let mut cache = RANGES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(range) = cache.get(name) {
        return *range;
    }
    let snake = snake_case(name);
    let range = NUMBER_RULES
        .iter()
        .find(|rule| rule.names.contains(&snake.as_str()) || rule.suffixes.iter().any(|s| snake.ends_with(s)))
        .map(|rule| (rule.lo, rule.hi));
    if cache.len() < 8192 {
        cache.insert(name.to_owned(), range);
    }
    range
}
