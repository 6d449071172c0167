//! A scenario's `apis.securescan` section to SecureScan's world. `section` is the
//! section as written; this file checks it (every error names the scenario path of the
//! bad value) and builds the state, running the history's scans to their end through
//! the same catch-up the requests use, so a loaded scan is exactly what a requested one
//! becomes. Only the model (and the catalog) is imported here.

pub(crate) mod recorded;
pub(crate) mod section;

use std::collections::HashSet;

use jiff::Timestamp;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use section::{Ago, Section};

use crate::apis::securescan::model::ScanType;
use crate::apis::securescan::model::catch_up;
use crate::apis::securescan::model::keys::ApiKey;
use crate::apis::securescan::model::scan::{Request, Scan};
use crate::apis::securescan::model::scanners;
use crate::apis::securescan::model::state::SecureScanState;
use crate::apis::securescan::model::targets::{Target, absolute};
use crate::apis::securescan::model::time::micros;
use crate::apis::securescan::model::triage::State;
use crate::apis::securescan::model::webhooks::{EVENTS, Webhook, url_problem};
use crate::catalog;
use crate::world::{ApiScenario, Ctx, new_uuid};

/// The behaviour's `init`: a scenario section to state (no section: an empty world with
/// no credential, which the real server would run open; here every key is unknown).
pub(crate) fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<SecureScanState, String> {
    let Some(scenario) = scenario else { return Ok(SecureScanState::default()) };
    let section: Section = serde_path_to_error::deserialize(scenario.config.clone())
        .map_err(|e| format!("at {}: {}", e.path(), e.inner()))?;
    build(section, micros(ctx.now()), scenario.seed)
}

fn before(start: Timestamp, ago: Ago) -> Timestamp {
    start.checked_sub(ago.0).unwrap_or(start)
}

fn build(section: Section, start: Timestamp, seed: u64) -> Result<SecureScanState, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5ec5_ca11);
    let mut state = SecureScanState {
        token_secret: section
            .event_token_secret
            .clone()
            .unwrap_or_else(|| format!("{:032x}", seed as u128 * 0x9e37_79b9)),
        ..SecureScanState::default()
    };
    state.keys.env_key = section.env_key.clone();
    state.keys.auth_required = section.auth_required;
    for (i, name) in section.installed.iter().enumerate() {
        if scanners::find(name).is_none() {
            return Err(format!("at installed[{i}]: '{name}' is not one of SecureScan's 14 scanners"));
        }
        state.installed.push(name.clone());
    }
    keys(&section, &mut state, start)?;
    for (i, t) in section.targets.iter().enumerate() {
        let path = absolute(&t.path, "/");
        if state.target(&path).is_some() {
            return Err(format!("at targets[{i}].path: '{path}' is declared twice"));
        }
        if let Some(id) = t.rules.iter().flatten().find(|id| catalog::find(id).is_none()) {
            return Err(format!("at targets[{i}].rules: '{id}' is not a rule of the catalog"));
        }
        if let Some(name) = t.scanner_errors.keys().find(|n| scanners::find(n).is_none()) {
            return Err(format!("at targets[{i}].scanner_errors: '{name}' is not one of SecureScan's scanners"));
        }
        let mut target = Target::declared(path, t.stack);
        target.rules.clone_from(&t.rules);
        target.scanner_errors.clone_from(&t.scanner_errors);
        target.scan_error.clone_from(&t.scan_error);
        state.targets.push(target);
    }
    history(&section, &mut state, &mut rng, start)?;
    for t in &section.triage {
        state.triage.insert(
            t.fingerprint.clone(),
            State {
                fingerprint: t.fingerprint.clone(),
                status: t.status,
                note: t.note.clone(),
                updated_at: start,
                updated_by: t.updated_by.clone(),
            }
            .into(),
        );
    }
    for (i, w) in section.webhooks.iter().enumerate() {
        if let Some(problem) = url_problem(&w.url) {
            return Err(format!("at webhooks[{i}].url: {problem}"));
        }
        if let Some(e) = w.event_filter.iter().find(|e| !EVENTS.contains(&e.as_str())) {
            return Err(format!("at webhooks[{i}].event_filter: '{e}' is not one of {}", EVENTS.join(", ")));
        }
        let id = w.id.clone().unwrap_or_else(|| new_uuid(&mut rng));
        state.webhooks.push(Webhook {
            id,
            name: w.name.clone(),
            url: w.url.trim().to_string(),
            secret: w.secret.clone(),
            event_filter: w.event_filter.clone(),
            enabled: w.enabled,
            created_at: start,
        });
    }
    Ok(state)
}

