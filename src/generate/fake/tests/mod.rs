//! Unit tests of the generator: values for many seeds, each checked with `jsonschema`
//! (formats on).

use super::*;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde_json::json;

mod hints;
mod keywords;
mod numbers;
mod objects_and_arrays;
mod strings;

const SEEDS: u64 = 40;

fn anchor() -> jiff::Timestamp {
    "2026-05-01T12:00:00Z".parse().unwrap()
}

fn generate(doc: &Value, schema: &Value, seed: u64) -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Generator::new(doc, anchor()).value(schema, &mut rng)
}

/// Values for seeds `0..SEEDS`, each checked with `jsonschema` (formats on) against
/// `schema` resolved inside `doc`.
fn valid_values(doc: &Value, schema: &Value) -> Vec<Value> {
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .add("urn:test", doc)
        .unwrap()
        .prepare()
        .unwrap();
    let mut wrapper = schema.clone();
    rebase_refs(&mut wrapper);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&wrapper)
        .unwrap();
    (0..SEEDS)
        .map(|seed| {
            let value = generate(doc, schema, seed);
            let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "seed {seed}: {value} does not validate against {schema}: {errors:?}");
            value
        })
        .collect()
}

/// Points the test schema's local `$ref`s at the registry's copy of the document.
fn rebase_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) if r.starts_with('#') => *r = format!("urn:test{r}"),
                    (_, child) => rebase_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rebase_refs),
        _ => {}
    }
}

fn valid(schema: Value) -> Vec<Value> {
    valid_values(&json!({}), &schema)
}

fn strings(values: &[Value]) -> Vec<&str> {
    values.iter().map(|v| v.as_str().unwrap()).collect()
}

// ----- determinism and robustness ------------------------------------------------------

fn finding_doc() -> Value {
    json!({
        "components": {"schemas": {
            "Severity": {"type": "string", "enum": ["critical", "high", "medium", "low"]},
            "Finding": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "title", "severity", "file_path", "start_line", "created_at"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "title": {"type": "string"},
                    "severity": {"$ref": "#/components/schemas/Severity"},
                    "cwe": {"anyOf": [{"type": "string", "pattern": "^CWE-[1-9][0-9]*$"}, {"type": "null"}]},
                    "file_path": {"type": "string", "minLength": 1},
                    "start_line": {"type": "integer", "minimum": 1},
                    "end_line": {"type": "integer", "minimum": 1},
                    "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
                    "created_at": {"type": "string", "format": "date-time"}
                }
            },
            "FindingList": {
                "type": "object",
                "required": ["items", "total"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                    "total": {"type": "integer", "minimum": 0}
                }
            }
        }}
    })
}

#[test]
fn same_seed_same_value_and_seeds_differ() {
    let doc = finding_doc();
    let schema = json!({"$ref": "#/components/schemas/FindingList"});
    for seed in 0..10 {
        assert_eq!(generate(&doc, &schema, seed), generate(&doc, &schema, seed));
    }
    let distinct: std::collections::BTreeSet<String> =
        (0..10).map(|seed| generate(&doc, &schema, seed).to_string()).collect();
    assert!(distinct.len() >= 9, "only {} distinct values from 10 seeds", distinct.len());
    valid_values(&doc, &schema);
}

#[test]
fn generator_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Generator<'static>>();
}

