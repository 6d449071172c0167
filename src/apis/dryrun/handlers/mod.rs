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

use self::access::DryRunCall;
use crate::reply::Answer;

/// A handler that first makes sure the index is there (an imported snapshot has none).
pub(crate) fn op(
    handler: fn(&mut DryRunCall<'_>) -> Answer,
) -> impl Fn(&mut DryRunCall<'_>) -> Answer + Send + Sync + 'static {
    move |call| {
        call.state.ensure_index();
        handler(call)
    }
}
