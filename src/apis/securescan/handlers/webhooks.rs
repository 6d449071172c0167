//! Webhook subscriptions (admin): create (the signing secret shown once), list (newest
//! first), read, update the fields sent, delete; a subscription's delivery log (newest
//! first, the last 100) and the operator's test delivery, queued whatever the filter.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngExt;
use serde_json::{Value, json};

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::webhooks::{Delivery, Webhook};
use crate::apis::securescan::views::webhook::{CreatedWebhookView, DeliveryView, TestDeliveryView, WebhookView};
use crate::reply::{Answer, Refusal, Reply};

/// The event names of a body's `event_filter` (the contract has checked each).
fn event_filter(op: &Op<'_, '_>) -> Option<Vec<String>> {
    match op.call.request.body_field("event_filter") {
        Some(Value::Array(items)) => Some(items.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        _ => None,
    }
}

fn index(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let id = op.path("webhook_id");
    op.state().webhooks.iter().position(|w| w.id == id).ok_or_else(|| errors::webhook_not_found(op.ctx()))
}

pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let bytes: [u8; 32] = op.call.rng.random();
    let webhook = Webhook {
        id: op.call.uuid(),
        name: op.body_str("name").unwrap_or_default(),
        url: op.body_str("url").unwrap_or_default().trim().to_string(),
        secret: URL_SAFE_NO_PAD.encode(bytes),
        event_filter: event_filter(op).unwrap_or_default(),
        enabled: true,
        created_at: op.call.now,
    };
    op.call.state.webhooks.push(webhook);
    let saved = op.state().webhooks.last().ok_or_else(|| errors::webhook_not_found(op.ctx()))?;
    Ok(Reply::json(201, CreatedWebhookView::new(saved)))
}

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let mut hooks: Vec<&Webhook> = op.state().webhooks.iter().rev().collect();
    hooks.sort_by_key(|x| std::cmp::Reverse(x.created_at));
    Ok(Reply::json(200, hooks.into_iter().map(WebhookView::new).collect::<Vec<_>>()))
}

pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    Ok(Reply::json(200, WebhookView::new(&op.state().webhooks[i])))
}

pub(crate) fn update(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    let (name, url, filter) = (op.body_str("name"), op.body_str("url"), event_filter(op));
    let enabled = op.call.request.body_field("enabled").and_then(Value::as_bool);
    let hook = &mut op.call.state.webhooks[i];
    if let Some(name) = name {
        hook.name = name;
    }
    if let Some(url) = url {
        hook.url = url.trim().to_string();
    }
    if let Some(filter) = filter {
        hook.event_filter = filter;
    }
    if let Some(enabled) = enabled {
        hook.enabled = enabled;
    }
    Ok(Reply::json(200, WebhookView::new(&op.state().webhooks[i])))
}

pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    let removed = op.call.state.webhooks.remove(i);
    op.call.state.deliveries.retain(|d| d.webhook_id != removed.id);
    Ok(Reply::empty(204))
}

pub(crate) fn deliveries(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    let id = &op.state().webhooks[i].id;
    let mut log: Vec<&Delivery> = op.state().deliveries.iter().rev().filter(|d| d.webhook_id == *id).collect();
    log.sort_by_key(|x| std::cmp::Reverse(x.created_at));
    Ok(Reply::json(200, log.into_iter().take(100).map(DeliveryView::new).collect::<Vec<_>>()))
}

pub(crate) fn test(op: &mut Op<'_, '_>) -> Answer {
    let i = index(op)?;
    let webhook_id = op.state().webhooks[i].id.clone();
    let now = op.call.now;
    let payload =
        json!({"event": "webhook.test", "data": {"message": "Test from SecureScan", "timestamp": naive(now)}});
    let id = op.call.uuid();
    op.call.state.deliveries.push(Delivery::queued(id.clone(), &webhook_id, "webhook.test", payload, now));
    Ok(Reply::json(202, TestDeliveryView { delivery_id: &id, webhook_id: &webhook_id, event: "webhook.test" }))
}
