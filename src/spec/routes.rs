//! Method + path → operation. Built on `matchit` (the router axum uses): static segments
//! beat parameters, a greedy last parameter becomes a catch-all that matches slashes.
//! Matching works on the raw (still percent-encoded) path; parameter values are decoded
//! later, by the contract layer, so that a bad encoding is a validation error in the
//! API's own dialect rather than a routing failure.

use std::path::Path;

use http::Method;

use super::error::{SpecError, escape_token};
use super::extensions::TrailingSlash;
use super::model::Operation;

/// One path template and the operations declared on it.
#[derive(Debug)]
struct PathEntry {
    /// The path template as the spec writes it (`/repositories/{id}`).
    route: String,
    methods: Vec<(Method, usize)>,
}

#[derive(Debug)]
pub struct RouteTable {
    router: matchit::Router<usize>,
    entries: Vec<PathEntry>,
    trailing_slash: TrailingSlash,
}

/// The outcome of routing one request.
#[derive(Debug, PartialEq, Eq)]
pub enum RouteMatch {
    /// Operation index and raw (percent-encoded) path parameter values.
    Found {
        operation: usize,
        params: Vec<(String, String)>,
    },
    /// The path exists but not with this method.
    MethodNotAllowed {
        allow: Vec<Method>,
    },
    /// The path exists in its other trailing-slash form and the API redirects.
    Redirect {
        location: String,
    },
    NotFound,
}

impl RouteTable {
    pub(crate) fn build(
        file: &Path,
        operations: &[Operation],
        trailing_slash: TrailingSlash,
    ) -> Result<Self, SpecError> {
        let mut router = matchit::Router::new();
        let mut entries: Vec<PathEntry> = Vec::new();
        let mut by_route: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (index, op) in operations.iter().enumerate() {
            let template = matchit_template(op);
            let entry = match by_route.get(&template) {
                Some(&entry) => entry,
                None => {
                    let entry = entries.len();
                    router.insert(template.clone(), entry).map_err(|e| {
                        let at = format!("/paths/{}", escape_token(&op.path));
                        SpecError::invalid(file, &at, format!("path '{}' cannot be routed: {e}", op.route))
                    })?;
                    entries.push(PathEntry { route: op.route.clone(), methods: Vec::new() });
                    by_route.insert(template, entry);
                    entry
                }
            };
            entries[entry].methods.push((op.method.clone(), index));
        }
        Ok(RouteTable { router, entries, trailing_slash })
    }

    /// Routes `method` + raw `path`; `query` is only used to build a redirect location.
    pub fn find(&self, method: &Method, path: &str, query: Option<&str>) -> RouteMatch {
        if let Some(found) = self.lookup(method, path) {
            return found;
        }
        let other = match path.strip_suffix('/') {
            Some(stripped) if !stripped.is_empty() => stripped.to_string(),
            Some(_) => return RouteMatch::NotFound,
            None => format!("{path}/"),
        };
        match (self.trailing_slash, self.lookup(method, &other)) {
            (TrailingSlash::Tolerate, Some(found)) => found,
            (TrailingSlash::Redirect, Some(_)) => RouteMatch::Redirect {
                location: match query {
                    Some(q) if !q.is_empty() => format!("{other}?{q}"),
                    _ => other,
                },
            },
            _ => RouteMatch::NotFound,
        }
    }

    fn lookup(&self, method: &Method, path: &str) -> Option<RouteMatch> {
        let matched = self.router.at(path).ok()?;
        let entry = &self.entries[*matched.value];
        let params = matched.params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let wanted =
            if method == Method::HEAD { &[Method::HEAD, Method::GET][..] } else { std::slice::from_ref(method) };
        for want in wanted {
            if let Some((_, operation)) = entry.methods.iter().find(|(m, _)| m == want) {
                return Some(RouteMatch::Found { operation: *operation, params });
            }
        }
        let mut allow: Vec<Method> = entry.methods.iter().map(|(m, _)| m.clone()).collect();
        if allow.contains(&Method::GET) && !allow.contains(&Method::HEAD) {
            allow.push(Method::HEAD);
        }
        Some(RouteMatch::MethodNotAllowed { allow })
    }
}

