//! Credentials never reach the journal: header values and query parameters that look
//! like secrets keep a short prefix (enough to tell keys apart) and lose the rest.
//!
//! Every request's headers and query pass through here, so telling that a name is not a
//! secret allocates nothing (it cost ~9 K instructions a request when each check
//! lowercased a copy).

use std::borrow::Cow;

/// Header names whose values are never stored.
const SECRET_HEADERS: [&str; 6] =
    ["authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization", "x-auth-token"];

/// Words that make a header or parameter name a secret's, wherever they appear in it.
const SECRET_WORDS: [&str; 5] = ["token", "key", "secret", "password", "signature"];

/// A header value as it may be stored.
pub fn redact(name: &str, value: &str) -> String {
    redact_header(name, value).into_owned()
}

/// A header value as it may be stored, borrowed when it is stored as it is.
pub fn redact_header<'v>(name: &str, value: &'v str) -> Cow<'v, str> {
    if !is_secret_header(name) {
        return Cow::Borrowed(value);
    }
    // Keep the scheme and a short prefix: enough to tell keys apart, never enough to use.
    let (scheme, secret) = match value.split_once(' ') {
        Some((s, rest)) if ends_with_ignore_case(name, "authorization") => (s, rest),
        _ => ("", value),
    };
    let prefix: String = secret.chars().take(4).collect();
    let space = if scheme.is_empty() && secret.len() == value.len() { "" } else { " " };
    Cow::Owned(format!("{scheme}{space}{prefix}…[redacted]"))
}

/// Whether values under this header name are never stored whole.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) || is_secret_name(name)
}

/// A query string as it may be stored: values of credential-like parameters redacted.
pub fn redact_query(query: &str) -> String {
    if !query.split('&').any(|pair| is_secret_name(pair.split_once('=').map_or(pair, |(k, _)| k))) {
        return query.to_string();
    }
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
    SECRET_WORDS.iter().any(|word| contains_ignore_case(name, word))
}

/// Whether `haystack` contains `needle` (lowercase ASCII), ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len() && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_found_in_any_case() {
        for name in
            ["Authorization", "X-API-KEY", "Cookie", "x-goog-api-key", "Event_Token", "PASSWORD", "x-sig-signature"]
        {
            assert!(is_secret_header(name), "{name}");
        }
        for name in ["accept", "host", "user-agent", "x-request-id", "ke", ""] {
            assert!(!is_secret_header(name), "{name}");
        }
        assert!(matches!(redact_header("accept", "application/json"), Cow::Borrowed("application/json")));
        assert_eq!(redact("Proxy-Authorization", "Basic dXNlcjpwYXNz"), "Basic dXNl…[redacted]");
        assert_eq!(redact("cookie", "a=b c=d"), "a=b …[redacted]");
        assert_eq!(redact("x-api-key", "ab"), "ab…[redacted]");
        assert_eq!(redact_query("limit=50&page=2"), "limit=50&page=2");
        assert_eq!(redact_query("key"), "key");
        assert_eq!(redact_query("Api_Key=abcdefgh&x=1"), "Api_Key=abcd…[redacted]&x=1");
    }
}
