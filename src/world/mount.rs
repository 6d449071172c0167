//! Where a request was mounted: the path prefix in front of the API's own paths (a named
//! world's `/w/{name}`, or a reverse proxy's), which the engine removed before routing. A
//! URL an API renders that points back at itself (an artifact link, a device
//! verification page, a push URL) must carry it, or a client following the URL leaves
//! its world; so every API builds such URLs from [`origin`].

use http::HeaderMap;

/// The header that carries the prefix: set by secmock for a world's requests (after any
/// prefix a proxy in front declared the same way), the de facto standard name.
pub const PREFIX_HEADER: &str = "x-forwarded-prefix";

/// The longest prefix honoured.
const PREFIX_MAX: usize = 512;

/// The request's mount prefix (`/w/ci-42`), or `""`. A value that is not a plain path
/// (`/` first, then letters, digits, `/`, `-`, `_`, `.`) is ignored, so that a header
/// cannot write markup or another host into rendered URLs.
pub fn prefix(headers: &HeaderMap) -> &str {
    let Some(value) = headers.get(PREFIX_HEADER).and_then(|v| v.to_str().ok()) else { return "" };
    let plain = value.len() <= PREFIX_MAX
        && value.starts_with('/')
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    if plain { value.trim_end_matches('/') } else { "" }
}

/// The base URL a client reached the API at: `scheme://host` and the mount prefix.
/// `host` is the `Host` header when it is a plausible host (a name or address and a port),
/// else `fallback`; the scheme is `https` when `https` is true or a proxy in front says
/// so (`X-Forwarded-Proto: https`).
pub fn origin(headers: &HeaderMap, https: bool, fallback: &str) -> String {
    let header = |name: http::header::HeaderName| headers.get(name).and_then(|h| h.to_str().ok());
    let host = header(http::header::HOST).unwrap_or_default();
    let plausible = !host.is_empty()
        && host.len() <= 255
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'));
    let host = if plausible { host } else { fallback };
    let forwarded = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) == Some("https");
    let scheme = if https || forwarded { "https" } else { "http" };
    format!("{scheme}://{host}{}", prefix(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a header value"));
        }
        map
    }

    #[test]
    fn the_origin_carries_the_mount_prefix() {
        let h = headers(&[("host", "127.0.0.1:4010"), (PREFIX_HEADER, "/w/ci-1")]);
        assert_eq!(origin(&h, false, "localhost"), "http://127.0.0.1:4010/w/ci-1");
        assert_eq!(origin(&headers(&[("host", "a.test")]), false, "localhost"), "http://a.test");
    }

    #[test]
    fn a_prefix_or_host_that_is_not_plain_is_ignored() {
        let h = headers(&[("host", "evil.test/<x>"), (PREFIX_HEADER, "//evil.test\"><script>")]);
        assert_eq!(origin(&h, false, "localhost"), "http://localhost");
        assert_eq!(prefix(&headers(&[(PREFIX_HEADER, "w/no-slash")])), "");
    }
}
