//! The validating proxy (`--proxy API=URL`, issue 15.1): an API's port forwards to an
//! upstream the test controls, returns its answer unchanged, and validates both
//! directions against the contract.

mod passthrough;
mod record;
mod streams;
pub(crate) mod upstream;

use secmock::MockServer;

use crate::helpers::fixture;

/// secmock serving the proxy fixture's `widgets` API, forwarded to `upstream`.
async fn proxy_to(upstream: &str, strict: bool) -> MockServer {
    let upstream = upstream.to_string();
    MockServer::builder()
        .specs([fixture("proxy-widgets.yaml")])
        .scenario(None)
        .configure(move |c| {
            c.proxies.insert("widgets".into(), upstream);
            c.strict = strict;
            c.proxy_timeout = std::time::Duration::from_secs(2);
        })
        .start()
        .await
        .expect("the proxy fixture loads")
}
