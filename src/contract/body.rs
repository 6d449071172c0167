//! Reading a request body by its media type: JSON (and `+json`), `multipart/form-data`,
//! `application/x-www-form-urlencoded`, text, and opaque bytes where the spec declares
//! them. Form fields are typed by the body schema's properties, like parameters, so that
//! one schema validates every encoding.

use bytes::Bytes;
use serde_json::{Map, Value};

use super::coerce::{self, Types};
use super::problem::{ProblemKind, RequestProblem, Seg, Source};
use crate::spec::{ApiSpec, Media, RequestBody};

/// The body as read, and the declared media type it was read as.
pub(crate) struct DecodedBody<'s> {
    pub(crate) value: Option<Value>,
    pub(crate) media: Option<&'s Media>,
}

/// The essence of a `Content-Type` (`application/json`), lower-cased.
pub(crate) fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

pub(crate) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The declared media type that best matches `essence`: exact, then `type/*`, then `*/*`.
/// Declared types are compared by their essence too, so that a spec declaring
/// `application/json; charset=utf-8` accepts (and may answer) plain `application/json`.
pub(crate) fn best_media<'s>(content: &'s [Media], essence: &str) -> Option<&'s Media> {
    let main = essence.split('/').next().unwrap_or("");
    content
        .iter()
        .find(|m| m.essence() == essence)
        .or_else(|| content.iter().find(|m| m.essence() == format!("{main}/*")))
        .or_else(|| content.iter().find(|m| m.essence() == "*/*"))
}

pub(crate) async fn decode<'s>(
    spec: &ApiSpec,
    body: &'s RequestBody,
    content_type: Option<&str>,
    bytes: &Bytes,
) -> Result<DecodedBody<'s>, Vec<RequestProblem>> {
    let at_body = |kind, input| vec![RequestProblem::new(Source::Body, Vec::new(), kind, input)];
    if bytes.is_empty() {
        if body.required {
            return Err(at_body(ProblemKind::Missing, Value::Null));
        }
        return Ok(DecodedBody { value: None, media: None });
    }
    let given = content_type.map(essence);
    // A JSON body sent without a Content-Type is read as JSON when JSON is accepted.
    let essence = given.clone().unwrap_or_else(|| {
        if body.content.iter().any(|m| is_json(m.essence())) { "application/json".into() } else { String::new() }
    });
    let Some(media) = best_media(&body.content, &essence) else {
        let accepted = body.content.iter().map(|m| m.media_type.clone()).collect();
        let input = Value::String(String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned());
        return Err(at_body(ProblemKind::UnsupportedMediaType { got: given, accepted }, input));
    };
    let schema = media.schema.as_ref().and_then(|s| spec.schema_node(&s.pointer));
    let value = if is_json(&essence) || (is_json(media.essence()) && given.is_none()) {
        Some(json(bytes)?)
    } else if essence == "multipart/form-data" {
        let boundary = content_type.and_then(|ct| multer::parse_boundary(ct).ok()).ok_or_else(|| {
            at_body(ProblemKind::Other { message: "multipart body without a boundary".into() }, Value::Null)
        })?;
        Some(multipart(spec, schema, &media.encoding, bytes.clone(), boundary).await?)
    } else if essence == "application/x-www-form-urlencoded" {
        // Undecodable text is reported, where it is known, on its field: read as empty it
        // would pass for a form with nothing in it.
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(at_body(ProblemKind::InvalidEncoding, Value::Null));
        };
        let mut fields = Vec::new();
        let mut problems = Vec::new();
        for (name, value) in super::params::query_pairs(text) {
            match value {
                Some(value) => fields.push((name, value)),
                None => problems.push(RequestProblem::new(
                    Source::Body,
                    vec![Seg::Key(name)],
                    ProblemKind::InvalidEncoding,
                    Value::Null,
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Some(form_object(spec, schema, fields))
    } else if essence.starts_with("text/") {
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(Value::String(text.to_string())),
            Err(_) => return Err(at_body(ProblemKind::InvalidEncoding, Value::Null)),
        }
    } else {
        None // opaque bytes: nothing to validate structurally
    };
    Ok(DecodedBody { value, media: Some(media) })
}

fn json(bytes: &Bytes) -> Result<Value, Vec<RequestProblem>> {
    // Python's `json.loads(bytes)`, which FastAPI uses, reads a UTF-8 byte-order mark as
    // an encoding marker; serde would call it an unexpected character.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| {
        let (message, position) = json_error(bytes, &e);
        vec![RequestProblem::new(
            Source::Body,
            vec![],
            ProblemKind::JsonInvalid { message, position },
            Value::Object(Map::new()),
        )]
    })
}

