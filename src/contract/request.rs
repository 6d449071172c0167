//! Request validation: parameters and body, every problem collected. Security presence is
//! checked separately (`security`), because APIs answer a missing credential before they
//! look at anything else.

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::Value;

use super::body;
use super::params::{self, ParamValues, RawParams};
use super::params_memo::ParamMemo;
use super::problem::{RequestProblem, Source};
use super::schema_errors;
use super::security::Credential;
use crate::spec::{ApiSpec, Operation};

/// A request that passed validation, every value typed by its schema and defaults applied.
#[derive(Debug, Clone)]
pub struct ValidatedRequest {
    pub operation_id: String,
    pub method: Method,
    /// The request path as sent (percent-encoded), without the query.
    pub path: String,
    /// The raw query string.
    pub query_string: String,
    /// The decoded parameters, shared with the API's memo of them (read them through it:
    /// `request.params.query`).
    pub params: std::sync::Arc<ParamValues>,
    /// The body as JSON (form bodies as an object of fields), if there was one.
    pub body: Option<Value>,
    /// The body exactly as received.
    pub body_bytes: Bytes,
    /// The declared media type the body matched.
    pub media_type: Option<String>,
    pub credentials: Vec<Credential>,
    pub headers: HeaderMap,
}

impl ValidatedRequest {
    /// A path parameter as a string.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.params.path.get(name).and_then(Value::as_str)
    }

    /// A path parameter as text whatever its type (`{id}` declared as an integer).
    pub fn path_text(&self, name: &str) -> Option<String> {
        self.params.path.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// A query parameter (typed, defaults applied).
    pub fn query(&self, name: &str) -> Option<&Value> {
        self.params.query.get(name).filter(|v| !v.is_null())
    }

    pub fn query_str(&self, name: &str) -> Option<&str> {
        self.query(name).and_then(Value::as_str)
    }

    pub fn query_i64(&self, name: &str) -> Option<i64> {
        self.query(name).and_then(Value::as_i64)
    }

    pub fn query_bool(&self, name: &str) -> Option<bool> {
        self.query(name).and_then(Value::as_bool)
    }

    /// A query parameter that is an array (or a single value), as strings.
    pub fn query_list(&self, name: &str) -> Vec<String> {
        match self.query(name) {
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// A top-level field of the JSON body.
    pub fn body_field(&self, name: &str) -> Option<&Value> {
        self.body.as_ref()?.get(name).filter(|v| !v.is_null())
    }

    /// The first credential's secret (the bearer token or API key).
    pub fn secret(&self) -> Option<&str> {
        self.credentials.first().map(|c| c.secret.as_str())
    }
}

/// The raw pieces of a request that validation reads.
pub struct RawRequest<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a Bytes,
    /// Path parameters as routed (still percent-encoded).
    pub path_params: &'a [(String, String)],
}

/// Validates parameters and body; `credentials` come from the security check.
pub async fn validate(
    spec: &ApiSpec,
    op: &Operation,
    raw: &RawRequest<'_>,
    credentials: Vec<Credential>,
) -> Result<ValidatedRequest, Vec<RequestProblem>> {
    validate_with(spec, op, raw, credentials, None).await
}

/// [`validate`], with the parameters' decoding remembered in `memo` (the API's own: see
/// `params_memo`).
pub(crate) async fn validate_with(
    spec: &ApiSpec,
    op: &Operation,
    raw: &RawRequest<'_>,
    credentials: Vec<Credential>,
    memo: Option<&ParamMemo>,
) -> Result<ValidatedRequest, Vec<RequestProblem>> {
    let raw_params = RawParams { path: raw.path_params, query: raw.query, headers: raw.headers };
    let (params, mut problems) = match memo {
        Some(memo) => memo.decode(spec, op, &raw_params),
        None => params::decode(spec, op, &raw_params),
    };
    let content_type = raw.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let mut body_value = None;
    let mut media_type = None;
    if let Some(declared) = &op.request_body {
        match body::decode(spec, declared, content_type, raw.body).await {
            Ok(decoded) => {
                if let (Some(value), Some(media)) = (&decoded.value, decoded.media)
                    && let Some(schema) = &media.schema
                {
                    problems.extend(schema_errors::check(schema, value, Source::Body, &[]));
                }
                media_type = decoded.media.map(|m| m.media_type.clone());
                body_value = decoded.value;
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ValidatedRequest {
        operation_id: op.id.clone(),
        method: raw.method.clone(),
        path: raw.path.to_string(),
        query_string: raw.query.to_string(),
        params,
        body: body_value,
        body_bytes: raw.body.clone(),
        media_type,
        credentials,
        headers: raw.headers.clone(),
    })
}
