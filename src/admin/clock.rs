//! The virtual clock: read, set, advance (running what falls due), pause, resume.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use super::AdminCall;
use crate::contract::Renderer;
use crate::reply::{Answer, Refusal, Reply};
use crate::server::Server;
use crate::world::ClockMode;

pub(crate) fn get(call: &AdminCall<'_>) -> Answer {
    Ok(Reply::json(200, call.server.world.clock.reading()))
}

pub(crate) fn pause(call: &AdminCall<'_>) -> Answer {
    call.server.world.clock.pause();
    get(call)
}

pub(crate) fn resume(call: &AdminCall<'_>) -> Answer {
    call.server.world.clock.resume();
    get(call)
}

pub(crate) fn jobs(call: &AdminCall<'_>) -> Answer {
    let jobs: Vec<_> =
        call.server.world.scheduler.pending().into_iter().filter(|j| call.scope.is_none_or(|s| s == j.api)).collect();
    Ok(Reply::json(200, json!({ "jobs": jobs })))
}

/// `90`, `"90s"`, `"1h 30m"`, `"PT1H30M"`, and calendar-ish spans with days and weeks
/// (`"12d"`, `"2w 3d"`, `"P1D"`), a day counted as 24 hours (the clock is UTC).
fn duration(by: &Value) -> Result<SignedDuration, String> {
    match by {
        Value::Number(n) => {
            let secs = n.as_f64().ok_or("not a number")?;
            SignedDuration::try_from_secs_f64(secs).map_err(|e| e.to_string())
        }
        Value::String(s) => s.trim().parse::<SignedDuration>().or_else(|e| {
            let span: jiff::Span = s.trim().parse().map_err(|_| format!("'{s}' is not a duration: {e}"))?;
            span.to_duration(jiff::SpanRelativeTo::days_are_24_hours())
                .map_err(|e| format!("'{s}' is not a fixed duration: {e}"))
        }),
        _ => Err("give a number of seconds or a duration string".into()),
    }
}

pub(crate) async fn advance(server: Arc<Server>, body: Value, errors: Renderer) -> Answer {
    let invalid = |message: &str| Refusal::from(errors.error(422, Some(message)));
    let by = duration(body.get("by").unwrap_or(&Value::Null)).map_err(|e| invalid(&e))?;
    if by.is_negative() {
        return Err(invalid("the clock only advances forward; use PATCH /clock to set it"));
    }
    let world = &server.world;
    let target = world.clock.now().checked_add(by).map_err(|_| invalid("that would move the clock out of range"))?;
    let jobs_run = world.scheduler.advance_to(target).await;
    Ok(Reply::json(200, json!({"clock": world.clock.reading(), "jobs_run": jobs_run})))
}

pub(crate) async fn set(server: Arc<Server>, body: Value, errors: Renderer) -> Answer {
    let clock = &server.world.clock;
    let now = body
        .get("now")
        .and_then(Value::as_str)
        .map(str::parse::<Timestamp>)
        .transpose()
        .map_err(|e| Refusal::from(errors.error(422, Some(&format!("now: {e}")))))?;
    if let Some(mode) = body.get("mode").and_then(Value::as_str) {
        clock.set_mode(if mode == "manual" { ClockMode::Manual } else { ClockMode::Real });
    }
    if let Some(scale) = body.get("scale").and_then(Value::as_f64) {
        clock.set_scale(scale);
    }
    match body.get("paused").and_then(Value::as_bool) {
        Some(true) => {
            clock.pause();
        }
        Some(false) => {
            clock.resume();
        }
        None => {}
    }
    if let Some(now) = now {
        if now > clock.now() {
            server.world.scheduler.advance_to(now).await;
        } else {
            clock.set(now);
        }
    }
    Ok(Reply::json(200, clock.reading()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spelling() {
        assert_eq!(duration(&json!(90)), Ok(SignedDuration::from_secs(90)));
        assert_eq!(duration(&json!("90s")), Ok(SignedDuration::from_secs(90)));
        assert_eq!(duration(&json!("1h 30m")), Ok(SignedDuration::from_mins(90)));
        assert_eq!(duration(&json!("PT1H30M")), Ok(SignedDuration::from_mins(90)));
        assert_eq!(duration(&json!("12d")), Ok(SignedDuration::from_hours(12 * 24)));
        assert_eq!(duration(&json!("1w 1d 2h")), Ok(SignedDuration::from_hours(8 * 24 + 2)));
        assert_eq!(duration(&json!("P1D")), Ok(SignedDuration::from_hours(24)));
        assert!(duration(&json!("soon")).is_err());
        assert!(duration(&json!("1 month")).is_err(), "months have no fixed length");
    }
}
