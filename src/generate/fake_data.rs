//! Placeholder until the full generator lands: minimal schema-driven values.
use rand::Rng;
use serde_json::{Map, Value, json};

pub struct Generator<'d> {
    doc: &'d Value,
    #[allow(dead_code)]
    anchor: jiff::Timestamp,
}

impl<'d> Generator<'d> {
    pub fn new(doc: &'d Value, anchor: jiff::Timestamp) -> Self {
        Generator { doc, anchor }
    }

    pub fn value<R: Rng + ?Sized>(&self, schema: &Value, rng: &mut R) -> Value {
        self.at(schema, rng, 0)
    }

    fn at<R: Rng + ?Sized>(&self, schema: &Value, rng: &mut R, depth: usize) -> Value {
        let schema = crate::spec::resolve(self.doc, schema);
        if let Some(e) = schema.get("enum").and_then(Value::as_array).and_then(|a| a.first()) {
            return e.clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") if depth < 6 => {
                let mut m = Map::new();
                if let Some(Value::Object(props)) = schema.get("properties") {
                    for (k, s) in props {
                        m.insert(k.clone(), self.at(s, rng, depth + 1));
                    }
                }
                Value::Object(m)
            }
            Some("array") => json!([]),
            Some("integer") => json!(rng.next_u32() % 100),
            Some("boolean") => json!(true),
            _ => json!("string"),
        }
    }
}