#[test]
fn nonsense_schemas_do_not_panic() {
    let doc = json!({"components": {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}});
    let schemas = [
        json!(42),
        json!("x"),
        json!([]),
        json!(null),
        json!(true),
        json!(false),
        json!({"type": 7}),
        json!({"type": "unknown"}),
        json!({"type": []}),
        json!({"minimum": "a", "maximum": [1]}),
        json!({"items": 5, "minItems": -3}),
        json!({"properties": [], "required": {}}),
        json!({"required": ["a", 1, null]}),
        json!({"$ref": 5}),
        json!({"$ref": "#/nope/nothing"}),
        json!({"$ref": "http://example.com/x.json"}),
        json!({"$ref": "#"}),
        json!({"$ref": "#/components/schemas/Loop"}),
        json!({"$ref": "%%%#%zz"}),
        json!({"enum": []}),
        json!({"enum": "no"}),
        json!({"anyOf": []}),
        json!({"oneOf": [false, false]}),
        json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"pattern": "(["}),
        json!({"pattern": "\\bword\\b"}),
        json!({"pattern": "(?=a)b"}),
        json!({"pattern": "a^b"}),
        json!({"pattern": "[^\\s\\S]"}),
        json!({"pattern": "^a{1000000}$"}),
        json!({"pattern": "(a|b){99999999}"}),
        json!({"pattern": "((a{1000}){1000}){1000}"}),
        json!({"type": "string", "format": "uuid", "maxLength": 3}),
        json!({"type": "string", "minLength": 1e20}),
        json!({"type": "string", "minLength": 10, "maxLength": 2}),
        json!({"type": "number", "multipleOf": 0}),
        json!({"type": "number", "multipleOf": -1}),
        json!({"type": "number", "multipleOf": 1e-300}),
        json!({"type": "integer", "multipleOf": 1e300}),
        json!({"type": "integer", "multipleOf": 0.3}),
        json!({"type": "number", "minimum": 1e308, "maximum": -1e308}),
        json!({"type": "number", "minimum": -1.7e308, "maximum": 1.7e308}),
        json!({"type": "integer", "minimum": 1e300}),
        json!({"type": "integer", "exclusiveMinimum": 5, "exclusiveMaximum": 6}),
        json!({"type": "array", "minItems": 1e12}),
        json!({"type": "array", "minItems": 5, "maxItems": 2, "uniqueItems": true, "items": {"enum": [1]}}),
        json!({"type": "array", "items": false, "minItems": 2}),
        json!({"type": "object", "additionalProperties": false, "required": ["x"]}),
        json!({"type": "object", "minProperties": 1e9, "additionalProperties": {"type": "integer"}}),
        json!({"type": "object", "maxProperties": 0, "required": ["a"], "properties": {"a": {}}}),
        json!({"not": {}}),
        json!({"if": {"type": "string"}, "then": false, "else": false}),
        json!({"type": "object", "patternProperties": {"([": {}}, "minProperties": 2}),
        json!({"propertyNames": {"enum": []}, "minProperties": 3}),
        json!({"dependentRequired": {"a": ["b", 3]}, "properties": {"a": {}}}),
        json!({"prefixItems": "x", "contains": 3, "minContains": "y"}),
    ];
    for schema in &schemas {
        for seed in 0..5 {
            let _ = generate(&doc, schema, seed);
        }
    }
}

#[test]
fn recursion_guard_terminates_trees_and_cycles() {
    let doc = json!({"components": {"schemas": {
        "Node": {
            "type": "object",
            "required": ["name", "children"],
            "properties": {
                "name": {"type": "string"},
                "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }
        },
        "Must": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Must"}}},
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
        "Ping": {"type": "object", "properties": {"pong": {"$ref": "#/components/schemas/Pong"}}},
        "Pong": {"type": "object", "properties": {"ping": {"$ref": "#/components/schemas/Ping"}}}
    }}});
    let tree = json!({"$ref": "#/components/schemas/Node"});
    for value in valid_values(&doc, &tree) {
        fn depth(v: &Value) -> usize {
            v["children"].as_array().map_or(0, |c| 1 + c.iter().map(depth).max().unwrap_or(0))
        }
        assert!(depth(&value) <= SAME_REF_LIMIT + 1, "tree too deep: {}", depth(&value));
    }
    valid_values(&doc, &json!({"$ref": "#/components/schemas/Ping"}));
    // Unsatisfiable (an infinite required chain) and bare cycles: terminate, whatever comes out.
    for name in ["Must", "A", "B"] {
        let _ = generate(&doc, &json!({"$ref": format!("#/components/schemas/{name}")}), 1);
    }
}

#[test]
fn refs_percent_encoded_escaped_and_with_siblings() {
    let doc = json!({"components": {"schemas": {
        "Page{Item}": {"type": "string", "enum": ["braced"]},
        "a/b": {"type": "string", "enum": ["slashed"]},
        "Short": {"type": "string"}
    }}});
    assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/Page%7BItem%7D"}), 1), json!("braced"));
    assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/Page{Item}"}), 1), json!("braced"));
    assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/a~1b"}), 1), json!("slashed"));
    for v in valid_values(&doc, &json!({"$ref": "#/components/schemas/Short", "maxLength": 4, "minLength": 2})) {
        let n = v.as_str().unwrap().chars().count();
        assert!((2..=4).contains(&n));
    }
}
