//! SSE event tokens in SecureScan's format: URL-safe base64 (unpadded) of
//! `<scan_id>|<key_id>|<expires_at>|<signature>`, the signature an unpadded URL-safe
//! base64 HMAC-SHA256 of the first three fields under the server's secret. They live
//! 300 s of virtual time and are bound to one scan and the minting key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;

/// How long a token lives.
pub(crate) const TTL_SECONDS: i64 = 300;

/// What a valid token says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Payload {
    pub(crate) scan_id: String,
    pub(crate) key_id: String,
}

fn sign(secret: &str, body: &str) -> String {
    // HMAC accepts a key of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A token for `scan_id` minted by `key_id` (`env` for the environment key).
pub(crate) fn mint(secret: &str, scan_id: &str, key_id: &str, now: Timestamp) -> String {
    let body = format!("{scan_id}|{key_id}|{}", now.as_second() + TTL_SECONDS);
    let signed = format!("{body}|{}", sign(secret, &body));
    URL_SAFE_NO_PAD.encode(signed)
}

/// The token's payload if it is ours and not expired at `now`.
pub(crate) fn verify(secret: &str, token: &str, now: Timestamp) -> Option<Payload> {
    let decoded = URL_SAFE_NO_PAD.decode(token.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let mut parts = text.splitn(4, '|');
    let (scan_id, key_id, expires, signature) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let expires_at: i64 = expires.parse().ok()?;
    let body = format!("{scan_id}|{key_id}|{expires_at}");
    if sign(secret, &body) != signature || now.as_second() > expires_at {
        return None;
    }
    Some(Payload { scan_id: scan_id.to_string(), key_id: key_id.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_valid_for_its_scan_until_it_expires() {
        let now = Timestamp::UNIX_EPOCH;
        let token = mint("s3cret", "scan-1", "env", now);
        let payload = verify("s3cret", &token, now).expect("valid");
        assert_eq!(payload, Payload { scan_id: "scan-1".into(), key_id: "env".into() });
        assert!(verify("other", &token, now).is_none());
        assert!(verify("s3cret", "garbage", now).is_none());
        let later = now.checked_add(jiff::SignedDuration::from_secs(301)).expect("in range");
        assert!(verify("s3cret", &token, later).is_none());
    }
}
