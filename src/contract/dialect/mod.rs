//! Error dialects: the same failure rendered the way each API renders it. Which dialect
//! an API speaks is data (`x-secmock.dialect` in its spec); this module holds the three
//! renderers.

mod dryrun;
mod fastapi;
mod problem;

use std::collections::BTreeMap;

use crate::contract::problem::RequestProblem;
use crate::reply::Reply;
use crate::spec::DialectName;

pub use problem::ProblemDialect;

/// How one API words its errors.
pub trait Dialect: Send + Sync {
    /// Request validation failed; `problems` lists everything that is wrong.
    fn invalid_request(&self, problems: &[RequestProblem]) -> Reply;
    /// No usable credential. `message` is the API's own wording when it has one.
    fn unauthenticated(&self, message: Option<&str>, bearer: bool) -> Reply;
    /// Any other error status, with the API's message or the dialect's default one.
    fn error(&self, status: u16, message: Option<&str>) -> Reply;
}

/// A dialect plus the API's own default messages.
#[derive(Clone)]
pub struct Renderer {
    dialect: &'static dyn Dialect,
    messages: BTreeMap<u16, String>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").field("messages", &self.messages).finish()
    }
}

impl Renderer {
    pub fn new(name: DialectName, messages: BTreeMap<u16, String>) -> Renderer {
        let dialect: &'static dyn Dialect = match name {
            DialectName::Fastapi => &fastapi::FastApi,
            DialectName::Dryrun => &dryrun::DryRun,
            DialectName::Problem => &problem::ProblemDialect,
        };
        Renderer { dialect, messages }
    }

    pub fn invalid_request(&self, problems: &[RequestProblem]) -> Reply {
        self.dialect.invalid_request(problems)
    }

    pub fn unauthenticated(&self, bearer: bool) -> Reply {
        self.dialect.unauthenticated(self.messages.get(&401).map(String::as_str), bearer)
    }

    /// An error with an explicit message, or the API's default for the status.
    pub fn error(&self, status: u16, message: Option<&str>) -> Reply {
        let message = message.or_else(|| self.messages.get(&status).map(String::as_str));
        self.dialect.error(status, message)
    }
}

/// The standard reason phrase of a status.
pub(crate) fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error")
}
