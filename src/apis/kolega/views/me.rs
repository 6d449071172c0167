//! `GET /api/v1/me`: the caller's organisation, its key (never the secret, only its
//! prefix) and the current billing period.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::kolega::model::Scope;
use crate::apis::kolega::model::state::{ApiKey, Organization};

#[derive(Debug, Serialize)]
pub(crate) struct MeView<'a> {
    organization_id: &'a str,
    organization_name: &'a str,
    organization_slug: &'a str,
    api_key: ApiKeyView<'a>,
    period_start: Timestamp,
    period_end: Timestamp,
}

#[derive(Debug, Serialize)]
struct ApiKeyView<'a> {
    id: &'a str,
    name: &'a str,
    key_prefix: String,
    scopes: &'a [Scope],
}

impl<'a> MeView<'a> {
    pub(crate) fn new(org: &'a Organization, key: &'a ApiKey, now: Timestamp) -> MeView<'a> {
        let period = org.quota.period(now);
        MeView {
            organization_id: &org.id,
            organization_name: &org.name,
            organization_slug: &org.slug,
            api_key: ApiKeyView { id: &key.id, name: &key.name, key_prefix: key.prefix(), scopes: &key.scopes },
            period_start: period.start,
            period_end: period.end,
        }
    }
}
