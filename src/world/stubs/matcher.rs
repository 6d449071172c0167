//! Which requests a stub answers: its method, its path (a template such as
//! `/v1/scans/{id}`, or a glob such as `/v1/scans/*`), and optional query, header and
//! JSON-body matchers. Compiled once when the stub is added; matching a request is then
//! string comparisons only.

use std::collections::BTreeMap;

use globset::GlobMatcher;
use serde_json::Value;

/// How a stub's `path` is read.
#[derive(Debug, Clone)]
pub(crate) enum PathMatcher {
    /// Segments: a literal, or `{name}` (any one non-empty segment).
    Template(Vec<Segment>),
    /// `*`, `?`, `[…]` or `{a,b}`: a glob over the whole path (`*` spans slashes, as in
    /// fault rules and the journal's path filter).
    Glob(GlobMatcher),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param,
}

impl PathMatcher {
    /// Reads `path`: a glob when it has glob syntax, a template otherwise.
    pub(crate) fn parse(path: &str) -> Result<PathMatcher, String> {
        if !path.starts_with('/') {
            return Err(format!("'{path}' does not start with '/'"));
        }
        if is_glob(path) {
            return crate::world::glob::matcher(path).map(PathMatcher::Glob);
        }
        let segments = path
            .split('/')
            .skip(1)
            .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if !name.is_empty() => Ok(Segment::Param),
                _ if s.contains(['{', '}']) => {
                    Err(format!("'{s}': a template parameter is a whole segment, such as {{id}}"))
                }
                _ => Ok(Segment::Literal(s.to_string())),
            })
            .collect::<Result<_, _>>()?;
        Ok(PathMatcher::Template(segments))
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        match self {
            PathMatcher::Glob(glob) => glob.is_match(path),
            PathMatcher::Template(segments) => {
                let mut parts = path.split('/').skip(1);
                let matched = segments.iter().all(|segment| match (segment, parts.next()) {
                    (Segment::Literal(l), Some(p)) => l == p,
                    (Segment::Param, Some(p)) => !p.is_empty(),
                    (_, None) => false,
                });
                matched && parts.next().is_none()
            }
        }
    }

    /// Whether this matcher answers requests routed to the operation served at `route`
    /// (a template of the spec): a template of the same shape, or a glob that matches the
    /// template or a concrete path of it.
    pub(crate) fn covers(&self, route: &str) -> bool {
        match self {
            PathMatcher::Glob(glob) => glob.is_match(route) || glob.is_match(concrete(route)),
            PathMatcher::Template(segments) => {
                let theirs: Vec<&str> = route.split('/').skip(1).collect();
                theirs.len() == segments.len()
                    && segments.iter().zip(theirs).all(|(mine, theirs)| match mine {
                        Segment::Literal(l) => l == theirs || is_param(theirs),
                        Segment::Param => is_param(theirs),
                    })
            }
        }
    }
}

fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '[']) || brace_groups(path).any(|g| g.contains(','))
}

fn brace_groups(path: &str) -> impl Iterator<Item = &str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(group, _)| group))
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// A template with each parameter replaced by a placeholder value, for globs such as
/// `/scans/*` to cover `/scans/{scan_id}`.
fn concrete(route: &str) -> String {
    route.split('/').map(|s| if is_param(s) { "x" } else { s }).collect::<Vec<_>>().join("/")
}

/// The parts of a request a stub looks at.
#[derive(Debug, Clone, Copy)]
pub struct StubRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// The raw query string.
    pub query: &'a str,
    pub headers: &'a http::HeaderMap,
    pub body: &'a [u8],
}

/// Every query parameter named must be present with that value (among its values, for a
/// repeated one).
pub(crate) fn query_matches(wanted: &BTreeMap<String, String>, query: &str) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    wanted.iter().all(|(k, v)| pairs.iter().any(|(pk, pv)| pk == k && pv == v))
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Every header named (case-insensitively) must be present with exactly that value.
pub(crate) fn headers_match(wanted: &BTreeMap<String, String>, headers: &http::HeaderMap) -> bool {
    wanted.iter().all(|(name, value)| headers.get_all(name.as_str()).iter().any(|v| v.as_bytes() == value.as_bytes()))
}

/// JSON partial match: every member of `wanted` is in `got` and matches it; arrays match
/// element by element with the same length; anything else must be equal.
pub(crate) fn json_contains(wanted: &Value, got: &Value) -> bool {
    match (wanted, got) {
        (Value::Object(w), Value::Object(g)) => {
            w.iter().all(|(k, wv)| g.get(k).is_some_and(|gv| json_contains(wv, gv)))
        }
        (Value::Array(w), Value::Array(g)) => w.len() == g.len() && w.iter().zip(g).all(|(w, g)| json_contains(w, g)),
        _ => wanted == got,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let m = PathMatcher::parse("/v1/scans/{id}").expect("parses");
        assert!(m.matches("/v1/scans/42"));
        assert!(!m.matches("/v1/scans/42/findings"));
        assert!(!m.matches("/v1/scans/"));
        assert!(m.covers("/v1/scans/{scan_id}"));
        assert!(!m.covers("/v1/scans"));
        let literal = PathMatcher::parse("/v1/scans/42").expect("parses");
        assert!(literal.covers("/v1/scans/{scan_id}"));
        assert!(PathMatcher::parse("/v1/{a}b").is_err());
        assert!(PathMatcher::parse("v1").is_err());
    }

    #[test]
    fn globs_span_slashes_and_cover_templates() {
        let m = PathMatcher::parse("/v1/scans/*").expect("parses");
        assert!(matches!(m, PathMatcher::Glob(_)));
        assert!(m.matches("/v1/scans/42/findings"));
        assert!(m.covers("/v1/scans/{scan_id}"));
        assert!(matches!(PathMatcher::parse("/v1/{scans,repos}").expect("parses"), PathMatcher::Glob(_)));
    }

    #[test]
    fn query_headers_and_bodies_match_partially() {
        let wanted = BTreeMap::from([("status".to_string(), "open now".to_string())]);
        assert!(query_matches(&wanted, "limit=5&status=open+now"));
        assert!(!query_matches(&wanted, "status=closed"));
        let mut headers = http::HeaderMap::new();
        headers.insert("x-tenant", http::HeaderValue::from_static("acme"));
        assert!(headers_match(&BTreeMap::from([("X-Tenant".to_string(), "acme".to_string())]), &headers));
        assert!(!headers_match(&BTreeMap::from([("x-tenant".to_string(), "other".to_string())]), &headers));
        let got = json!({"a": 1, "b": {"c": [1, {"d": 2, "e": 3}]}});
        assert!(json_contains(&json!({"b": {"c": [1, {"d": 2}]}}), &got));
        assert!(!json_contains(&json!({"b": {"c": [1]}}), &got));
        assert!(!json_contains(&json!({"z": null}), &got));
    }
}
