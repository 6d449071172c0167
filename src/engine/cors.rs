//! CORS on the API ports, so a web application in a browser can call secmock: a preflight
//! (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered from the route
//! table (the methods the path has), and every answer to a request with an allowed
//! `Origin` names it in `Access-Control-Allow-Origin` and exposes its own headers. The
//! admin plane never gets CORS: its engine runs with [`CorsPolicy::Off`], and its
//! `/__secmock` mount on an API port is served before any of this.

use http::request::Parts;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::reply::Reply;
use crate::spec::{RouteMatch, RouteTable};

/// Which browser origins may call an API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorsPolicy {
    /// No CORS headers at all.
    Off,
    /// Any origin (secmock's default: it is a local fake).
    #[default]
    AnyOrigin,
    /// Only these origins (`https://app.example.test`), exactly.
    Origins(Vec<String>),
}

impl CorsPolicy {
    /// Parses `--cors`: `any`, `off`, or a comma-separated list of origins.
    pub fn parse(text: &str) -> Result<CorsPolicy, String> {
        match text.trim() {
            "any" | "*" => Ok(CorsPolicy::AnyOrigin),
            "off" | "none" => Ok(CorsPolicy::Off),
            list => {
                let origins: Vec<String> = list
                    .split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect();
                match origins.iter().find(|o| !(o.starts_with("http://") || o.starts_with("https://"))) {
                    Some(bad) => Err(format!("{bad:?} is not an origin (http://host[:port] or https://…)")),
                    None if origins.is_empty() => Err("no origin given".into()),
                    None => Ok(CorsPolicy::Origins(origins)),
                }
            }
        }
    }

    /// The request's `Origin`, if this policy lets it call.
    fn allowed<'h>(&self, headers: &'h HeaderMap) -> Option<&'h HeaderValue> {
        let origin = headers.get(header::ORIGIN)?;
        match self {
            CorsPolicy::Off => None,
            CorsPolicy::AnyOrigin => Some(origin),
            CorsPolicy::Origins(list) => {
                let text = origin.to_str().ok()?;
                list.iter().any(|o| o == text).then_some(origin)
            }
        }
    }
}

/// The answer to a CORS preflight for a path the API has; `None` for anything else (an
/// `OPTIONS` that is no preflight, or a path no operation has, goes through the pipeline).
pub(crate) fn preflight(policy: &CorsPolicy, routes: &RouteTable, parts: &Parts) -> Option<Reply> {
    if parts.method != Method::OPTIONS || !parts.headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        return None;
    }
    let origin = policy.allowed(&parts.headers)?.clone();
    let methods = match routes.find(&Method::OPTIONS, parts.uri.path(), None) {
        RouteMatch::MethodNotAllowed { allow } => allow,
        RouteMatch::Found { .. } => return None,
        RouteMatch::Redirect { .. } | RouteMatch::NotFound => return None,
    };
    let mut reply = Reply::empty(204);
    let listed: Vec<&str> = methods.iter().map(Method::as_str).collect();
    reply.headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if let Ok(v) = HeaderValue::from_str(&listed.join(", ")) {
        reply.headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, v);
    }
    if let Some(asked) = parts.headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        reply.headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    reply.headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    reply.headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    reply.headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    reply.status = StatusCode::NO_CONTENT;
    Some(reply)
}

/// Lets the calling origin read an answer: names it, allows credentials, and exposes every
/// header the answer carries (request ids, rate limits, `x-secmock-violations`).
pub(crate) fn allow(policy: &CorsPolicy, request: &HeaderMap, response: &mut HeaderMap) {
    let Some(origin) = policy.allowed(request) else { return };
    let exposed: Vec<&str> = response
        .keys()
        .map(http::HeaderName::as_str)
        .filter(|name| {
            !matches!(
                *name,
                "content-type"
                    | "content-length"
                    | "cache-control"
                    | "expires"
                    | "last-modified"
                    | "pragma"
                    | "content-language"
            )
        })
        .collect();
    let exposed = (!exposed.is_empty()).then(|| exposed.join(", "));
    response.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    response.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    if let Some(v) = exposed.and_then(|e| HeaderValue::from_str(&e).ok()) {
        response.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
    response.append(header::VARY, HeaderValue::from_static("Origin"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_reads_any_off_or_origins() {
        assert_eq!(CorsPolicy::parse("any"), Ok(CorsPolicy::AnyOrigin));
        assert_eq!(CorsPolicy::parse("off"), Ok(CorsPolicy::Off));
        assert_eq!(
            CorsPolicy::parse("https://a.test, http://localhost:3000/"),
            Ok(CorsPolicy::Origins(vec!["https://a.test".into(), "http://localhost:3000".into()]))
        );
        assert!(CorsPolicy::parse("a.test").is_err());
    }

    #[test]
    fn only_a_listed_origin_is_allowed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.test"));
        let policy = CorsPolicy::Origins(vec!["https://a.test".into()]);
        assert!(policy.allowed(&headers).is_none());
        assert!(CorsPolicy::AnyOrigin.allowed(&headers).is_some());
        assert!(CorsPolicy::Off.allowed(&headers).is_none());
    }
}
