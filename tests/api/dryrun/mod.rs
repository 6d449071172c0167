//! dryrun API tests.
