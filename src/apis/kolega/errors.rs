//! Every refusal Kolega gives, in its own words, in one place (as Prism keeps its router's
//! errors in `errors.ts`). Plain FastAPI errors (`{"detail": "…"}`) are rendered by the
//! API's error dialect; business refusals (quotas, and 409s where the state forbids the
//! action) carry a machine-readable code in Kolega's envelope
//! `{"detail": {"detail", "error_code", "quota_type"?}}`, which the dialect does
//! not know, so it is built here. Handlers carry these out with `?`.

use serde::Serialize;

use crate::apis::kolega::model::FixStatus;
use crate::apis::kolega::model::device::PairingStatus;
use crate::apis::kolega::model::pairing::{NoToken, Undecidable};
use crate::apis::kolega::model::quota::QuotaExceeded;
use crate::reply::{Refusal, Reply};
use crate::world::Ctx;

/// What an unknown or revoked key is told (the engine says it before any handler runs).
pub(crate) const INVALID_KEY: &str = "Invalid API key";

fn detail(ctx: &Ctx<'_>, status: u16, message: &str) -> Refusal {
    ctx.errors.error(status, Some(message)).into()
}

/// The key was revoked or the world reset between authentication and handling.
pub(crate) fn invalid_key(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 401, INVALID_KEY)
}

pub(crate) fn repository_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Repository not found")
}

pub(crate) fn scan_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Scan not found")
}

pub(crate) fn finding_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Finding not found")
}

pub(crate) fn fix_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, "Fix not found")
}

/// A fix named a finding id that is not this repository's.
pub(crate) fn not_a_finding_of_the_repository(ctx: &Ctx<'_>, id: &str) -> Refusal {
    detail(ctx, 404, &format!("Finding not found: {id} is not a finding of this repository"))
}

/// A fix named a source repository that is not one of this repository's.
pub(crate) fn not_a_source_of_the_repository(ctx: &Ctx<'_>, name: &str) -> Refusal {
    detail(ctx, 404, &format!("Source repository not found: {name} is not a source of this repository"))
}

/// A body without fields the contract requires. The contract validates bodies before any
/// handler runs, so only a contract edited out of step with Kolega gets here.
pub(crate) fn required(ctx: &Ctx<'_>, fields: &[&str]) -> Refusal {
    let message = match fields {
        [one] => format!("{one} is required"),
        [init @ .., last] => format!("{} and {last} are required", init.join(", ")),
        [] => "a field is required".to_string(),
    };
    detail(ctx, 422, &message)
}

/// A business refusal (the state forbids the action): 409 in Kolega's envelope, with
/// `OPERATION_FAILED`, the code Kolega's refusals carry (its client reads `error_code`).
fn conflict(message: &str) -> Refusal {
    let body =
        Envelope { detail: EnvelopeDetail { detail: message, error_code: "OPERATION_FAILED", quota_type: None } };
    Reply::json(409, body).into()
}

pub(crate) fn fix_not_refinable(status: FixStatus) -> Refusal {
    conflict(&format!("Fix can only be refined when completed (current status: {})", status.as_str()))
}

pub(crate) fn fix_not_cancellable(status: FixStatus) -> Refusal {
    conflict(&format!("Only pending or running fixes can be cancelled (current status: {})", status.as_str()))
}

pub(crate) fn pull_requests_exist() -> Refusal {
    conflict("Pull requests already exist for this fix")
}

pub(crate) fn fix_not_completed(status: FixStatus) -> Refusal {
    conflict(&format!("Fix is not completed (current status: {})", status.as_str()))
}

pub(crate) fn pairing_not_found(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 404, PAIRING_NOT_FOUND)
}

/// What an unknown user code is told (the approval page says it too).
pub(crate) const PAIRING_NOT_FOUND: &str = "Device authorization not found";
/// What an expired user code is told.
pub(crate) const PAIRING_EXPIRED: &str = "Device authorization expired";

/// A pairing that cannot be decided any more.
pub(crate) fn undecidable(ctx: &Ctx<'_>, why: Undecidable) -> Refusal {
    match why {
        Undecidable::Expired => detail(ctx, 410, PAIRING_EXPIRED),
        Undecidable::Decided(status) => conflict(&not_pending(status)),
    }
}

/// The words for a pairing already decided.
pub(crate) fn not_pending(status: PairingStatus) -> String {
    format!("Device authorization is no longer pending (current status: {})", status.as_str())
}

/// Approving for an organisation the key does not belong to.
pub(crate) fn other_organization(ctx: &Ctx<'_>) -> Refusal {
    detail(ctx, 403, "API key does not belong to this organization")
}

/// RFC 6749 §5.2's error envelope, which the Kolega CLI reads `error` from.
#[derive(Debug, Serialize)]
struct OAuthError<'a> {
    error: &'a str,
    error_description: &'a str,
}

/// A device's poll that gets no token: 400 in OAuth's words.
pub(crate) fn no_token(why: NoToken) -> Refusal {
    let interval;
    let (error, description) = match why {
        NoToken::Pending => ("authorization_pending", "The user has not approved the pairing yet"),
        NoToken::SlowDown { interval: seconds } => {
            interval = format!("Polling too fast; wait {seconds} seconds between requests");
            ("slow_down", interval.as_str())
        }
        NoToken::Denied => ("access_denied", "The pairing was denied"),
        NoToken::Expired => ("expired_token", "The device code has expired"),
        NoToken::Unknown => ("invalid_grant", "The device code is not recognised"),
        NoToken::Used => ("invalid_grant", "The device code was already used"),
    };
    Reply::json(400, OAuthError { error, error_description: description }).into()
}

/// A token request with another grant than the device code's.
pub(crate) fn unsupported_grant() -> Refusal {
    let body = OAuthError {
        error: "unsupported_grant_type",
        error_description: "Only urn:ietf:params:oauth:grant-type:device_code is supported",
    };
    Reply::json(400, body).into()
}

/// Kolega's envelope for a refusal its client reacts to by code.
#[derive(Debug, Serialize)]
struct Envelope<'a> {
    detail: EnvelopeDetail<'a>,
}

#[derive(Debug, Serialize)]
struct EnvelopeDetail<'a> {
    detail: &'a str,
    error_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota_type: Option<&'a str>,
}

/// Kolega's quota refusal: 403 with the envelope its client reads `quota_type` from.
pub(crate) fn quota_exceeded(r: QuotaExceeded) -> Refusal {
    let q = r.quota.as_str();
    let message = format!("Quota exceeded for {q}: 0 remaining in the current period");
    let body =
        Envelope { detail: EnvelopeDetail { detail: &message, error_code: "OPERATION_FAILED", quota_type: Some(q) } };
    Reply::json(403, body).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::kolega::model::QuotaType;

    #[test]
    fn a_quota_refusal_names_the_counter_in_kolegas_envelope() {
        let refusal = quota_exceeded(QuotaExceeded { quota: QuotaType::Prs });
        let reply = refusal.into_reply();
        assert_eq!(reply.status.as_u16(), 403);
        let crate::reply::Body::Bytes { bytes, .. } = reply.body else { panic!("a JSON body") };
        assert_eq!(
            std::str::from_utf8(&bytes).ok(),
            Some(
                r#"{"detail":{"detail":"Quota exceeded for prs: 0 remaining in the current period","error_code":"OPERATION_FAILED","quota_type":"prs"}}"#
            )
        );
    }
}
