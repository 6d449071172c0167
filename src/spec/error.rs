//! Why a spec could not be loaded, always naming the file and, where it applies, the JSON
//! pointer of the offending node, so that start-up fails with a message a person can act on.

use std::path::PathBuf;

/// A problem found while loading or compiling an OpenAPI document.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{}: cannot read: {source}", file.display())]
    Io { file: PathBuf, source: std::io::Error },
    #[error("{}: not valid {format}: {message}", file.display())]
    Syntax { file: PathBuf, format: &'static str, message: String },
    #[error("{}#{pointer}: {message}", file.display())]
    Invalid { file: PathBuf, pointer: String, message: String },
}

impl SpecError {
    pub(crate) fn invalid(file: &std::path::Path, pointer: &str, message: impl Into<String>) -> Self {
        SpecError::Invalid { file: file.to_path_buf(), pointer: pointer.to_string(), message: message.into() }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins tokens into a JSON pointer.
pub(crate) fn pointer(tokens: &[&str]) -> String {
    tokens.iter().map(|t| format!("/{}", escape_token(t))).collect()
}
