//! Organisations' projects, domains, hosts and webhook endpoints (their names are the
//! catalog's: `crate::catalog::organizations`).

pub(crate) const PROJECT_DESCRIPTIONS: &[&str] = &[
    "Customer-facing checkout and payment flows.",
    "Internal admin dashboard for support staff.",
    "Public REST API behind the mobile apps.",
    "Nightly ETL jobs feeding the data warehouse.",
    "Terraform modules for the production AWS accounts.",
    "Authentication and session management service.",
    "Marketing site and documentation portal.",
    "Background workers for billing and invoicing.",
];

pub(crate) const WEBHOOK_URLS: &[&str] = &[
    "https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/",
    "https://ci.acme.io/hooks/security-scan",
    "https://events.pagerduty.com/integration/",
    "https://hooks.example.com/secmock/",
    "https://jira.globex.dev/rest/webhooks/1.0/",
];

pub(crate) const PROJECTS: &[&str] = &[
    "Payments Platform",
    "Customer Portal",
    "Mobile Banking",
    "Internal Tools",
    "Data Platform",
    "Checkout",
    "Identity",
    "Core API",
    "Marketing Site",
    "Partner Integrations",
];

pub(crate) const URL_HOSTS: &[&str] =
    &["github.com", "gitlab.com", "app.acme.io", "dashboard.example.com", "scanner.example.org", "bitbucket.org"];

pub(crate) const HOST_PREFIXES: &[&str] = &["api", "app", "www", "git", "ci", "scanner", "internal", "staging"];

pub(crate) const DOMAINS: &[&str] =
    &["acme.io", "example.com", "globex.dev", "initech.net", "hooli.xyz", "example.org"];
