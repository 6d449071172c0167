//! Building the requests of a run: parameters, bodies and credentials from the contract,
//! path ids from what the run has already seen, and the negative variants of a body or a
//! query. Every value is an example the contract gives or one the seeded generator makes
//! from the schema, so the same seed builds the same requests.

use std::collections::HashMap;

use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rand::rngs::ChaCha8Rng;
use serde_json::Value;

use crate::generate::Generator;
use crate::spec::{ApiSpec, Operation, ParamLocation, Parameter, SecurityScheme};

/// What a component of a URL may hold unescaped (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// One request, ready to send.
#[derive(Debug, Clone)]
pub(super) struct Prepared {
    pub(super) method: Method,
    pub(super) path_and_query: String,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl Prepared {
    pub(super) fn line(&self) -> String {
        format!("{} {}", self.method, self.path_and_query)
    }
}

/// How one case departs from a valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Variant {
    Valid,
    /// The body without this required member.
    MissingMember(String),
    /// The body with this member of a type its schema refuses.
    WrongType(String),
    /// Without this required query parameter.
    MissingQuery(String),
}

impl Variant {
    pub(super) fn name(&self) -> String {
        match self {
            Variant::Valid => "valid".into(),
            Variant::MissingMember(m) => format!("negative: body without required '{m}'"),
            Variant::WrongType(m) => format!("negative: body '{m}' of a wrong type"),
            Variant::MissingQuery(q) => format!("negative: without required query '{q}'"),
        }
    }
}

pub(super) struct Builder<'s> {
    spec: &'s ApiSpec,
    generator: Generator<'s>,
    rng: ChaCha8Rng,
    key: Option<String>,
    /// Ids seen in lists and creations, by collection template (`/repositories`).
    ids: HashMap<String, Vec<String>>,
}

