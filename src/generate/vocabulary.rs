//! Word tables for realistic fake data, and the tables that map a property name to the kind
//! of value it usually holds:
//! - [`NAME_RULES`] (via [`hint_for`], refined by the holding object with [`refine`]) for
//!   strings: `fake_data` consults it only where the schema leaves the string free (no
//!   `enum`/`const`, a compatible or no `format`) and keeps a hinted value only if it satisfies
//!   every constraint of the schema (`minLength`, `maxLength`, `pattern`);
//! - [`NUMBER_RULES`] for default integer/number ranges, intersected with the schema's bounds;
//! - [`TIME_RANKS`] and [`RANGE_PAIRS`] for fields of one object that read best in order.
//!
//! Hints are only hints: the schema always wins.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

/// The kind of value a property name suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// A v4 UUID (`id`, `*_id`, `uuid`).
    Uuid,
    /// `acme/payments-api`.
    RepoName,
    /// A person's name, `Maria Chen` (`name` on a user-like object, `author_name`).
    PersonName,
    /// A login, `mchen` (`username`, `author`, `created_by`).
    Username,
    /// An organisation, `acme` (`organization`, `org`, `owner`).
    Organization,
    /// A project, `Payments Platform` (`name` on a project-like object).
    ProjectName,
    /// `maria.chen@acme.io`.
    Email,
    /// An `https://` URL.
    Url,
    /// `api.acme.io`.
    Hostname,
    /// `192.0.2.17`.
    Ip,
    /// `src/api/handlers/user.go`.
    SourcePath,
    /// `SQL Injection in login handler`.
    VulnTitle,
    /// A sentence describing a finding.
    Sentence,
    /// A line of source code.
    Snippet,
    /// 40 hex digits.
    Sha1,
    /// 64 hex digits (`fingerprint`, `hash`, `sha256`, `digest`).
    Sha256,
    /// `CVE-2024-12345`.
    Cve,
    /// `GHSA-8r4p-6c9m-vx3q`.
    Ghsa,
    /// `CWE-89`.
    Cwe,
    /// `A03:2021-Injection`.
    Owasp,
    /// `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`.
    CvssVector,
    /// `2.4.1`.
    Semver,
    /// `main`, `feature/sso-login`.
    Branch,
    /// `lodash`, `requests`, `log4j-core`.
    Package,
    /// `pkg:npm/lodash@4.17.21`.
    Purl,
    /// `npm`, `pypi`.
    Ecosystem,
    /// `Python`.
    Language,
    /// `python.lang.security.sql-injection`.
    RuleId,
    /// `critical`, `high`, `medium`, `low`.
    Severity,
    /// `injection`, `secrets`.
    Category,
    /// `semgrep`, `trivy`.
    Scanner,
    /// `MIT`, `Apache-2.0`.
    License,
    /// An RFC 3339 instant in the ~90 days before the anchor (`*_at`, `timestamp`).
    Timestamp,
    /// An opaque token or key, `skx_9fQ2…`.
    Token,
    /// `application/json`.
    MimeType,
    /// A tag, `payments`.
    Tag,
    /// A human label for a key, token, webhook or integration, `ci-pipeline`.
    Label,
    /// A path glob, `src/**` (`include`, `exclude`, `paths`, `ignore`).
    Glob,
    /// An ISO 4217 code, `USD`.
    Currency,
    /// A hook endpoint, `https://hooks.slack.com/services/…` (a webhook's `url`).
    WebhookUrl,
    /// What a repository or project is, `Customer-facing checkout and payment flows.`
    ProjectDescription,
    /// How to install a tool, `pip install semgrep`.
    InstallCommand,
    /// A code host, `github`.
    Provider,
    /// A long-lived branch, `main` (`default_branch`, `base_branch`).
    MainBranch,
    /// A one-word kind or mode, `standard` (`type`, `kind`, `mode`, ...).
    Keyword,
    /// `Acme Corp` style company name (a `company`/`vendor`/`supplier` field).
    Company,
}

/// One row of the name table: a property name maps to `hint` when, in snake case, it equals
/// one of `names` or ends with one of `suffixes`.
#[derive(Debug)]
pub(crate) struct NameRule {
    pub(crate) names: &'static [&'static str],
    pub(crate) suffixes: &'static [&'static str],
    pub(crate) hint: Hint,
}

