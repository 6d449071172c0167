//! Credentials: the environment key (every scope, no record) and issued
//! `ssk_<id>_<secret>` keys with independent scopes. A key is recognised by its whole
//! text; a revoked one is as unknown as a wrong one. Revoking the last admin key is
//! refused only where SecureScan would then lock its operator out: auth required and no
//! environment key to fall back on.

use jiff::Timestamp;
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::Scope;

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789xy";
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// An issued key. `key` is the whole secret, kept so a request can be recognised (the
/// real server keeps a salted hash; nothing here ever shows it again).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) created_at: Timestamp,
    pub(crate) last_used_at: Option<Timestamp>,
    pub(crate) revoked_at: Option<Timestamp>,
}

impl ApiKey {
    /// The first 16 characters, `ssk_<id>_<one character of the secret>`.
    pub(crate) fn prefix(&self) -> &str {
        self.key.get(..16).unwrap_or(&self.key)
    }

    pub(crate) fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }

    fn is_admin(&self) -> bool {
        self.scopes.contains(&Scope::Admin)
    }
}

/// Who a credential is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    /// The environment key: every scope.
    Env,
    /// An issued key, by id.
    Issued(String),
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Keys {
    /// `SECURESCAN_API_KEY`, when the deployment sets one.
    pub(crate) env_key: Option<String>,
    /// `SECURESCAN_AUTH_REQUIRED=1`.
    pub(crate) auth_required: bool,
    /// Issued keys, oldest first.
    pub(crate) issued: Vec<ApiKey>,
}

/// Why a key cannot be revoked.
#[derive(Debug)]
pub(crate) enum RevokeRefused {
    NotFound,
    LastAdmin,
}

impl Keys {
    /// The principal a presented key stands for, if it is active.
    pub(crate) fn recognise(&self, presented: &str) -> Option<(Principal, Vec<Scope>)> {
        if self.env_key.as_deref() == Some(presented) {
            return Some((Principal::Env, Scope::ALL.to_vec()));
        }
        let key = self.issued.iter().find(|k| k.key == presented && k.is_active())?;
        Some((Principal::Issued(key.id.clone()), key.scopes.clone()))
    }

    pub(crate) fn get(&self, id: &str) -> Option<&ApiKey> {
        self.issued.iter().find(|k| k.id == id)
    }

    pub(crate) fn touch(&mut self, id: &str, now: Timestamp) {
        if let Some(key) = self.issued.iter_mut().find(|k| k.id == id) {
            key.last_used_at = Some(now);
        }
    }

    /// Newest first, revoked ones included (of two made at one instant, as the manual
    /// clock allows, the one issued later first).
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &ApiKey> {
        let mut keys: Vec<&ApiKey> = self.issued.iter().rev().collect();
        keys.sort_by_key(|x| std::cmp::Reverse(x.created_at));
        keys.into_iter()
    }

    /// Issues a key with a fresh id (never one already used).
    pub(crate) fn issue(&mut self, rng: &mut ChaCha8Rng, name: &str, scopes: Vec<Scope>, now: Timestamp) -> &ApiKey {
        let mut id = draw(rng, ID_ALPHABET, 10);
        while self.get(&id).is_some() {
            id = draw(rng, ID_ALPHABET, 10);
        }
        let key = format!("ssk_{id}_{}", draw(rng, SECRET_ALPHABET, 32));
        self.issued.push(ApiKey {
            id,
            name: name.to_string(),
            key,
            scopes,
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        });
        let last = self.issued.len() - 1;
        &self.issued[last]
    }

    /// Revokes a key; revoking a revoked key changes nothing.
    pub(crate) fn revoke(&mut self, id: &str, now: Timestamp) -> Result<(), RevokeRefused> {
        let at = self.issued.iter().position(|k| k.id == id).ok_or(RevokeRefused::NotFound)?;
        let target = &self.issued[at];
        if !target.is_active() {
            return Ok(());
        }
        if target.is_admin() && self.auth_required && self.env_key.is_none() {
            let other_admins = self.issued.iter().filter(|k| k.is_active() && k.is_admin() && k.id != id).count();
            if other_admins == 0 {
                return Err(RevokeRefused::LastAdmin);
            }
        }
        self.issued[at].revoked_at = Some(now);
        Ok(())
    }
}

fn draw(rng: &mut ChaCha8Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| alphabet[rng.random_range(0..alphabet.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn keys(env: Option<&str>, auth_required: bool) -> Keys {
        Keys { env_key: env.map(str::to_string), auth_required, issued: Vec::new() }
    }

    #[test]
    fn issued_keys_have_the_real_shape_and_revoked_ones_are_unknown() {
        let mut k = keys(Some("env"), false);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let now = Timestamp::UNIX_EPOCH;
        let key = k.issue(&mut rng, "ci", vec![Scope::Read], now).clone();
        assert!(key.key.starts_with("ssk_") && key.key.len() == 4 + 10 + 1 + 32, "{}", key.key);
        assert_eq!(key.prefix().len(), 16);
        assert_eq!(k.recognise(&key.key).map(|p| p.0), Some(Principal::Issued(key.id.clone())));
        k.revoke(&key.id, now).expect("revoked");
        assert!(k.recognise(&key.key).is_none());
        assert_eq!(k.recognise("env").map(|p| p.0), Some(Principal::Env));
    }

    #[test]
    fn the_last_admin_is_kept_only_when_auth_is_required_without_an_env_key() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let now = Timestamp::UNIX_EPOCH;
        let mut k = keys(None, true);
        let id = k.issue(&mut rng, "admin", vec![Scope::Admin], now).id.clone();
        assert!(matches!(k.revoke(&id, now), Err(RevokeRefused::LastAdmin)));
        let mut open = keys(Some("env"), true);
        let id = open.issue(&mut rng, "admin", vec![Scope::Admin], now).id.clone();
        assert!(open.revoke(&id, now).is_ok());
        assert!(matches!(open.revoke("nope", now), Err(RevokeRefused::NotFound)));
    }
}