/// The message and character position Python's `json` module gives for the same mistake,
/// which is what FastAPI clients see; serde's own wording where Python would have
/// accepted the text (`NaN`, numbers out of range) or where serde stopped on nesting.
fn json_error(bytes: &[u8], e: &serde_json::Error) -> (String, usize) {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        return ("Maximum nesting depth exceeded".into(), char_offset(bytes, e.line(), e.column()));
    }
    if let Some((message, position)) = super::python_json::locate(&String::from_utf8_lossy(bytes)) {
        return (message.into(), position);
    }
    let message = text.split(" at line").next().unwrap_or(&text).to_string();
    (message, char_offset(bytes, e.line(), e.column()))
}

/// Character offset of a 1-based line/column.
fn char_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let before: usize = text.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    before + column.saturating_sub(1)
}

/// Whether `media_type` is within one of `ranges` (`application/zip`, `image/*`, `*/*`).
fn within(media_type: &str, ranges: &[String]) -> bool {
    let main = media_type.split('/').next().unwrap_or_default();
    ranges.iter().any(|r| r == media_type || r == "*/*" || r.strip_suffix("/*") == Some(main))
}

/// Reads a multipart body; a part whose `Content-Type` is outside what the media type's
/// `encoding` declares for it is a problem at that part.
async fn multipart(
    spec: &ApiSpec,
    schema: Option<&Value>,
    encoding: &[(String, Vec<String>)],
    bytes: Bytes,
    boundary: String,
) -> Result<Value, Vec<RequestProblem>> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut fields = Vec::new();
    let mut problems = Vec::new();
    let bad = |e: multer::Error| {
        vec![RequestProblem::new(
            Source::Body,
            vec![],
            ProblemKind::Other { message: format!("malformed multipart body: {e}") },
            Value::Null,
        )]
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let declared = encoding.iter().find(|(part, _)| *part == name).map(|(_, ranges)| ranges);
        if let (Some(ranges), Some(given)) =
            (declared, field.content_type().map(|m| m.essence_str().to_ascii_lowercase()))
            && !within(&given, ranges)
        {
            let message = format!("has content type {given} but must be {}", ranges.join(" or "));
            let input = Value::String(file_name.clone().unwrap_or_default());
            problems.push(RequestProblem::new(
                Source::Body,
                vec![Seg::Key(name.clone())],
                ProblemKind::Other { message },
                input,
            ));
        }
        let data = field.bytes().await.map_err(bad)?;
        // File parts are validated as strings (`format: binary` / `contentMediaType`);
        // their content is kept out of the typed value.
        let text = match (file_name, std::str::from_utf8(&data)) {
            (None, Ok(text)) => text.to_string(),
            (Some(file), _) => file,
            (None, Err(_)) => format!("<{} bytes>", data.len()),
        };
        fields.push((name, text));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(form_object(spec, schema, fields))
}

/// Builds an object from form fields, typing each by its property schema; repeated fields
/// become arrays where the schema says so.
fn form_object(spec: &ApiSpec, schema: Option<&Value>, fields: Vec<(String, String)>) -> Value {
    let doc = &spec.document;
    let mut out = Map::new();
    for (name, text) in fields {
        let prop = schema.and_then(|s| coerce::property(doc, s, &name));
        let types = prop.map(|p| coerce::admitted(doc, p)).unwrap_or_default();
        if types.has(Types::ARRAY) && !types.has(Types::STRING) {
            let item_types =
                prop.and_then(|p| coerce::items(doc, p)).map(|i| coerce::admitted(doc, i)).unwrap_or_default();
            let item = coerce::scalar(item_types, &text).unwrap_or(Value::String(text));
            match out.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
                Value::Array(items) => items.push(item),
                other => *other = Value::Array(vec![item]),
            }
        } else {
            out.insert(name, coerce::scalar(types, &text).unwrap_or(Value::String(text)));
        }
    }
    Value::Object(out)
}
