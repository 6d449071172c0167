//! Vulnerability classes as DryRun reports them: the PR finding's `type` and `label`, the
//! CWE and analyzer behind it, and the DeepScan write-up (title, technical details,
//! impact, remediation). `{res}` and `{one}` name the resource, `{file}` the file.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::pick;
use crate::apis::dryrun::model::finding::Severity;

#[derive(Debug)]
pub(crate) struct VulnClass {
    pub(crate) label: &'static str,
    pub(crate) title: &'static str,
    pub(crate) cwe: &'static str,
    pub(crate) analyzer: &'static str,
    /// The most and the least severe this class plausibly is.
    pub(crate) worst: Severity,
    pub(crate) mildest: Severity,
    pub(crate) pr_description: &'static str,
    pub(crate) deep_title: &'static str,
    pub(crate) technical: &'static str,
    pub(crate) impact: &'static str,
    pub(crate) remediation: &'static str,
}

const CLASSES: &[VulnClass] = &[
    VulnClass {
        label: "sqli",
        title: "SQL Injection",
        cwe: "CWE-89",
        analyzer: "sql_injection",
        worst: Severity::Critical,
        mildest: Severity::Medium,
        pr_description: "The {one} search query builds its WHERE clause with string formatting from the user-supplied sort and filter parameters, so a crafted value can change the query.",
        deep_title: "SQL injection in {one} search",
        technical: "{file} interpolates the `sort` and `q` request parameters into a raw SQL string instead of binding them as parameters.",
        impact: "An unauthenticated caller can read or modify any table the service's database user can reach, including other tenants' {res}.",
        remediation: "Use parameterized queries for values and an allow-list of column names for sorting.",
    },
    VulnClass {
        label: "xss",
        title: "Cross-Site Scripting",
        cwe: "CWE-79",
        analyzer: "cross_site_scripting",
        worst: Severity::High,
        mildest: Severity::Low,
        pr_description: "{one} notes entered by customers are rendered into the admin pages as raw HTML, without escaping or sanitization.",
        deep_title: "Stored XSS in {one} notes",
        technical: "{file} renders the stored `notes` field as raw HTML; notes are saved unsanitized by the update endpoint.",
        impact: "A customer can run script in a merchant's or an administrator's session and act on their behalf.",
        remediation: "Render the field as text, or sanitize it with a vetted HTML sanitizer (e.g. DOMPurify) before rendering.",
    },
    VulnClass {
        label: "idor",
        title: "Missing Authorization and IDOR",
        cwe: "CWE-639",
        analyzer: "authn_authz",
        worst: Severity::Critical,
        mildest: Severity::Medium,
        pr_description: "The new endpoint loads a {one} by the id in the URL without checking that it belongs to the caller's organization, so any authenticated user can read or change another customer's {res}.",
        deep_title: "IDOR on {one} lookup by id",
        technical: "{file} fetches the {one} with `findById(params.id)` and never compares its owner with the authenticated principal.",
        impact: "Any authenticated user can read and modify {res} of other customers by iterating ids.",
        remediation: "Scope the lookup to the caller's organization (or check ownership) before returning or changing the record.",
    },
    VulnClass {
        label: "auth_bypass",
        title: "Authentication Bypass",
        cwe: "CWE-287",
        analyzer: "authn_authz",
        worst: Severity::Critical,
        mildest: Severity::High,
        pr_description: "The {res} routes are registered before the authentication middleware, so requests reach the handlers without a verified session.",
        deep_title: "{one} admin routes reachable without authentication",
        technical: "{file} mounts the admin router ahead of `requireAuth`; the middleware never runs for those paths.",
        impact: "Anyone on the internet can call administrative {one} operations.",
        remediation: "Register the routes behind the authentication middleware and add a test that calls them without a session.",
    },
    VulnClass {
        label: "missing_authz",
        title: "Missing Authorization",
        cwe: "CWE-862",
        analyzer: "authn_authz",
        worst: Severity::High,
        mildest: Severity::Medium,
        pr_description: "The DELETE /{res}/{id} endpoint checks that the caller is logged in but not that they hold the admin role.",
        deep_title: "Role check missing on {one} deletion",
        technical: "{file} handles deletion after `authenticate()` but skips the `requireRole('admin')` guard used by the other write routes.",
        impact: "Any signed-in user can delete {res}.",
        remediation: "Add the role check to the route, matching the other administrative endpoints.",
    },
    VulnClass {
        label: "ssrf",
        title: "Server-Side Request Forgery",
        cwe: "CWE-918",
        analyzer: "server_side_request_forgery",
        worst: Severity::Critical,
        mildest: Severity::Medium,
        pr_description: "The webhook test endpoint fetches a caller-supplied URL without restricting internal address ranges.",
        deep_title: "SSRF through {one} webhook URL",
        technical: "{file} passes the stored webhook URL to the HTTP client without resolving and checking the target address.",
        impact: "A caller can reach the cloud metadata service and internal admin interfaces from the server.",
        remediation: "Resolve the host and refuse private, loopback and link-local addresses; route webhooks through an egress proxy.",
    },
    VulnClass {
        label: "path_traversal",
        title: "Path Traversal",
        cwe: "CWE-22",
        analyzer: "path_traversal",
        worst: Severity::High,
        mildest: Severity::Medium,
        pr_description: "The {one} export download joins the requested file name onto the export directory without normalizing it, so `../` sequences escape the directory.",
        deep_title: "Path traversal in {one} export download",
        technical: "{file} builds the path with string concatenation from the `name` query parameter.",
        impact: "A caller can read arbitrary files the service can access, including configuration with credentials.",
        remediation: "Look exports up by id, or normalize the path and check it stays inside the export directory.",
    },
    VulnClass {
        label: "secrets",
        title: "Hard-coded Secret",
        cwe: "CWE-798",
        analyzer: "secrets",
        worst: Severity::Critical,
        mildest: Severity::Medium,
        pr_description: "A live API key for the payment provider is committed in the {one} client configuration.",
        deep_title: "Payment provider API key committed in {file}",
        technical: "{file} contains a string matching a live secret key format, used to initialise the {one} client.",
        impact: "Anyone with read access to the repository (or its history) can act as the company at the provider.",
        remediation: "Revoke the key, load it from the secret manager, and purge it from the repository history.",
    },
    VulnClass {
        label: "mass_assignment",
        title: "Mass Assignment",
        cwe: "CWE-915",
        analyzer: "mass_assignment",
        worst: Severity::High,
        mildest: Severity::Low,
        pr_description: "The {one} update handler binds the whole request body to the model, including `role` and `organization_id`.",
        deep_title: "Mass assignment on {one} update",
        technical: "{file} passes the parsed body straight to `update(...)` without an allow-list of fields.",
        impact: "A user can grant themselves elevated roles or move {res} between organizations.",
        remediation: "Bind only the fields the endpoint means to change (strong parameters / a DTO).",
    },
    VulnClass {
        label: "open_redirect",
        title: "Open Redirect",
        cwe: "CWE-601",
        analyzer: "open_redirect",
        worst: Severity::Medium,
        mildest: Severity::Low,
        pr_description: "The login flow redirects to the `return_to` parameter without checking that it is a relative path on this site.",
        deep_title: "Open redirect after login",
        technical: "{file} redirects to `return_to` as given.",
        impact: "Phishing links can bounce through the trusted domain to an attacker's site.",
        remediation: "Only accept relative paths, or check the destination against an allow-list of hosts.",
    },
    VulnClass {
        label: "command_injection",
        title: "Command Injection",
        cwe: "CWE-78",
        analyzer: "command_injection",
        worst: Severity::Critical,
        mildest: Severity::High,
        pr_description: "The {one} thumbnail job builds an ImageMagick command line with the uploaded file name and runs it through a shell.",
        deep_title: "Command injection in {one} thumbnail job",
        technical: "{file} calls the shell with a string that includes the original upload name.",
        impact: "An uploader can run arbitrary commands on the worker.",
        remediation: "Call the binary with an argument vector (no shell) and use generated file names.",
    },
    VulnClass {
        label: "insecure_deserialization",
        title: "Insecure Deserialization",
        cwe: "CWE-502",
        analyzer: "insecure_deserialization",
        worst: Severity::Critical,
        mildest: Severity::High,
        pr_description: "The {one} import accepts a serialized object from the request and deserializes it with a type-resolving loader.",
        deep_title: "Unsafe deserialization of {one} import payload",
        technical: "{file} loads the uploaded payload with an unsafe loader that instantiates arbitrary types.",
        impact: "A crafted payload can execute code on the server.",
        remediation: "Parse imports as plain JSON into explicit types; never deserialize objects from untrusted input.",
    },
    VulnClass {
        label: "weak_crypto",
        title: "Weak Cryptography",
        cwe: "CWE-327",
        analyzer: "weak_cryptography",
        worst: Severity::Medium,
        mildest: Severity::Low,
        pr_description: "Password reset tokens for {res} are derived from MD5 of the email and a timestamp.",
        deep_title: "Predictable {one} reset tokens",
        technical: "{file} builds tokens with MD5 over guessable inputs instead of a CSPRNG.",
        impact: "An attacker who knows an email can guess valid reset tokens.",
        remediation: "Generate tokens with a cryptographically secure random generator and store only their hash.",
    },
    VulnClass {
        label: "sensitive_logging",
        title: "Sensitive Data in Logs",
        cwe: "CWE-532",
        analyzer: "sensitive_data_exposure",
        worst: Severity::Medium,
        mildest: Severity::Low,
        pr_description: "The retry handler logs the full {one} request body, which contains card numbers and email addresses.",
        deep_title: "Card data written to application logs",
        technical: "{file} logs the raw request body at info level on every retry.",
        impact: "Card and personal data end up in the log pipeline, widening PCI scope.",
        remediation: "Log identifiers only, or redact sensitive fields before logging.",
    },
    VulnClass {
        label: "csrf",
        title: "Cross-Site Request Forgery",
        cwe: "CWE-352",
        analyzer: "authn_authz",
        worst: Severity::Medium,
        mildest: Severity::Low,
        pr_description: "The new form endpoint for {res} disables CSRF protection while relying on cookie sessions.",
        deep_title: "CSRF protection disabled on {one} settings",
        technical: "{file} skips the CSRF token check for the settings update route.",
        impact: "A malicious page can change a signed-in user's {one} settings.",
        remediation: "Re-enable the CSRF check or require a non-cookie credential for the route.",
    },
    VulnClass {
        label: "prompt_injection",
        title: "Prompt Injection",
        cwe: "CWE-77",
        analyzer: "prompt_injection",
        worst: Severity::High,
        mildest: Severity::Medium,
        pr_description: "Customer-written {one} descriptions are concatenated into the support assistant's system prompt, which can call the refund tool.",
        deep_title: "Prompt injection reaches the refund tool",
        technical: "{file} places untrusted {one} text inside the instructions of an LLM agent with tool access.",
        impact: "A customer can instruct the assistant to issue refunds or reveal other customers' data.",
        remediation: "Keep untrusted text out of instructions, and require confirmation for tool calls with side effects.",
    },
];