/// Property name → kind of value. The first matching row wins, so specific rows come before
/// the generic ones (`rule_id` before `*_id`, `html_url` before `*_url`).
pub(crate) const NAME_RULES: &[NameRule] = &[
    NameRule { names: &["cve", "cve_id"], suffixes: &["_cve", "_cve_id"], hint: Hint::Cve },
    NameRule { names: &["cwe", "cwe_id"], suffixes: &["_cwe", "_cwe_id"], hint: Hint::Cwe },
    NameRule { names: &["ghsa", "ghsa_id", "advisory_id", "advisory"], suffixes: &["_ghsa_id"], hint: Hint::Ghsa },
    NameRule { names: &["owasp", "owasp_category"], suffixes: &["_owasp"], hint: Hint::Owasp },
    NameRule {
        names: &["cvss_vector", "vector", "vector_string"],
        suffixes: &["_cvss_vector"],
        hint: Hint::CvssVector,
    },
    NameRule {
        names: &["rule_id", "check_id", "rule", "rule_name", "query_id", "test_id", "check", "check_name"],
        suffixes: &["_rule_id"],
        hint: Hint::RuleId,
    },
    NameRule {
        names: &["sha", "commit", "commit_sha", "commit_id", "head_sha", "base_sha", "revision", "git_sha"],
        suffixes: &["_sha", "_commit", "_commit_sha", "_commit_id", "_revision"],
        hint: Hint::Sha1,
    },
    NameRule {
        names: &["fingerprint", "hash", "sha256", "digest", "checksum", "content_hash"],
        suffixes: &["_fingerprint", "_hash", "_sha256", "_digest", "_checksum"],
        hint: Hint::Sha256,
    },
    NameRule { names: &["purl", "package_url", "bom_ref"], suffixes: &["_purl"], hint: Hint::Purl },
    NameRule {
        names: &["install_hint", "install_command", "installation"],
        suffixes: &["_install_hint"],
        hint: Hint::InstallCommand,
    },
    NameRule {
        names: &["provider", "scm", "scm_provider", "git_provider", "vcs"],
        suffixes: &["_provider"],
        hint: Hint::Provider,
    },
    NameRule {
        names: &[
            "url",
            "uri",
            "html_url",
            "dashboard_url",
            "href",
            "link",
            "homepage",
            "reference",
            "website",
            "endpoint",
        ],
        suffixes: &["_url", "_uri", "_href", "_link"],
        hint: Hint::Url,
    },
    NameRule { names: &["email", "email_address", "mail"], suffixes: &["_email", "_email_address"], hint: Hint::Email },
    NameRule {
        names: &["hostname", "host", "domain", "fqdn"],
        suffixes: &["_host", "_hostname", "_domain"],
        hint: Hint::Hostname,
    },
    NameRule {
        names: &["ip", "ip_address", "ipv4", "remote_addr", "client_ip"],
        suffixes: &["_ip", "_ip_address"],
        hint: Hint::Ip,
    },
    NameRule {
        names: &["path", "file", "filename", "file_path", "filepath", "file_name", "location", "source_file"],
        suffixes: &["_path", "_file", "_filename", "_file_path"],
        hint: Hint::SourcePath,
    },
    NameRule { names: &["title", "summary", "headline"], suffixes: &["_title", "_summary"], hint: Hint::VulnTitle },
    NameRule {
        names: &[
            "description",
            "message",
            "detail",
            "details",
            "reason",
            "note",
            "comment",
            "remediation",
            "recommendation",
            "explanation",
            "impact",
            "error",
            "error_message",
            "body",
            "text",
            "fix_description",
        ],
        suffixes: &[
            "_description",
            "_message",
            "_detail",
            "_reason",
            "_note",
            "_comment",
            "_remediation",
            "_explanation",
            "_error",
        ],
        hint: Hint::Sentence,
    },
    NameRule {
        names: &["snippet", "code_snippet", "source_line", "matched_code"],
        suffixes: &["_snippet"],
        hint: Hint::Snippet,
    },
    NameRule {
        names: &[
            "version",
            "package_version",
            "installed_version",
            "fixed_version",
            "current_version",
            "latest_version",
            "fix_version",
        ],
        suffixes: &["_version"],
        hint: Hint::Semver,
    },
    NameRule {
        names: &["default_branch", "base_branch", "target_branch", "base_ref", "main_branch"],
        suffixes: &[],
        hint: Hint::MainBranch,
    },
    NameRule {
        names: &["branch", "ref", "head_ref", "source_branch", "head_branch"],
        suffixes: &["_branch"],
        hint: Hint::Branch,
    },
    NameRule {
        names: &[
            "package",
            "package_name",
            "dependency",
            "dependency_name",
            "library",
            "module",
            "component",
            "component_name",
            "artifact",
        ],
        suffixes: &["_package", "_package_name"],
        hint: Hint::Package,
    },
    NameRule { names: &["ecosystem", "package_manager"], suffixes: &["_ecosystem"], hint: Hint::Ecosystem },
    NameRule { names: &["language", "lang", "programming_language"], suffixes: &["_language"], hint: Hint::Language },
    NameRule {
        names: &["severity", "risk", "risk_level", "level", "priority"],
        suffixes: &["_severity"],
        hint: Hint::Severity,
    },
    NameRule {
        names: &["category", "vulnerability_type", "finding_type"],
        suffixes: &["_category"],
        hint: Hint::Category,
    },
    NameRule {
        names: &[
            "scanner",
            "tool",
            "analyzer",
            "engine",
            "scanner_name",
            "tool_name",
            "scanners_run",
            "scanners_skipped",
        ],
        suffixes: &["_scanner", "_tool"],
        hint: Hint::Scanner,
    },
    NameRule { names: &["license", "license_id", "spdx_license"], suffixes: &["_license"], hint: Hint::License },
    NameRule {
        names: &["name", "full_name", "repo", "repository", "repo_name", "repository_name", "slug", "full_slug"],
        suffixes: &["_repo", "_repository", "_repo_name", "_repository_name"],
        hint: Hint::RepoName,
    },
    NameRule {
        names: &["display_name", "first_name_last_name", "author_name", "user_full_name", "committer_name"],
        suffixes: &["_full_name", "_display_name"],
        hint: Hint::PersonName,
    },
    NameRule {
        names: &[
            "username",
            "user",
            "login",
            "author",
            "created_by",
            "updated_by",
            "assignee",
            "reviewer",
            "committer",
            "actor",
            "handle",
        ],
        suffixes: &["_username", "_by", "_login", "_user"],
        hint: Hint::Username,
    },
    NameRule {
        names: &["organization", "organisation", "org", "owner", "tenant", "team", "namespace"],
        suffixes: &["_org", "_organization", "_owner"],
        hint: Hint::Organization,
    },
    NameRule {
        names: &["company", "vendor", "supplier", "publisher", "manufacturer"],
        suffixes: &["_company", "_vendor", "_supplier"],
        hint: Hint::Company,
    },
    NameRule { names: &["project", "project_name"], suffixes: &["_project_name"], hint: Hint::ProjectName },
    NameRule {
        names: &["timestamp", "time", "datetime", "date_time"],
        suffixes: &["_at", "_timestamp", "_time"],
        hint: Hint::Timestamp,
    },
    NameRule {
        names: &["token", "api_key", "secret", "access_token", "refresh_token", "client_secret", "password"],
        suffixes: &["_token", "_secret", "_api_key"],
        hint: Hint::Token,
    },
    NameRule {
        names: &["mime_type", "content_type", "media_type", "mimetype"],
        suffixes: &["_mime_type", "_content_type"],
        hint: Hint::MimeType,
    },
    NameRule { names: &["tag", "label", "topic"], suffixes: &["_tag", "_label"], hint: Hint::Tag },
    NameRule {
        names: &[
            "include",
            "exclude",
            "glob",
            "ignore",
            "paths",
            "include_paths",
            "exclude_paths",
            "ignore_paths",
            "path_filter",
        ],
        suffixes: &["_glob", "_globs", "_pattern"],
        hint: Hint::Glob,
    },
    NameRule { names: &["currency", "currency_code"], suffixes: &["_currency"], hint: Hint::Currency },
    NameRule { names: &["id", "uuid", "guid"], suffixes: &["_id", "_uuid", "_guid"], hint: Hint::Uuid },
    NameRule {
        names: &["type", "kind", "mode", "role", "stage", "tier", "flavor", "variant"],
        suffixes: &["_type", "_kind", "_mode"],
        hint: Hint::Keyword,
    },
];

