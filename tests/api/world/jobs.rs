//! A behaviour that uses the world's outbound deliveries and event streams the way an
//! API's behaviour does, against the public interface only: a job finishes a minute after
//! it starts, posts a signed webhook then (retried a minute later if refused), and tells
//! its status as a `text/event-stream` that follows the virtual clock.

use jiff::{SignedDuration, Timestamp};
use secmock::world::stream::{self, Step};
use secmock::world::{Call, Handlers, Outgoing, Payload, RetryPolicy};
use secmock::{Answer, Reply};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Seconds after its start at which a job reaches each status.
const STORY: [(i64, &str); 3] = [(0, "queued"), (10, "running"), (60, "finished")];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Job {
    id: String,
    name: String,
    created_at: Timestamp,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct JobsState {
    jobs: Vec<Job>,
    deliveries: Vec<Value>,
}

fn create(call: &mut Call<'_, JobsState>) -> Answer {
    let job = Job {
        id: call.uuid(),
        name: call.request.body_field("name").and_then(Value::as_str).unwrap_or_default().to_string(),
        created_at: call.now,
    };
    if let Some(url) = call.request.body_field("webhook_url").and_then(Value::as_str) {
        let (store, generation, id) = (call.store(), call.generation, job.id.clone());
        let body = json!({"event": "job.finished", "job_id": id});
        let outgoing =
            Outgoing::new(url, "job.finished", job.created_at + SignedDuration::from_secs(60), move |at, _| {
                Payload::json(&body).header("x-jobs-signature", format!("t={},v1=fixture", at.as_second()))
            })
            .policy(RetryPolicy::new(3, vec![SignedDuration::from_mins(1)]))
            .on_attempt(move |attempt| {
                store.write_if(generation, |txn| {
                    txn.state.deliveries.push(json!({
                        "job_id": id, "number": attempt.number, "at": attempt.at,
                        "status": attempt.status, "error": attempt.error, "last": attempt.last,
                    }));
                });
            });
        call.ctx.deliver(outgoing).map_err(|e| call.error(503, &e.to_string()))?;
    }
    let body = Reply::json(202, &job);
    call.state.jobs.push(job);
    Ok(body)
}

fn events(call: &mut Call<'_, JobsState>) -> Answer {
    let id = call.request.path_param("job_id").unwrap_or_default();
    let job = call.state.jobs.iter().find(|j| j.id == id).ok_or_else(|| call.error(404, "Job not found"))?;
    let (created_at, mut sent) = (job.created_at, 0);
    Ok(call.event_stream(move |now| {
        let due: Vec<_> = STORY[sent..]
            .iter()
            .take_while(|(secs, _)| created_at + SignedDuration::from_secs(*secs) <= now)
            .map(|(secs, status)| stream::event("status", Some(&secs.to_string()), &json!({"status": status})))
            .collect();
        sent += due.len();
        Step { frames: due, done: sent == STORY.len() }
    }))
}

pub(super) fn jobs() -> Handlers<JobsState> {
    Handlers::new(|_ctx, _scenario| Ok(JobsState::default()))
        .on("create_job", create)
        .on("job_events", events)
        .on("list_deliveries", |call| Ok(Reply::json(200, json!({"items": call.state.deliveries}))))
}
