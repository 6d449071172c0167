//! DryRun's analyzer catalogue, as `GET /analyzers` lists it when a scenario gives none,
//! and which of the catalog's weaknesses (`crate::catalog::weaknesses`) each one finds.

use crate::apis::dryrun::model::configuration::Analyzer;

struct Entry {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    category: &'static str,
    /// Ids of the weaknesses it reports.
    finds: &'static [&'static str],
}

const CATALOGUE: &[Entry] = &[
    Entry {
        slug: "authn_authz",
        name: "Authentication and Authorization",
        description: "Finds missing or broken authentication and authorization checks, including IDOR.",
        category: "access_control",
        finds: &["idor", "auth_bypass", "missing_authz", "csrf"],
    },
    Entry {
        slug: "command_injection",
        name: "Command Injection",
        description: "Finds user input reaching shell commands or process execution.",
        category: "injection",
        finds: &["command_injection"],
    },
    Entry {
        slug: "cross_site_scripting",
        name: "Cross-Site Scripting",
        description: "Finds user input rendered into HTML or the DOM without encoding.",
        category: "injection",
        finds: &["xss"],
    },
    Entry {
        slug: "insecure_deserialization",
        name: "Insecure Deserialization",
        description: "Finds untrusted data passed to object deserializers.",
        category: "injection",
        finds: &["insecure_deserialization"],
    },
    Entry {
        slug: "mass_assignment",
        name: "Mass Assignment",
        description: "Finds request bodies bound to models without an allow-list of fields.",
        category: "access_control",
        finds: &["mass_assignment"],
    },
    Entry {
        slug: "open_redirect",
        name: "Open Redirect",
        description: "Finds redirects to caller-controlled destinations.",
        category: "injection",
        finds: &["open_redirect"],
    },
    Entry {
        slug: "path_traversal",
        name: "Path Traversal",
        description: "Finds file system access built from caller-controlled paths.",
        category: "injection",
        finds: &["path_traversal"],
    },
    Entry {
        slug: "prompt_injection",
        name: "Prompt Injection",
        description: "Finds untrusted input concatenated into LLM prompts that drive tools or data access.",
        category: "ai",
        finds: &["prompt_injection"],
    },
    Entry {
        slug: "secrets",
        name: "Secrets",
        description: "Detects hard-coded credentials, API keys and private keys.",
        category: "secrets",
        finds: &["secrets"],
    },
    Entry {
        slug: "sensitive_data_exposure",
        name: "Sensitive Data Exposure",
        description: "Finds personal or payment data written to logs, responses or analytics.",
        category: "data_protection",
        finds: &["sensitive_logging"],
    },
    Entry {
        slug: "server_side_request_forgery",
        name: "Server-Side Request Forgery",
        description: "Finds outbound requests to caller-controlled URLs.",
        category: "injection",
        finds: &["ssrf"],
    },
    Entry {
        slug: "sql_injection",
        name: "SQL Injection",
        description: "Finds user input reaching SQL queries without parameterization.",
        category: "injection",
        finds: &["sqli"],
    },
    Entry {
        slug: "weak_cryptography",
        name: "Weak Cryptography",
        description: "Finds broken hashes, ciphers and predictable randomness used for security.",
        category: "cryptography",
        finds: &["weak_crypto"],
    },
];

/// The default catalogue, ordered by name.
pub(crate) fn catalogue() -> Vec<Analyzer> {
    let mut list: Vec<Analyzer> = CATALOGUE
        .iter()
        .map(|e| Analyzer {
            slug: e.slug.into(),
            name: e.name.into(),
            description: e.description.into(),
            category: e.category.into(),
            enabled: e.slug != "prompt_injection",
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

/// The slug of the analyzer that reports the weakness `id` (the general authn/authz
/// analyzer for one no entry names).
pub(crate) fn finding(id: &str) -> &'static str {
    CATALOGUE.iter().find(|e| e.finds.contains(&id)).map_or("authn_authz", |e| e.slug)
}
