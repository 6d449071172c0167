//! Kolega's responses as typed views. Each view borrows what it shows from the model
//! (`&'a str` where the model holds the text), is built complete by its constructor and
//! never patched afterwards, and serialises straight to the bytes that are validated and
//! sent. Fields are declared in the order the wire shows them; a view that extends
//! another flattens the shared part rather than copying it.

pub(crate) mod batch;
pub(crate) mod contract;
pub(crate) mod device;
pub(crate) mod device_page;
pub(crate) mod diff;
pub(crate) mod event;
pub(crate) mod finding;
pub(crate) mod fix;
pub(crate) mod me;
pub(crate) mod page;
pub(crate) mod quota;
pub(crate) mod repository;
