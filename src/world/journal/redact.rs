//! Credentials never reach the journal: header values and query parameters that look
//! like secrets keep a short prefix (enough to tell keys apart) and lose the rest.

/// Header names whose values are never stored.
const SECRET_HEADERS: [&str; 6] =
    ["authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization", "x-auth-token"];

/// A header value as it may be stored.
pub fn redact(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if !SECRET_HEADERS.contains(&lower.as_str()) && !is_secret_name(&lower) {
        return value.to_string();
    }
    // Keep the scheme and a short prefix: enough to tell keys apart, never enough to use.
    let (scheme, secret) = match value.split_once(' ') {
        Some((s, rest)) if lower.ends_with("authorization") => (format!("{s} "), rest),
        _ => (String::new(), value),
    };
    let prefix: String = secret.chars().take(4).collect();
    format!("{scheme}{prefix}…[redacted]")
}

/// A query string as it may be stored: values of credential-like parameters redacted.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if is_secret_name(k) => format!("{k}={}", redact("x-api-key", v)),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["token", "key", "secret", "password", "signature"].iter().any(|w| lower.contains(w))
}
