//! Kolega's pagination: `skip` / `limit` in, `{items, total, limit, skip, has_next}` out.
//! The contract has already checked the bounds (and applied the defaults) by the time a
//! handler reads them.

use serde_json::{Value, json};

use crate::contract::ValidatedRequest;

/// `(skip, limit)` of a list request.
pub(crate) fn window(request: &ValidatedRequest, default_limit: usize) -> (usize, usize) {
    let skip = request.query_i64("skip").and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
    let limit = request.query_i64("limit").and_then(|v| usize::try_from(v).ok()).unwrap_or(default_limit);
    (skip, limit)
}

/// The paginated wrapper around one page of `items` out of `total`.
pub(crate) fn page(items: Vec<Value>, total: usize, skip: usize, limit: usize) -> Value {
    let has_next = skip.saturating_add(items.len()) < total;
    json!({"items": items, "total": total, "limit": limit, "skip": skip, "has_next": has_next})
}

/// Pages an already ordered, already filtered list.
pub(crate) fn slice<T>(all: &[T], skip: usize, limit: usize) -> &[T] {
    let start = skip.min(all.len());
    let end = start.saturating_add(limit).min(all.len());
    &all[start..end]
}
