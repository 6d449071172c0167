//! A snapshot's files: listed in the tree, and read one at a time.

use serde::Serialize;

use crate::apis::platform::model::ids::sha256_hex;
use crate::apis::platform::model::source::SourceFile;

#[derive(Debug, Serialize)]
pub(crate) struct TreeEntryView<'a> {
    path: &'a str,
    size: usize,
    language: Option<&'static str>,
}

impl<'a> TreeEntryView<'a> {
    pub(crate) fn new(f: &'a SourceFile) -> Self {
        TreeEntryView { path: &f.path, size: f.content.len(), language: f.language() }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct SourceFileView<'a> {
    path: &'a str,
    size: usize,
    language: Option<&'static str>,
    encoding: &'static str,
    sha256: String,
    content: &'a str,
}

impl<'a> SourceFileView<'a> {
    pub(crate) fn new(f: &'a SourceFile) -> Self {
        SourceFileView {
            path: &f.path,
            size: f.content.len(),
            language: f.language(),
            encoding: "utf-8",
            sha256: sha256_hex(f.content.as_bytes()),
            content: &f.content,
        }
    }
}
