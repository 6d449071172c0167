//! `Webhook` (never its secret), `WebhookCreated` (the one answer with it), deliveries
//! and the test delivery's answer.

use serde::Serialize;

use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::webhooks::{Delivery, Webhook};

#[derive(Debug, Serialize)]
pub(crate) struct WebhookView<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    event_filter: &'a [String],
    enabled: bool,
    created_at: String,
}

impl<'a> WebhookView<'a> {
    pub(crate) fn new(w: &'a Webhook) -> WebhookView<'a> {
        WebhookView {
            id: &w.id,
            name: &w.name,
            url: &w.url,
            event_filter: &w.event_filter,
            enabled: w.enabled,
            created_at: naive(w.created_at),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CreatedWebhookView<'a> {
    #[serde(flatten)]
    view: WebhookView<'a>,
    secret: &'a str,
}

impl<'a> CreatedWebhookView<'a> {
    pub(crate) fn new(w: &'a Webhook) -> CreatedWebhookView<'a> {
        CreatedWebhookView { view: WebhookView::new(w), secret: &w.secret }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct DeliveryView<'a> {
    id: &'a str,
    webhook_id: &'a str,
    event: &'a str,
    status: &'a str,
    attempt: u32,
    next_attempt_at: String,
    created_at: String,
    updated_at: String,
    response_code: Option<u16>,
    response_body: Option<&'a str>,
}

impl<'a> DeliveryView<'a> {
    pub(crate) fn new(d: &'a Delivery) -> DeliveryView<'a> {
        DeliveryView {
            id: &d.id,
            webhook_id: &d.webhook_id,
            event: &d.event,
            status: &d.status,
            attempt: d.attempt,
            next_attempt_at: naive(d.next_attempt_at),
            created_at: naive(d.created_at),
            updated_at: naive(d.updated_at),
            response_code: d.response_code,
            response_body: d.response_body.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct TestDeliveryView<'a> {
    pub(crate) delivery_id: &'a str,
    pub(crate) webhook_id: &'a str,
    pub(crate) event: &'static str,
}
