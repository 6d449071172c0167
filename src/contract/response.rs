//! Response validation: every response, generated or stateful, is checked against the
//! operation's declared responses: status, media type, headers (present where required,
//! matching their schema where sent) and body schema.

use serde_json::{Number, Value};

use super::body::{best_media, essence, is_json};
use super::verdicts::{BodyProblem, Verdicts};
use super::violation::{Violation, ViolationKind};
use crate::reply::{Body, Reply};
use crate::spec::{Operation, Schema};

/// Checks `reply` against `op`'s contract. `value` is the JSON the body was serialised
/// from, when the caller still has it (saves parsing the bytes back); `verdicts`
/// remembers body checks so that identical bodies are not re-checked.
pub fn validate(
    op: &Operation,
    reply: &Reply,
    head: bool,
    value: Option<&Value>,
    verdicts: &Verdicts,
) -> Vec<Violation> {
    let status = reply.status.as_u16();
    let violation = |kind, pointer: String, schema_pointer: String, message: String| Violation {
        operation_id: op.id.clone(),
        status,
        kind,
        pointer,
        schema_pointer,
        message,
        upstream: None,
    };
    let Some(declared) = op.response(status) else {
        let known: Vec<String> = op.responses.iter().map(|r| r.status.to_string()).collect();
        return vec![violation(
            ViolationKind::UndeclaredStatus,
            String::new(),
            format!("{}/responses", op.pointer),
            format!("status {status} is not declared (declared: {})", known.join(", ")),
        )];
    };
    let mut out = Vec::new();
    for header in declared.headers.iter().filter(|h| h.required) {
        if !reply.headers.contains_key(header.name.as_str()) {
            out.push(violation(
                ViolationKind::MissingHeader,
                String::new(),
                format!("{}/headers", declared.pointer),
                format!("required header '{}' is missing", header.name),
            ));
        }
    }
    // OpenAPI says a declared `Content-Type` header is ignored: the media type rules it.
    for header in declared.headers.iter().filter(|h| h.name != "content-type") {
        let Some(schema) = &header.schema else { continue };
        for value in reply.headers.get_all(header.name.as_str()) {
            let text = String::from_utf8_lossy(value.as_bytes());
            if !header_value_valid(schema, &text) {
                out.push(violation(
                    ViolationKind::HeaderSchema,
                    String::new(),
                    schema.pointer.clone(),
                    format!("header '{}' value '{text}' does not match its schema", header.name),
                ));
            }
        }
    }
    let Some(content_type) = reply.body.content_type() else {
        let bodiless = head || status == 204 || status == 304;
        if !declared.content.is_empty() && !bodiless {
            out.push(violation(
                ViolationKind::MissingBody,
                String::new(),
                format!("{}/content", declared.pointer),
                "the response declares a body but none was sent".into(),
            ));
        }
        return out;
    };
    let essence = essence(content_type);
    let Some(media) = best_media(&declared.content, &essence) else {
        let declared_types: Vec<&str> = declared.content.iter().map(|m| m.media_type.as_str()).collect();
        out.push(violation(
            ViolationKind::UndeclaredMediaType,
            String::new(),
            format!("{}/content", declared.pointer),
            format!("media type {essence} is not declared (declared: {})", declared_types.join(", ")),
        ));
        return out;
    };
    let Some(schema) = &media.schema else { return out };
    let problems = match &reply.body {
        Body::Json { value, .. } => check_value(schema, value).into(),
        Body::Bytes { bytes, .. } if is_json(&essence) => {
            verdicts.remember(schema, bytes, reply.digest(), || match value {
                Some(value) => check_value(schema, value),
                None => match serde_json::from_slice::<Value>(bytes) {
                    Ok(parsed) => check_value(schema, &parsed),
                    Err(e) => vec![BodyProblem {
                        pointer: String::new(),
                        schema_pointer: schema.pointer.clone(),
                        message: format!("body is not JSON: {e}"),
                    }],
                },
            })
        }
        _ => return out,
    };
    out.extend(
        problems
            .iter()
            .map(|p| violation(ViolationKind::Schema, p.pointer.clone(), p.schema_pointer.clone(), p.message.clone())),
    );
    out
}

/// Every schema problem of a value; the cheap yes/no check runs first, since almost every
/// response is valid.
fn check_value(schema: &Schema, value: &Value) -> Vec<BodyProblem> {
    if schema.validator.is_valid(value) {
        return Vec::new();
    }
    schema
        .validator
        .iter_errors(value)
        .map(|e| BodyProblem {
            pointer: e.instance_path().to_string(),
            schema_pointer: e.schema_path().to_string(),
            message: e.to_string(),
        })
        .collect()
}

/// A header is text; its schema may ask for a number or a boolean. It is valid if the text,
/// or its reading as one of those, validates.
fn header_value_valid(schema: &Schema, text: &str) -> bool {
    let trimmed = text.trim();
    let readings = [
        Some(Value::String(text.to_string())),
        trimmed.parse::<i64>().ok().map(Value::from),
        trimmed.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number),
        trimmed.parse::<bool>().ok().map(Value::Bool),
    ];
    readings.into_iter().flatten().any(|v| schema.validator.is_valid(&v))
}
