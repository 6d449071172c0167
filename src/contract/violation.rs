//! A response that does not honour its contract. Violations are data: the pipeline
//! collects them, and what happens to them (a log line, a counter, a header, a 500 in
//! strict mode) is decided once, at the edge.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// The status code is not among the operation's responses.
    UndeclaredStatus,
    /// The body's media type is not declared for that status.
    UndeclaredMediaType,
    /// The response declares a body but none was sent.
    MissingBody,
    /// A required response header is absent.
    MissingHeader,
    /// A response header's value does not match its schema.
    HeaderSchema,
    /// The body does not match its schema.
    Schema,
    /// A proxied request departs from its contract (the client's side of the exchange;
    /// a mocked API refuses such a request instead).
    Request,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub operation_id: String,
    pub status: u16,
    pub kind: ViolationKind,
    /// JSON pointer into the response body ("" for the whole body or non-body problems).
    pub pointer: String,
    /// JSON pointer into the spec document of the schema or response at fault.
    pub schema_pointer: String,
    pub message: String,
    /// The upstream whose exchange this was found in, for an API that is proxied
    /// (`--proxy`); absent for secmock's own answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.operation_id, self.status, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}
