//! Device pairings (the OAuth 2.0 Device Authorization Grant, RFC 8628) as records: what a
//! device asked for, its codes, how often it may poll, and what became of it. The rules
//! that approve one (issuing a key to an organisation) are in `pairing`.

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// How long a device code lives, in seconds.
pub(crate) const EXPIRES_IN: i64 = 900;
/// How long a device waits between polls at first, in seconds.
pub(crate) const INTERVAL: u32 = 5;
/// What a `slow_down` adds to the interval (RFC 8628 §3.5).
pub(crate) const SLOW_DOWN_STEP: u32 = 5;
/// The grant a device polls with.
pub(crate) const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §6.1's alphabet for user codes: no vowels, no look-alikes.
const USER_CODE_LETTERS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
const DEVICE_CODE_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PairingStatus {
    Pending,
    Approved,
    Consumed,
    Denied,
}

impl PairingStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PairingStatus::Pending => "pending",
            PairingStatus::Approved => "approved",
            PairingStatus::Consumed => "consumed",
            PairingStatus::Denied => "denied",
        }
    }
}

/// One device asking to be paired.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Pairing {
    pub(crate) device_code: String,
    /// As shown: `BKDW-QMZT`.
    pub(crate) user_code: String,
    pub(crate) client_name: Option<String>,
    pub(crate) status: PairingStatus,
    pub(crate) requested_at: Timestamp,
    pub(crate) expires_at: Timestamp,
    /// Seconds the device must now wait between polls (grows with each `slow_down`).
    pub(crate) interval: u32,
    pub(crate) last_poll: Option<Timestamp>,
    /// The key approval issued: (organisation, key) positions.
    pub(crate) key: Option<(usize, usize)>,
}

impl Pairing {
    /// A pending pairing whose time ran out (an approved one that was never collected
    /// expires too: its token can no longer be fetched).
    pub(crate) fn expired(&self, now: Timestamp) -> bool {
        matches!(self.status, PairingStatus::Pending | PairingStatus::Approved) && now >= self.expires_at
    }
}

/// Pairings approve themselves after `after`, into the organisation at `org`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct AutoApprove {
    pub(crate) after: SignedDuration,
    pub(crate) org: usize,
}

/// Every pairing asked for, and the scenario's approval setting.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Pairings {
    pub(crate) list: Vec<Pairing>,
    pub(crate) auto_approve: Option<AutoApprove>,
}

/// The most pairings kept; the oldest decided or expired ones make room (a device polling
/// forever must not grow the world without bound).
const KEPT: usize = 10_000;

impl Pairings {
    /// Starts a pairing at `now`; its position.
    pub(crate) fn start(&mut self, rng: &mut ChaCha8Rng, client_name: Option<String>, now: Timestamp) -> usize {
        if self.list.len() >= KEPT {
            let gone = self.list.iter().position(|p| p.status != PairingStatus::Pending || p.expired(now));
            self.list.remove(gone.unwrap_or(0));
        }
        let mut user_code = draw(rng, USER_CODE_LETTERS, 8);
        while self.by_user_code(&user_code).is_some() {
            user_code = draw(rng, USER_CODE_LETTERS, 8);
        }
        self.list.push(Pairing {
            device_code: draw(rng, DEVICE_CODE_CHARS, 43),
            user_code: format!("{}-{}", &user_code[..4], &user_code[4..]),
            client_name,
            status: PairingStatus::Pending,
            requested_at: now,
            expires_at: now + SignedDuration::from_secs(EXPIRES_IN),
            interval: INTERVAL,
            last_poll: None,
            key: None,
        });
        self.list.len() - 1
    }

    /// The pairing with this user code, however it is typed (case, dashes, spaces).
    pub(crate) fn by_user_code(&self, code: &str) -> Option<usize> {
        let wanted = normalise(code);
        if wanted.is_empty() {
            return None;
        }
        self.list.iter().position(|p| normalise(&p.user_code) == wanted)
    }

    pub(crate) fn by_device_code(&self, code: &str) -> Option<usize> {
        self.list.iter().position(|p| p.device_code == code)
    }
}

fn normalise(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn draw(rng: &mut ChaCha8Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| alphabet[rng.random_range(0..alphabet.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn user_codes_are_found_however_typed() {
        let mut pairings = Pairings::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let at = pairings.start(&mut rng, None, Timestamp::UNIX_EPOCH);
        let code = pairings.list[at].user_code.clone();
        assert_eq!(code.len(), 9);
        assert!(code.chars().all(|c| c == '-' || USER_CODE_LETTERS.contains(&(c as u8))), "{code}");
        assert_eq!(pairings.by_user_code(&code.to_lowercase().replace('-', " ")), Some(at));
        assert_eq!(pairings.by_user_code("--"), None);
        assert_eq!(pairings.list[at].device_code.len(), 43);
    }
}