/// A class that plausibly has `severity`.
pub(crate) fn class_for(rng: &mut ChaCha8Rng, severity: Severity) -> &'static VulnClass {
    let rank = severity.rank();
    let fitting: Vec<&VulnClass> =
        CLASSES.iter().filter(|c| c.worst.rank() <= rank && rank <= c.mildest.rank()).collect();
    if fitting.is_empty() { pick(rng, CLASSES) } else { fitting[rng.random_range(0..fitting.len())] }
}

/// Fills `{res}`, `{one}` (capitalised at the start of a sentence) and `{file}`.
pub(crate) fn fill(text: &str, resource: &str, file: &str) -> String {
    let one = resource.strip_suffix('s').unwrap_or(resource);
    let mut out = text.replace("{res}", resource).replace("{file}", file).replace("{one}", one);
    if text.starts_with("{one}") || text.starts_with("{res}") {
        let mut chars = out.chars();
        if let Some(c) = chars.next() {
            out = c.to_uppercase().chain(chars).collect();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_severity_has_a_class() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for severity in [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Error] {
            let class = class_for(&mut rng, severity);
            assert!(class.worst.rank() <= severity.rank() && severity.rank() <= class.mildest.rank());
        }
        assert_eq!(fill("{one} notes in {file}", "orders", "a.ts"), "Order notes in a.ts");
    }
}
