//! Reading strings (path, query, header and cookie values, form fields) as the JSON types
//! their schema asks for. A string admitted by the schema stays a string; otherwise it is
//! read as an integer, a number or a boolean, in that order, the way pydantic and Rails
//! read parameters.

use serde_json::{Number, Value};

use super::problem::Expected;
use crate::spec::resolve;

/// JSON Schema types, as a small bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Types(u8);

impl Types {
    pub(crate) const STRING: u8 = 1;
    pub(crate) const INTEGER: u8 = 2;
    pub(crate) const NUMBER: u8 = 4;
    pub(crate) const BOOLEAN: u8 = 8;
    pub(crate) const ARRAY: u8 = 16;
    pub(crate) const OBJECT: u8 = 32;
    pub(crate) const NULL: u8 = 64;

    pub(crate) fn has(self, t: u8) -> bool {
        self.0 & t != 0
    }

    /// No constraint at all (an empty schema).
    pub(crate) fn is_any(self) -> bool {
        self.0 == 0
    }

    fn add_name(&mut self, name: &str) {
        self.0 |= match name {
            "string" => Self::STRING,
            "integer" => Self::INTEGER,
            "number" => Self::NUMBER,
            "boolean" => Self::BOOLEAN,
            "array" => Self::ARRAY,
            "object" => Self::OBJECT,
            "null" => Self::NULL,
            _ => 0,
        }
    }

    fn add_value(&mut self, v: &Value) {
        self.0 |= match v {
            Value::String(_) => Self::STRING,
            Value::Number(n) if n.is_i64() || n.is_u64() => Self::INTEGER,
            Value::Number(_) => Self::NUMBER,
            Value::Bool(_) => Self::BOOLEAN,
            Value::Array(_) => Self::ARRAY,
            Value::Object(_) => Self::OBJECT,
            Value::Null => Self::NULL,
        }
    }
}

/// The types a schema admits, looking through `$ref`, `allOf`/`anyOf`/`oneOf`, `enum` and
/// `const`. An unconstrained schema admits everything (`is_any`).
pub(crate) fn admitted(doc: &Value, schema: &Value) -> Types {
    let mut types = Types::default();
    collect(doc, schema, &mut types, 0);
    types
}

fn collect(doc: &Value, schema: &Value, types: &mut Types, depth: usize) {
    if depth > 16 {
        return;
    }
    let schema = resolve(doc, schema);
    match schema.get("type") {
        Some(Value::String(t)) => types.add_name(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).for_each(|t| types.add_name(t)),
        _ => {
            if let Some(Value::Array(options)) = schema.get("enum") {
                options.iter().for_each(|v| types.add_value(v));
            } else if let Some(v) = schema.get("const") {
                types.add_value(v);
            } else if schema.get("properties").is_some() {
                types.0 |= Types::OBJECT;
            } else if schema.get("items").is_some() {
                types.0 |= Types::ARRAY;
            }
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = schema.get(key) {
            branches.iter().for_each(|b| collect(doc, b, types, depth + 1));
        }
    }
}

/// The `items` schema of an array schema (looking through unions).
pub(crate) fn items<'d>(doc: &'d Value, schema: &'d Value) -> Option<&'d Value> {
    let schema = resolve(doc, schema);
    if let Some(items) = schema.get("items") {
        return Some(items);
    }
    ["anyOf", "oneOf", "allOf"].iter().find_map(|key| schema.get(*key)?.as_array()?.iter().find_map(|b| items(doc, b)))
}

/// The schema of property `name` of an object schema (looking through unions).
pub(crate) fn property<'d>(doc: &'d Value, schema: &'d Value, name: &str) -> Option<&'d Value> {
    let schema = resolve(doc, schema);
    if let Some(p) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(p);
    }
    ["anyOf", "oneOf", "allOf"]
        .iter()
        .find_map(|key| schema.get(*key)?.as_array()?.iter().find_map(|b| property(doc, b, name)))
}

/// The `format` of a string schema (looking through `$ref` and unions).
pub(crate) fn format<'d>(doc: &'d Value, schema: &'d Value) -> Option<&'d str> {
    let schema = resolve(doc, schema);
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        return Some(f);
    }
    ["anyOf", "oneOf", "allOf"].iter().find_map(|key| schema.get(*key)?.as_array()?.iter().find_map(|b| format(doc, b)))
}

/// Reads one string as the scalar type its schema admits.
pub(crate) fn scalar(types: Types, raw: &str) -> Result<Value, Expected> {
    if types.is_any() || types.has(Types::STRING) {
        return Ok(Value::String(raw.to_string()));
    }
    let trimmed = raw.trim();
    if types.has(Types::INTEGER) {
        if let Ok(i) = trimmed.parse::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if !types.has(Types::NUMBER) && !types.has(Types::BOOLEAN) {
            return Err(Expected::Integer);
        }
    }
    if types.has(Types::NUMBER) {
        if let Ok(i) = trimmed.parse::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Some(n) = trimmed.parse::<f64>().ok().and_then(Number::from_f64) {
            return Ok(Value::Number(n));
        }
        if !types.has(Types::BOOLEAN) {
            return Err(Expected::Number);
        }
    }
    if types.has(Types::BOOLEAN) {
        return boolean(trimmed).map(Value::Bool).ok_or(Expected::Boolean);
    }
    if types.has(Types::NULL) && (trimmed.is_empty() || trimmed == "null") {
        return Ok(Value::Null);
    }
    if types.has(Types::ARRAY) {
        return Err(Expected::Array);
    }
    Err(Expected::Object)
}

/// pydantic's (and Rails') spellings of true and false.
fn boolean(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "off" | "f" | "n" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(schema: Value, raw: &str) -> Result<Value, Expected> {
        let doc = json!({"components": {"schemas": {"Sev": {"type": "string", "enum": ["low"]}}}});
        scalar(admitted(&doc, &schema), raw)
    }

    #[test]
    fn strings_stay_strings_and_numbers_are_read() {
        assert_eq!(read(json!({"type": "string"}), "42"), Ok(json!("42")));
        assert_eq!(read(json!({"type": "integer"}), "42"), Ok(json!(42)));
        assert_eq!(read(json!({"type": "integer"}), "-1"), Ok(json!(-1)));
        assert_eq!(read(json!({"type": "integer"}), "4.5"), Err(Expected::Integer));
        assert_eq!(read(json!({"type": "number"}), "4.5"), Ok(json!(4.5)));
        assert_eq!(read(json!({"type": "number"}), "x"), Err(Expected::Number));
        assert_eq!(read(json!({}), "anything"), Ok(json!("anything")));
    }

    #[test]
    fn booleans_accept_the_usual_spellings() {
        assert_eq!(read(json!({"type": "boolean"}), "TRUE"), Ok(json!(true)));
        assert_eq!(read(json!({"type": "boolean"}), "0"), Ok(json!(false)));
        assert_eq!(read(json!({"type": "boolean"}), "maybe"), Err(Expected::Boolean));
    }

    #[test]
    fn unions_refs_and_enums_are_looked_through() {
        assert_eq!(read(json!({"anyOf": [{"type": "integer"}, {"type": "null"}]}), "7"), Ok(json!(7)));
        assert_eq!(
            read(json!({"anyOf": [{"$ref": "#/components/schemas/Sev"}, {"type": "null"}]}), "low"),
            Ok(json!("low"))
        );
        assert_eq!(read(json!({"enum": [1, 2]}), "2"), Ok(json!(2)));
    }
}
