//! The validating proxy (`--proxy API=URL`, issue 15.1): an API's port forwards to an
//! upstream the test controls, returns its answer unchanged, and validates both
//! directions against the contract.

mod passthrough;
mod record;
mod streams;
mod tls;
pub(crate) mod upstream;

use secmock::MockServer;

use crate::helpers::fixture;

/// secmock serving the proxy fixture's `widgets` API, forwarded to `upstream`.
async fn proxy_to(upstream: &str, strict: bool) -> MockServer {
    proxy_to_with(upstream, move |c| c.strict = strict).await
}

/// `proxy_to` in strict mode, with `configure` applied too.
async fn proxy_to_with(upstream: &str, configure: impl FnOnce(&mut secmock::Config)) -> MockServer {
    let upstream = upstream.to_string();
    MockServer::builder()
        .specs([fixture("proxy-widgets.yaml")])
        .scenario(None)
        .configure(move |c| {
            c.proxies.insert("widgets".into(), upstream);
            c.proxy_timeout = std::time::Duration::from_secs(2);
            configure(c);
        })
        .start()
        .await
        .expect("the proxy fixture loads")
}
