//! The contract test runner (`secmock test API --target URL`): secmock's contract turned
//! on a real server. It plays three kinds of case against the target and validates every
//! answer against the operation's declared responses, exactly as the proxy validates an
//! upstream's (`contract::response`):
//!
//! 1. **Chains**, for every collection the generic inference finds in the paths
//!    (`world::crud`: `POST /things` creates what `GET /things/{id}` reads): create, read
//!    it back, list, delete, then read again (a 404 is expected). Only what the run
//!    created is ever deleted.
//! 2. **Valid requests** for every operation: a body from the media type's first example,
//!    or generated from its schema with the seeded generator; required parameters from
//!    their examples or schemas; path ids from what lists answered earlier in the run
//!    (lists run first). `DELETE`s outside chains are skipped: the run does not remove
//!    what it did not create.
//! 3. **Negative requests** from the schemas: a body without a required member, a member
//!    of the wrong type, a required query parameter left out. The answer must be a 4xx the
//!    contract declares; a 2xx is a failure (the server accepted what its contract refuses).
//!
//! A case fails on any violation (with its JSON pointer) or unmet expectation. Run it
//! against a test instance: chains create resources. `--seed` fixes the generated values,
//! `--max-cases` bounds the run, `--operations` filters by operationId (globs).

mod cases;
mod report;
mod run;

pub use report::{CaseResult, Outcome, Report};
pub use run::{RunOptions, run};
