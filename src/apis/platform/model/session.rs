//! Login sessions: a login opens one, and every token pair issued in it belongs to it
//! (its refresh tokens are one family). How they are opened, refreshed and ended is
//! `login`.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Lifetime of an access token (`expires_in`).
pub(crate) const ACCESS_TTL: SignedDuration = SignedDuration::from_secs(900);
/// Lifetime of a refresh token (`refresh_expires_in`): 14 days.
pub(crate) const REFRESH_TTL: SignedDuration = SignedDuration::from_secs(14 * 24 * 3600);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RefreshToken {
    pub(crate) token: String,
    pub(crate) expires_at: Timestamp,
    pub(crate) used: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) user: String,
    pub(crate) ended: bool,
    /// Every refresh token issued in the session, oldest first; the last is the live one.
    pub(crate) refresh_tokens: Vec<RefreshToken>,
}
