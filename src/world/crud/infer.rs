//! Which role each operation plays in a REST collection, read from path shapes alone:
//! `POST /things` creates what `GET /things/{id}` reads, `PUT`/`PATCH` update it,
//! `DELETE` removes it and `GET /things` lists. Nested collections
//! (`/projects/{project_id}/repositories`) work the same, one collection per parent.
//! A nested collection without item routes of its own whose items live at a top-level
//! path (`POST /projects/{id}/repositories`, then `GET /repositories/{repo_id}`) is the
//! top-level collection, each item remembering the nested collection it was created in,
//! which lists only its own.

use std::collections::HashMap;

use http::Method;

use crate::spec::{ApiSpec, Operation};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Create,
    List,
    Read,
    Replace,
    Patch,
    Delete,
}

/// An operation's part in a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    pub(crate) role: Role,
    /// The collection's template, without a trailing slash (`/projects/{project_id}/repositories`).
    pub(crate) collection: String,
    /// The item id's path parameter (for item routes).
    pub(crate) id_param: Option<String>,
    /// The operation that reads one item, whose response shape items have.
    pub(crate) read_op: String,
    /// For a nested create or list whose items live in a top-level collection: the
    /// nested template (`/projects/{project_id}/repositories`) its items belong to.
    pub(crate) scope: Option<String>,
}

/// Binds every operation that fits the collection pattern, by operation id.
pub(crate) fn bind(spec: &ApiSpec) -> HashMap<String, Binding> {
    // Item routes: templates ending in a parameter, keyed by their collection template.
    let mut items: HashMap<String, (&Operation, String)> = HashMap::new();
    // A GET that answers an array is a list filtered by its last parameter
    // (`/sbom/scan/{scan_id}`), not one item.
    for op in spec.operations.iter().filter(|op| op.method == Method::GET && !answers_array(spec, op)) {
        if let Some((collection, param)) = split_item(&op.route) {
            items.entry(collection).or_insert((op, param));
        }
    }
    let mut out = HashMap::new();
    for op in &spec.operations {
        let route = op.route.trim_end_matches('/');
        if let Some((collection, param)) = split_item(&op.route) {
            let Some((read, _)) = items.get(&collection) else { continue };
            let role = match op.method {
                Method::GET => Role::Read,
                Method::PUT => Role::Replace,
                Method::PATCH => Role::Patch,
                Method::DELETE => Role::Delete,
                _ => continue,
            };
            let binding = Binding { role, collection, id_param: Some(param), read_op: read.id.clone(), scope: None };
            out.insert(op.id.clone(), binding);
        } else {
            let (collection, scope) = match items.get(route) {
                Some(_) => (route.to_string(), None),
                None => match top_level_home(route, &items) {
                    Some(home) => (home, Some(route.to_string())),
                    None => continue,
                },
            };
            let Some((read, _)) = items.get(&collection) else { continue };
            let role = match op.method {
                Method::POST => Role::Create,
                Method::GET => Role::List,
                _ => continue,
            };
            out.insert(op.id.clone(), Binding { role, collection, id_param: None, read_op: read.id.clone(), scope });
        }
    }
    out
}

/// The top-level collection whose items a nested collection route holds: `/v1/repositories`
/// for `/v1/projects/{project_id}/repositories`, when `/v1/repositories/{id}` reads items
/// and the nested route has none of its own. The top-level collection has no parameter,
/// shares the nested route's prefix and ends in the same segment.
fn top_level_home<T>(route: &str, items: &HashMap<String, T>) -> Option<String> {
    if !route.contains('{') {
        return None;
    }
    let (_, last) = route.rsplit_once('/')?;
    items
        .keys()
        .filter(|c| !c.contains('{'))
        .filter(|c| {
            c.rsplit_once('/').is_some_and(|(prefix, tail)| tail == last && route.starts_with(&format!("{prefix}/")))
        })
        .max_by_key(|c| c.len())
        .cloned()
}

/// Whether `op`'s success response is a JSON array.
fn answers_array(spec: &ApiSpec, op: &Operation) -> bool {
    let Some((_, response)) = op.success() else { return false };
    response
        .content
        .iter()
        .filter_map(|m| m.schema.as_ref())
        .any(|schema| spec.document.pointer(&schema.pointer).and_then(|s| s.get("type")).is_some_and(|t| t == "array"))
}

/// `/things/{id}` → (`/things`, `id`); `None` unless the last segment is one parameter.
fn split_item(route: &str) -> Option<(String, String)> {
    let route = route.trim_end_matches('/');
    let (collection, last) = route.rsplit_once('/')?;
    let param = last.strip_prefix('{')?.strip_suffix('}')?;
    if param.contains(['{', '}']) || collection.is_empty() {
        return None;
    }
    Some((collection.to_string(), param.to_string()))
}

/// The concrete collection key for a request: the template with its parameters filled.
pub(crate) fn concrete(template: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => out.push_str(&value(name)?),
            None => out.push_str(segment),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_routes_and_concrete_keys() {
        assert_eq!(split_item("/pets/{petId}"), Some(("/pets".into(), "petId".into())));
        assert_eq!(split_item("/pets/mine"), None);
        assert_eq!(split_item("/{id}"), None);
        let key = concrete("/projects/{p}/repos", |n| (n == "p").then(|| "42".to_string()));
        assert_eq!(key.as_deref(), Some("/projects/42/repos"));
    }

    #[test]
    fn a_nested_collection_without_items_of_its_own_lives_at_the_top_level() {
        let items: HashMap<String, ()> =
            [("/v1/repositories".to_string(), ()), ("/v1/projects".to_string(), ())].into();
        let home = top_level_home("/v1/projects/{project_id}/repositories", &items);
        assert_eq!(home.as_deref(), Some("/v1/repositories"));
        assert_eq!(top_level_home("/v1/projects/{project_id}/scans", &items), None);
        assert_eq!(top_level_home("/v2/projects/{project_id}/repositories", &items), None);
    }
}
