//! Where schemas and media types live in an OpenAPI document. Both the 3.0 upgrade and
//! the validator compiler need "every schema root" (a schema that is not nested in
//! another schema), and taking the examples out needs every media type object of a body
//! or response; this module is the one place that knows those positions.

use std::collections::HashSet;

use serde_json::Value;

use super::error::escape_token;
use super::load::EXTERNAL_ROOT;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// JSON pointers of every schema root in the document, including schemas in bundled
/// external files that are reached through a schema `$ref`.
pub(crate) fn schema_roots(doc: &Value) -> Vec<String> {
    let mut roots = found_in_documents(doc).schemas;
    // Schemas in external files that are not documents are found by following refs.
    let mut seen: HashSet<String> = roots.iter().cloned().collect();
    let mut queue = roots.clone();
    while let Some(pointer) = queue.pop() {
        let Some(schema) = doc.pointer(&pointer) else { continue };
        let mut refs = Vec::new();
        collect_refs(schema, &mut refs);
        for target in refs {
            if target.starts_with(&format!("/{EXTERNAL_ROOT}/")) && seen.insert(target.clone()) {
                roots.push(target.clone());
                queue.push(target);
            }
        }
    }
    roots
}

/// JSON pointers of every media type object of a request body or a response (the
/// entries of their `content`), where each is defined.
pub(crate) fn media_objects(doc: &Value) -> Vec<String> {
    found_in_documents(doc).media
}

/// What the walk finds: schema roots, and the media type objects of bodies and responses.
#[derive(Default)]
struct Found {
    schemas: Vec<String>,
    media: Vec<String>,
}

/// The document's own positions and those of the bundled external files that are
/// documents themselves.
fn found_in_documents(doc: &Value) -> Found {
    let mut found = Found::default();
    collect_document(doc, "", &mut found);
    if let Some(Value::Object(externals)) = doc.get(EXTERNAL_ROOT) {
        for (index, external) in externals {
            if is_document_like(external) {
                collect_document(external, &format!("/{EXTERNAL_ROOT}/{index}"), &mut found);
            }
        }
    }
    found
}

/// Applies `f` to every schema root in the document.
pub(crate) fn for_each_schema_root(doc: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for pointer in schema_roots(doc) {
        if let Some(schema) = doc.pointer_mut(&pointer) {
            f(schema);
        }
    }
}

fn is_document_like(v: &Value) -> bool {
    ["openapi", "paths", "components"].iter().any(|k| v.get(k).is_some())
}

fn collect_document(doc: &Value, base: &str, out: &mut Found) {
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for name in schemas.keys() {
            out.schemas.push(format!("{base}/components/schemas/{}", escape_token(name)));
        }
    }
    for (section, kind) in [
        ("parameters", Kind::Parameter),
        ("headers", Kind::Parameter),
        ("requestBodies", Kind::Body),
        ("responses", Kind::Response),
    ] {
        if let Some(Value::Object(items)) = doc.pointer(&format!("/components/{section}")) {
            for (name, item) in items {
                let at = format!("{base}/components/{section}/{}", escape_token(name));
                collect(item, &at, kind, out);
            }
        }
    }
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(paths)) = doc.get(section) else { continue };
        for (path, item) in paths {
            let at = format!("{base}/{section}/{}", escape_token(path));
            collect_path_item(item, &at, out);
        }
    }
}

fn collect_path_item(item: &Value, at: &str, out: &mut Found) {
    collect_list(item.get("parameters"), &format!("{at}/parameters"), Kind::Parameter, out);
    for method in METHODS {
        let Some(op) = item.get(method) else { continue };
        let op_at = format!("{at}/{method}");
        collect_list(op.get("parameters"), &format!("{op_at}/parameters"), Kind::Parameter, out);
        if let Some(body) = op.get("requestBody") {
            collect(body, &format!("{op_at}/requestBody"), Kind::Body, out);
        }
        if let Some(Value::Object(responses)) = op.get("responses") {
            for (code, response) in responses {
                let r_at = format!("{op_at}/responses/{}", escape_token(code));
                collect(response, &r_at, Kind::Response, out);
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Parameter,
    Body,
    Response,
}

fn collect_list(list: Option<&Value>, at: &str, kind: Kind, out: &mut Found) {
    if let Some(Value::Array(items)) = list {
        for (i, item) in items.iter().enumerate() {
            collect(item, &format!("{at}/{i}"), kind, out);
        }
    }
}

fn collect(node: &Value, at: &str, kind: Kind, out: &mut Found) {
    if node.get("$ref").is_some() {
        return; // the target is collected where it is defined
    }
    if let Kind::Parameter = kind
        && node.get("schema").is_some()
    {
        out.schemas.push(format!("{at}/schema"));
    }
    if let Some(Value::Object(content)) = node.get("content") {
        for (media, media_type) in content {
            let media_at = format!("{at}/content/{}", escape_token(media));
            if media_type.get("schema").is_some() {
                out.schemas.push(format!("{media_at}/schema"));
            }
            if matches!(kind, Kind::Body | Kind::Response) {
                out.media.push(media_at);
            }
        }
    }
    if let Kind::Response = kind
        && let Some(Value::Object(headers)) = node.get("headers")
    {
        for (name, header) in headers {
            collect(header, &format!("{at}/headers/{}", escape_token(name)), Kind::Parameter, out);
        }
    }
}

/// Every local `$ref` target (as a JSON pointer) inside a schema, at any depth.
pub(crate) fn collect_refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && let Some(p) = r.strip_prefix('#')
            {
                out.push(p.to_string());
            }
            for (k, v) in map {
                if k != "examples" && k != "example" && k != "default" && k != "const" && k != "enum" {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_schemas_in_operations_components_and_followed_externals() {
        let doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/x-secmock-external/0/Pet"}}}},
                    "responses": {"200": {"description": "", "headers": {"X-N": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"type": "object"}}}}}
                }
            }},
            "components": {"schemas": {"A/B": {"type": "string"}}},
            "x-secmock-external": {"0": {"Pet": {"type": "object"}}}
        });
        let roots = schema_roots(&doc);
        assert_eq!(
            roots,
            vec![
                "/components/schemas/A~1B",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema",
                "/paths/~1a~1{id}/post/responses/200/content/application~1json/schema",
                "/paths/~1a~1{id}/post/responses/200/headers/X-N/schema",
                "/x-secmock-external/0/Pet",
            ]
        );
    }
}
