//! Short labels: tags, media types, map keys, names for keys and integrations, currencies and
//! one-word keywords.

pub(crate) const TAGS: &[&str] =
    &["payments", "backend", "frontend", "pci", "internal", "public", "legacy", "critical-path", "team-core", "prod"];

pub(crate) const MIME_TYPES: &[&str] =
    &["application/json", "text/plain", "application/sarif+json", "text/html", "application/pdf", "application/zip"];

/// Keys for free-form maps (`additionalProperties` schemas with no `properties`).
pub(crate) const MAP_KEYS: &[&str] =
    &["environment", "team", "owner", "service", "region", "tier", "component", "source"];

/// Names for API keys, tokens, webhooks and integrations.
pub(crate) const LABELS: &[&str] = &[
    "ci-pipeline",
    "github-actions",
    "local-dev",
    "terraform",
    "nightly-scan",
    "grafana-export",
    "slack-alerts",
    "jira-sync",
    "release-bot",
    "pagerduty",
];

pub(crate) const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "USD", "USD", "CAD", "JPY"];

/// One-word values for free `type`/`kind`/`mode` strings.
pub(crate) const KEYWORDS: &[&str] =
    &["standard", "default", "custom", "internal", "external", "primary", "manual", "automatic", "library", "service"];
