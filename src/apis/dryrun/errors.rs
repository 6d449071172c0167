//! All of DryRun's error wording, and the refusals handlers return with `?`: one place, as
//! Prism keeps `router/errors.ts`. The dialect (`contract::dialect::dryrun`) renders them
//! as `{"error": message}`. A 404 is `{"error": "not found"}` whether the id does not
//! exist or belongs to an account the key cannot see, so nothing leaks across accounts.

use std::fmt;

use crate::apis::dryrun::model::settings::SettingsProblem;
use crate::apis::dryrun::model::state::DryRunState;
use crate::reply::Refusal;
use crate::world::Call;

type DryRunCall<'a> = Call<'a, DryRunState>;

/// What a bulk update reports for a configuration id that is not in the account.
pub(crate) const NOT_FOUND: &str = "not found";

/// 404 `{"error": "not found"}`.
pub(crate) fn not_found(call: &DryRunCall<'_>) -> Refusal {
    call.not_found().into()
}

fn refuse(call: &DryRunCall<'_>, status: u16, message: &str) -> Refusal {
    call.error(status, message).into()
}

/// 422: a scan list's `date_from` after its `date_to`.
pub(crate) fn dates_reversed(call: &DryRunCall<'_>) -> Refusal {
    refuse(call, 422, "date_from must not be later than date_to")
}

/// 400: a triage without a category (the contract checks the enum first, so only a
/// request the contract lets through without one gets here).
pub(crate) fn triage_category_required(call: &DryRunCall<'_>) -> Refusal {
    refuse(call, 400, "triage_category must be one of: false_positive, wont_fix, accepted_risk, in_progress")
}

/// 422 naming every problem a configuration request has (nothing is applied).
pub(crate) fn unprocessable(call: &DryRunCall<'_>, problems: &[String]) -> Refusal {
    refuse(call, 422, &problems.join("; "))
}

/// A configuration name another configuration of the account has.
pub(crate) fn name_taken(name: &str) -> String {
    format!("name '{name}' has already been taken")
}

/// A repository id a configuration request names that is not in the account.
pub(crate) fn repository_not_in_account(id: &str) -> String {
    format!("repository not found in this account: {id}")
}

/// Settings problems, each in its words.
pub(crate) fn settings_problems(problems: &[SettingsProblem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// The wording of a settings problem: API answers and scenario errors quote it.
impl fmt::Display for SettingsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsProblem::UnknownAnalyzer(slug) => write!(f, "unknown analyzer: {slug}"),
            SettingsProblem::UnknownCodePolicy(id) => write!(f, "unknown code policy: {id}"),
        }
    }
}

/// 422: an assignment's `repository_pattern` that is not a glob.
pub(crate) fn invalid_pattern(call: &DryRunCall<'_>, problem: impl fmt::Display) -> Refusal {
    refuse(call, 422, &format!("repository_pattern is not a valid glob: {problem}"))
}

/// 422: an assignment that selects no repository.
pub(crate) fn nothing_to_assign(call: &DryRunCall<'_>) -> Refusal {
    refuse(call, 422, "no repositories to assign")
}

/// 400: an insights `date` that is not a calendar date.
pub(crate) fn invalid_date(call: &DryRunCall<'_>, problem: impl fmt::Display) -> Refusal {
    refuse(call, 400, &format!("date {problem}"))
}

/// 422: an insights `date` after today.
pub(crate) fn date_in_future(call: &DryRunCall<'_>) -> Refusal {
    refuse(call, 422, "date must not be in the future")
}

/// 422: an insights `date` whose day cannot be represented.
pub(crate) fn date_out_of_range(call: &DryRunCall<'_>) -> Refusal {
    refuse(call, 422, "date is out of range")
}
