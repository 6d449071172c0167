//! `GET /api/v1/quotas/balance`, and Kolega's quota refusal.

use jiff::Timestamp;

use super::errors;
use super::model::quota::QuotaExceeded;
use super::model::state::Organization;
use super::views::quota::QuotaBalanceView;
use crate::reply::Reply;

/// Kolega's quota refusal: 403 with the envelope its client reads `quota_type` from.
pub(crate) fn refused(r: QuotaExceeded) -> Reply {
    let q = r.quota.as_str();
    let message = if r.needed > 1 && r.remaining > 0 {
        format!("Quota exceeded for {q}: {} needed, {} remaining in the current period", r.needed, r.remaining)
    } else {
        format!("Quota exceeded for {q}: {} remaining in the current period", r.remaining)
    };
    errors::envelope(403, &message, "OPERATION_FAILED", Some(q))
}

/// `GET /api/v1/quotas/balance`.
pub(crate) fn balance(org: &Organization, now: Timestamp) -> Reply {
    Reply::json(200, QuotaBalanceView::new(&org.quota, now, org.repositories_in_use()))
}
