//! The Kolega DevSec Public API's behaviour: organisation API keys with scopes,
//! repositories, scan batches that move through Kolega's states over virtual time,
//! findings with a lifecycle and an audit feed of finding events, AI fixes that run,
//! refine, cancel and open pull requests, and quotas that run out.
//!
//! The folder is layered, and imports point one way only (down this list):
//! - `handlers/`: one file per resource (`me`, `repositories`, `scans`, `findings`,
//!   `feed`, `fixes`, `quotas`, `device`, `device_page`); each reads the request, changes the model, answers with
//!   a view and carries refusals out with `?`. A handler never imports another, nor
//!   `load/`.
//! - `errors`: every refusal, in Kolega's words.
//! - `views/`: the typed response bodies, borrowing from the model, built complete.
//! - `load/`: the scenario section to the model, through a builder its generators call.
//! - `model/`: the state and every rule that moves it. Nothing time changes is stored:
//!   progress is derived from each plan and the clock when read, and what must happen
//!   once (a batch's findings, a fix's events) is due work that catch-up runs before
//!   every request acts. What scanners find and fixes change is the shared security
//!   catalog (`crate::catalog`); `model/rules` reads it in Kolega's words (scan type,
//!   severity, `check_id`).
//!
//! This file only wires them into a behaviour: the state's `init`, its keys and the
//! handler answering each operation.

mod errors;
mod handlers;
mod load;
mod model;
mod views;

use std::sync::Arc;

use handlers::{Handler, PublicHandler, device, device_page, feed, findings, fixes, me, quotas, repositories, scans};
use model::snapshot;
use model::state::KolegaState;

use crate::world::{Behaviour, Handlers};

/// The operations and the handler answering each.
const OPERATIONS: &[(&str, Handler)] = &[
    ("get_public_api_me_api_v1_me_get", me::get),
    ("list_repositories_api_v1_repositories_get", repositories::list),
    ("get_repository_api_v1_repositories__repository_id__get", repositories::get),
    ("list_finding_events_api_v1_finding_events_get", feed::list),
    ("list_scans_api_v1_repositories__repository_id__scans_get", scans::list),
    ("create_scan_api_v1_repositories__repository_id__scans_post", scans::create),
    ("get_scan_api_v1_repositories__repository_id__scans__scan_id__get", scans::get),
    ("get_scan_progress_api_v1_repositories__repository_id__scans__scan_id__progress_get", scans::progress),
    ("get_scan_results_api_v1_repositories__repository_id__scans__scan_id__results_get", scans::results),
    ("list_findings_api_v1_repositories__repository_id__findings_get", findings::list),
    ("get_finding_api_v1_repositories__repository_id__findings__finding_id__get", findings::get),
    ("update_finding_status_api_v1_repositories__repository_id__findings__finding_id__patch", findings::update_status),
    ("list_fixes_api_v1_repositories__repository_id__fixes_get", fixes::list),
    ("create_fix_api_v1_repositories__repository_id__fixes_post", fixes::create),
    ("get_fix_api_v1_repositories__repository_id__fixes__fix_id__get", fixes::get),
    ("get_fix_diff_api_v1_repositories__repository_id__fixes__fix_id__diff_get", fixes::get_diff),
    ("get_fix_progress_api_v1_repositories__repository_id__fixes__fix_id__progress_get", fixes::progress),
    ("refine_fix_api_v1_repositories__repository_id__fixes__fix_id__refine_post", fixes::refine),
    ("cancel_fix_api_v1_repositories__repository_id__fixes__fix_id__cancel_post", fixes::cancel),
    (
        "create_pull_requests_api_v1_repositories__repository_id__fixes__fix_id__pull_requests_post",
        fixes::open_pull_requests,
    ),
    ("get_quota_balance_api_v1_quotas_balance_get", quotas::balance),
    ("get_device_authorization_device_authorizations__user_code__get", device::get),
    ("approve_device_authorization_device_authorizations__user_code__approve_post", device::approve),
    ("deny_device_authorization_device_authorizations__user_code__deny_post", device::deny),
];

/// The operations that need no key: a device's side of pairing, and the approval page.
const PUBLIC: &[(&str, PublicHandler)] = &[
    ("request_device_code_oauth_device_code_post", device::start),
    ("exchange_device_code_oauth_token_post", device::token),
    ("device_page_device_get", device_page::show),
    ("device_page_decide_device_post", device_page::decide),
];

/// The Kolega behaviour: its state built from the scenario, its keys, and the handler
/// answering each operation.
pub(crate) fn behaviour() -> Arc<dyn Behaviour> {
    let mut behaviour = Handlers::new(|ctx, scenario| load::init(ctx, scenario, views::contract::check))
        .authenticate(handlers::authenticate)
        // An imported snapshot has no indexes (they are not serialised): built before it is
        // installed. A scenario's state is built with them (`load::builder`).
        .after_import(KolegaState::rebuild)
        .check_state(snapshot::check)
        .banner(KolegaState::banner)
        .work(KolegaState::work)
        .scenario_section::<load::section::Section>()
        .from_recording(load::recorded::section);
    for (operation, handler) in OPERATIONS {
        behaviour = behaviour.on(operation, handlers::for_caller(*handler));
    }
    for (operation, handler) in PUBLIC {
        behaviour = behaviour.on(operation, handlers::for_anyone(*handler));
    }
    Arc::new(behaviour)
}
