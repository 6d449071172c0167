//! Finding the credentials an operation requires: presence and scheme only. Whether a
//! credential is *valid* (a known key, with the right scopes) is the world's business.

use base64::Engine;
use http::HeaderMap;
use serde::Serialize;

use super::params::query_pairs;
use crate::spec::{Operation, ParamLocation, SecurityScheme, SecuritySchemes};

/// A credential as presented by the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credential {
    /// The security scheme's name in the spec.
    pub scheme: String,
    /// The token, API key, or for basic auth the password.
    pub secret: String,
    /// The user name, for basic auth.
    pub username: Option<String>,
}

/// Why no declared alternative was satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityFailure {
    /// Nothing was presented for any alternative.
    Missing { schemes: Vec<String> },
    /// Something was presented but not in the declared scheme (`Basic` where `Bearer` is
    /// required, undecodable basic credentials).
    Malformed { scheme: String, reason: String },
}

impl SecurityFailure {
    /// The `WWW-Authenticate` challenge a 401 for this failure carries.
    pub fn challenge(&self, schemes: &SecuritySchemes) -> Option<&'static str> {
        challenge(self.scheme_names(), schemes)
    }

    fn scheme_names(&self) -> &[String] {
        match self {
            SecurityFailure::Missing { schemes } => schemes,
            SecurityFailure::Malformed { scheme, .. } => std::slice::from_ref(scheme),
        }
    }
}

/// The challenge a 401 names for these schemes: `Bearer` (RFC 6750 §3) when any is a
/// bearer or OAuth2 scheme, else `Basic` (RFC 7617, as FastAPI's `HTTPBasic` sends it)
/// when any is HTTP Basic; API keys have none.
pub(crate) fn challenge<'a>(
    names: impl IntoIterator<Item = &'a String>,
    schemes: &SecuritySchemes,
) -> Option<&'static str> {
    let mut found = None;
    for name in names {
        match schemes.get(name) {
            Some(SecurityScheme::Http { scheme }) if scheme == "bearer" => return Some("Bearer"),
            Some(SecurityScheme::OAuth2) => return Some("Bearer"),
            Some(SecurityScheme::Http { scheme }) if scheme == "basic" => found = Some("Basic"),
            _ => {}
        }
    }
    found
}

/// The credentials of the first alternative the request satisfies.
pub(crate) fn credentials(
    op: &Operation,
    schemes: &SecuritySchemes,
    headers: &HeaderMap,
    query: &str,
) -> Result<Vec<Credential>, SecurityFailure> {
    if op.security.is_empty() {
        return Ok(Vec::new());
    }
    let mut malformed = None;
    for requirement in &op.security {
        let mut found = Vec::new();
        for (name, _) in &requirement.schemes {
            let Some(scheme) = schemes.get(name) else { continue };
            match present(name, scheme, headers, query) {
                Presence::Found(c) => found.push(c),
                Presence::Absent => break,
                Presence::Malformed(reason) => {
                    malformed.get_or_insert(SecurityFailure::Malformed { scheme: name.clone(), reason });
                    break;
                }
                Presence::Unchecked => {}
            }
        }
        let satisfied = requirement.schemes.iter().all(|(name, _)| {
            found.iter().any(|c| &c.scheme == name) || matches!(schemes.get(name), Some(SecurityScheme::Unsupported))
        });
        if satisfied {
            return Ok(found);
        }
    }
    Err(malformed.unwrap_or_else(|| SecurityFailure::Missing {
        schemes: op.security.iter().flat_map(|r| r.schemes.iter().map(|(n, _)| n.clone())).collect(),
    }))
}

enum Presence {
    Found(Credential),
    Absent,
    Malformed(String),
    Unchecked,
}

fn present(name: &str, scheme: &SecurityScheme, headers: &HeaderMap, query: &str) -> Presence {
    let credential = |secret: String, username: Option<String>| {
        Presence::Found(Credential { scheme: name.to_string(), secret, username })
    };
    match scheme {
        SecurityScheme::Http { scheme } => http_auth(scheme, headers, credential),
        SecurityScheme::OAuth2 => http_auth("bearer", headers, credential),
        SecurityScheme::ApiKey { name: key, location } => {
            let value = match location {
                ParamLocation::Header => headers.get(key.as_str()).and_then(|v| v.to_str().ok()).map(str::to_string),
                ParamLocation::Query => {
                    query_pairs(query).into_iter().rev().find(|(k, _)| k == key).and_then(|(_, v)| v)
                }
                ParamLocation::Cookie => headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(';'))
                    .filter_map(|c| c.trim().split_once('='))
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.to_string()),
                ParamLocation::Path => None,
            };
            match value {
                Some(v) if !v.trim().is_empty() => credential(v.trim().to_string(), None),
                _ => Presence::Absent,
            }
        }
        SecurityScheme::Unsupported => Presence::Unchecked,
    }
}

fn http_auth(scheme: &str, headers: &HeaderMap, credential: impl Fn(String, Option<String>) -> Presence) -> Presence {
    let Some(value) = headers.get(http::header::AUTHORIZATION) else { return Presence::Absent };
    let Ok(value) = value.to_str() else { return Presence::Malformed("the Authorization header is not text".into()) };
    let (given, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if !given.eq_ignore_ascii_case(scheme) {
        return Presence::Malformed(format!("expected the {scheme} scheme"));
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Presence::Malformed(format!("empty {scheme} credentials"));
    }
    if scheme != "basic" {
        return credential(rest.to_string(), None);
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(rest).ok().and_then(|b| String::from_utf8(b).ok());
    match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((user, password)) => credential(password.to_string(), Some(user.to_string())),
        None => Presence::Malformed("basic credentials must be base64 of user:password".into()),
    }
}
