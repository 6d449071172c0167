//! kolega API tests.
