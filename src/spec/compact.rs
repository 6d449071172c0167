//! The document held for the life of the process, without the room its parse left spare.
//!
//! `serde_json` grows each object and array by doubling as it reads (JSON says nothing
//! about sizes ahead), and with `preserve_order` an object entry is ~110 bytes, so the five
//! shipped documents held ~1.9 MB of spare capacity out of 5.7 MB (issue 14, goal 4). One
//! pass after loading rebuilds each object at its exact size and trims every array and
//! string; the value, key order included, is the same.

use serde_json::{Map, Value};

/// Trims `value`'s spare capacity everywhere in it; its content is unchanged.
///
/// The trimmed copy is written whole before the original is freed, so it fills pages of
/// its own rather than the holes the original leaves behind it, and the original's pages
/// go back to the system (trimming in place left the allocator holding most of the
/// saving as half-empty pages).
pub(crate) fn compact(value: &mut Value) {
    let trimmed = exact_copy(value);
    *value = trimmed;
}

fn exact_copy(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut exact = Map::with_capacity(map.len());
            for (key, item) in map {
                exact.insert(key.as_str().to_owned(), exact_copy(item));
            }
            Value::Object(exact)
        }
        Value::Array(items) => Value::Array(items.iter().map(exact_copy).collect()),
        Value::String(text) => Value::String(text.as_str().to_owned()),
        Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compacting_keeps_the_value_and_its_key_order() {
        let text = r#"{"z": 1, "a": [1, "two", {"y": null, "b": true}], "m": {"k": [], "j": {}}, "s": "text"}"#;
        let mut value: Value = serde_json::from_str(text).expect("JSON");
        let before = value.clone();
        compact(&mut value);
        assert_eq!(value, before);
        assert_eq!(
            serde_json::to_string(&value).expect("serialises"),
            serde_json::to_string(&before).expect("serialises")
        );
        assert_eq!(value.as_object().expect("an object").keys().collect::<Vec<_>>(), ["z", "a", "m", "s"]);
    }

    #[test]
    fn compacted_arrays_and_strings_hold_no_spare_room() {
        let mut items = Vec::with_capacity(64);
        items.push(json!("x"));
        let mut text = String::with_capacity(64);
        text.push('y');
        let mut value = Value::Object(Map::from_iter([
            ("items".to_string(), Value::Array(items)),
            ("text".to_string(), Value::String(text)),
        ]));
        compact(&mut value);
        assert_eq!(value["items"].as_array().expect("an array").capacity(), 1);
        let Value::String(text) = &value["text"] else { panic!("a string") };
        assert_eq!((text.as_str(), text.capacity()), ("y", 1));
        assert_eq!(value, json!({"items": ["x"], "text": "y"}));
    }
}
