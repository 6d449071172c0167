//! What the live dashboard reads: the journal's event stream, and the read endpoints it
//! shows (`/jobs` work, `/apis` credentials).

mod sse;
mod stream;
mod work;
