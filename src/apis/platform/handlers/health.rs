//! Liveness and readiness, public: the process is alive, and whether every dependency is
//! reachable (the scenario may mark some unreachable).

use crate::apis::platform::model::state::PlatformState;
use crate::apis::platform::views::ops::{HealthView, NotReadyView, ReadyView};
use crate::reply::{Answer, Reply};
use crate::world::Call;

/// `GET /v1/healthz`: the version and the (virtual) time since the world was loaded.
pub(crate) fn healthz(call: &mut Call<'_, PlatformState>) -> Answer {
    let up = call.state.started_at.map_or(0.0, |at| (call.now - at).as_secs_f64().max(0.0));
    Ok(Reply::json(200, HealthView::new(up)))
}

/// `GET /v1/readyz`: 200, or 503 naming the unreachable dependencies.
pub(crate) fn readyz(call: &mut Call<'_, PlatformState>) -> Answer {
    let down = &call.state.unavailable;
    if down.is_empty() { Ok(Reply::json(200, ReadyView::new())) } else { Ok(Reply::json(503, NotReadyView::new(down))) }
}
