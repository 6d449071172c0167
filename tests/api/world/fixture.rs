//! A small behaviour written the way a library user would, against secmock's public
//! interface only: builds that progress with the clock (derived from timestamps when
//! read), a quota, and a notification the scheduler delivers when a build finishes.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use secmock::world::{ApiScenario, Auth, Behaviour, Call, Ctx, Handlers, Identity};
use secmock::{Answer, Reply};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Queued for 10 s, then running for 50 s.
const QUEUED: i64 = 10;
const TOTAL: i64 = 60;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct Build {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct BuildsState {
    pub limit: u64,
    pub used: u64,
    pub builds: Vec<Build>,
    pub notifications: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    quota: u64,
    #[serde(default)]
    builds: Vec<SeedBuild>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedBuild {
    name: String,
    age_seconds: i64,
}

fn render(build: &Build, now: Timestamp) -> Value {
    let elapsed = now.duration_since(build.created_at).as_secs();
    let (status, percent) = match elapsed {
        e if e < QUEUED => ("queued", 0),
        e if e < TOTAL => ("running", (e - QUEUED) * 100 / (TOTAL - QUEUED)),
        _ => ("succeeded", 100),
    };
    let finished = (elapsed >= TOTAL).then(|| build.created_at + SignedDuration::from_secs(TOTAL));
    json!({
        "id": build.id, "name": build.name, "status": status, "percent": percent,
        "created_at": build.created_at, "finished_at": finished,
    })
}

fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<BuildsState, String> {
    let Some(scenario) = scenario else { return Ok(BuildsState { limit: 10, ..Default::default() }) };
    let section: Section = serde_json::from_value(scenario.config.clone()).map_err(|e| e.to_string())?;
    let mut state = BuildsState { limit: section.quota, ..Default::default() };
    for (i, seed) in section.builds.into_iter().enumerate() {
        let build = Build {
            id: format!("00000000-0000-4000-8000-{i:012}"),
            name: seed.name,
            created_at: ctx.now() - SignedDuration::from_secs(seed.age_seconds),
        };
        // Scenario data must be data the contract allows: refuse it here, precisely.
        ctx.spec
            .check_component("Build", &render(&build, ctx.now()))
            .map_err(|problems| format!("builds[{i}]: {}", problems.join("; ")))?;
        state.builds.push(build);
    }
    Ok(state)
}

fn create(call: &mut Call<'_, BuildsState>) -> Answer {
    if call.state.used >= call.state.limit {
        return Err(call.error(403, "build quota exhausted").into());
    }
    call.state.used += 1;
    let build = Build {
        id: call.uuid(),
        name: call.request.body_field("name").and_then(Value::as_str).unwrap_or_default().to_string(),
        created_at: call.now,
    };
    let (store, generation, id) = (call.store(), call.generation, build.id.clone());
    call.ctx.scheduler.at(
        build.created_at + SignedDuration::from_secs(TOTAL),
        call.ctx.api,
        "build.succeeded",
        move |at| async move {
            store.write_if(generation, |txn| {
                txn.state.notifications.push(json!({"build_id": id, "event": "build.succeeded", "at": at}));
            });
        },
    );
    let body = render(&build, call.now);
    call.state.builds.push(build);
    Ok(Reply::json(202, body))
}

pub(super) fn builds() -> Handlers<BuildsState> {
    Handlers::new(init)
        .authenticate(|_state, _ctx, _op, credentials| match credentials.first().map(|c| c.secret.as_str()) {
            Some("good") => Auth::Known(Identity {
                principal: "good".into(),
                scopes: vec!["read".into(), "write".into()],
                ..Default::default()
            }),
            Some("readonly") => Auth::Known(Identity {
                principal: "readonly".into(),
                scopes: vec!["read".into()],
                ..Default::default()
            }),
            _ => Auth::Unknown(Some("Invalid API key".into())),
        })
        .on("create_build", create)
        .on("list_builds", |call| {
            let items: Vec<Value> = call.state.builds.iter().map(|b| render(b, call.now)).collect();
            Ok(Reply::json(200, json!({"total": items.len(), "items": items})))
        })
        .on("get_build", |call| {
            let id = call.request.path_param("build_id").unwrap_or_default();
            let build =
                call.state.builds.iter().find(|b| b.id == id).ok_or_else(|| call.error(404, "Build not found"))?;
            Ok(Reply::json(200, render(build, call.now)))
        })
        .on("get_quota", |call| {
            let (limit, used) = (call.state.limit, call.state.used);
            Ok(Reply::json(200, json!({"limit": limit, "used": used, "remaining": limit.saturating_sub(used)})))
        })
        .on("list_notifications", |call| Ok(Reply::json(200, json!({"items": call.state.notifications}))))
        .on("broken", |_| Ok(Reply::json(200, json!({"ok": "not a boolean"}))))
        .banner(|state| vec![format!("quota {} builds", state.limit)])
}

/// Behaviours by API: the fixture for `builds`, the generic one for everything else.
pub(super) fn behaviours(api: &str) -> Option<Arc<dyn Behaviour>> {
    (api == "builds").then(|| Arc::new(builds()) as Arc<dyn Behaviour>)
}
