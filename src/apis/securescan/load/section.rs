//! The `apis.securescan` scenario section, as written. Past instants are durations
//! before the clock's start (`ago: 2d`), so a scenario works whatever the clock starts
//! at; ids may be pinned or left to the seeded generator.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use serde::{Deserialize, Deserializer};

use crate::apis::securescan::model::triage::Verdict;
use crate::apis::securescan::model::{ScanType, Scope};
use crate::catalog::Stack;

/// SecureScan 0.11.12: its deployment's credentials, the code it can scan, which
/// external scanners are installed, and its history.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Section {
    /// `SECURESCAN_API_KEY`: every scope, no key record.
    pub(crate) env_key: Option<String>,
    /// `SECURESCAN_AUTH_REQUIRED=1` (revoking the last admin key is then refused when
    /// there is no env key).
    #[serde(default)]
    pub(crate) auth_required: bool,
    /// The secret SSE event tokens are signed with (default: drawn from the seed).
    pub(crate) event_token_secret: Option<String>,
    /// External scanners installed on the host (built-in ones always are).
    #[serde(default)]
    #[schemars(length(max = 14))]
    pub(crate) installed: Vec<String>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) keys: Vec<KeyInput>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) targets: Vec<TargetInput>,
    #[serde(default)]
    #[schemars(length(max = 10000))]
    pub(crate) scans: Vec<ScanInput>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) triage: Vec<TriageInput>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) webhooks: Vec<WebhookInput>,
}

/// An issued key.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyInput {
    /// The whole key, `ssk_<10-character id>_<secret>`; its id is read from it.
    pub(crate) key: String,
    pub(crate) name: String,
    #[schemars(length(min = 1, max = 3))]
    pub(crate) scopes: Vec<Scope>,
    /// How long before the clock's start it was created (default 30d).
    pub(crate) created_ago: Option<Ago>,
    #[serde(default)]
    pub(crate) revoked: bool,
}

/// A path scans may target, and what the code there is.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetInput {
    pub(crate) path: String,
    #[serde(default = "python")]
    pub(crate) stack: Stack,
    /// Catalog rule ids that hold there (default: a stable draw from the stack's rules).
    pub(crate) rules: Option<Vec<String>>,
    /// Scanners that fail there, with their error.
    #[serde(default)]
    pub(crate) scanner_errors: BTreeMap<String, String>,
    /// The error every scan of it fails with.
    pub(crate) scan_error: Option<String>,
}

fn python() -> Stack {
    Stack::Python
}

/// A scan in the history, run to its end before the clock starts.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanInput {
    pub(crate) id: Option<String>,
    /// A declared target's path.
    pub(crate) target: String,
    /// Default: code and dependency, as SecureScan's.
    pub(crate) scan_types: Option<Vec<ScanType>>,
    /// How long before the clock's start it was created.
    pub(crate) ago: Ago,
    /// Cancelled this long after it was created, instead of running to its end.
    pub(crate) cancelled_after: Option<Ago>,
    /// The catalog rules that held in the target then, when the code has changed since
    /// (default: the target's own).
    pub(crate) rules: Option<Vec<String>>,
}

/// A verdict on a fingerprint.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TriageInput {
    pub(crate) fingerprint: String,
    pub(crate) status: Verdict,
    pub(crate) note: Option<String>,
    pub(crate) updated_by: Option<String>,
}

/// A webhook subscription.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookInput {
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) secret: String,
    #[schemars(length(min = 1, max = 4))]
    pub(crate) event_filter: Vec<String>,
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
}

fn yes() -> bool {
    true
}

/// A duration before the clock's start: seconds, or text such as `90s`, `2h`, `3d`.
#[derive(Debug, Clone, Copy, schemars::JsonSchema)]
#[schemars(with = "String")]
pub(crate) struct Ago(pub(crate) SignedDuration);

impl<'de> Deserialize<'de> for Ago {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let t = text.trim();
        let parsed = t.parse::<SignedDuration>().or_else(|_| {
            let span = t.parse::<jiff::Span>().map_err(|e| format!("'{t}' is not a duration: {e}"))?;
            span.to_duration(jiff::SpanRelativeTo::days_are_24_hours()).map_err(|e| format!("'{t}': {e}"))
        });
        match parsed {
            Ok(d) if d.is_negative() => Err(serde::de::Error::custom("a duration cannot be negative")),
            Ok(d) => Ok(Ago(d)),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}
