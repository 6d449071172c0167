//! Who may drive the admin plane. The admin API can reset worlds, load scenarios and
//! inject faults, and it answers on its own port and under `/__secmock/` on every API
//! port, so the same three rules guard every way in:
//!
//! - **A token**, when one is in force (`--admin-token`, or generated when secmock listens
//!   beyond loopback): every call needs `Authorization: Bearer <token>`; the pages that
//!   hold no state (the documentation, `/openapi.json`, `/docs`, `/redoc`, and the
//!   dashboard's page and files, `/` and `/dashboard/*`) are readable without it. The
//!   dashboard then sends the token on every call it makes, like any other client.
//! - **Host**, while no token is in force: only `localhost`, an IP literal, or a host the
//!   user allowed (`--allowed-host`). A page on a DNS name that an attacker re-binds to
//!   127.0.0.1 arrives with that name in `Host`, and is refused (DNS rebinding).
//! - **Origin**, always, for every call that changes something: a browser page may drive
//!   the admin plane only from its own origin (the dashboard), never cross-site, even with
//!   a body-less `POST /reset` that needs no CORS preflight (CSRF).

use http::request::Parts;
use http::{HeaderMap, Method};

use crate::contract::ProblemDialect;
use crate::engine::Gate;
use crate::reply::Reply;

/// The admin plane's access rules.
#[derive(Debug, Clone, Default)]
pub(crate) struct AdminAccess {
    token: Option<String>,
    /// Extra host names allowed while no token is in force; `.example.test` allows that
    /// domain and its subdomains.
    allowed_hosts: Vec<String>,
}

impl AdminAccess {
    pub(crate) fn new(token: Option<String>, allowed_hosts: Vec<String>) -> AdminAccess {
        let allowed_hosts = allowed_hosts.into_iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        AdminAccess { token: token.filter(|t| !t.is_empty()), allowed_hosts }
    }

    fn host_allowed(&self, host: &str) -> bool {
        if host.parse::<std::net::IpAddr>().is_ok() || host == "localhost" || host.ends_with(".localhost") {
            return true;
        }
        self.allowed_hosts.iter().any(|allowed| match allowed.strip_prefix('.') {
            Some(domain) => host == domain || host.ends_with(allowed.as_str()),
            None => host == allowed,
        })
    }

    fn token_presented(&self, headers: &HeaderMap) -> Option<bool> {
        let expected = self.token.as_deref()?;
        let presented = headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        Some(presented.is_some_and(|p| constant_time_eq(p.as_bytes(), expected.as_bytes())))
    }
}

impl Gate for AdminAccess {
    fn refusal(&self, parts: &Parts, path: &str) -> Option<Reply> {
        let host = request_host(parts);
        if let Some(refusal) = cross_origin(parts, host.as_deref()) {
            return Some(refusal);
        }
        match self.token_presented(&parts.headers) {
            Some(true) => None,
            Some(false) if is_public_page(&parts.method, path) => None,
            Some(false) => Some(
                ProblemDialect::typed(
                    401,
                    "admin-token-required",
                    "Admin token required",
                    "this secmock's admin API needs 'Authorization: Bearer <token>' (the token given with \
                 --admin-token or SECMOCK_ADMIN_TOKEN, or the one printed in the start-up banner)",
                    None,
                )
                .header("www-authenticate", "Bearer realm=\"secmock-admin\""),
            ),
            None => match host {
                Some(host) if self.host_allowed(&host_name(&host)) => None,
                _ => Some(ProblemDialect::typed(
                    403,
                    "host-not-allowed",
                    "Host not allowed",
                    "without an admin token the admin API answers only requests addressed to localhost or \
                     an IP address; allow another name with --allowed-host, or set --admin-token",
                    None,
                )),
            },
        }
    }
}

/// The pages readable without the token: they hold no state (the documentation, and the
/// dashboard's page and files, whose every call then needs the token).
fn is_public_page(method: &Method, path: &str) -> bool {
    let dashboard_file = path.strip_prefix("/dashboard/").is_some_and(|f| !f.is_empty() && !f.contains('/'));
    matches!(*method, Method::GET | Method::HEAD)
        && (matches!(path, "/openapi.json" | "/docs" | "/redoc" | "/") || dashboard_file)
}

/// The `Host` the request was addressed to (the header, or an absolute-form URI's).
fn request_host(parts: &Parts) -> Option<String> {
    let header = parts.headers.get(http::header::HOST).and_then(|v| v.to_str().ok());
    header.map(str::to_string).or_else(|| parts.uri.authority().map(|a| a.to_string())).map(|h| h.to_ascii_lowercase())
}

