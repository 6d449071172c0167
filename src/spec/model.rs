//! The typed index of one API's document: its operations with their parameters, bodies,
//! responses and security, each schema already compiled. Built once at start-up by
//! `spec::index`; immutable afterwards and shared behind an `Arc`.

use std::sync::Arc;

use http::Method;
use indexmap::IndexMap;
use serde_json::Value;

use super::extensions::Builtin;

/// A schema: where it lives in the document and its validator (compiled when the spec
/// loads or when first used: `spec::Compile`).
#[derive(Clone)]
pub struct Schema {
    /// JSON pointer into the (upgraded) document, after following a plain `$ref`.
    pub pointer: String,
    pub validator: Arc<super::compile::LazyValidator>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema").field("pointer", &self.pointer).finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// OpenAPI parameter serialisation styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub style: Style,
    pub explode: bool,
    pub schema: Option<Schema>,
    /// The parameter is declared with `content: {application/json: …}`: its value is JSON.
    pub json_content: bool,
    pub greedy: bool,
}

/// A named example of a body. Examples are taken out of the document the spec keeps
/// (`spec::media_examples`): each is held as the JSON sent for it, written when the spec
/// loads, and read back into a value only where a value is asked for (a body rendered as
/// something other than JSON, a conformance case). Kept in the document they were ~1 MB
/// of the shipped specs' idle memory (issue 14); answering with one copies nothing.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    /// Where the value is in the document as written: what `secmock validate` names.
    pub pointer: String,
    json: bytes::Bytes,
    value: std::sync::OnceLock<Value>,
}

impl Example {
    pub fn new(name: &str, mut pointer: String, value: &Value) -> Example {
        let json = serde_json::to_vec(value).unwrap_or_default().into_boxed_slice().into();
        pointer.shrink_to_fit();
        Example { name: name.to_string(), pointer, json, value: std::sync::OnceLock::new() }
    }

    /// The example's value, read back from its JSON on first use.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| serde_json::from_slice(&self.json).unwrap_or(Value::Null))
    }

    /// The value as the JSON sent for it.
    pub fn json(&self) -> bytes::Bytes {
        self.json.clone()
    }
}

/// One media type of a request body or response.
#[derive(Debug, Clone)]
pub struct Media {
    /// Lower-cased media range as declared (`application/json`, `text/*`).
    pub media_type: String,
    pub schema: Option<Schema>,
    /// Named examples first (`examples`), then the single `example` as "default";
    /// shared by every operation that answers with the same media type object.
    pub examples: std::sync::Arc<[Example]>,
    /// A multipart body's `encoding`: each part's name and the media ranges its
    /// `contentType` allows (lower-cased), for parts that declare one.
    pub encoding: Vec<(String, Vec<String>)>,
}

impl Media {
    /// The declared media type without its parameters (`text/html; charset=utf-8` →
    /// `text/html`): what requests, `Accept` and responses are matched on. The declared
    /// form, parameters included, is what a generated response's `Content-Type` says.
    pub fn essence(&self) -> &str {
        self.media_type.split(';').next().unwrap_or("").trim()
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub content: Vec<Media>,
}

/// The key a response is declared under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKey {
    Code(u16),
    /// `2XX` and friends: the first digit.
    Range(u16),
    Default,
}

/// As the spec writes it: `404`, `4XX`, `default`.
impl std::fmt::Display for StatusKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusKey::Code(c) => write!(f, "{c}"),
            StatusKey::Range(r) => write!(f, "{r}XX"),
            StatusKey::Default => f.write_str("default"),
        }
    }
}

impl StatusKey {
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusKey::Code(c) => c == status,
            StatusKey::Range(r) => status / 100 == r,
            StatusKey::Default => true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub schema: Option<Schema>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusKey,
    pub pointer: String,
    pub headers: Vec<Header>,
    pub content: Vec<Media>,
}

/// Where a credential is carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// `http` with a scheme such as `bearer` or `basic` (lower-cased).
    Http {
        scheme: String,
    },
    ApiKey {
        name: String,
        location: ParamLocation,
    },
    /// OAuth2 and OpenID Connect tokens travel as bearer tokens.
    OAuth2,
    /// Nothing an HTTP mock can check (`mutualTLS`).
    Unsupported,
}

/// One alternative of an operation's `security`: all named schemes are required together.
#[derive(Debug, Clone, Default)]
pub struct SecurityRequirement {
    pub schemes: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or `METHOD /path` when the spec gives none.
    pub id: String,
    pub method: Method,
    /// The path template as declared under `paths`.
    pub path: String,
    /// The template served, with the server's path prefix in front.
    pub route: String,
    pub pointer: String,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives; empty means no credential is required.
    pub security: Vec<SecurityRequirement>,
    pub scopes: Vec<String>,
    pub builtin: Option<Builtin>,
    /// Where the real service is known to depart from this contract
    /// (`x-secmock.upstream_departures`).
    pub known_departures: Vec<super::extensions::KnownDeparture>,
}

impl Operation {
    /// The lowest declared success status (`2xx` code) and its response.
    pub fn success(&self) -> Option<(u16, &Response)> {
        self.responses
            .iter()
            .filter_map(|r| match r.status {
                StatusKey::Code(c) if (200..300).contains(&c) => Some((c, r)),
                _ => None,
            })
            .min_by_key(|(c, _)| *c)
    }

    /// The declared response for `status`: exact code, then range, then `default`.
    pub fn response(&self, status: u16) -> Option<&Response> {
        let by =
            |want: fn(&StatusKey) -> bool| self.responses.iter().find(|r| want(&r.status) && r.status.matches(status));
        by(|k| matches!(k, StatusKey::Code(_)))
            .or_else(|| by(|k| matches!(k, StatusKey::Range(_))))
            .or_else(|| by(|k| matches!(k, StatusKey::Default)))
    }
}

/// Security schemes by name.
pub type SecuritySchemes = IndexMap<String, SecurityScheme>;
