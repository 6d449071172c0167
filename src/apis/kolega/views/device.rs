//! Device pairing's answers: the codes a device gets, the token it collects, the view the
//! approval side reads, and the outcome of approving or denying.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::kolega::model::device::{EXPIRES_IN, Pairing, PairingStatus};

/// `POST /oauth/device/code`.
#[derive(Debug, Serialize)]
pub(crate) struct DeviceCodeView<'a> {
    device_code: &'a str,
    user_code: &'a str,
    verification_uri: String,
    verification_uri_complete: String,
    expires_in: i64,
    interval: u32,
}

impl<'a> DeviceCodeView<'a> {
    /// `base` is where the device reached the API (`http://127.0.0.1:4011`).
    pub(crate) fn new(pairing: &'a Pairing, base: &str) -> DeviceCodeView<'a> {
        let page = format!("{base}/device");
        DeviceCodeView {
            device_code: &pairing.device_code,
            user_code: &pairing.user_code,
            verification_uri_complete: format!("{page}?user_code={}", pairing.user_code),
            verification_uri: page,
            expires_in: EXPIRES_IN,
            interval: pairing.interval,
        }
    }
}

/// `POST /oauth/token` once approved: the new key is the bearer token.
#[derive(Debug, Serialize)]
pub(crate) struct TokenView<'a> {
    access_token: &'a str,
    token_type: &'static str,
    scope: &'static str,
}

impl<'a> TokenView<'a> {
    pub(crate) fn new(secret: &'a str) -> TokenView<'a> {
        TokenView { access_token: secret, token_type: "Bearer", scope: "read write" }
    }
}

/// `GET /device-authorizations/{user_code}`: never the device code or the key.
#[derive(Debug, Serialize)]
pub(crate) struct AuthorizationView<'a> {
    user_code: &'a str,
    client_name: Option<&'a str>,
    status: PairingStatus,
    requested_at: Timestamp,
    expires_at: Timestamp,
}

impl<'a> AuthorizationView<'a> {
    pub(crate) fn new(pairing: &'a Pairing) -> AuthorizationView<'a> {
        AuthorizationView {
            user_code: &pairing.user_code,
            client_name: pairing.client_name.as_deref(),
            status: pairing.status,
            requested_at: pairing.requested_at,
            expires_at: pairing.expires_at,
        }
    }
}

/// Approve and deny: the pairing's status after.
#[derive(Debug, Serialize)]
pub(crate) struct DecisionView {
    pub(crate) status: PairingStatus,
}