/// Converts `htmlUrl`, `html-url` and `HTML_URL` to `html_url`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c == '-' || c == ' ' || c == '.' {
            out.push('_');
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

fn lookup(snake: &str) -> Option<Hint> {
    NAME_RULES
        .iter()
        .find(|rule| rule.names.contains(&snake) || rule.suffixes.iter().any(|s| snake.ends_with(s)))
        .map(|rule| rule.hint)
}

/// Names already looked up by [`hint_for`] (bounded; caching never changes an answer).
static HINTS: LazyLock<Mutex<HashMap<String, Option<Hint>>>> = LazyLock::new(Mutex::default);

/// The kind of value a property named `name` usually holds; plural names (`cwes`,
/// `references`, `branches`) are looked up as their singular too.
pub(crate) fn hint_for(name: &str) -> Option<Hint> {
    let mut cache = HINTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hint) = cache.get(name) {
        return *hint;
    }
    let hint = compute_hint(name);
    if cache.len() < 8192 {
        cache.insert(name.to_owned(), hint);
    }
    hint
}

fn compute_hint(name: &str) -> Option<Hint> {
    let snake = snake_case(name);
    if let Some(hint) = lookup(&snake) {
        return Some(hint);
    }
    for (plural, singular) in [("ches", "ch"), ("shes", "sh"), ("ies", "y"), ("s", "")] {
        if let Some(stem) = snake.strip_suffix(plural)
            && stem.len() >= 2
            && let Some(hint) = lookup(&format!("{stem}{singular}"))
        {
            return Some(hint);
        }
    }
    None
}

