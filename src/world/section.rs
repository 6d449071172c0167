//! An API's scenario section: its JSON Schema, derived from the type the section
//! deserialises into, and the bounds that schema states, enforced. A scenario is data
//! from outside (an inline `PUT /scenario` body, a file), and one count or list can ask
//! for more than the process can hold: every string, list and map in a section has a
//! bound, given on the field (`#[schemars(range(max = …), length(max = …))]`) or, when
//! the field says nothing, the defaults below. The same schema is what `GET
//! /scenario-schema` and `secmock validate` show, so the bounds are documented where
//! they are enforced. Totals across fields (findings over all repositories, say) are the
//! API's own business: see each API's `bounds`.

use schemars::JsonSchema;
use serde_json::{Map, Value, json};

/// The longest string a section may hold where its field sets no bound (characters).
pub const MAX_TEXT: u64 = 10_000;

/// The most items a list (or entries a map) may hold where its field sets no bound.
pub const MAX_ITEMS: u64 = 10_000;

/// The section schema of `T`, with the default bounds filled in. Subschemas are
/// inlined: the section is embedded under `properties.apis.properties.<api>` of the
/// scenario schema, where a `#/$defs/…` reference would point at the wrong root.
pub fn schema<T: JsonSchema>() -> Value {
    let generator =
        schemars::generate::SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true).into_generator();
    let mut schema = serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or(Value::Bool(true));
    fill_default_bounds(&mut schema);
    schema
}

/// Adds `maxLength`, `maxItems` and `maxProperties` wherever a schema allows strings,
/// arrays or objects without saying how many.
fn fill_default_bounds(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let types = types_of(map);
            let missing = |map: &Map<String, Value>, key: &str| !map.contains_key(key);
            if types.iter().any(|t| t == "string") && missing(map, "maxLength") {
                map.insert("maxLength".into(), json!(MAX_TEXT));
            }
            if types.iter().any(|t| t == "array") && missing(map, "maxItems") {
                map.insert("maxItems".into(), json!(MAX_ITEMS));
            }
            if types.iter().any(|t| t == "object") && missing(map, "maxProperties") {
                map.insert("maxProperties".into(), json!(MAX_ITEMS));
            }
            map.values_mut().for_each(fill_default_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(fill_default_bounds),
        _ => {}
    }
}

fn types_of(map: &Map<String, Value>) -> Vec<String> {
    match map.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Checks sections against the bounds of a section schema.
///
/// The schema is compiled for each check and dropped after it (kept, the two APIs'
/// compiled schemas were ~1 MB of the idle process, issue 14; compiling one takes one or
/// two milliseconds). The last section found within bounds is remembered, so resetting to
/// the loaded scenario, which a test suite may do before every test, checks nothing again.
pub struct SectionBounds {
    schema: fn() -> Value,
    passed: parking_lot::Mutex<Option<Value>>,
}

impl std::fmt::Debug for SectionBounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SectionBounds").field("passed", &self.passed.lock().is_some()).finish()
    }
}

impl SectionBounds {
    /// The bounds of `T`'s section schema.
    pub const fn of<T: JsonSchema>() -> SectionBounds {
        SectionBounds { schema: schema::<T>, passed: parking_lot::Mutex::new(None) }
    }

    /// Checks a section against its schema; the error names the first field at fault,
    /// as `organizations[0].repositories[2].generated_findings.count: …`.
    pub fn check(&self, section: &Value) -> Result<(), String> {
        if self.passed.lock().as_ref() == Some(section) {
            return Ok(());
        }
        let Ok(validator) = jsonschema::options().build(&(self.schema)()) else {
            return Err("the section's schema does not compile".into());
        };
        match validator.iter_errors(section).next() {
            None => {
                *self.passed.lock() = Some(section.clone());
                Ok(())
            }
            Some(e) => Err(format!("at {}: {e}", dotted(e.instance_path().as_str()))),
        }
    }
}

/// A JSON pointer as a field path: `/a/0/b` → `a[0].b`.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&part);
        }
    }
    if out.is_empty() { "the section".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        tags: Vec<String>,
        #[schemars(range(max = 10))]
        count: u32,
    }

    #[derive(serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Outer {
        inner: Vec<Sample>,
    }

    #[test]
    fn bounds_hold_inside_subschemas_and_a_section_that_passed_is_not_checked_again() {
        let bounds = SectionBounds::of::<Outer>();
        let within = json!({"inner": [{"name": "a", "tags": [], "count": 1}]});
        assert!(bounds.check(&within).is_ok());
        assert_eq!(bounds.passed.lock().as_ref(), Some(&within));
        assert!(bounds.check(&within).is_ok());
        let beyond = json!({"inner": [{"name": "a", "tags": [], "count": 1}, {"name": "b", "tags": [], "count": 12}]});
        let err = bounds.check(&beyond).expect_err("count over 10");
        assert!(err.starts_with("at inner[1].count: "), "{err}");
        // What passed last is still what is remembered.
        assert_eq!(bounds.passed.lock().as_ref(), Some(&within));
    }

    #[test]
    fn unbounded_fields_get_the_defaults_and_errors_name_the_field() {
        let schema = schema::<Sample>();
        assert_eq!(schema.pointer("/properties/name/maxLength"), Some(&json!(MAX_TEXT)));
        assert_eq!(schema.pointer("/properties/tags/maxItems"), Some(&json!(MAX_ITEMS)));
        assert_eq!(schema.pointer("/properties/tags/items/maxLength"), Some(&json!(MAX_TEXT)));
        let bounds = SectionBounds::of::<Sample>();
        assert!(bounds.check(&json!({"name": "a", "tags": ["x"], "count": 10})).is_ok());
        let err = bounds.check(&json!({"name": "a", "tags": ["x"], "count": 11})).expect_err("too many");
        assert!(err.starts_with("at count: 11 is greater than the maximum of 10"), "{err}");
        let long = "x".repeat(MAX_TEXT as usize + 1);
        let err = bounds.check(&json!({"name": "a", "tags": ["x", long], "count": 1})).expect_err("too long");
        assert!(err.starts_with("at tags[1]: "), "{err}");
        assert_eq!(
            dotted("/organizations/0/repositories/12/generated_findings/count"),
            "organizations[0].repositories[12].generated_findings.count"
        );
    }
}
