//! The validating proxy: an API whose port forwards to a real service instead of asking
//! its behaviour (`--proxy API=URL`). The engine still routes, validates the request and
//! validates the upstream's answer against the same contract, so the journal and
//! `/violations` show where the real service departs from it; this module only knows how
//! to reach the upstream and hand back what it said.
//!
//! - What is forwarded: method, path (after the upstream URL's own path), query, headers
//!   and body as received, credentials included; hop-by-hop headers (`Connection`,
//!   `Transfer-Encoding`, …) are the connection's, not the message's, and are not.
//!   `Host` names the upstream.
//! - What comes back: status, headers (hop-by-hop ones aside) and body bytes unchanged.
//!   A `text/event-stream` body streams through as it arrives (only its status, headers
//!   and media type are validated); any other body is buffered up to `buffer_limit` and
//!   validated, and a larger one streams through unvalidated (the journal says so).
//! - When the upstream cannot be asked (refused, DNS, TLS, a broken answer), the client
//!   gets a 502 problem+json naming why; when it does not answer within `timeout`, a 504.

mod failure;
mod record;
mod tls;
mod upstream;

pub(crate) use record::{Answered, Recorder};
pub(crate) use upstream::{ProxyOptions, Upstream};