/// The hint for a property, refined by the object that holds it (the object's schema name,
/// title, or the property it sits under): a user's `name` is a person's, a license's `name` a
/// license, a webhook's `url` a hook endpoint, a repository's `description` not a finding's.
pub(crate) fn refine(hint: Hint, name: &str, owner: &str) -> Hint {
    if !matches!(hint, Hint::RepoName | Hint::Url | Hint::Sentence) {
        return hint;
    }
    let name = snake_case(name);
    let owner = snake_case(owner);
    let has = |words: &[&str]| words.iter().any(|w| owner.contains(w));
    match hint {
        Hint::RepoName if name == "name" || name == "full_name" => {
            if has(&["repo"]) {
                Hint::RepoName
            } else if has(&["license"]) {
                Hint::License
            } else if has(&["supplier", "vendor", "publisher", "manufacturer", "company"]) {
                Hint::Company
            } else if has(&["finding", "vulnerabilit", "issue", "alert", "advisory"]) {
                Hint::VulnTitle
            } else if has(&[
                "user",
                "member",
                "author",
                "person",
                "account",
                "contributor",
                "reviewer",
                "assignee",
                "committer",
            ]) {
                Hint::PersonName
            } else if has(&["organization", "organisation", "org", "tenant", "team", "workspace"]) {
                Hint::Organization
            } else if has(&["project", "application", "app"]) {
                Hint::ProjectName
            } else if has(&["scanner", "analyzer", "tool", "engine"]) {
                Hint::Scanner
            } else if has(&["package", "component", "dependency", "library"]) {
                Hint::Package
            } else if has(&["rule", "check", "policy"]) {
                Hint::RuleId
            } else if has(&[
                "key",
                "token",
                "credential",
                "webhook",
                "integration",
                "notification",
                "channel",
                "schedule",
            ]) {
                Hint::Label
            } else if has(&["tag", "label", "topic"]) {
                Hint::Tag
            } else {
                Hint::RepoName
            }
        }
        Hint::Url if has(&["webhook", "hook", "callback", "notification"]) => Hint::WebhookUrl,
        Hint::Sentence if name == "description" && has(&["repo", "project", "application", "service"]) => {
            Hint::ProjectDescription
        }
        other => other,
    }
}

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

pub(crate) const INSTALL_HINTS: &[&str] = &[
    "pip install semgrep",
    "pip install bandit",
    "brew install trivy",
    "go install github.com/securego/gosec/v2/cmd/gosec@latest",
    "brew install gitleaks",
    "npm install -g snyk",
    "pip install checkov",
];

pub(crate) const PROVIDERS: &[&str] = &["github", "github", "gitlab", "bitbucket", "azure-devops"];

pub(crate) const ORGS: &[&str] = &[
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark-industries",
    "wayne-enterprises",
    "cyberdyne",
    "soylent",
    "wonka-labs",
    "tyrell",
    "massive-dynamic",
];

