//! `GET /api/v1/me`: who the key belongs to.

use super::Op;
use crate::apis::kolega::errors;
use crate::apis::kolega::views::me::MeView;
use crate::reply::{Answer, Reply};

pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let key_id = op.key_id();
    let org = op.org_ref();
    let key = org.keys.iter().find(|k| k.id == key_id).ok_or_else(|| errors::invalid_key(op.ctx()))?;
    Ok(Reply::json(200, MeView::new(org, key, op.call.now)))
}
