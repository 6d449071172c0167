//! The `apis.platform` scenario section, as written. Times in the past are durations
//! before the clock's start (`created_ago: 90d`), so a scenario works whatever the clock
//! starts at; ids may be pinned or left to the seeded generator.

use serde::Deserialize;

use crate::apis::platform::model::scan::{BrokenAnalyzer, Timing};
use crate::apis::platform::model::{Analyzer, Depth, Group, Scope, SourceType};

/// The self-hosted scanning platform: its signing secret, its users (with their API keys
/// and projects), sources that cannot be fetched, limits and how long things take.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Section {
    /// The HS256 secret access tokens are signed with (at least 16 characters), so a
    /// client can verify them.
    #[schemars(length(min = 16, max = 256))]
    pub(crate) signing_secret: String,
    #[schemars(length(max = 100))]
    pub(crate) users: Vec<UserInput>,
    /// Source URLs whose ingest fails (an unreachable remote).
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) unreachable_urls: Vec<String>,
    #[serde(default)]
    pub(crate) limits: LimitsInput,
    /// Dependencies `GET /v1/readyz` finds unreachable.
    #[serde(default)]
    #[schemars(length(max = 3))]
    pub(crate) unavailable: Vec<Dependency>,
    /// Workers whose heartbeats stopped (`scans-2`, `ingest-1`, …): listed `stale`.
    #[serde(default)]
    #[schemars(length(max = 10))]
    pub(crate) stale_workers: Vec<String>,
    #[serde(default)]
    pub(crate) timing: Timing,
    /// Analyzers that crash on some repositories: a scan running one fails halfway
    /// through it, with its error.
    #[serde(default)]
    #[schemars(length(max = 20))]
    pub(crate) failing_analyzers: Vec<BrokenAnalyzer>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserInput {
    pub(crate) id: Option<String>,
    #[schemars(length(min = 3, max = 320))]
    pub(crate) email: String,
    #[schemars(length(min = 1, max = 256))]
    pub(crate) password: String,
    pub(crate) name: Option<String>,
    /// `users` is implied; add `ops` for an operator.
    #[serde(default)]
    pub(crate) groups: Vec<Group>,
    /// A disabled account logs in with 403.
    #[serde(default = "yes")]
    pub(crate) active: bool,
    /// `90d`, `12h`, `30m`, `45s` before the clock's start.
    #[serde(default)]
    pub(crate) created_ago: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 25))]
    pub(crate) api_keys: Vec<KeyInput>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) projects: Vec<ProjectInput>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyInput {
    pub(crate) id: Option<String>,
    #[schemars(length(min = 1, max = 100))]
    pub(crate) name: String,
    /// The whole key: `spk_` followed by 40 URL-safe characters.
    pub(crate) key: String,
    #[schemars(length(min = 1, max = 3))]
    pub(crate) scopes: Vec<Scope>,
    #[serde(default)]
    pub(crate) created_ago: Option<String>,
    /// Expired keys answer 401.
    #[serde(default)]
    pub(crate) expires_in: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProjectInput {
    pub(crate) id: Option<String>,
    #[schemars(length(min = 1, max = 200))]
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) created_ago: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) repositories: Vec<RepoInput>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepoInput {
    pub(crate) id: Option<String>,
    #[schemars(length(min = 1, max = 200))]
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    #[serde(default = "git")]
    pub(crate) source_type: SourceType,
    pub(crate) source_url: Option<String>,
    pub(crate) branch: Option<String>,
    /// `python`, `typescript`, `java` or `go`; by default the catalog's language for the
    /// name, else one drawn from the name.
    pub(crate) language: Option<String>,
    #[serde(default)]
    pub(crate) created_ago: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 200))]
    pub(crate) scans: Vec<ScanInput>,
}

fn git() -> SourceType {
    SourceType::Git
}

/// A scan in the repository's history.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanInput {
    pub(crate) id: Option<String>,
    /// When it was started, before the clock's start.
    pub(crate) ago: String,
    pub(crate) analyzers: Option<Vec<Analyzer>>,
    #[serde(default)]
    pub(crate) depth: Option<Depth>,
    /// Cancelled this long after it was started.
    #[serde(default)]
    pub(crate) cancelled_after: Option<String>,
}

/// A dependency the readiness check probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Dependency {
    Postgres,
    S3,
    Sqs,
}

impl Dependency {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Dependency::Postgres => "postgres",
            Dependency::S3 => "s3",
            Dependency::Sqs => "sqs",
        }
    }
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LimitsInput {
    #[schemars(range(min = 1, max = 1000))]
    pub(crate) max_concurrent_scans_per_user: Option<u32>,
    #[schemars(range(min = 1, max = 100_000))]
    pub(crate) max_scans_per_day_per_user: Option<u32>,
    #[schemars(range(min = 1, max = 1_099_511_627_776u64))]
    pub(crate) max_upload_bytes: Option<u64>,
}

/// `90d`, `12h`, `30m`, `45s` as seconds.
pub(crate) fn seconds(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = number.parse().map_err(|_| format!("{text:?} is not a duration like 90d, 12h, 30m or 45s"))?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{text:?} is not a duration like 90d, 12h, 30m or 45s")),
    };
    n.checked_mul(unit).filter(|s| *s <= 3_650 * 86_400).ok_or_else(|| format!("{text:?} is longer than ten years"))
}
