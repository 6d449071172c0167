//! The examples of bodies and responses, taken out of the document the spec keeps.
//!
//! A media type's examples are read by pointer only when answering with one, and nothing
//! else in the running server looks at them: validators skip them, and `/openapi.json`
//! is written from the document as given (`ApiSpec::served`). Held in the document as
//! values they were ~1 MB of the shipped specs' idle memory; each is now the JSON sent
//! for it (`Example`), and the document keeps only what validation and generation read.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::error::{SpecError, escape_token};
use super::index::deref;
use super::model::Example;
use super::walk::media_objects;

/// The examples taken out, by the pointer of the media type object that held them.
pub(crate) type MediaExamples = HashMap<String, Arc<[Example]>>;

/// Takes the examples of every media type object of a body or response out of `doc`.
pub(crate) fn take(file: &Path, doc: &mut Value) -> Result<MediaExamples, SpecError> {
    let mut taken = MediaExamples::new();
    for at in media_objects(doc) {
        let Some(media) = doc.pointer(&at) else { continue };
        if media.get("examples").is_none() && media.get("example").is_none() {
            continue;
        }
        let examples = read(file, doc, media, &at)?;
        if let Some(Value::Object(media)) = doc.pointer_mut(&at) {
            media.shift_remove("examples");
            media.shift_remove("example");
        }
        taken.insert(at, examples.into());
    }
    Ok(taken)
}

/// The examples of the media type object `media` (at `at`): named ones first (`examples`,
/// following `$ref`s), then the single `example` as "default".
pub(crate) fn read(file: &Path, doc: &Value, media: &Value, at: &str) -> Result<Vec<Example>, SpecError> {
    let mut out = Vec::new();
    if let Some(Value::Object(named)) = media.get("examples") {
        for (name, example) in named {
            let (example, e_at) = deref(file, doc, example, &format!("{at}/examples/{}", escape_token(name)))?;
            if let Some(value) = example.get("value") {
                out.push(Example::new(name, format!("{e_at}/value"), value));
            }
        }
    }
    if let Some(value) = media.get("example") {
        out.push(Example::new("default", format!("{at}/example"), value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_leave_the_document_and_keep_their_order_and_json() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/A"}}}}},
            "components": {
                "responses": {"A": {"description": "", "content": {"application/json": {
                    "schema": {"type": "object", "example": {"kept": true}},
                    "examples": {"second": {"value": {"n": 2}}, "first": {"$ref": "#/components/examples/One"}},
                    "example": {"n": 0}
                }}}},
                "examples": {"One": {"value": {"n": 1}}}
            }
        });
        let taken = take(Path::new("t.yaml"), &mut doc).expect("taken");
        let at = "/components/responses/A/content/application~1json";
        let examples = &taken[at];
        let names: Vec<&str> = examples.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["second", "first", "default"]);
        assert_eq!(&examples[1].json()[..], br#"{"n":1}"#);
        assert_eq!(examples[1].pointer, "/components/examples/One/value");
        assert_eq!(examples[2].value(), &json!({"n": 0}));
        let media = doc.pointer(at).expect("the media type");
        assert!(media.get("examples").is_none() && media.get("example").is_none());
        // An example inside a schema is the schema's own, and stays.
        assert_eq!(media["schema"]["example"], json!({"kept": true}));
    }

    #[test]
    fn an_example_ref_that_leads_nowhere_fails_the_load() {
        let mut doc = json!({"paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
            "examples": {"x": {"$ref": "#/components/examples/Missing"}}
        }}}, "responses": {}}}}});
        let err = take(Path::new("t.yaml"), &mut doc).expect_err("refused").to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
