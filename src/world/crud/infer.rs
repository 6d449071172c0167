//! Which role each operation plays in a REST collection, read from path shapes alone:
//! `POST /things` creates what `GET /things/{id}` reads, `PUT`/`PATCH` update it,
//! `DELETE` removes it and `GET /things` lists. Nested collections
//! (`/projects/{project_id}/repositories`) work the same, one collection per parent.

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
            out.insert(op.id.clone(), Binding { role, collection, id_param: Some(param), read_op: read.id.clone() });
        } else if let Some((read, _)) = items.get(route) {
            let role = match op.method {
                Method::POST => Role::Create,
                Method::GET => Role::List,
                _ => continue,
            };
            out.insert(
                op.id.clone(),
                Binding { role, collection: route.to_string(), id_param: None, read_op: read.id.clone() },
            );
        }
    }
    out
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
}
