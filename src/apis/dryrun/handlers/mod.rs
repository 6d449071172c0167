//! One file per resource answers its operations: `accounts` (accounts, repositories,
//! analyzers, custom policies), `scans` (PR scans and a repository's PR findings),
//! `all_findings`, `triage`, `deepscans`, `configurations`, `assignment` (changes across
//! many configurations) and `insights`. Each builds on the model, the views and the
//! error wording, and on the shared request helpers here: `access` (who sees what, the
//! `{data}` answer) and `pagination`. No handler file imports another.

pub(crate) mod access;
pub(crate) mod accounts;
pub(crate) mod all_findings;
pub(crate) mod assignment;
pub(crate) mod configurations;
pub(crate) mod deepscans;
pub(crate) mod insights;
pub(crate) mod pagination;
pub(crate) mod scans;
pub(crate) mod triage;

use rand::rngs::ChaCha8Rng;

use self::access::DryRunCall;
use crate::reply::{Answer, Reply};
use crate::world::{RequestHead, new_uuid};

/// Every answer, whoever made it (a handler, the contract's 400, the engine's 401), names
/// the request in a `request-id` header, as DryRun's documentation asks callers to quote
/// it: the caller's own id (`request-id` or `x-request-id`) when it sent a usable one.
pub(crate) fn request_id(request: &RequestHead<'_>, reply: &mut Reply, rng: &mut ChaCha8Rng) {
    let given = ["request-id", "x-request-id"].iter().find_map(|name| {
        let value = request.headers.get(*name)?.to_str().ok()?;
        let usable = !value.is_empty() && value.len() <= 128 && value.bytes().all(|b| b.is_ascii_graphic());
        usable.then(|| value.to_string())
    });
    let id = given.unwrap_or_else(|| new_uuid(rng));
    if let Ok(value) = http::HeaderValue::try_from(id) {
        reply.headers.insert("request-id", value);
    }
}

/// A handler that first makes sure the index is there (an imported snapshot has none).
pub(crate) fn op(
    handler: fn(&mut DryRunCall<'_>) -> Answer,
) -> impl Fn(&mut DryRunCall<'_>) -> Answer + Send + Sync + 'static {
    move |call| {
        call.state.ensure_index();
        handler(call)
    }
}
