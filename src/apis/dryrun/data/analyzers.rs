//! DryRun's analyzer catalogue, as `GET /analyzers` lists it when a scenario gives none.

use crate::apis::dryrun::model::configuration::Analyzer;

const CATALOGUE: &[(&str, &str, &str, &str)] = &[
    (
        "authn_authz",
        "Authentication and Authorization",
        "Finds missing or broken authentication and authorization checks, including IDOR.",
        "access_control",
    ),
    (
        "command_injection",
        "Command Injection",
        "Finds user input reaching shell commands or process execution.",
        "injection",
    ),
    (
        "cross_site_scripting",
        "Cross-Site Scripting",
        "Finds user input rendered into HTML or the DOM without encoding.",
        "injection",
    ),
    (
        "insecure_deserialization",
        "Insecure Deserialization",
        "Finds untrusted data passed to object deserializers.",
        "injection",
    ),
    (
        "mass_assignment",
        "Mass Assignment",
        "Finds request bodies bound to models without an allow-list of fields.",
        "access_control",
    ),
    ("open_redirect", "Open Redirect", "Finds redirects to caller-controlled destinations.", "injection"),
    ("path_traversal", "Path Traversal", "Finds file system access built from caller-controlled paths.", "injection"),
    (
        "prompt_injection",
        "Prompt Injection",
        "Finds untrusted input concatenated into LLM prompts that drive tools or data access.",
        "ai",
    ),
    ("secrets", "Secrets", "Detects hard-coded credentials, API keys and private keys.", "secrets"),
    (
        "sensitive_data_exposure",
        "Sensitive Data Exposure",
        "Finds personal or payment data written to logs, responses or analytics.",
        "data_protection",
    ),
    (
        "server_side_request_forgery",
        "Server-Side Request Forgery",
        "Finds outbound requests to caller-controlled URLs.",
        "injection",
    ),
    ("sql_injection", "SQL Injection", "Finds user input reaching SQL queries without parameterization.", "injection"),
    (
        "weak_cryptography",
        "Weak Cryptography",
        "Finds broken hashes, ciphers and predictable randomness used for security.",
        "cryptography",
    ),
];

/// The default catalogue, ordered by name.
pub(crate) fn catalogue() -> Vec<Analyzer> {
    let mut list: Vec<Analyzer> = CATALOGUE
        .iter()
        .map(|(slug, name, description, category)| Analyzer {
            slug: (*slug).into(),
            name: (*name).into(),
            description: (*description).into(),
            category: (*category).into(),
            enabled: *slug != "prompt_injection",
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}
