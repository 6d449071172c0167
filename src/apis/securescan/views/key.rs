//! `ApiKeyView` and `ApiKeyCreated`: a key's record (never its secret), and the one
//! answer that shows the whole key.

use serde::Serialize;

use crate::apis::securescan::model::keys::ApiKey;
use crate::apis::securescan::model::time::naive;

#[derive(Debug, Serialize)]
pub(crate) struct KeyView<'a> {
    id: &'a str,
    name: &'a str,
    prefix: &'a str,
    scopes: Vec<&'static str>,
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

impl<'a> KeyView<'a> {
    pub(crate) fn new(key: &'a ApiKey) -> KeyView<'a> {
        KeyView {
            id: &key.id,
            name: &key.name,
            prefix: key.prefix(),
            scopes: key.scopes.iter().map(|s| s.as_str()).collect(),
            created_at: naive(key.created_at),
            last_used_at: key.last_used_at.map(naive),
            revoked_at: key.revoked_at.map(naive),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CreatedKeyView<'a> {
    #[serde(flatten)]
    view: KeyView<'a>,
    key: &'a str,
}

impl<'a> CreatedKeyView<'a> {
    pub(crate) fn new(key: &'a ApiKey) -> CreatedKeyView<'a> {
        CreatedKeyView { view: KeyView::new(key), key: &key.key }
    }
}
