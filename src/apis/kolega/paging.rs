//! Kolega's pagination: `skip` / `limit` in. The contract has already checked the bounds
//! (and applied the defaults) by the time a handler reads them.

use crate::contract::ValidatedRequest;

/// `(skip, limit)` of a list request.
pub(crate) fn window(request: &ValidatedRequest, default_limit: usize) -> (usize, usize) {
    let skip = request.query_i64("skip").and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
    let limit = request.query_i64("limit").and_then(|v| usize::try_from(v).ok()).unwrap_or(default_limit);
    (skip, limit)
}
