//! Objects (properties, extras, related fields in order) and arrays.

use serde_json::json;

use super::*;

#[test]
fn objects_emit_all_properties_and_respect_additional_properties() {
    let schema = json!({
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "boolean"}},
        "additionalProperties": false
    });
    for v in valid(schema) {
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c"]);
    }
    for v in valid(json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}})) {
        let obj = v.as_object().unwrap();
        assert!(!obj.is_empty() && obj.values().all(Value::is_i64), "{v}");
    }
    for v in valid(json!({"type": "object", "minProperties": 4, "additionalProperties": {"type": "string"}})) {
        assert!(v.as_object().unwrap().len() >= 4);
    }
    for v in valid(json!({"type": "object", "maxProperties": 1, "required": ["b"], "properties": {"a": {}, "b": {}}})) {
        assert_eq!(v.as_object().unwrap().keys().collect::<Vec<_>>(), ["b"]);
    }
    valid(json!({"type": "object", "propertyNames": {"pattern": "^x-[a-z]+$"}, "minProperties": 2}));
    valid(
        json!({"type": "object", "patternProperties": {"^n_": {"type": "integer"}}, "additionalProperties": false, "minProperties": 1}),
    );
    valid(json!({"type": "object", "properties": {"a": {}}, "dependentRequired": {"a": ["b"]}}));
}

#[test]
fn arrays() {
    for v in valid(json!({"type": "array", "items": {"type": "integer"}})) {
        assert!((1..=3).contains(&v.as_array().unwrap().len()));
    }
    for v in valid(json!({"type": "array", "minItems": 5, "maxItems": 7, "items": {"type": "string"}})) {
        assert!((5..=7).contains(&v.as_array().unwrap().len()));
    }
    for v in valid(json!({"type": "array", "uniqueItems": true, "minItems": 3, "items": {"enum": ["a", "b", "c"]}})) {
        assert_eq!(v.as_array().unwrap().len(), 3);
    }
    valid(json!({"type": "array", "maxItems": 0}));
    valid(
        json!({"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false, "minItems": 2}),
    );
    valid(json!({"type": "array", "items": {"type": "integer"}, "contains": {"const": 7}}));
    valid(json!({"type": "array", "uniqueItems": true, "minItems": 2, "maxItems": 2, "items": {"type": "boolean"}}));
    let capped = generate(&json!({}), &json!({"type": "array", "minItems": 1e12}), 1);
    assert_eq!(capped.as_array().unwrap().len(), MAX_ITEMS);
}

#[test]
fn related_fields_are_ordered() {
    let schema = json!({"type": "object", "properties": {
        "updated_at": {"type": "string", "format": "date-time"},
        "created_at": {"type": "string", "format": "date-time"},
        "completed_at": {"type": "string", "format": "date-time"},
        "start_line": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1}
    }});
    for v in valid(schema) {
        let ts = |k: &str| v[k].as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
        assert!(ts("created_at") <= ts("completed_at") && ts("completed_at") <= ts("updated_at"));
        let (a, b) = (v["start_line"].as_i64().unwrap(), v["end_line"].as_i64().unwrap());
        assert!(a <= b && b - a <= 40);
    }
}