impl<'s> Builder<'s> {
    pub(super) fn new(spec: &'s ApiSpec, seed: u64, anchor: jiff::Timestamp, key: Option<String>) -> Builder<'s> {
        Builder {
            spec,
            generator: Generator::new(&spec.document, anchor),
            rng: rand::SeedableRng::seed_from_u64(seed),
            key,
            ids: HashMap::new(),
        }
    }

    /// Remembers an id of the collection at `template`.
    pub(super) fn remember(&mut self, template: &str, id: String) {
        let known = self.ids.entry(template.trim_end_matches('/').to_string()).or_default();
        if !known.contains(&id) {
            known.push(id);
        }
    }

    pub(super) fn forget(&mut self, template: &str, id: &str) {
        if let Some(known) = self.ids.get_mut(template.trim_end_matches('/')) {
            known.retain(|k| k != id);
        }
    }

    /// Remembers the ids of a list answer (an array, or the first array member of an
    /// object: `items`, `data`, …) as items of `template`.
    pub(super) fn harvest(&mut self, template: &str, answer: &Value) {
        let items = match answer {
            Value::Array(items) => Some(items),
            Value::Object(map) => map.values().find_map(Value::as_array),
            _ => None,
        };
        for item in items.into_iter().flatten().take(20) {
            if let Some(id) = crate::world::crud::id_of(item) {
                self.remember(template, id);
            }
        }
    }

    /// The request for `op`, with `fixed` path parameters, varied as `variant` says;
    /// `None` when the variant does not apply or the body's media type is not JSON.
    pub(super) fn request(
        &mut self,
        op: &Operation,
        fixed: &[(String, String)],
        variant: &Variant,
    ) -> Option<Prepared> {
        let mut headers = HeaderMap::new();
        let mut query: Vec<(String, String)> = Vec::new();
        let mut path = String::new();
        for segment in op.route.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let value = fixed
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .or_else(|| self.known_id(&op.route, name))
                        .or_else(|| self.parameter(op, ParamLocation::Path, name).map(|v| text(&v)))
                        .unwrap_or_else(|| "1".into());
                    path.push_str(&utf8_percent_encode(&value, COMPONENT).to_string());
                }
                None => path.push_str(segment),
            }
        }
        if op.route.ends_with('/') && path.len() > 1 {
            path.push('/');
        }
        if path.is_empty() {
            path.push('/');
        }
        for p in op.parameters.iter().filter(|p| p.required) {
            if matches!(variant, Variant::MissingQuery(q) if *q == p.name && p.location == ParamLocation::Query) {
                continue;
            }
            let Some(value) = self.value_of(p) else { continue };
            match p.location {
                ParamLocation::Query => match &value {
                    Value::Array(items) => query.extend(items.iter().map(|v| (p.name.clone(), text(v)))),
                    other => query.push((p.name.clone(), text(other))),
                },
                ParamLocation::Header => {
                    if let (Ok(n), Ok(v)) =
                        (HeaderName::try_from(p.name.as_str()), HeaderValue::from_str(&text(&value)))
                    {
                        headers.insert(n, v);
                    }
                }
                ParamLocation::Cookie => {
                    if let Ok(v) = HeaderValue::from_str(&format!("{}={}", p.name, text(&value))) {
                        headers.append(http::header::COOKIE, v);
                    }
                }
                ParamLocation::Path => {}
            }
        }
        if let Variant::MissingQuery(q) = variant
            && !op.parameters.iter().any(|p| p.required && p.location == ParamLocation::Query && p.name == *q)
        {
            return None;
        }
        let mut body = Bytes::new();
        if let Some(declared) = &op.request_body {
            let media = declared.content.iter().find(|m| m.essence().ends_with("json"))?;
            let mut value = match media.examples.first() {
                Some(example) if *variant == Variant::Valid => example.value().clone(),
                _ => match &media.schema {
                    Some(schema) => {
                        let raw = self.schema(&schema.pointer)?.clone();
                        self.generator.value(&raw, &mut self.rng)
                    }
                    None => Value::Object(Default::default()),
                },
            };
            match variant {
                Variant::MissingMember(m) => {
                    value.as_object_mut()?.remove(m)?;
                }
                Variant::WrongType(m) => {
                    let member = value.as_object_mut()?.get_mut(m)?;
                    *member = match member {
                        Value::String(_) => Value::from(12345),
                        _ => Value::String("not-what-the-schema-says".into()),
                    };
                }
                _ => {}
            }
            body = Bytes::from(serde_json::to_vec(&value).ok()?);
            headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_str(media.essence()).ok()?);
        } else if matches!(variant, Variant::MissingMember(_) | Variant::WrongType(_)) {
            return None;
        }
        self.credentials(op, &mut headers, &mut query);
        headers.insert(http::header::ACCEPT, HeaderValue::from_static("application/json, */*;q=0.5"));
        headers.insert(http::header::USER_AGENT, HeaderValue::from_static("secmock-test"));
        let mut path_and_query = path;
        if !query.is_empty() {
            let pairs: Vec<String> = query
                .iter()
                .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, COMPONENT), utf8_percent_encode(v, COMPONENT)))
                .collect();
            path_and_query = format!("{path_and_query}?{}", pairs.join("&"));
        }
        Some(Prepared { method: op.method.clone(), path_and_query, headers, body })
    }

    /// The negative variants that apply to `op`: its body's first required member left
    /// out, its first typed member given a wrong type, its first required query left out.
    pub(super) fn negatives(&self, op: &Operation) -> Vec<Variant> {
        let mut out = Vec::new();
        let body_schema = op
            .request_body
            .as_ref()
            .and_then(|b| b.content.iter().find(|m| m.essence().ends_with("json")))
            .and_then(|m| m.schema.as_ref())
            .and_then(|s| self.schema(&s.pointer));
        if let Some(schema) = body_schema {
            if let Some(first) = schema["required"].as_array().and_then(|r| r.first()).and_then(Value::as_str) {
                out.push(Variant::MissingMember(first.to_string()));
            }
            let typed = schema["properties"].as_object().and_then(|props| {
                props.iter().find_map(|(name, p)| self.resolve(p)["type"].as_str().map(|_| name.clone()))
            });
            if let Some(member) = typed {
                out.push(Variant::WrongType(member));
            }
        }
        if let Some(q) = op.parameters.iter().find(|p| p.required && p.location == ParamLocation::Query) {
            out.push(Variant::MissingQuery(q.name.clone()));
        }
        out
    }

    fn known_id(&self, route: &str, name: &str) -> Option<String> {
        let marker = format!("/{{{name}}}");
        let collection = &route[..route.find(&marker)?];
        self.ids.get(collection).and_then(|ids| ids.first()).cloned()
    }

    fn parameter(&mut self, op: &Operation, location: ParamLocation, name: &str) -> Option<Value> {
        let p = op.parameters.iter().find(|p| p.location == location && p.name == name)?.clone();
        self.value_of(&p)
    }

    fn value_of(&mut self, p: &Parameter) -> Option<Value> {
        let raw = self.schema(&p.schema.as_ref()?.pointer)?.clone();
        if let Some(example) = raw.get("examples").and_then(|e| e.get(0)).or_else(|| raw.get("example")) {
            return Some(example.clone());
        }
        if let Some(default) = raw.get("default") {
            return Some(default.clone());
        }
        Some(self.generator.value(&raw, &mut self.rng))
    }

    /// The schema at a pointer into the document, its `$ref`s followed.
    fn schema(&self, pointer: &str) -> Option<&'s Value> {
        let pointer = pointer.trim_start_matches('#');
        Some(self.resolve(self.spec.document.pointer(pointer)?))
    }

    fn resolve(&self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..16 {
            match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(target) => match self.spec.document.pointer(target) {
                    Some(next) => schema = next,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }

    /// The key, in the first of the operation's security alternatives secmock can present.
    fn credentials(&self, op: &Operation, headers: &mut HeaderMap, query: &mut Vec<(String, String)>) {
        let Some(key) = &self.key else { return };
        let Some(requirement) = op.security.first() else { return };
        for (name, _) in &requirement.schemes {
            match self.spec.security_schemes.get(name) {
                Some(SecurityScheme::ApiKey { name, location }) => match location {
                    ParamLocation::Header => {
                        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name.as_str()), HeaderValue::from_str(key)) {
                            headers.insert(n, v);
                        }
                    }
                    ParamLocation::Query => query.push((name.clone(), key.clone())),
                    ParamLocation::Cookie => {
                        if let Ok(v) = HeaderValue::from_str(&format!("{name}={key}")) {
                            headers.append(http::header::COOKIE, v);
                        }
                    }
                    ParamLocation::Path => {}
                },
                Some(SecurityScheme::Http { scheme }) if scheme == "basic" => {
                    let encoded = base64::engine::general_purpose::STANDARD.encode(key);
                    if let Ok(v) = HeaderValue::from_str(&format!("Basic {encoded}")) {
                        headers.insert(http::header::AUTHORIZATION, v);
                    }
                }
                Some(SecurityScheme::Http { .. } | SecurityScheme::OAuth2) => {
                    if let Ok(v) = HeaderValue::from_str(&format!("Bearer {key}")) {
                        headers.insert(http::header::AUTHORIZATION, v);
                    }
                }
                _ => {}
            }
        }
    }
}

/// A parameter value as the text a URL or header carries.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
