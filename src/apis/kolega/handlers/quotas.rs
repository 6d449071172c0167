//! `GET /api/v1/quotas/balance`.

use super::Op;
use crate::apis::kolega::views::quota::QuotaBalanceView;
use crate::reply::{Answer, Reply};

pub(crate) fn balance(op: &mut Op<'_, '_>) -> Answer {
    let org = op.org_ref();
    Ok(Reply::json(200, QuotaBalanceView::new(&org.quota, op.call.now, org.repositories_in_use())))
}
