//! Device pairing (RFC 8628): a device asks for codes and polls for its token without a
//! key; the approval side reads, approves and denies with one.

use serde_json::Value;

use super::Op;
use crate::apis::kolega::errors;
use crate::apis::kolega::model::device::{DEVICE_GRANT, PairingStatus};
use crate::apis::kolega::model::pairing;
use crate::apis::kolega::model::state::{DueWork, KolegaState};
use crate::apis::kolega::views::device::{AuthorizationView, DecisionView, DeviceCodeView, TokenView};
use crate::reply::{Answer, Refusal, Reply};
use crate::world::Call;

/// What an approval names the key when the request gives no label (Kolega's default).
const DEFAULT_LABEL: &str = "CLI device";

/// `POST /oauth/device/code`.
pub(crate) fn start(call: &mut Call<'_, KolegaState>) -> Answer {
    let client = call.request.body_field("client_name").and_then(Value::as_str).map(str::to_string);
    let at = call.state.pairings.start(call.rng, client, call.now);
    if let Some(auto) = call.state.pairings.auto_approve {
        let device_code = call.state.pairings.list[at].device_code.clone();
        call.state.schedule(call.now + auto.after, auto.org, DueWork::PairingApproved { device_code });
    }
    let base = base_url(call);
    Ok(Reply::json(200, DeviceCodeView::new(&call.state.pairings.list[at], &base)))
}

/// `POST /oauth/token`.
pub(crate) fn token(call: &mut Call<'_, KolegaState>) -> Answer {
    let field = |name| call.request.body_field(name).and_then(Value::as_str).unwrap_or_default();
    if field("grant_type") != DEVICE_GRANT {
        return Err(errors::unsupported_grant());
    }
    let device_code = field("device_code").to_string();
    let secret = pairing::poll(call.state, &device_code, call.now).map_err(errors::no_token)?;
    Ok(Reply::json(200, TokenView::new(&secret)))
}

/// `GET /device-authorizations/{user_code}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let at = pairing_in_path(op)?;
    let pairing = &op.call.state.pairings.list[at];
    if pairing.status == PairingStatus::Pending && pairing.expired(op.call.now) {
        return Err(errors::undecidable(op.ctx(), pairing::Undecidable::Expired));
    }
    Ok(Reply::json(200, AuthorizationView::new(pairing)))
}

/// `POST /device-authorizations/{user_code}/approve`: only for the key's own organisation.
pub(crate) fn approve(op: &mut Op<'_, '_>) -> Answer {
    let at = pairing_in_path(op)?;
    if op.body_str("organization_id") != Some(op.org_ref().id.as_str()) {
        return Err(errors::other_organization(op.ctx()));
    }
    let label = op.body_str("device_label").unwrap_or(DEFAULT_LABEL).to_string();
    let (org, now) = (op.org(), op.call.now);
    pairing::approve(op.call.state, at, org, &label, now).map_err(|why| errors::undecidable(op.ctx(), why))?;
    Ok(Reply::json(200, DecisionView { status: PairingStatus::Approved }))
}

/// `POST /device-authorizations/{user_code}/deny`.
pub(crate) fn deny(op: &mut Op<'_, '_>) -> Answer {
    let at = pairing_in_path(op)?;
    let now = op.call.now;
    pairing::deny(op.call.state, at, now).map_err(|why| errors::undecidable(op.ctx(), why))?;
    Ok(Reply::json(200, DecisionView { status: PairingStatus::Denied }))
}

fn pairing_in_path(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let code = op.call.request.path_param("user_code").unwrap_or_default();
    op.call.state.pairings.by_user_code(code).ok_or_else(|| errors::pairing_not_found(op.ctx()))
}

/// Where the device reached the API (its `Host` header and the world's prefix, see
/// `world::mount`; anything implausible falls back to loopback).
fn base_url(call: &Call<'_, KolegaState>) -> String {
    crate::world::mount::origin(&call.request.headers, false, "127.0.0.1")
}
