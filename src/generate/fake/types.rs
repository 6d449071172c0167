//! Type bits: the JSON types a schema allows, as a mask (`T_*`), and the one type to
//! generate for a conjunction.

use serde_json::{Map, Value};

use super::Generator;
use super::flatten::{Flat, kw};

pub(super) const T_NULL: u8 = 1;
pub(super) const T_BOOL: u8 = 2;
pub(super) const T_OBJ: u8 = 4;
pub(super) const T_ARR: u8 = 8;
pub(super) const T_INT: u8 = 16;
/// Numbers that are not integers; `number` is `T_INT | T_NUM`.
pub(super) const T_NUM: u8 = 32;
pub(super) const T_STR: u8 = 64;
pub(super) const T_ALL: u8 = 127;

fn type_bits(name: &str) -> u8 {
    match name {
        "null" => T_NULL,
        "boolean" => T_BOOL,
        "object" => T_OBJ,
        "array" => T_ARR,
        "integer" => T_INT,
        "number" => T_INT | T_NUM,
        "string" => T_STR,
        _ => 0,
    }
}

pub(super) fn type_value_bits(t: &Value) -> u8 {
    match t {
        Value::String(s) => type_bits(s),
        Value::Array(list) => list.iter().filter_map(Value::as_str).fold(0, |m, s| m | type_bits(s)),
        _ => T_ALL,
    }
}

pub(super) fn value_bits(v: &Value) -> u8 {
    match v {
        Value::Null => T_NULL,
        Value::Bool(_) => T_BOOL,
        Value::Object(_) => T_OBJ,
        Value::Array(_) => T_ARR,
        Value::String(_) => T_STR,
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0) {
                T_INT
            } else {
                T_NUM
            }
        }
    }
}

/// Types a schema object allows by its own `type`, `const` and `enum`.
pub(super) fn own_type_mask(m: &Map<String, Value>) -> u8 {
    let mut mask = T_ALL;
    if let Some(t) = kw(m, "type") {
        mask &= type_value_bits(t);
    }
    if let Some(c) = kw(m, "const") {
        mask &= value_bits(c);
    }
    if let Some(Value::Array(list)) = kw(m, "enum") {
        mask &= list.iter().fold(0, |acc, v| acc | value_bits(v));
    }
    mask
}

impl<'d> Generator<'d> {
    /// The type to generate: the first non-null type the schema allows, in declaration order.
    pub(super) fn pick_type(&self, flat: &Flat<'_>, minimal: bool) -> u8 {
        let mut mask = flat.type_mask();
        if mask == 0 {
            // Contradictory types: follow the first declaration.
            mask = flat.first("type").map(type_value_bits).filter(|m| *m != 0).unwrap_or(T_STR);
        }
        if minimal && mask & T_NULL != 0 {
            return T_NULL;
        }
        if !flat.declares_type() && mask == T_ALL {
            return self.infer_type(flat);
        }
        let declared: Vec<u8> = flat
            .all("type")
            .flat_map(|t| match t {
                Value::String(s) => vec![type_bits(s)],
                Value::Array(list) => list.iter().filter_map(Value::as_str).map(type_bits).collect(),
                _ => Vec::new(),
            })
            .collect();
        for bits in declared.iter().chain([T_STR, T_INT | T_NUM, T_INT, T_OBJ, T_ARR, T_BOOL].iter()) {
            let allowed = bits & mask & !T_NULL;
            if allowed != 0 {
                return if allowed & T_NUM != 0 { T_NUM } else { allowed & allowed.wrapping_neg() };
            }
        }
        if mask & T_NULL != 0 { T_NULL } else { T_STR }
    }

    /// The type suggested by the keywords of an untyped schema.
    fn infer_type(&self, flat: &Flat<'_>) -> u8 {
        let has = |keys: &[&str]| keys.iter().any(|k| flat.first(k).is_some());
        if has(&[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
        ]) {
            T_OBJ
        } else if has(&["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]) {
            T_ARR
        } else if has(&["pattern", "format", "minLength", "maxLength"]) {
            T_STR
        } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
            T_NUM
        } else {
            // Anything goes: a (name-hinted) string reads best.
            T_STR
        }
    }
}
