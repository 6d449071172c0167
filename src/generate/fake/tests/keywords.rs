//! `const`, `enum`, `type`, `allOf`/`anyOf`/`oneOf`, `not`, `if`/`then`/`else`, examples and defaults.

use serde_json::json;

use super::*;

#[test]
fn const_and_enum() {
    for v in valid(json!({"const": {"a": [1, 2]}})) {
        assert_eq!(v, json!({"a": [1, 2]}));
    }
    let values = valid(json!({"enum": ["open", "closed", "ignored"]}));
    let distinct: std::collections::BTreeSet<&str> = strings(&values).into_iter().collect();
    assert_eq!(distinct.len(), 3, "every enum value shows up over 40 seeds");
    for v in valid(json!({"enum": [null, "only"]})) {
        assert_eq!(v, json!("only"), "a non-null enum value is preferred");
    }
    // enum values the rest of the schema rejects are skipped
    for v in valid(json!({"type": "string", "enum": [1, "x", true]})) {
        assert_eq!(v, json!("x"));
    }
}

#[test]
fn type_arrays_prefer_non_null() {
    assert!(valid(json!({"type": ["null", "string"]})).iter().all(Value::is_string));
    assert!(valid(json!({"type": ["integer", "null"]})).iter().all(Value::is_i64));
    assert!(valid(json!({"type": "boolean"})).iter().all(Value::is_boolean));
    let bools = valid(json!({"type": "boolean"}));
    assert!(bools.contains(&json!(true)) && bools.contains(&json!(false)));
    assert!(valid(json!({"type": "null"})).iter().all(Value::is_null));
}

#[test]
fn all_of_merges_object_branches() {
    let doc = json!({"components": {"schemas": {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}}
    }}});
    let schema = json!({"allOf": [
        {"$ref": "#/components/schemas/Base"},
        {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "maximum": 3}}},
        {"properties": {"count": {"minimum": 2}, "note": {"type": "string"}}}
    ]});
    for v in valid_values(&doc, &schema) {
        let obj = v.as_object().unwrap();
        assert!(obj.contains_key("id") && obj.contains_key("count") && obj.contains_key("note"), "{v}");
        assert!((2..=3).contains(&obj["count"].as_i64().unwrap()));
    }
    // a closed branch keeps the other branch's optional extras out
    let closed = json!({"allOf": [
        {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false},
        {"properties": {"b": {"type": "integer"}}}
    ]});
    for v in valid(closed) {
        assert!(!v.as_object().unwrap().contains_key("b"));
    }
}

#[test]
fn any_of_and_one_of() {
    for v in valid(json!({"anyOf": [{"type": "null"}, {"type": "string", "format": "uuid"}]})) {
        assert!(uuid::Uuid::try_parse(v.as_str().unwrap()).is_ok());
    }
    // An integer would match both branches: oneOf must end up with a non-integer number.
    for v in valid(json!({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]})) {
        assert!(v.as_f64().unwrap().fract() != 0.0, "{v}");
    }
    let doc = json!({"components": {"schemas": {
        "Cat": {"type": "object", "required": ["meow"], "properties": {"meow": {"type": "boolean"}, "kind": {"const": "cat"}}},
        "Dog": {"type": "object", "required": ["bark"], "properties": {"bark": {"type": "boolean"}, "kind": {"const": "dog"}}}
    }}});
    let pet = json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]});
    valid_values(&doc, &pet);
    // Branches incompatible with the outer type are skipped.
    for v in valid(json!({"type": "object", "anyOf": [{"type": "string"}, {"required": ["x"]}]})) {
        assert!(v.get("x").is_some());
    }
}

#[test]
fn not_and_if_then_else() {
    for v in valid(json!({"type": "integer", "minimum": 0, "maximum": 3, "not": {"const": 0}})) {
        assert_ne!(v, json!(0));
    }
    valid(json!({
        "type": "object",
        "properties": {"kind": {"enum": ["a", "b"]}, "n": {"type": "integer"}},
        "required": ["kind", "n"],
        "if": {"properties": {"kind": {"const": "a"}}},
        "then": {"properties": {"n": {"minimum": 100}}},
        "else": {"properties": {"n": {"maximum": -100}}}
    }));
}

#[test]
fn examples_and_defaults_are_used_sometimes() {
    let values = valid(json!({"type": "string", "examples": ["acme-widget", "other"]}));
    assert!(strings(&values).contains(&"acme-widget"));
    assert!(strings(&values).iter().any(|s| *s != "acme-widget"), "not always the example");
    // A string with a format never takes the example: it varies.
    let stamps = valid(json!({"type": "string", "format": "date-time", "examples": ["2020-01-01T00:00:00Z"]}));
    assert!(!strings(&stamps).contains(&"2020-01-01T00:00:00Z"));
    // An example that does not validate is never used.
    let short = valid(json!({"type": "string", "maxLength": 3, "examples": ["much too long"]}));
    assert!(!strings(&short).contains(&"much too long"));
    let ints = valid(json!({"type": "integer", "default": 50, "minimum": 1, "maximum": 100}));
    assert!(ints.contains(&json!(50)));
}
