//! Integers and numbers.

use serde_json::json;

use super::*;

#[test]
fn integers() {
    let ints = valid(json!({"type": "integer"}));
    assert!(ints.iter().all(|v| (0..=1000).contains(&v.as_i64().unwrap())));
    for v in valid(json!({"type": "integer", "minimum": -5, "maximum": 5})) {
        assert!((-5..=5).contains(&v.as_i64().unwrap()));
    }
    for v in valid(json!({"type": "integer", "exclusiveMinimum": 1, "exclusiveMaximum": 4})) {
        assert!((2..=3).contains(&v.as_i64().unwrap()));
    }
    for v in valid(json!({"type": "integer", "multipleOf": 7, "minimum": 10, "maximum": 100})) {
        assert_eq!(v.as_i64().unwrap() % 7, 0);
    }
    valid(json!({"type": "integer", "multipleOf": 0.5}));
    valid(json!({"type": "integer", "minimum": 1_000_000_000_000i64}));
    valid(json!({"type": "integer", "maximum": -1_000_000}));
    valid(json!({"type": "integer", "minimum": 3.5, "maximum": 4.5}));
}

#[test]
fn numbers() {
    for v in valid(json!({"type": "number"})) {
        let x = v.as_f64().unwrap();
        assert!((0.0..=1000.0).contains(&x));
        assert!(((x * 100.0).round() - x * 100.0).abs() < 1e-6, "two decimals: {x}");
    }
    for v in valid(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})) {
        let x = v.as_f64().unwrap();
        assert!(x > 0.0 && x < 1.0);
    }
    valid(json!({"type": "number", "multipleOf": 0.25, "minimum": 1, "maximum": 2}));
    valid(json!({"type": "number", "multipleOf": 0.01}));
    valid(json!({"type": "number", "minimum": 0, "maximum": 10}));
    valid(json!({"type": "number", "exclusiveMinimum": 0.001, "exclusiveMaximum": 0.002}));
}
