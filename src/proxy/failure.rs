//! Why an upstream gave no answer, and the problem+json the client gets instead: 504 when
//! it was too slow, 502 for everything else (refused, unknown host, TLS, a broken answer).

use serde_json::json;

use crate::contract::ProblemDialect;
use crate::reply::Reply;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UpstreamFailure {
    /// No connection: refused, unreachable, unknown host.
    Connect(String),
    /// The TLS handshake failed (an untrusted or mismatched certificate, a protocol error).
    Tls(String),
    /// No answer (or no whole body) within the timeout.
    Timeout(std::time::Duration),
    /// The connection broke, or the answer was not HTTP.
    Broken(String),
}

impl UpstreamFailure {
    pub(crate) fn status(&self) -> u16 {
        match self {
            UpstreamFailure::Timeout(_) => 504,
            _ => 502,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            UpstreamFailure::Connect(_) => "upstream-unreachable",
            UpstreamFailure::Tls(_) => "upstream-tls",
            UpstreamFailure::Timeout(_) => "upstream-timeout",
            UpstreamFailure::Broken(_) => "upstream-broken",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            UpstreamFailure::Connect(_) => "The upstream could not be reached",
            UpstreamFailure::Tls(_) => "The TLS handshake with the upstream failed",
            UpstreamFailure::Timeout(_) => "The upstream did not answer in time",
            UpstreamFailure::Broken(_) => "The upstream's answer broke off",
        }
    }

    /// The problem+json answer, naming the upstream and what went wrong.
    pub(crate) fn reply(&self, upstream: &str) -> Reply {
        ProblemDialect::typed(self.status(), self.kind(), self.title(), &format!("{upstream}: {self}"), {
            Some(("upstream", json!(upstream)))
        })
    }
}

impl std::fmt::Display for UpstreamFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpstreamFailure::Connect(why) | UpstreamFailure::Tls(why) | UpstreamFailure::Broken(why) => {
                f.write_str(why)
            }
            UpstreamFailure::Timeout(after) => write!(f, "no answer within {} ms", after.as_millis()),
        }
    }
}

/// A rustls error, or an I/O error carrying one (however deeply: TLS streams report
/// their errors as I/O errors, whose `source` skips the error they carry).
fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    if error.downcast_ref::<rustls::Error>().is_some() {
        return true;
    }
    match error.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
        Some(inner) => is_tls(inner),
        None => error.source().is_some_and(is_tls),
    }
}

/// Classifies a client error by walking its causes: a rustls error anywhere is TLS, an
/// error while connecting is a connection failure, anything else a broken exchange.
pub(super) fn classify(error: &hyper_util::client::legacy::Error) -> UpstreamFailure {
    let mut causes = Vec::new();
    let mut tls = false;
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(cause) = source {
        tls |= is_tls(cause);
        let text = cause.to_string();
        if !causes.contains(&text) {
            causes.push(text);
        }
        source = cause.source();
    }
    let why = if causes.is_empty() { error.to_string() } else { causes.join(": ") };
    if tls {
        UpstreamFailure::Tls(why)
    } else if error.is_connect() {
        UpstreamFailure::Connect(why)
    } else {
        UpstreamFailure::Broken(why)
    }
}
