//! Access tokens: HS256 JSON Web Tokens (RFC 7519) signed with the scenario's secret, so a
//! client can decode them and verify the signature itself. `exp` and `iat` are seconds on
//! the virtual clock.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Claims {
    /// The user id.
    pub(crate) sub: String,
    /// The login session (refresh family) it belongs to.
    pub(crate) sid: String,
    pub(crate) groups: Vec<String>,
    pub(crate) scopes: Vec<String>,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) iat: i64,
    pub(crate) exp: i64,
}

/// Why a presented token is not a valid access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Not a JWT, not HS256, a bad signature or unreadable claims.
    Invalid,
    /// Signed by us, but past `exp`.
    Expired,
}

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts a key of any length; `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

/// The signed token for `claims`.
pub(crate) fn sign(secret: &str, claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let mut mac = mac(secret);
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// The claims of a token this secret signed, if it has not expired at `now` (seconds).
pub(crate) fn verify(secret: &str, token: &str, now: i64) -> Result<Claims, TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Invalid);
    };
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| TokenError::Invalid)?;
    let mut mac = mac(secret);
    mac.update(format!("{header}.{payload}").as_bytes());
    mac.verify_slice(&signature).map_err(|_| TokenError::Invalid)?;
    let header: serde_json::Value =
        URL_SAFE_NO_PAD.decode(header).ok().and_then(|h| serde_json::from_slice(&h).ok()).ok_or(TokenError::Invalid)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err(TokenError::Invalid);
    }
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|p| serde_json::from_slice(&p).ok())
        .ok_or(TokenError::Invalid)?;
    if claims.kind != "access" {
        return Err(TokenError::Invalid);
    }
    if now >= claims.exp {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "u".into(),
            sid: "s".into(),
            groups: vec!["users".into()],
            scopes: vec!["read".into()],
            kind: "access".into(),
            iat: 0,
            exp,
        }
    }

    #[test]
    fn a_token_verifies_with_its_secret_only_and_until_it_expires() {
        let token = sign("secret", &claims(100));
        assert_eq!(verify("secret", &token, 99), Ok(claims(100)));
        assert_eq!(verify("secret", &token, 100), Err(TokenError::Expired));
        assert_eq!(verify("other", &token, 0), Err(TokenError::Invalid));
        assert_eq!(verify("secret", "garbage", 0), Err(TokenError::Invalid));
    }

    #[test]
    fn signing_follows_rfc_7515() {
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
        let mut mac = mac("Jefe");
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
