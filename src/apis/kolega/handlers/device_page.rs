//! The approval page (`GET /device`) and its form (`POST /device`): the browser side of
//! device pairing, for the person who started `kolega auth login`. It stands in for
//! Kolega's web application, where that person would be signed in.

use serde_json::Value;

use crate::apis::kolega::errors;
use crate::apis::kolega::model::pairing::{self, Undecidable};
use crate::apis::kolega::model::state::KolegaState;
use crate::apis::kolega::views::device_page::{Choice, Shown, render};
use crate::reply::{Answer, Reply};
use crate::world::Call;

/// The label of a key approved on the page.
const PAGE_LABEL: &str = "CLI device";

/// `GET /device[?user_code=…]`.
pub(crate) fn show(call: &mut Call<'_, KolegaState>) -> Answer {
    let typed = call.request.query_str("user_code").filter(|c| !c.trim().is_empty());
    Ok(page(call.state, typed, call.now, None))
}

/// `POST /device`: approve or deny from the page's form. A form another site submits
/// (its `Origin` is not this page's) decides nothing.
pub(crate) fn decide(call: &mut Call<'_, KolegaState>) -> Answer {
    let field = |name| call.request.body_field(name).and_then(Value::as_str).unwrap_or_default();
    let (typed, decision, org_id) = (field("user_code"), field("decision"), field("organization_id"));
    let now = call.now;
    if from_another_site(call) {
        let refused = "Refused: the form was sent from another site.";
        return Ok(page(call.state, Some(typed), now, Some(refused)));
    }
    let Some(at) = call.state.pairings.by_user_code(typed) else {
        return Ok(page(call.state, Some(typed), now, None));
    };
    let outcome = if decision == "approve" {
        match call.state.orgs.iter().position(|o| o.id == org_id) {
            Some(org) => pairing::approve(call.state, at, org, PAGE_LABEL, now).map(|()| {
                let name = &call.state.orgs[org].name;
                format!("Approved: the device is paired with {name}. You can close this page.")
            }),
            None => Ok("Pick one of the organisations listed.".to_string()),
        }
    } else {
        pairing::deny(call.state, at, now).map(|()| "Denied: the device will not be paired.".to_string())
    };
    let message = outcome.unwrap_or_else(|why| match why {
        Undecidable::Expired => errors::PAIRING_EXPIRED.to_string(),
        Undecidable::Decided(status) => errors::not_pending(status),
    });
    let code = call.state.pairings.list[at].user_code.clone();
    Ok(page(call.state, Some(&code), now, Some(&message)))
}

/// Whether the request carries an `Origin` other than the host it was sent to.
fn from_another_site(call: &Call<'_, KolegaState>) -> bool {
    let header = |name| call.request.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(origin) = header(http::header::ORIGIN) else { return false };
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    header(http::header::HOST) != Some(origin_host)
}

fn page(state: &KolegaState, typed: Option<&str>, now: jiff::Timestamp, outcome: Option<&str>) -> Reply {
    let shown = match typed.map(|code| (code, state.pairings.by_user_code(code))) {
        None => Shown::AskCode { unknown: None },
        Some((code, None)) => Shown::AskCode { unknown: Some(code) },
        Some((_, Some(at))) => {
            let pairing = &state.pairings.list[at];
            Shown::Pairing { pairing, expired: pairing.expired(now) }
        }
    };
    let orgs: Vec<Choice<'_>> = state.orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
    Reply::bytes(200, "text/html; charset=utf-8", render(&shown, &orgs, outcome))
}