fn keys(section: &Section, state: &mut SecureScanState, start: Timestamp) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (i, k) in section.keys.iter().enumerate() {
        let id = k
            .key
            .strip_prefix("ssk_")
            .and_then(|rest| rest.split_once('_'))
            .filter(|(id, secret)| id.len() == 10 && !secret.is_empty())
            .map(|(id, _)| id.to_string())
            .ok_or_else(|| format!("at keys[{i}].key: an issued key reads ssk_<10-character id>_<secret>"))?;
        if !seen.insert(id.clone()) || section.env_key.as_deref() == Some(k.key.as_str()) {
            return Err(format!("at keys[{i}].key: its id '{id}' (or the key) is used twice"));
        }
        let created_at = before(start, k.created_ago.unwrap_or(Ago(jiff::SignedDuration::from_hours(24 * 30))));
        state.keys.issued.push(ApiKey {
            id,
            name: k.name.clone(),
            key: k.key.clone(),
            scopes: k.scopes.clone(),
            created_at,
            last_used_at: None,
            revoked_at: k.revoked.then_some(start),
        });
    }
    Ok(())
}

/// Plans each history scan at its creation, cancels those cancelled, then lets
/// catch-up run them all to the clock's start (making their findings and notifications).
fn history(
    section: &Section,
    state: &mut SecureScanState,
    rng: &mut ChaCha8Rng,
    start: Timestamp,
) -> Result<(), String> {
    let mut earliest = start;
    for (i, s) in section.scans.iter().enumerate() {
        let at = format!("scans[{i}]");
        let path = absolute(&s.target, "/");
        let mut target =
            state.target(&path).cloned().ok_or_else(|| format!("at {at}.target: '{path}' is not a declared target"))?;
        if let Some(id) = s.rules.iter().flatten().find(|id| catalog::find(id).is_none()) {
            return Err(format!("at {at}.rules: '{id}' is not a rule of the catalog"));
        }
        if s.rules.is_some() {
            // The code has changed since: the scan saw these rules.
            target.rules.clone_from(&s.rules);
        }
        let id = s.id.clone().unwrap_or_else(|| new_uuid(rng));
        if state.scan(&id).is_some() {
            return Err(format!("at {at}.id: '{id}' is used twice"));
        }
        let created_at = before(start, s.ago);
        earliest = earliest.min(created_at);
        let request = Request {
            target_path: path,
            scan_types: s.scan_types.clone().unwrap_or_else(|| vec![ScanType::Code, ScanType::Dependency]),
            target_url: None,
            target_host: None,
        };
        if request.scan_types.is_empty() {
            return Err(format!("at {at}.scan_types: a scan has at least one type"));
        }
        let mut scan = Scan::plan(id, request, &target, &state.installed, created_at);
        if scan.plan.ends_at > start && s.cancelled_after.is_none() {
            return Err(format!("at {at}.ago: the scan would still be running at the clock's start"));
        }
        if let Some(after) = s.cancelled_after {
            let cancel_at = created_at.checked_add(after.0).unwrap_or(created_at).min(start);
            scan.start_if_due(cancel_at);
            let _ = scan.cancel(cancel_at);
        }
        state.scans.push(scan);
    }
    state.caught_up_to = Some(earliest.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap_or(earliest));
    catch_up::run(state, rng, start);
    Ok(())
}
