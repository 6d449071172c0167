//! Fields of one object that read best in order: timestamps by rank, integer ranges.

/// Timestamps that read best in this order within one object (lower rank first).
pub(crate) const TIME_RANKS: &[(&str, u8)] = &[
    ("start", 0),
    ("period_start", 0),
    ("window_start", 0),
    ("since", 0),
    ("created_at", 0),
    ("queued_at", 1),
    ("submitted_at", 1),
    ("first_detected_at", 1),
    ("first_seen_at", 1),
    ("started_at", 2),
    ("last_detected_at", 3),
    ("last_seen_at", 3),
    ("completed_at", 4),
    ("finished_at", 4),
    ("ended_at", 4),
    ("resolved_at", 5),
    ("closed_at", 5),
    ("dismissed_at", 5),
    ("fixed_at", 5),
    ("merged_at", 5),
    ("updated_at", 6),
    ("last_used_at", 6),
    ("last_login_at", 6),
    ("last_ingested_at", 6),
    ("last_scan_at", 6),
    ("last_seen", 6),
    ("expires_at", 7),
    ("end", 7),
    ("period_end", 7),
    ("window_end", 7),
    ("until", 7),
];

/// Integer pairs where the second is usually the first or a little after it.
pub(crate) const RANGE_PAIRS: &[(&str, &str)] = &[
    ("start_line", "end_line"),
    ("line_start", "line_end"),
    ("line", "end_line"),
    ("files_scanned", "files_total"),
    ("scanned_files", "total_files"),
];
