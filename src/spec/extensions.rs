//! The `x-secmock` vendor extension, at document, operation and parameter level (see
//! `specs/README.md`). Unknown keys are errors: a typo in a spec should fail loudly.

use serde::{Deserialize, Serialize};

/// How an API renders errors; chosen per API in its spec, rendered by `contract::dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DialectName {
    /// FastAPI + pydantic v2: 422 `{"detail": [...]}`, `{"detail": "..."}` otherwise.
    Fastapi,
    /// Rails-style `{"error": "..."}`, 400 for validation.
    Dryrun,
    /// RFC 9457 `application/problem+json`.
    #[default]
    Problem,
}

/// What to do with a request whose path differs from a declared one by a trailing slash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrailingSlash {
    /// 307 to the declared form (FastAPI / Starlette `redirect_slashes`).
    Redirect,
    /// Serve the declared operation as if the declared form had been asked for.
    Tolerate,
    /// Only the declared form matches.
    #[default]
    Strict,
}

/// Document-level settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// The API's name; defaults to the spec's folder name.
    #[serde(default)]
    pub api: Option<String>,
    #[serde(default)]
    pub dialect: DialectName,
    /// Default port; the CLI can override it.
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub trailing_slash: TrailingSlash,
    /// Serve Swagger UI at `/docs`.
    #[serde(default)]
    pub docs: bool,
    /// The API's own wording for engine-rendered errors, by status
    /// (`'401': X-API-Key header required`).
    #[serde(default)]
    pub error_messages: std::collections::BTreeMap<u16, String>,
    /// The 403 message for a credential that lacks a scope; `{scope}` is replaced.
    #[serde(default = "default_scope_message")]
    pub scope_message: String,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            api: None,
            dialect: DialectName::default(),
            port: None,
            trailing_slash: TrailingSlash::default(),
            docs: false,
            error_messages: Default::default(),
            scope_message: default_scope_message(),
        }
    }
}

fn default_scope_message() -> String {
    "missing required scope: {scope}".into()
}

/// Documentation routes that secmock answers itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Builtin {
    Openapi,
    SwaggerUi,
    Redoc,
}

/// Operation-level settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OperationSettings {
    /// Scopes the caller's credential must hold.
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub builtin: Option<Builtin>,
    /// Where the real service is known to answer outside this operation's contract
    /// while the contract stays as published (the real server breaks its own promise).
    #[serde(default)]
    pub upstream_departures: Vec<KnownDeparture>,
}

/// A known departure of the real service from an operation's contract: the contract
/// test runner reports it as known instead of failing on it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownDeparture {
    /// The status the real service answers with.
    pub status: u16,
    /// Where in its body (a JSON pointer, `*` for any array index); empty for the status,
    /// media type or the whole body.
    #[serde(default)]
    pub pointer: String,
    /// What the real service does, and since which version.
    pub note: String,
}

impl KnownDeparture {
    /// Whether a violation at `status` and `pointer` is this departure.
    pub fn covers(&self, status: u16, pointer: &str) -> bool {
        if status != self.status {
            return false;
        }
        let want: Vec<&str> = self.pointer.split('/').collect();
        let got: Vec<&str> = pointer.split('/').collect();
        want.len() == got.len()
            && want.iter().zip(&got).all(|(w, g)| w == g || (*w == "*" && g.parse::<usize>().is_ok()))
    }
}

/// Parameter-level settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParameterSettings {
    /// A last path segment that also matches slashes (`source-files/{path}`).
    #[serde(default)]
    pub greedy: bool,
}

/// Reads `x-secmock` from `node` as `T`, naming the exact pointer of a bad field.
pub(crate) fn read<T: serde::de::DeserializeOwned + Default>(
    node: &serde_json::Value,
    at: &str,
) -> Result<T, (String, String)> {
    let Some(ext) = node.get("x-secmock") else {
        return Ok(T::default());
    };
    serde_path_to_error::deserialize(ext).map_err(|e| {
        let inner = super::error::pointer(
            &e.path().to_string().split('.').filter(|s| !s.is_empty() && *s != "?").collect::<Vec<_>>(),
        );
        (format!("{at}/x-secmock{inner}"), e.inner().to_string())
    })
}
