//! Sending webhooks through the world's outbound deliveries, as SecureScan's dispatcher
//! sends them: `{event, data, delivered_at}` as compact JSON, signed
//! `X-SecureScan-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>` with the
//! webhook's secret, retried on the virtual clock, every attempt written back to the
//! delivery log. And the wake-ups that let a scan's events happen (and be delivered)
//! when the clock reaches them, without waiting for a request.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use sha2::Sha256;

use crate::apis::securescan::model::catch_up;
use crate::apis::securescan::model::state::SecureScanState;
use crate::apis::securescan::model::time::{micros, naive};
use crate::apis::securescan::model::webhooks::{self, BACKOFF_SECS, MAX_ATTEMPTS, Send};
use crate::world::{Outbound, Outgoing, Payload, RetryPolicy, Store};

fn signature(secret: &str, ts: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(format!("{ts}.").as_bytes());
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Hands `sends` to the outbound sender; outcomes land in `store` unless it was reset.
pub(crate) fn send(
    outbound: &Outbound,
    api: &str,
    store: &Arc<Store<SecureScanState>>,
    generation: u64,
    sends: Vec<Send>,
) {
    for s in sends {
        let Send { delivery_id, webhook_id, url, secret, event, payload, due } = s;
        let label = event.clone();
        let build = move |at: Timestamp, _number: u32| {
            let body = serde_json::json!({"event": event, "data": payload, "delivered_at": naive(micros(at))});
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            let ts = at.as_second();
            Payload { headers: Vec::new(), body: bytes.clone().into() }
                .header("content-type", "application/json")
                .header("user-agent", "SecureScan-Webhook/0.9")
                .header("x-securescan-signature", format!("t={ts},v1={}", signature(&secret, ts, &bytes)))
                .header("x-securescan-event", event.clone())
                .header("x-securescan-webhook-id", webhook_id.clone())
        };
        let backoff = BACKOFF_SECS.iter().map(|s| SignedDuration::from_secs(*s)).collect();
        let (log, id) = (store.clone(), delivery_id);
        let outgoing = Outgoing::new(url, label, due, build)
            .policy(RetryPolicy::new(MAX_ATTEMPTS, backoff))
            .on_attempt(move |attempt| {
                let body = match (&attempt.error, attempt.status) {
                    (Some(error), None) => format!("transport: {error}"),
                    _ => attempt.response_body.clone(),
                };
                log.write_if(generation, |txn| {
                    let at = micros(attempt.at);
                    let d = &mut txn.state.deliveries;
                    webhooks::record_attempt(d, &id, attempt.number, at, attempt.status, body, attempt.last);
                });
            });
        // A full queue refuses; the delivery then stays `pending` in the log, as a
        // stalled dispatcher leaves it.
        let _ = outbound.deliver(api, outgoing);
    }
}

/// Brings the world to `now` and sends what that queued.
pub(crate) fn wake(
    outbound: &Outbound,
    api: &str,
    store: &Arc<Store<SecureScanState>>,
    generation: u64,
    now: Timestamp,
) {
    let sends = store.write_if(generation, |txn| {
        catch_up::run(txn.state, txn.rng, micros(now));
        webhooks::take_undispatched(&txn.state.webhooks, &mut txn.state.deliveries)
    });
    if let Some(sends) = sends {
        send(outbound, api, store, generation, sends);
    }
}