pub(crate) const REPOS: &[&str] = &[
    "payments-api",
    "web-frontend",
    "auth-service",
    "inventory-service",
    "mobile-app",
    "data-pipeline",
    "billing-worker",
    "admin-dashboard",
    "notification-service",
    "search-api",
    "infra-terraform",
    "checkout-web",
    "user-service",
    "api-gateway",
    "ml-models",
    "docs-site",
    "orders-service",
    "reporting",
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

pub(crate) const VULN_TITLES: &[&str] = &[
    "SQL Injection in login handler",
    "Reflected XSS in search results",
    "Hardcoded AWS secret access key",
    "Path traversal in file download endpoint",
    "Server-side request forgery in webhook fetcher",
    "Insecure deserialization of session cookie",
    "Missing authorization check on admin route",
    "Weak password hashing with MD5",
    "OS command injection via unsanitized filename",
    "Open redirect after login",
    "XML external entity processing enabled",
    "Prototype pollution in lodash merge",
    "Remote code execution in log4j-core (Log4Shell)",
    "JWT signature not verified",
    "Sensitive data written to application logs",
    "CSRF protection disabled",
    "Insecure random number generator for tokens",
    "TLS certificate validation disabled",
    "Overly permissive CORS policy",
    "Regular expression denial of service",
];

pub(crate) const SENTENCES: &[&str] = &[
    "User-controlled input is concatenated into a SQL query without parameterization.",
    "The search term is reflected into the HTML response without output encoding.",
    "A hardcoded credential was found in source control and should be rotated.",
    "The file name from the request is joined to the storage path without normalization.",
    "The webhook URL is fetched server-side without restricting internal addresses.",
    "Session data is deserialized with pickle from a client-supplied cookie.",
    "The endpoint does not verify that the caller belongs to the organization.",
    "Passwords are hashed with MD5, which is unsuitable for credential storage.",
    "A shell command is built from request parameters and executed with shell=True.",
    "The redirect target is taken from the query string without validation.",
    "The XML parser resolves external entities from untrusted documents.",
    "The installed version is affected by a known vulnerability; upgrade to a fixed release.",
    "JWTs are decoded without verifying the signature.",
    "Access tokens are written to the application log at info level.",
    "Use parameterized queries or the ORM's query builder instead of string formatting.",
    "Validate and canonicalize the path, then check it stays inside the upload directory.",
];

pub(crate) const SNIPPETS: &[&str] = &[
    "cursor.execute(\"SELECT * FROM users WHERE id = '%s'\" % user_id)",
    "db.Query(\"SELECT * FROM orders WHERE id = \" + r.URL.Query().Get(\"id\"))",
    "res.send(`<p>Results for ${req.query.q}</p>`)",
    "AWS_SECRET_ACCESS_KEY = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
    "subprocess.run(f\"convert {filename} out.png\", shell=True)",
    "return send_file(os.path.join(UPLOAD_DIR, request.args[\"name\"]))",
    "data = pickle.loads(base64.b64decode(request.cookies[\"session\"]))",
    "hashlib.md5(password.encode()).hexdigest()",
    "jwt.decode(token, options={\"verify_signature\": False})",
    "requests.get(url, verify=False)",
    "el.innerHTML = params.get('message');",
    "return redirect(request.args.get(\"next\"))",
];

pub(crate) const CWES: &[u32] =
    &[79, 89, 22, 78, 94, 502, 611, 918, 352, 287, 798, 327, 200, 434, 601, 862, 863, 1333, 330, 295, 20, 312];

pub(crate) const OWASP: &[&str] = &[
    "A01:2021-Broken Access Control",
    "A02:2021-Cryptographic Failures",
    "A03:2021-Injection",
    "A04:2021-Insecure Design",
    "A05:2021-Security Misconfiguration",
    "A06:2021-Vulnerable and Outdated Components",
    "A07:2021-Identification and Authentication Failures",
    "A08:2021-Software and Data Integrity Failures",
    "A09:2021-Security Logging and Monitoring Failures",
    "A10:2021-Server-Side Request Forgery",
];

pub(crate) const CVSS_VECTORS: &[&str] = &[
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
];

pub(crate) const LANGUAGES: &[&str] =
    &["Python", "JavaScript", "TypeScript", "Go", "Java", "Ruby", "C#", "PHP", "Rust", "Kotlin"];

/// Package names with the ecosystem they come from and a plausible version.
pub(crate) const PACKAGES: &[(&str, &str, &str)] = &[
    ("lodash", "npm", "4.17.20"),
    ("requests", "pypi", "2.25.1"),
    ("log4j-core", "maven", "2.14.1"),
    ("express", "npm", "4.17.1"),
    ("django", "pypi", "3.2.4"),
    ("flask", "pypi", "1.1.2"),
    ("jackson-databind", "maven", "2.9.10"),
    ("spring-core", "maven", "5.3.17"),
    ("axios", "npm", "0.21.1"),
    ("minimist", "npm", "1.2.5"),
    ("pyyaml", "pypi", "5.3.1"),
    ("urllib3", "pypi", "1.26.4"),
    ("jsonwebtoken", "npm", "8.5.1"),
    ("pillow", "pypi", "8.1.0"),
    ("nokogiri", "rubygems", "1.11.1"),
    ("rails", "rubygems", "6.1.3"),
    ("golang.org/x/net", "golang", "0.7.0"),
    ("github.com/gin-gonic/gin", "golang", "1.7.2"),
    ("serde_yaml", "cargo", "0.8.20"),
    ("moment", "npm", "2.29.1"),
];

pub(crate) const ECOSYSTEMS: &[&str] = &["npm", "pypi", "maven", "go", "cargo", "rubygems", "nuget", "composer"];

pub(crate) const RULE_IDS: &[&str] = &[
    "python.lang.security.sql-injection",
    "python.django.security.injection.command-injection",
    "python.flask.security.open-redirect",
    "javascript.express.security.xss.reflected-xss",
    "javascript.lang.security.prototype-pollution",
    "go.lang.security.path-traversal",
    "go.lang.security.ssrf.tainted-url",
    "java.spring.security.csrf-disabled",
    "java.lang.security.xxe.documentbuilderfactory",
    "generic.secrets.aws-access-key",
    "ruby.rails.security.open-redirect",
    "typescript.react.security.dangerously-set-inner-html",
];

pub(crate) const SEVERITIES: &[&str] = &["critical", "high", "medium", "low"];

pub(crate) const CATEGORIES: &[&str] = &[
    "injection",
    "xss",
    "secrets",
    "cryptography",
    "authentication",
    "authorization",
    "misconfiguration",
    "dependency",
    "ssrf",
    "path-traversal",
];

pub(crate) const SCANNERS: &[&str] =
    &["semgrep", "bandit", "trivy", "gitleaks", "grype", "checkov", "gosec", "codeql", "osv-scanner", "trufflehog"];

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

pub(crate) const URL_HOSTS: &[&str] =
    &["github.com", "gitlab.com", "app.acme.io", "dashboard.example.com", "scanner.example.org", "bitbucket.org"];

pub(crate) const HOST_PREFIXES: &[&str] = &["api", "app", "www", "git", "ci", "scanner", "internal", "staging"];

pub(crate) const DOMAINS: &[&str] =
    &["acme.io", "example.com", "globex.dev", "initech.net", "hooli.xyz", "example.org"];

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

/// One row of the integer table: a property name in snake case equal to one of `names` or
/// ending with one of `suffixes` takes values in `lo..=hi` when the schema gives no bounds
/// (or bounds that overlap this range).
#[derive(Debug)]
pub(crate) struct NumberRule {
    pub(crate) names: &'static [&'static str],
    pub(crate) suffixes: &'static [&'static str],
    pub(crate) lo: i64,
    pub(crate) hi: i64,
}

