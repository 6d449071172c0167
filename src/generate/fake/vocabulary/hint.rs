//! [`Hint`], the kind of value a property name suggests, and how a name is mapped to one
//! (cached, plurals looked up as their singular, refined by the holding object).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use super::name_rules::NAME_RULES;

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
