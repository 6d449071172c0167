//! Tokens, the current user and API keys.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::login::Issued;
use crate::apis::platform::model::session::{ACCESS_TTL, REFRESH_TTL};
use crate::apis::platform::model::state::{ApiKey, User};
use crate::apis::platform::model::{Group, Scope};

#[derive(Debug, Serialize)]
pub(crate) struct TokenPairView<'a> {
    access_token: &'a str,
    refresh_token: &'a str,
    token_type: &'static str,
    expires_in: i64,
    refresh_expires_in: i64,
}

impl<'a> TokenPairView<'a> {
    pub(crate) fn new(issued: &'a Issued) -> Self {
        TokenPairView {
            access_token: &issued.access_token,
            refresh_token: &issued.refresh_token,
            token_type: "bearer",
            expires_in: ACCESS_TTL.as_secs(),
            refresh_expires_in: REFRESH_TTL.as_secs(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct UserView<'a> {
    id: &'a str,
    email: &'a str,
    full_name: Option<&'a str>,
    groups: &'a [Group],
    scopes: &'a [Scope],
    auth_method: &'static str,
    api_key_id: Option<&'a str>,
    is_active: bool,
    created_at: Timestamp,
    last_login_at: Option<Timestamp>,
}

impl<'a> UserView<'a> {
    /// The user as seen through a credential: its scopes, and the key when it is one.
    pub(crate) fn new(user: &'a User, scopes: &'a [Scope], key: Option<&'a str>) -> Self {
        UserView {
            id: &user.id,
            email: &user.email,
            full_name: user.full_name.as_deref(),
            groups: &user.groups,
            scopes,
            auth_method: if key.is_some() { "api_key" } else { "jwt" },
            api_key_id: key,
            is_active: user.is_active,
            created_at: user.created_at,
            last_login_at: user.last_login_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ApiKeyView<'a> {
    id: &'a str,
    name: &'a str,
    prefix: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    scopes: &'a [Scope],
    created_at: Timestamp,
    expires_at: Option<Timestamp>,
    last_used_at: Option<Timestamp>,
}

impl<'a> ApiKeyView<'a> {
    /// As listed: without the secret.
    pub(crate) fn listed(k: &'a ApiKey) -> Self {
        ApiKeyView {
            id: &k.id,
            name: &k.name,
            prefix: k.prefix(),
            key: None,
            scopes: &k.scopes,
            created_at: k.created_at,
            expires_at: k.expires_at,
            last_used_at: k.last_used_at,
        }
    }

    /// Just created: the one time the secret is shown.
    pub(crate) fn created(k: &'a ApiKey) -> Self {
        ApiKeyView { key: Some(&k.key), ..ApiKeyView::listed(k) }
    }
}
