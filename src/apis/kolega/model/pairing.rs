//! What happens to a device pairing: approval issues the organisation a new key, denial
//! closes it, and each poll of the device either collects the key (once) or learns why not,
//! in RFC 8628's words. Scheduled self-approval (a scenario setting) is due work that
//! `catch_up` runs through [`approve`].

use jiff::{SignedDuration, Timestamp};

use super::device::{PairingStatus, SLOW_DOWN_STEP};
use super::ids;
use super::state::{ApiKey, KEY_PREFIX, KolegaState};
use super::vocabulary::Scope;

/// Why a poll gets no token (RFC 8628 §3.5, RFC 6749 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoToken {
    Pending,
    SlowDown { interval: u32 },
    Denied,
    Expired,
    Unknown,
    Used,
}

/// Why a pairing cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Undecidable {
    Expired,
    Decided(PairingStatus),
}

/// The device polls with its code at `now`: the key's secret once the pairing is approved
/// (which consumes it), otherwise why not.
pub(crate) fn poll(state: &mut KolegaState, device_code: &str, now: Timestamp) -> Result<String, NoToken> {
    let Some(at) = state.pairings.by_device_code(device_code) else { return Err(NoToken::Unknown) };
    let pairing = &mut state.pairings.list[at];
    if pairing.expired(now) {
        return Err(NoToken::Expired);
    }
    match pairing.status {
        PairingStatus::Consumed => Err(NoToken::Used),
        PairingStatus::Denied => Err(NoToken::Denied),
        PairingStatus::Approved => {
            let secret = pairing
                .key
                .and_then(|(org, key)| state.orgs.get(org)?.keys.get(key))
                .map(|k| k.secret.clone())
                .ok_or(NoToken::Unknown)?;
            state.pairings.list[at].status = PairingStatus::Consumed;
            Ok(secret)
        }
        PairingStatus::Pending => {
            let early =
                pairing.last_poll.is_some_and(|t| now < t + SignedDuration::from_secs(i64::from(pairing.interval)));
            pairing.last_poll = Some(now);
            if early {
                pairing.interval = pairing.interval.saturating_add(SLOW_DOWN_STEP);
                Err(NoToken::SlowDown { interval: pairing.interval })
            } else {
                Err(NoToken::Pending)
            }
        }
    }
}

/// Whether the pairing at `at` can still be decided at `now`.
pub(crate) fn decidable(state: &KolegaState, at: usize, now: Timestamp) -> Result<(), Undecidable> {
    let pairing = &state.pairings.list[at];
    if pairing.expired(now) && pairing.status == PairingStatus::Pending {
        return Err(Undecidable::Expired);
    }
    match pairing.status {
        PairingStatus::Pending => Ok(()),
        other => Err(Undecidable::Decided(other)),
    }
}

/// Approves the pairing at `at` for the organisation at `org`: a new `read`+`write` key
/// named after `label` and the client, usable at once.
pub(crate) fn approve(
    state: &mut KolegaState,
    at: usize,
    org: usize,
    label: &str,
    now: Timestamp,
) -> Result<(), Undecidable> {
    decidable(state, at, now)?;
    let Some(organization) = state.orgs.get_mut(org) else { return Err(Undecidable::Expired) };
    let pairing = &mut state.pairings.list[at];
    let code = pairing.device_code.as_bytes();
    let mut rng = ids::rng_for(&[b"device-key", code]);
    let secret: String = format!("{KEY_PREFIX}{}", ids::alphanumeric(&mut rng, 28));
    let name = match &pairing.client_name {
        Some(client) => format!("{label} ({client})"),
        None => label.to_string(),
    };
    let key = ApiKey {
        id: ids::uuid_from(&[b"device-key-id", code]),
        name,
        secret: secret.clone(),
        scopes: vec![Scope::Read, Scope::Write],
        revoked: false,
    };
    organization.keys.push(key);
    let position = (org, organization.keys.len() - 1);
    pairing.status = PairingStatus::Approved;
    pairing.key = Some(position);
    state.keys.insert(secret, position);
    Ok(())
}

/// Denies the pairing at `at`.
pub(crate) fn deny(state: &mut KolegaState, at: usize, now: Timestamp) -> Result<(), Undecidable> {
    decidable(state, at, now)?;
    state.pairings.list[at].status = PairingStatus::Denied;
    Ok(())
}
