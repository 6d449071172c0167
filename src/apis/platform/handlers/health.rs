//! Liveness and readiness, public: the process is alive, and whether every dependency is
//! reachable (the scenario, or an `outage` fault naming `postgres`, `s3` or `sqs`, may
//! mark some unreachable).

use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::views::ops::{DEPENDENCIES, HealthView, NotReadyView, ReadyView};
use crate::reply::{Answer, Reply};
use crate::world::Call;

/// `GET /v1/healthz`: the version and the (virtual) time since the world was loaded.
pub(crate) fn healthz(call: &mut Call<'_, PlatformState>) -> Answer {
    let up = call.state.started_at.map_or(0.0, |at| (call.now - at).as_secs_f64().max(0.0));
    Ok(Reply::json(200, HealthView::new(up)))
}

/// `GET /v1/readyz`: 200, or 503 naming the unreachable dependencies.
pub(crate) fn readyz(call: &mut Call<'_, PlatformState>) -> Answer {
    let mut down = call.state.unavailable.clone();
    for dependency in call.ctx.outages() {
        if DEPENDENCIES.contains(&dependency.as_str()) && !down.contains(&dependency) {
            down.push(dependency);
        }
    }
    if down.is_empty() {
        Ok(Reply::json(200, ReadyView::new()))
    } else {
        Ok(Reply::json(503, NotReadyView::new(&down)))
    }
}
