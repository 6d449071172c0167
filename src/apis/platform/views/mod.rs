//! The platform's responses as typed views. Each borrows what it shows from the model, is
//! built complete by its constructor and never patched afterwards; fields are declared in
//! the order the wire shows them.

pub(crate) mod artifact;
pub(crate) mod auth;
pub(crate) mod billing;
pub(crate) mod finding;
pub(crate) mod git_upload;
pub(crate) mod legacy;
pub(crate) mod ops;
pub(crate) mod page;
pub(crate) mod project;
pub(crate) mod repository;
pub(crate) mod scan;
pub(crate) mod source;
