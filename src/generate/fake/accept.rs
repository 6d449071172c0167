//! Acceptance: a light validator for choosing among candidates, and JSON equality with
//! numbers compared by value.

use serde_json::{Map, Value};

use super::Generator;
use super::flatten::{as_count, kw};
use super::formats::format_ok;
use super::types::{type_value_bits, value_bits};
use super::util::chars_len;

impl<'d> Generator<'d> {
    /// A light validator, for choosing among candidates (enum values, examples, `oneOf`
    /// branches): the keywords this generator knows, `$ref`s followed to a bounded depth.
    pub(super) fn accepts(&self, schema: &Value, value: &Value, depth: usize) -> bool {
        match schema {
            Value::Bool(b) => *b,
            Value::Object(map) => self.accepts_map(map, value, depth),
            _ => true,
        }
    }

    pub(super) fn accepts_map(&self, m: &Map<String, Value>, v: &Value, depth: usize) -> bool {
        if depth > 24 {
            return true;
        }
        let d = depth + 1;
        if let Some(target) = kw(m, "$ref").and_then(Value::as_str).and_then(|r| self.resolve_ref(r))
            && !self.accepts(target, v, d)
        {
            return false;
        }
        if let Some(t) = kw(m, "type")
            && type_value_bits(t) & value_bits(v) == 0
        {
            return false;
        }
        if let Some(c) = kw(m, "const")
            && !json_eq(c, v)
        {
            return false;
        }
        if let Some(Value::Array(list)) = kw(m, "enum")
            && !list.iter().any(|e| json_eq(e, v))
        {
            return false;
        }
        let num = |k: &str| m.get(k).and_then(Value::as_f64);
        let count = |k: &str| m.get(k).and_then(as_count);
        match v {
            Value::Number(n) => {
                let Some(x) = n.as_f64() else { return true };
                if num("minimum").is_some_and(|l| x < l) || num("maximum").is_some_and(|h| x > h) {
                    return false;
                }
                if num("exclusiveMinimum").is_some_and(|l| x <= l) || num("exclusiveMaximum").is_some_and(|h| x >= h) {
                    return false;
                }
                if kw(m, "exclusiveMinimum") == Some(&Value::Bool(true)) && num("minimum").is_some_and(|l| x <= l) {
                    return false;
                }
                if kw(m, "exclusiveMaximum") == Some(&Value::Bool(true)) && num("maximum").is_some_and(|h| x >= h) {
                    return false;
                }
                if let Some(mo) = num("multipleOf").filter(|mo| *mo > 0.0) {
                    let q = x / mo;
                    if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                        return false;
                    }
                }
            }
            Value::String(s) => {
                let n = chars_len(s);
                if count("minLength").is_some_and(|l| n < l) || count("maxLength").is_some_and(|h| n > h) {
                    return false;
                }
                if let Some(p) = kw(m, "pattern").and_then(Value::as_str)
                    && self.pattern_matches(p, s) == Some(false)
                {
                    return false;
                }
                if let Some(f) = kw(m, "format").and_then(Value::as_str)
                    && !format_ok(f, s)
                {
                    return false;
                }
            }
            Value::Array(items) => {
                if count("minItems").is_some_and(|l| items.len() < l)
                    || count("maxItems").is_some_and(|h| items.len() > h)
                {
                    return false;
                }
                if kw(m, "uniqueItems") == Some(&Value::Bool(true)) {
                    for (i, a) in items.iter().enumerate() {
                        if items[i + 1..].iter().any(|b| json_eq(a, b)) {
                            return false;
                        }
                    }
                }
                let prefix = kw(m, "prefixItems").and_then(Value::as_array);
                let prefix_len = prefix.map_or(0, Vec::len);
                if let Some(prefix) = prefix
                    && prefix.iter().zip(items).any(|(s, item)| !self.accepts(s, item, d))
                {
                    return false;
                }
                if let Some(schema) = kw(m, "items")
                    && items.iter().skip(prefix_len).any(|item| !self.accepts(schema, item, d))
                {
                    return false;
                }
                if let Some(schema) = kw(m, "contains") {
                    let hits = items.iter().filter(|item| self.accepts(schema, item, d)).count();
                    if hits < count("minContains").unwrap_or(1) || count("maxContains").is_some_and(|h| hits > h) {
                        return false;
                    }
                }
            }
            Value::Object(obj) => {
                if count("minProperties").is_some_and(|l| obj.len() < l)
                    || count("maxProperties").is_some_and(|h| obj.len() > h)
                {
                    return false;
                }
                if let Some(Value::Array(required)) = kw(m, "required")
                    && required.iter().filter_map(Value::as_str).any(|k| !obj.contains_key(k))
                {
                    return false;
                }
                let props = kw(m, "properties").and_then(Value::as_object);
                for (key, value) in obj {
                    let mut matched = false;
                    if let Some(schema) = props.and_then(|p| p.get(key)) {
                        matched = true;
                        if !self.accepts(schema, value, d) {
                            return false;
                        }
                    }
                    for schema in self.pattern_properties(m, key) {
                        matched = true;
                        if !self.accepts(schema, value, d) {
                            return false;
                        }
                    }
                    if !matched
                        && let Some(extra) = kw(m, "additionalProperties")
                        && !self.accepts(extra, value, d)
                    {
                        return false;
                    }
                    if let Some(names) = kw(m, "propertyNames")
                        && !self.accepts(names, &Value::String(key.clone()), d)
                    {
                        return false;
                    }
                }
                if let Some(Value::Object(deps)) = kw(m, "dependentRequired") {
                    for (key, needed) in deps {
                        if obj.contains_key(key)
                            && needed
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(Value::as_str)
                                .any(|k| !obj.contains_key(k))
                        {
                            return false;
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(Value::Array(all)) = kw(m, "allOf")
            && all.iter().any(|s| !self.accepts(s, v, d))
        {
            return false;
        }
        if let Some(Value::Array(any)) = kw(m, "anyOf")
            && !any.is_empty()
            && !any.iter().any(|s| self.accepts(s, v, d))
        {
            return false;
        }
        if let Some(Value::Array(one)) = kw(m, "oneOf")
            && !one.is_empty()
            && one.iter().filter(|s| self.accepts(s, v, d)).count() != 1
        {
            return false;
        }
        if let Some(not) = kw(m, "not")
            && self.accepts(not, v, d)
        {
            return false;
        }
        if let Some(condition) = kw(m, "if") {
            let branch = if self.accepts(condition, v, d) { kw(m, "then") } else { kw(m, "else") };
            if branch.is_some_and(|s| !self.accepts(s, v, d)) {
                return false;
            }
        }
        true
    }
}

/// JSON equality with numbers compared by value (`1 == 1.0`).
pub(super) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p == q,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(p), Some(q)) => p == q,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
