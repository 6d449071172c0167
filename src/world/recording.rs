//! What the validating proxy's recorder (`--record DIR`) hands an API's behaviour so it
//! can write the resources it saw as a scenario section of its own (Kolega's
//! organisations and repositories, SecureScan's scans): one exchange per entry, secrets
//! already masked. Masking keeps what makes a secret recognisable and valid (its
//! `prefix_`, four characters, its length and alphabet) and replaces the rest with `x`,
//! so a masked key still passes the contract's pattern and a replay can use it.

use jiff::Timestamp;
use serde_json::Value;

/// One request and its answer, as recorded.
#[derive(Debug, Clone)]
pub struct RecordedExchange {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// Path parameters by name, decoded.
    pub path_params: Vec<(String, String)>,
    pub status: u16,
    /// The credentials the client presented, masked.
    pub credentials: Vec<String>,
    /// The request body, when it was JSON (secrets masked).
    pub request: Option<Value>,
    /// The answer's body, when it was JSON (secrets masked).
    pub response: Option<Value>,
    /// When the proxy saw it (its own clock).
    pub at: Timestamp,
}

impl RecordedExchange {
    /// The decoded value of a path parameter.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// JSON members whose string values are secrets (beside names ending in `_secret`,
/// `_token` or `_password`).
const SECRET_MEMBERS: [&str; 6] = ["key", "secret", "token", "password", "api_key", "client_secret"];

/// A secret as it may be written: its `prefix_` (up to the last underscore in its first
/// 16 characters) and four more characters kept, every other letter or digit an `x`.
pub fn mask_secret(secret: &str) -> String {
    let head: String = secret.chars().take(16).collect();
    let prefix = head.rfind('_').map(|i| i + 1).unwrap_or(0);
    let keep = secret[..prefix].chars().count() + 4;
    secret.chars().enumerate().map(|(i, c)| if i < keep || !c.is_ascii_alphanumeric() { c } else { 'x' }).collect()
}

/// Masks, in place, every string held by a member named like a secret.
pub fn mask_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, member) in map.iter_mut() {
                let lower = name.to_ascii_lowercase();
                let secret = SECRET_MEMBERS.contains(&lower.as_str())
                    || ["_secret", "_token", "_password"].iter().any(|s| lower.ends_with(s));
                match member {
                    Value::String(s) if secret => *s = mask_secret(s),
                    other => mask_json(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_secret_keeps_its_prefix_length_and_alphabet() {
        assert_eq!(mask_secret("kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz"), "kcp_live_4f9Txxxxxxxxxxxxxxxxxxxxxxxx");
        assert_eq!(mask_secret("abcdefgh"), "abcdxxxx");
        let mut body =
            serde_json::json!({"key": "ssk_abcdefgh12", "key_id": "k1", "items": [{"webhook_secret": "whs_abcdefg"}]});
        mask_json(&mut body);
        assert_eq!(
            body,
            serde_json::json!({"key": "ssk_abcdxxxxxx", "key_id": "k1", "items": [{"webhook_secret": "whs_abcdxxx"}]})
        );
    }
}
