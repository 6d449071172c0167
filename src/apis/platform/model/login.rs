//! Logging in, refreshing and logging out. Refresh tokens are single use: refreshing
//! spends the one presented and issues the next (rotation); presenting a spent one again
//! means it leaked, so the whole session ends (reuse detection, as the OAuth 2.0 Security
//! BCP describes). Logout ends the session: its access and refresh tokens stop at once.

use jiff::Timestamp;
use rand::rngs::ChaCha8Rng;

use super::ids::url_safe;
use super::session::{ACCESS_TTL, REFRESH_TTL, RefreshToken, Session};
use super::state::{PlatformState, User};
use super::token::{self, Claims};
use super::{Group, scopes_of};

/// A fresh token pair.
#[derive(Debug)]
pub(crate) struct Issued {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginError {
    BadCredentials,
    Disabled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshError {
    /// Unknown, expired, or of an ended session.
    Invalid,
    /// Already spent: the session is ended now.
    Reused,
}

fn group_name(g: Group) -> &'static str {
    match g {
        Group::Users => "users",
        Group::Ops => "ops",
    }
}

/// The access token for `user` in session `sid`, issued at `now`.
fn access_token(secret: &str, user: &User, sid: &str, now: Timestamp) -> String {
    let claims = Claims {
        sub: user.id.clone(),
        sid: sid.to_string(),
        groups: user.groups.iter().map(|g| group_name(*g).to_string()).collect(),
        scopes: scopes_of(&user.groups).iter().map(|s| s.as_str().to_string()).collect(),
        kind: "access".into(),
        iat: now.as_second(),
        exp: (now + ACCESS_TTL).as_second(),
    };
    token::sign(secret, &claims)
}

/// Issues the next pair of session `s`.
fn issue(state: &mut PlatformState, s: usize, now: Timestamp, rng: &mut ChaCha8Rng) -> Issued {
    let refresh_token = url_safe(rng, 64);
    let session = &mut state.sessions[s];
    session.refresh_tokens.push(RefreshToken {
        token: refresh_token.clone(),
        expires_at: now + REFRESH_TTL,
        used: false,
    });
    let (sid, uid) = (session.id.clone(), session.user.clone());
    let access_token = match state.users.iter().find(|u| u.id == uid) {
        Some(user) => access_token(&state.signing_secret, user, &sid, now),
        None => String::new(),
    };
    Issued { access_token, refresh_token }
}

/// Checks the credentials and opens a session. The same error for an unknown email and a
/// wrong password (no account enumeration).
pub(crate) fn login(
    state: &mut PlatformState,
    email: &str,
    password: &str,
    now: Timestamp,
    rng: &mut ChaCha8Rng,
    sid: String,
) -> Result<Issued, LoginError> {
    let user = state.users.iter_mut().find(|u| u.email.eq_ignore_ascii_case(email) && u.password == password);
    let user = user.ok_or(LoginError::BadCredentials)?;
    if !user.is_active {
        return Err(LoginError::Disabled);
    }
    user.last_login_at = Some(now);
    let session = Session { id: sid, user: user.id.clone(), ended: false, refresh_tokens: Vec::new() };
    state.sessions.push(session);
    Ok(issue(state, state.sessions.len() - 1, now, rng))
}

/// Spends a refresh token for the next pair.
pub(crate) fn refresh(
    state: &mut PlatformState,
    presented: &str,
    now: Timestamp,
    rng: &mut ChaCha8Rng,
) -> Result<Issued, RefreshError> {
    let found = state
        .sessions
        .iter()
        .enumerate()
        .find_map(|(s, session)| session.refresh_tokens.iter().position(|t| t.token == presented).map(|t| (s, t)));
    let (s, t) = found.ok_or(RefreshError::Invalid)?;
    let session = &mut state.sessions[s];
    if session.ended {
        return Err(RefreshError::Invalid);
    }
    if session.refresh_tokens[t].used {
        session.ended = true;
        return Err(RefreshError::Reused);
    }
    if session.refresh_tokens[t].expires_at <= now {
        return Err(RefreshError::Invalid);
    }
    session.refresh_tokens[t].used = true;
    let active = state.users.iter().any(|u| u.id == session.user && u.is_active);
    if !active {
        return Err(RefreshError::Invalid);
    }
    Ok(issue(state, s, now, rng))
}

/// Ends a session (logout).
pub(crate) fn end(state: &mut PlatformState, sid: &str) {
    if let Some(session) = state.sessions.iter_mut().find(|s| s.id == sid) {
        session.ended = true;
    }
}
