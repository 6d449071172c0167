//! A scenario's `apis.platform` section to the platform's world. `section` is the section
//! as written; `users` builds the accounts with their keys, `projects` each user's
//! projects, repositories and scan history. Errors name the scenario path of the bad
//! value. Only the model (and the catalog, through it) is imported here.

mod projects;
pub(crate) mod section;
mod users;

use jiff::{SignedDuration, Timestamp};
use section::Section;

use crate::apis::platform::model::catch_up;
use crate::apis::platform::model::ids::uuid_from;
use crate::apis::platform::model::state::{Limits, PlatformState};
use crate::apis::platform::model::workers::WORKERS;
use crate::world::{ApiScenario, Ctx};

/// Building state: the clock's start, the seed ids derive from, the state so far.
pub(crate) struct Loader {
    pub(crate) start: Timestamp,
    seed: u64,
    pub(crate) state: PlatformState,
}

impl Loader {
    /// The id at `at`: the one pinned, else one derived from the seed and the path.
    pub(crate) fn id(&self, pinned: Option<&String>, at: &str) -> Result<String, String> {
        match pinned {
            Some(id) => match uuid::Uuid::parse_str(id) {
                Ok(u) => Ok(u.hyphenated().to_string()),
                Err(_) => Err(format!("{at}.id: {id:?} is not a UUID")),
            },
            None => Ok(uuid_from(&[&self.seed.to_le_bytes(), at.as_bytes()])),
        }
    }

    /// The instant `ago` before the start (`None`: the start).
    pub(crate) fn ago(&self, ago: Option<&String>, at: &str) -> Result<Timestamp, String> {
        let Some(text) = ago else { return Ok(self.start) };
        let secs = section::seconds(text).map_err(|e| format!("{at}: {e}"))?;
        Ok(self.start - SignedDuration::from_secs(secs))
    }
}

/// The behaviour's `init`: a scenario section to state (no section: an empty world whose
/// secret is still a secret).
pub(crate) fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<PlatformState, String> {
    let Some(scenario) = scenario else {
        let secret = uuid_from(&[&ctx.seed.to_le_bytes(), b"signing-secret"]);
        return Ok(PlatformState { signing_secret: secret, started_at: Some(ctx.now()), ..PlatformState::default() });
    };
    let section: Section = serde_path_to_error::deserialize(scenario.config.clone())
        .map_err(|e| format!("at {}: {}", e.path(), e.inner()))?;
    if section.signing_secret.len() < 16 {
        return Err("signing_secret: at least 16 characters".into());
    }
    let defaults = Limits::default();
    let l = &section.limits;
    let limits = Limits {
        max_concurrent_scans_per_user: l
            .max_concurrent_scans_per_user
            .unwrap_or(defaults.max_concurrent_scans_per_user),
        max_scans_per_day_per_user: l.max_scans_per_day_per_user.unwrap_or(defaults.max_scans_per_day_per_user),
        max_upload_bytes: l.max_upload_bytes.unwrap_or(defaults.max_upload_bytes),
        ..defaults
    };
    if let Some(w) = section.stale_workers.iter().find(|w| !WORKERS.contains(&w.as_str())) {
        return Err(format!("stale_workers: {w:?} is not one of {}", WORKERS.join(", ")));
    }
    let state = PlatformState {
        signing_secret: section.signing_secret.clone(),
        unreachable_urls: section.unreachable_urls.clone(),
        limits,
        timing: section.timing,
        started_at: Some(ctx.now()),
        unavailable: section.unavailable.iter().map(|d| d.as_str().to_string()).collect(),
        stale_workers: section.stale_workers.clone(),
        failing_analyzers: section.failing_analyzers.clone(),
        ..PlatformState::default()
    };
    let mut loader = Loader { start: ctx.now(), seed: scenario.seed, state };
    for (u, input) in section.users.iter().enumerate() {
        let at = format!("users[{u}]");
        let user = users::user(&mut loader, input, &at)?;
        for (p, project) in input.projects.iter().enumerate() {
            projects::project(&mut loader, &user, project, &format!("{at}.projects[{p}]"))?;
        }
    }
    let mut state = loader.state;
    // History that completed before the start has its findings from the start.
    catch_up::run(&mut state, ctx.now());
    Ok(state)
}