/// A host without its port; an IPv6 literal without its brackets.
fn host_name(host: &str) -> String {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_string();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_string(),
        _ => host.to_string(),
    }
}

/// A refusal for a state-changing call sent by a page of another origin.
fn cross_origin(parts: &Parts, host: Option<&str>) -> Option<Reply> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    let cross = match header("origin") {
        // Same origin: the page's authority is the one the request was sent to.
        Some(origin) => {
            origin.split_once("://").map(|(_, authority)| authority) != host.map(|h| h.trim_end_matches('/'))
        }
        None => matches!(header("sec-fetch-site").as_deref(), Some("cross-site" | "same-site")),
    };
    cross.then(|| {
        ProblemDialect::typed(
            403,
            "cross-origin",
            "Cross-origin admin call refused",
            "a browser page of another origin may not change secmock's state (CSRF); call the admin API \
             from a test, a script, or the page it serves itself",
            None,
        )
    })
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh admin token: 24 random bytes, URL-safe base64.
pub(crate) fn generate_token() -> String {
    use base64::Engine as _;
    use rand::RngExt;
    let bytes: [u8; 24] = rand::rng().random();
    format!("smk_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(method: Method, headers: &[(&str, &str)]) -> Parts {
        let mut builder = http::Request::builder().method(method).uri("/reset");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(()).expect("request").into_parts().0
    }

    fn status(refusal: Option<Reply>) -> u16 {
        refusal.map_or(200, |r| r.status.as_u16())
    }

    #[test]
    fn hosts_without_a_token() {
        let open = AdminAccess::new(None, vec![".corp.test".into(), "mock".into()]);
        for (host, expected) in [
            ("localhost:4000", 200),
            ("127.0.0.1:4000", 200),
            ("[::1]:4000", 200),
            ("app.localhost", 200),
            ("mock:4000", 200),
            ("ci.corp.test:4000", 200),
            ("evil.example:4000", 403),
            ("corp.test.evil:4000", 403),
        ] {
            assert_eq!(status(open.refusal(&parts(Method::GET, &[("host", host)]), "/health")), expected, "{host}");
        }
        assert_eq!(status(open.refusal(&parts(Method::GET, &[]), "/health")), 403, "no Host at all");
    }

    #[test]
    fn token_and_origin() {
        let guarded = AdminAccess::new(Some("s3cret".into()), vec![]);
        let host = ("host", "secmock:4000");
        assert_eq!(status(guarded.refusal(&parts(Method::GET, &[host]), "/health")), 401);
        assert_eq!(status(guarded.refusal(&parts(Method::GET, &[host]), "/docs")), 200);
        assert_eq!(status(guarded.refusal(&parts(Method::GET, &[host]), "/")), 200, "the dashboard page");
        assert_eq!(status(guarded.refusal(&parts(Method::GET, &[host]), "/dashboard/app.js")), 200);
        assert_eq!(status(guarded.refusal(&parts(Method::GET, &[host]), "/journal/stream")), 401);
        assert_eq!(status(guarded.refusal(&parts(Method::POST, &[host]), "/")), 401, "only reads are public");
        let good = ("authorization", "Bearer s3cret");
        assert_eq!(
            status(guarded.refusal(&parts(Method::POST, &[host, good]), "/reset")),
            200,
            "any Host with a token"
        );
        let wrong = ("authorization", "Bearer s3cre7");
        assert_eq!(status(guarded.refusal(&parts(Method::POST, &[host, wrong]), "/reset")), 401);
        let evil = ("origin", "http://evil.example");
        assert_eq!(status(guarded.refusal(&parts(Method::POST, &[host, good, evil]), "/reset")), 403);
        let same = ("origin", "http://secmock:4000");
        assert_eq!(status(guarded.refusal(&parts(Method::POST, &[host, good, same]), "/reset")), 200);
        let open = AdminAccess::new(None, vec![]);
        let local = ("host", "127.0.0.1:4000");
        let site = ("sec-fetch-site", "cross-site");
        assert_eq!(status(open.refusal(&parts(Method::POST, &[local, site]), "/reset")), 403);
        assert_eq!(status(open.refusal(&parts(Method::POST, &[local, ("origin", "null")]), "/reset")), 403);
        assert_eq!(status(open.refusal(&parts(Method::GET, &[local, evil]), "/journal")), 200, "reads are not CSRF");
    }

    #[test]
    fn generated_tokens_differ() {
        let (a, b) = (generate_token(), generate_token());
        assert!(a.starts_with("smk_") && a.len() > 30 && a != b);
    }
}