pub(crate) const NUMBER_RULES: &[NumberRule] = &[
    NumberRule {
        names: &[
            "line",
            "start_line",
            "end_line",
            "line_start",
            "line_end",
            "line_number",
            "column",
            "start_column",
            "end_column",
            "col",
        ],
        suffixes: &["_line", "_column"],
        lo: 1,
        hi: 400,
    },
    NumberRule { names: &["port"], suffixes: &["_port"], lo: 1024, hi: 65535 },
    NumberRule {
        names: &["pr_number", "number", "issue_number", "pull_request_number", "build_number", "run_number"],
        suffixes: &["_number"],
        lo: 1,
        hi: 3000,
    },
    NumberRule { names: &["year"], suffixes: &["_year"], lo: 2015, hi: 2025 },
    NumberRule {
        names: &["percent", "percentage", "progress", "coverage", "progress_percent"],
        suffixes: &["_percent", "_percentage", "_pct"],
        lo: 0,
        hi: 100,
    },
    NumberRule {
        names: &["size", "size_bytes", "bytes", "file_size", "content_length"],
        suffixes: &["_bytes", "_size"],
        lo: 1_024,
        hi: 5_000_000,
    },
    NumberRule {
        names: &["duration", "elapsed", "latency", "duration_ms", "elapsed_ms"],
        suffixes: &["_ms", "_millis"],
        lo: 40,
        hi: 120_000,
    },
    NumberRule {
        names: &["duration_seconds", "elapsed_seconds", "timeout", "ttl"],
        suffixes: &["_seconds", "_secs"],
        lo: 1,
        hi: 3_600,
    },
    NumberRule {
        names: &["score", "cvss", "cvss_score", "cvss_base_score", "risk_score", "base_score"],
        suffixes: &["_score"],
        lo: 0,
        hi: 10,
    },
    NumberRule { names: &["limit", "page_size", "per_page"], suffixes: &["_limit"], lo: 10, hi: 100 },
    NumberRule { names: &["skip", "offset"], suffixes: &["_offset"], lo: 0, hi: 100 },
    NumberRule { names: &["page"], suffixes: &["_page"], lo: 1, hi: 10 },
    NumberRule {
        names: &[
            "count",
            "total",
            "quantity",
            "findings",
            "critical",
            "high",
            "medium",
            "low",
            "info",
            "queued",
            "running",
            "completed",
            "failed",
            "cancelled",
            "canceled",
            "succeeded",
            "pending",
            "open",
            "resolved",
            "ignored",
            "fixed",
            "new",
            "unread",
            "retries",
            "attempts",
        ],
        suffixes: &["_count", "_total", "_findings", "_scanned", "_scans"],
        lo: 0,
        hi: 40,
    },
    NumberRule { names: &["files_total", "total_files", "file_count"], suffixes: &[], lo: 20, hi: 2_000 },
];

