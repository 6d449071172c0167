//! The contract: request validation (every problem at once), security presence, response
//! validation into violations, and the error dialects that render failures in each API's
//! own format. Depends only on `spec`.

mod body;
pub(crate) mod coerce;
pub mod dialect;
pub mod params;
mod params_memo;
pub mod problem;
mod python_json;
pub mod request;
pub mod response;
mod schema_errors;
mod schema_nodes;
pub mod security;
pub(crate) mod temporal;
pub mod verdicts;
pub mod violation;

pub use dialect::{Dialect, ProblemDialect, Renderer};
pub use params::ParamValues;
pub use params_memo::ParamMemo;
pub use problem::{Expected, ProblemKind, RequestProblem, Seg, Source};
pub use request::{RawRequest, ValidatedRequest};
pub use security::{Credential, SecurityFailure};
pub use verdicts::Verdicts;
pub use violation::{Violation, ViolationKind};

pub(crate) use security::credentials;
