//! OpenAPI 3.0 schemas are not JSON Schema 2020-12: `nullable`, boolean
//! `exclusiveMinimum`/`exclusiveMaximum` and a single `example` mean something else (or
//! nothing) to a 2020-12 validator, and `$ref` siblings are ignored in 3.0 but applied in
//! 2020-12. This module rewrites every schema of a 3.0 document in place into its 3.1
//! equivalent, so that 3.0 and 3.1 documents validate the same way afterwards.

use serde_json::{Map, Value, json};

use super::walk::for_each_schema_root;

/// Rewrites every schema in a 3.0 document into OpenAPI 3.1 / JSON Schema 2020-12 form.
pub(crate) fn upgrade_document(doc: &mut Value) {
    for_each_schema_root(doc, &mut |schema| upgrade_schema(schema));
}

/// Rewrites one 3.0 schema (and everything nested in it) into 2020-12 form.
pub fn upgrade_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("$ref") {
        upgrade_ref_node(map);
        return;
    }
    for_each_subschema(map, &mut |sub| upgrade_schema(sub));
    upgrade_bounds(map, "minimum", "exclusiveMinimum");
    upgrade_bounds(map, "maximum", "exclusiveMaximum");
    if let Some(example) = map.remove("example") {
        map.entry("examples").or_insert_with(|| json!([example]));
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        make_nullable(map);
    }
}

/// In 3.0 everything beside `$ref` is ignored, except the common (if informal) use of
/// `nullable: true` next to it, which we honour.
fn upgrade_ref_node(map: &mut Map<String, Value>) {
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    let reference = map.get("$ref").cloned().unwrap_or(Value::Null);
    let description = map.get("description").cloned();
    map.clear();
    if nullable {
        map.insert("anyOf".into(), json!([{ "$ref": reference }, { "type": "null" }]));
    } else {
        map.insert("$ref".into(), reference);
    }
    if let Some(description) = description {
        map.insert("description".into(), description);
    }
}

fn upgrade_bounds(map: &mut Map<String, Value>, inclusive: &str, exclusive: &str) {
    match map.get(exclusive) {
        Some(Value::Bool(true)) => {
            if let Some(limit) = map.remove(inclusive) {
                map.insert(exclusive.into(), limit);
            } else {
                map.remove(exclusive);
            }
        }
        Some(Value::Bool(false)) => {
            map.remove(exclusive);
        }
        _ => {}
    }
}

fn make_nullable(map: &mut Map<String, Value>) {
    match map.get_mut("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            map.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push(json!("null"));
            }
        }
        _ => {
            // No type to widen (allOf/oneOf/enum-only schemas): allow null alongside.
            let inner = Value::Object(std::mem::take(map));
            map.insert("anyOf".into(), json!([inner, { "type": "null" }]));
            return;
        }
    }
    if let Some(Value::Array(options)) = map.get_mut("enum")
        && !options.iter().any(Value::is_null)
    {
        options.push(Value::Null);
    }
}

/// Calls `f` on every direct subschema of a schema object.
pub(crate) fn for_each_subschema(map: &mut Map<String, Value>, f: &mut dyn FnMut(&mut Value)) {
    for key in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            children.values_mut().for_each(&mut *f);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            children.iter_mut().for_each(&mut *f);
        }
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalItems",
    ] {
        if let Some(child @ Value::Object(_)) = map.get_mut(key) {
            f(child);
        }
    }
    if let Some(Value::Array(items)) = map.get_mut("items") {
        items.iter_mut().for_each(&mut *f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(v: Value) -> Value {
        let mut v = v;
        upgrade_schema(&mut v);
        v
    }

    #[test]
    fn nullable_widens_the_type_and_the_enum() {
        assert_eq!(
            up(json!({"type": "string", "enum": ["a"], "nullable": true})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
    }

    #[test]
    fn nullable_without_type_becomes_any_of() {
        assert_eq!(
            up(json!({"allOf": [{"$ref": "#/x"}], "nullable": true})),
            json!({"anyOf": [{"allOf": [{"$ref": "#/x"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn nullable_ref_is_honoured_and_other_ref_siblings_dropped() {
        assert_eq!(
            up(json!({"$ref": "#/a", "nullable": true, "example": 1})),
            json!({"anyOf": [{"$ref": "#/a"}, {"type": "null"}]})
        );
        assert_eq!(up(json!({"$ref": "#/a", "minLength": 3})), json!({"$ref": "#/a"}));
    }

    #[test]
    fn boolean_exclusive_bounds_become_numbers() {
        assert_eq!(
            up(json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true,
                      "maximum": 9, "exclusiveMaximum": false})),
            json!({"type": "integer", "exclusiveMinimum": 1, "maximum": 9})
        );
    }

    #[test]
    fn example_becomes_examples_and_nesting_is_followed() {
        assert_eq!(
            up(json!({"type": "object", "properties": {"a": {"type": "integer", "example": 3,
                "nullable": true}}, "items": {"type": "string", "nullable": true}})),
            json!({"type": "object", "properties": {"a": {"type": ["integer", "null"],
                "examples": [3]}}, "items": {"type": ["string", "null"]}})
        );
    }
}
