//! Logging in, refreshing, logging out, and the caller's own profile.

use serde_json::Value;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::login::{self, LoginError, RefreshError};
use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::views::auth::{TokenPairView, UserView};
use crate::reply::{Answer, Reply};
use crate::world::Call;

fn field<'a>(call: &Call<'a, PlatformState>, name: &str) -> &'a str {
    call.request.body_field(name).and_then(Value::as_str).unwrap_or_default()
}

/// `POST /v1/auth/login`: a new session and its first token pair.
pub(crate) fn login(call: &mut Call<'_, PlatformState>) -> Answer {
    let (email, password) = (field(call, "email"), field(call, "password"));
    let sid = call.uuid();
    let issued = login::login(call.state, email, password, call.now, call.rng, sid).map_err(|e| match e {
        LoginError::BadCredentials => errors::bad_login(call.ctx),
        LoginError::Disabled => errors::disabled(call.ctx),
    })?;
    Ok(Reply::json(200, TokenPairView::new(&issued)))
}

/// `POST /v1/auth/refresh`: spends the refresh token for the next pair.
pub(crate) fn refresh(call: &mut Call<'_, PlatformState>) -> Answer {
    let presented = field(call, "refresh_token");
    let issued = login::refresh(call.state, presented, call.now, call.rng).map_err(|e| match e {
        RefreshError::Invalid => errors::refresh_invalid(call.ctx),
        RefreshError::Reused => errors::refresh_reused(call.ctx),
    })?;
    Ok(Reply::json(200, TokenPairView::new(&issued)))
}

/// `POST /v1/auth/logout`: ends the access token's session (an API key has none).
pub(crate) fn logout(op: &mut Op<'_, '_>) -> Answer {
    if let Some(sid) = op.sid.clone() {
        login::end(op.call.state, &sid);
    }
    Ok(Reply::empty(204))
}

/// `GET /v1/auth/me`: the caller, through the credential used.
pub(crate) fn me(op: &mut Op<'_, '_>) -> Answer {
    let user = op.state().user(&op.user).ok_or_else(|| errors::credential_gone(op.ctx()))?;
    Ok(Reply::json(200, UserView::new(user, &op.scopes, op.key.as_deref())))
}