impl RouteTable {
    /// For a request that matched no route: at most `n` routes nearest to `path` (scored by
    /// segments in common: a literal counts most, a parameter less, a literal that merely
    /// starts alike least; then the fewest segments apart), each with why it did not match.
    pub fn near_misses(&self, method: &Method, path: &str, n: usize) -> Vec<(String, String, String)> {
        let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut scored: Vec<(usize, usize, &PathEntry, String)> = self
            .entries
            .iter()
            .map(|entry| {
                let have: Vec<&str> = entry.route.trim_matches('/').split('/').collect();
                let mut same = 0;
                let mut first_difference = None;
                for (i, (h, w)) in have.iter().zip(&wanted).enumerate() {
                    if h == w {
                        same += 3;
                    } else if h.starts_with('{') && !w.is_empty() {
                        same += 2;
                    } else {
                        let alike = h.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
                        same += usize::from(alike >= 3);
                        if first_difference.is_none() {
                            first_difference = Some(format!("segment {}: '{w}' is not '{h}'", i + 1));
                        }
                    }
                }
                let apart = have.len().abs_diff(wanted.len());
                let why = match first_difference {
                    Some(why) => why,
                    None if apart > 0 => format!("{} segments, not {}", have.len(), wanted.len()),
                    None => "matches".to_string(),
                };
                (same, apart, entry, why)
            })
            .filter(|(same, ..)| *same > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.route.cmp(&b.2.route)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, _, entry, why)| {
                let methods: Vec<&str> = entry.methods.iter().map(|(m, _)| m.as_str()).collect();
                let why = if why == "matches" {
                    format!("the path matches; {method} is not one of its methods")
                } else {
                    why
                };
                (methods.join(", "), entry.route.clone(), why)
            })
            .collect()
    }
}

/// The operation's route in matchit syntax: `{name}` stays, a greedy last one becomes
/// `{*name}`.
fn matchit_template(op: &Operation) -> String {
    let mut template = op.route.clone();
    if let Some(greedy) = op.parameters.iter().find(|p| p.greedy) {
        let tail = format!("{{{}}}", greedy.name);
        if template.ends_with(&tail) {
            template.truncate(template.len() - tail.len());
            template.push_str(&format!("{{*{}}}", greedy.name));
        }
    }
    template
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::{ParamLocation, Parameter, Style};

    fn op(method: Method, route: &str, greedy: Option<&str>) -> Operation {
        Operation {
            id: format!("{method} {route}"),
            method,
            path: route.into(),
            route: route.into(),
            pointer: String::new(),
            parameters: greedy
                .map(|name| Parameter {
                    name: name.into(),
                    location: ParamLocation::Path,
                    required: true,
                    style: Style::Simple,
                    explode: false,
                    schema: None,
                    json_content: false,
                    greedy: true,
                })
                .into_iter()
                .collect(),
            request_body: None,
            responses: vec![],
            security: vec![],
            scopes: vec![],
            builtin: None,
            known_departures: vec![],
        }
    }

    fn table(slash: TrailingSlash) -> RouteTable {
        let ops = vec![
            op(Method::GET, "/repos/{id}/scans", None),
            op(Method::POST, "/repos/{id}/scans", None),
            op(Method::GET, "/repos/{repo}/scans/compare", None),
            op(Method::GET, "/repos/{repo}/scans/{scan}", None),
            op(Method::GET, "/repos/{repo}/source-files/{path}", Some("path")),
            op(Method::GET, "/projects/", None),
        ];
        RouteTable::build(Path::new("t.yaml"), &ops, slash).expect("routes build")
    }

    fn found(m: RouteMatch) -> (usize, Vec<(String, String)>) {
        match m {
            RouteMatch::Found { operation, params } => (operation, params),
            other => panic!("expected a match, got {other:?}"),
        }
    }

    #[test]
    fn parameters_and_literals_with_literal_winning() {
        let t = table(TrailingSlash::Strict);
        assert_eq!(found(t.find(&Method::GET, "/repos/r1/scans", None)), (0, vec![("id".into(), "r1".into())]));
        assert_eq!(found(t.find(&Method::POST, "/repos/r1/scans", None)).0, 1);
        assert_eq!(found(t.find(&Method::GET, "/repos/r1/scans/compare", None)).0, 2);
        assert_eq!(found(t.find(&Method::GET, "/repos/r1/scans/s9", None)).0, 3);
    }

    #[test]
    fn greedy_parameter_takes_slashes() {
        let t = table(TrailingSlash::Strict);
        let (op, params) = found(t.find(&Method::GET, "/repos/r1/source-files/src/app/main.rs", None));
        assert_eq!(op, 4);
        assert_eq!(params[1], ("path".into(), "src/app/main.rs".into()));
    }

    #[test]
    fn wrong_method_lists_allowed_ones_and_head_follows_get() {
        let t = table(TrailingSlash::Strict);
        assert_eq!(
            t.find(&Method::DELETE, "/repos/r1/scans", None),
            RouteMatch::MethodNotAllowed { allow: vec![Method::GET, Method::POST, Method::HEAD] }
        );
        assert_eq!(found(t.find(&Method::HEAD, "/repos/r1/scans", None)).0, 0);
        assert_eq!(t.find(&Method::GET, "/nope", None), RouteMatch::NotFound);
    }

    #[test]
    fn trailing_slash_policies() {
        assert_eq!(table(TrailingSlash::Strict).find(&Method::GET, "/projects", None), RouteMatch::NotFound);
        assert_eq!(found(table(TrailingSlash::Tolerate).find(&Method::GET, "/repos/r/scans/", None)).0, 0);
        assert_eq!(
            table(TrailingSlash::Redirect).find(&Method::GET, "/projects", Some("limit=5")),
            RouteMatch::Redirect { location: "/projects/?limit=5".into() }
        );
    }
}