/// The default range of an integer (or number) property named `name`.
pub(crate) fn number_range_for(name: &str) -> Option<(i64, i64)> {
    type Range = Option<(i64, i64)>;
    static RANGES: LazyLock<Mutex<HashMap<String, Range>>> = LazyLock::new(Mutex::default);
    let mut cache = RANGES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(range) = cache.get(name) {
        return *range;
    }
    let snake = snake_case(name);
    let range = NUMBER_RULES
        .iter()
        .find(|rule| rule.names.contains(&snake.as_str()) || rule.suffixes.iter().any(|s| snake.ends_with(s)))
        .map(|rule| (rule.lo, rule.hi));
    if cache.len() < 8192 {
        cache.insert(name.to_owned(), range);
    }
    range
}

/// Timestamps that read best in this order within one object (lower rank first).
pub(crate) const TIME_RANKS: &[(&str, u8)] = &[
    ("start", 0),
    ("period_start", 0),
    ("window_start", 0),
    ("since", 0),
    ("created_at", 0),
    ("queued_at", 1),
    ("submitted_at", 1),
    ("first_detected_at", 1),
    ("first_seen_at", 1),
    ("started_at", 2),
    ("last_detected_at", 3),
    ("last_seen_at", 3),
    ("completed_at", 4),
    ("finished_at", 4),
    ("ended_at", 4),
    ("resolved_at", 5),
    ("closed_at", 5),
    ("dismissed_at", 5),
    ("fixed_at", 5),
    ("merged_at", 5),
    ("updated_at", 6),
    ("last_used_at", 6),
    ("last_login_at", 6),
    ("last_ingested_at", 6),
    ("last_scan_at", 6),
    ("last_seen", 6),
    ("expires_at", 7),
    ("end", 7),
    ("period_end", 7),
    ("window_end", 7),
    ("until", 7),
];

/// Integer pairs where the second is usually the first or a little after it.
pub(crate) const RANGE_PAIRS: &[(&str, &str)] = &[
    ("start_line", "end_line"),
    ("line_start", "line_end"),
    ("line", "end_line"),
    ("files_scanned", "files_total"),
    ("scanned_files", "total_files"),
];

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

pub(crate) const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "USD", "USD", "CAD", "JPY"];

/// One-word values for free `type`/`kind`/`mode` strings.
pub(crate) const KEYWORDS: &[&str] =
    &["standard", "default", "custom", "internal", "external", "primary", "manual", "automatic", "library", "service"];
