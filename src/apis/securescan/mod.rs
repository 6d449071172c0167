//! SecureScan's behaviour (PyPI `securescan` 0.11.12): the environment key and issued
//! `ssk_` keys with independent scopes, scans of declared or host paths that run their
//! registry's scanners on the virtual clock, findings drawn from the shared catalog with
//! fingerprints stable across rescans, compare and triage by fingerprint, notifications
//! by SecureScan's rules, webhook subscriptions with their delivery log, and each scan's
//! event log replayed over SSE.
//!
//! The folder is layered, and imports point one way only (down this list):
//! - `handlers/`: one file per resource; each reads the request, changes the model,
//!   answers with a view and carries refusals out with `?`.
//! - `errors`: every refusal, in SecureScan's words.
//! - `views/`: the typed response bodies, borrowing from the model, built complete.
//! - `load/`: the scenario section to the model.
//! - `model/`: the state and every rule that moves it; what the clock changes is due
//!   work that catch-up runs before every request, or read from a scan's plan.
//!
//! Every route exists twice, under `/api/v1` and the legacy `/api`: both operationIds
//! answer with the same handler over the same world.

mod data;
mod errors;
mod handlers;
mod load;
mod model;
mod views;

use std::sync::Arc;

use handlers::{Handler, dashboard, events, findings, keys, notifications, reports, sbom, scans, triage, webhooks};
use model::state::SecureScanState;

use crate::world::{Behaviour, Handlers};

/// The legacy operationIds and the handler answering each; the `/api/v1` twin of each is
/// `v1_` + the id with `_api_` read as `_api_v1_`.
const OPERATIONS: &[(&str, Handler)] = &[
    ("create_scan_api_scans_post", scans::create),
    ("list_scans_api_scans_get", scans::list),
    ("compare_scans_api_scans_compare_get", findings::compare),
    ("read_scan_api_scans__scan_id__get", scans::get),
    ("delete_scan_api_scans__scan_id__delete", scans::delete),
    ("cancel_scan_api_scans__scan_id__cancel_post", scans::cancel),
    ("generate_report_api_scans__scan_id__report_get", reports::report),
    ("stream_scan_events_api_scans__scan_id__events_get", events::stream),
    ("create_event_token_api_scans__scan_id__event_token_post", events::mint_token),
    ("list_findings_api_scans__scan_id__findings_get", findings::list),
    ("read_scan_summary_api_scans__scan_id__summary_get", findings::summary),
    ("scanner_status_api_dashboard_status_get", dashboard::status),
    ("install_scanner_api_dashboard_install__scanner_name__post", dashboard::install),
    ("aggregate_stats_api_dashboard_stats_get", dashboard::stats),
    ("trends_api_dashboard_trends_get", dashboard::trends),
    ("browse_directory_api_browse_get", dashboard::browse),
    ("list_frameworks_api_compliance_frameworks_get", dashboard::frameworks),
    ("compliance_coverage_api_compliance_coverage_get", dashboard::coverage),
    ("generate_sbom_api_sbom_generate_post", sbom::generate),
    ("list_sboms_api_sbom_history_get", sbom::history),
    ("get_sbom_document_api_sbom__sbom_id__get", sbom::get),
    ("export_sbom_api_sbom__sbom_id__export_get", sbom::export),
    ("get_sboms_for_scan_endpoint_api_sbom_scan__scan_id__get", sbom::of_scan),
    ("patch_state_api_findings__fingerprint__state_patch", triage::set_state),
    ("list_comments_api_findings__fingerprint__comments_get", triage::comments),
    ("add_comment_api_findings__fingerprint__comments_post", triage::add_comment),
    ("delete_comment_api_findings__fingerprint__comments__comment_id__delete", triage::delete_comment),
    ("get_keys_api_keys_get", keys::list),
    ("create_key_api_keys_post", keys::create),
    ("get_me_api_keys_me_get", keys::me),
    ("delete_key_api_keys__key_id__delete", keys::revoke),
    ("list_notifications_endpoint_api_notifications_get", notifications::list),
    ("unread_count_endpoint_api_notifications_unread_count_get", notifications::unread_count),
    ("mark_all_read_endpoint_api_notifications_read_all_patch", notifications::read_all),
    ("mark_read_endpoint_api_notifications__notification_id__read_patch", notifications::read),
    ("get_webhooks_api_webhooks_get", webhooks::list),
    ("create_webhook_api_webhooks_post", webhooks::create),
    ("get_webhook_endpoint_api_webhooks__webhook_id__get", webhooks::get),
    ("patch_webhook_api_webhooks__webhook_id__patch", webhooks::update),
    ("delete_webhook_endpoint_api_webhooks__webhook_id__delete", webhooks::delete),
    ("get_webhook_deliveries_api_webhooks__webhook_id__deliveries_get", webhooks::deliveries),
    ("test_webhook_api_webhooks__webhook_id__test_post", webhooks::test),
];

/// Operations only the `/api/v1` mount has.
const V1_ONLY: &[(&str, Handler)] = &[
    ("v1_get_scan_sbom_api_v1_scans__scan_id__sbom_get", sbom::latest_of_scan),
    ("v1_dashboard_browse_directory_api_v1_dashboard_browse_get", dashboard::browse),
];

/// The `/api/v1` operationId of a legacy one.
fn v1(legacy: &str) -> String {
    format!("v1_{}", legacy.replacen("_api_", "_api_v1_", 1))
}

/// The SecureScan behaviour: its state built from the scenario, its keys, and the
/// handler answering each operation under both mounts.
pub(crate) fn behaviour() -> Arc<dyn Behaviour> {
    let mut behaviour = Handlers::new(load::init)
        .authenticate(handlers::authenticate)
        .decorate(handlers::decorate)
        .banner(SecureScanState::banner)
        .work(SecureScanState::work)
        .scenario_section::<load::section::Section>()
        .from_recording(load::recorded::section);
    for (operation, handler) in OPERATIONS {
        behaviour =
            behaviour.on(operation, handlers::for_caller(*handler)).on(&v1(operation), handlers::for_caller(*handler));
    }
    for (operation, handler) in V1_ONLY {
        behaviour = behaviour.on(operation, handlers::for_caller(*handler));
    }
    Arc::new(behaviour)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_is_in_the_contract_under_both_mounts() {
        let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/securescan/openapi.yaml"))
            .unwrap_or_default();
        for (legacy, _) in super::OPERATIONS {
            for id in [legacy.to_string(), super::v1(legacy)] {
                assert!(spec.contains(&format!("operationId: {id}\n")), "{id} is not in the contract");
            }
        }
    }
}
