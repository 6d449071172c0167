//! Responses when nothing stateful answers: pick the documented response (the lowest
//! success status, or what `Prefer` asks for), negotiate its media type against
//! `Accept`, and fill it with the spec's own example or with data generated from the
//! schema by a seeded RNG. Same seed and same request give the same bytes.

mod fake;
mod media;
mod prefer;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde_json::Value;

pub(crate) use self::fake::Generator;
pub use prefer::Prefer;

use crate::reply::Reply;
use crate::spec::{ApiSpec, Example, Media, Operation, Response, StatusKey};

/// Why no response could be generated (secmock-level, reported as problem+json).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("operation {0} declares no response with status {1}")]
    UndeclaredStatus(String, u16),
    #[error("response {1} of operation {0} has no example named '{2}'")]
    UnknownExample(String, u16, String),
    #[error("operation {0} declares no responses")]
    NothingDeclared(String),
}

/// What the generator needs beyond the operation.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub prefer: &'a Prefer,
    pub accept: Option<&'a str>,
    /// Seeds the RNG: derive it from the scenario seed and the request's content.
    pub seed: u64,
    /// Generated timestamps cluster before this instant.
    pub anchor: jiff::Timestamp,
}

/// Builds the response the contract documents for `op`.
pub fn respond(spec: &ApiSpec, op: &Operation, req: &Request<'_>) -> Result<Reply, GenerateError> {
    let (response, status) = choose_response(op, req.prefer.code)?;
    let Some(media) = negotiate(&response.content, req.accept) else {
        return Ok(with_headers(spec, response, Reply::empty(status), req));
    };
    let body = body_value(spec, op, status, media, req)?;
    let reply = if media.essence().ends_with("json") || media.essence() == "*/*" {
        let content_type =
            if media.media_type.contains('*') { "application/json".to_string() } else { media.media_type.clone() };
        match body {
            // An example is sent as the bytes written for it when the spec loaded: nothing is copied.
            Chosen::Example(example) => Reply::bytes(status, content_type, example.json()),
            Chosen::Value(value) => Reply::json_value(status, content_type, value),
        }
    } else {
        let bytes = media::render(media.essence(), body.value(), &spec.title);
        Reply::bytes(status, media.media_type.clone(), bytes)
    };
    Ok(with_headers(spec, response, reply, req))
}

/// The declared response to use and the concrete status to send.
fn choose_response(op: &Operation, code: Option<u16>) -> Result<(&Response, u16), GenerateError> {
    if let Some(code) = code {
        return op
            .response(code)
            .map(|r| (r, code))
            .ok_or_else(|| GenerateError::UndeclaredStatus(op.id.clone(), code));
    }
    if let Some((code, response)) = op.success() {
        return Ok((response, code));
    }
    let fallback = op
        .responses
        .iter()
        .find(|r| r.status == StatusKey::Range(2))
        .map(|r| (r, 200))
        .or_else(|| op.responses.iter().find(|r| r.status == StatusKey::Default).map(|r| (r, 200)))
        .or_else(|| {
            op.responses.first().map(|r| {
                let status = match r.status {
                    StatusKey::Code(c) => c,
                    StatusKey::Range(d) => d * 100,
                    StatusKey::Default => 200,
                };
                (r, status)
            })
        });
    fallback.ok_or_else(|| GenerateError::NothingDeclared(op.id.clone()))
}

/// The declared media type that best satisfies `Accept`; JSON when anything goes.
fn negotiate<'m>(content: &'m [Media], accept: Option<&str>) -> Option<&'m Media> {
    if content.is_empty() {
        return None;
    }
    if let Some(accept) = accept {
        let mut ranges: Vec<(f32, String)> = accept
            .split(',')
            .map(|part| {
                let mut pieces = part.split(';');
                let range = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
                let q = pieces
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q, range)
            })
            .filter(|(q, _)| *q > 0.0)
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, range) in &ranges {
            if range == "*/*" {
                break;
            }
            let found = match range.strip_suffix("/*") {
                Some(main) => content.iter().find(|m| m.essence().split('/').next() == Some(main)),
                None => content.iter().find(|m| m.essence() == *range),
            };
            if found.is_some() {
                return found;
            }
        }
    }
    content.iter().find(|m| m.essence() == "application/json").or_else(|| content.first())
}

/// What a body is made of: one of the media type's examples, or a value.
enum Chosen<'m> {
    Example(&'m Example),
    Value(Value),
}

impl Chosen<'_> {
    fn value(&self) -> &Value {
        match self {
            Chosen::Example(example) => example.value(),
            Chosen::Value(value) => value,
        }
    }
}

fn body_value<'m>(
    spec: &ApiSpec,
    op: &Operation,
    status: u16,
    media: &'m Media,
    req: &Request<'_>,
) -> Result<Chosen<'m>, GenerateError> {
    if let Some(name) = &req.prefer.example {
        return media
            .examples
            .iter()
            .find(|e| &e.name == name)
            .map(Chosen::Example)
            .ok_or_else(|| GenerateError::UnknownExample(op.id.clone(), status, name.clone()));
    }
    let schema = media.schema.as_ref().and_then(|s| spec.schema_node(&s.pointer));
    if !req.prefer.dynamic {
        if let Some(example) = media.examples.first() {
            return Ok(Chosen::Example(example));
        }
        if let Some(example) = schema.and_then(|s| s.get("examples")).and_then(|e| e.get(0)) {
            return Ok(Chosen::Value(example.clone()));
        }
    }
    let Some(schema) = schema else { return Ok(Chosen::Value(Value::String(String::new()))) };
    let mut rng = ChaCha8Rng::seed_from_u64(req.seed);
    Ok(Chosen::Value(Generator::new(&spec.document, req.anchor).value(schema, &mut rng)))
}

/// Adds declared required response headers, generated from their schemas.
fn with_headers(spec: &ApiSpec, response: &Response, mut reply: Reply, req: &Request<'_>) -> Reply {
    let mut rng = ChaCha8Rng::seed_from_u64(req.seed ^ 0x5eed_4ead);
    let generator = Generator::new(&spec.document, req.anchor);
    for header in response.headers.iter().filter(|h| h.required) {
        let value = match header.schema.as_ref().and_then(|s| spec.schema_node(&s.pointer)) {
            Some(schema) => match generator.value(schema, &mut rng) {
                Value::String(s) => s,
                other => other.to_string(),
            },
            None => String::new(),
        };
        reply = reply.header(&header.name, value);
    }
    reply
}

/// FNV-1a: a small, stable hash for deriving seeds (stable across Rust versions, unlike
/// the standard library's hasher).
pub(crate) fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
