//! Code vocabulary: repositories, source trees, languages, packages and their ecosystems,
//! licenses, branches, path globs and code hosts.

pub(crate) const PROVIDERS: &[&str] = &["github", "github", "gitlab", "bitbucket", "azure-devops"];

/// Source trees: directories and the files that plausibly live in them (same language).
pub(crate) const SOURCE_TREES: &[(&[&str], &[&str])] = &[
    (
        &["src/api/handlers", "internal/api/handlers", "pkg/server", "internal/db", "cmd/worker"],
        &["user.go", "auth_middleware.go", "export.go", "orders.go", "webhook.go", "query.go"],
    ),
    (
        &["app/api/routes", "app/services", "src/billing", "app/models", "app/core"],
        &["login.py", "db.py", "settings.py", "webhooks.py", "upload.py", "reports.py"],
    ),
    (
        &["web/src/components", "src/api/handlers", "src/routes", "server/middleware", "src/lib"],
        &["orders.ts", "SearchResults.tsx", "upload.js", "session.ts", "user.ts", "resetPassword.js"],
    ),
    (
        &["src/main/java/com/acme/payments", "src/main/java/com/acme/auth", "src/main/java/com/acme/importer"],
        &["PaymentController.java", "UserService.java", "XmlImporter.java", "TokenFilter.java"],
    ),
    (
        &["app/controllers", "lib/auth", "app/models"],
        &["sessions_controller.rb", "users_controller.rb", "token.rb", "account.rb"],
    ),
    (&["deploy", "infra/terraform", "deploy/k8s"], &["main.tf", "Dockerfile", "values.yaml", "iam.tf"]),
];

pub(crate) const LANGUAGES: &[&str] =
    &["Python", "JavaScript", "TypeScript", "Go", "Java", "Ruby", "C#", "PHP", "Rust", "Kotlin"];

pub(crate) const ECOSYSTEMS: &[&str] = &["npm", "pypi", "maven", "go", "cargo", "rubygems", "nuget", "composer"];

pub(crate) const LICENSES: &[&str] =
    &["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MPL-2.0", "GPL-3.0-only", "LGPL-2.1-only"];

pub(crate) const BRANCH_TOPICS: &[&str] = &[
    "sso-login",
    "rate-limit-api",
    "upgrade-deps",
    "payment-retries",
    "csv-export",
    "audit-log",
    "fix-sql-injection",
    "sanitize-uploads",
    "rotate-secrets",
    "webhook-signing",
];

pub(crate) const BRANCH_PREFIXES: &[&str] = &["feature/", "fix/", "chore/", "security/"];

pub(crate) const MAIN_BRANCHES: &[&str] = &["main", "main", "main", "develop", "master"];

pub(crate) const GLOBS: &[&str] = &[
    "src/**",
    "**/*.py",
    "**/*_test.go",
    "vendor/**",
    "node_modules/**",
    "docs/**",
    "**/*.min.js",
    "tests/**",
    "app/**/*.rb",
    "infra/**/*.tf",
];
