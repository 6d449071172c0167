//! HTTPS upstreams: rustls (ring) with the public roots, plus a CA named with
//! `--proxy-ca`; an upstream whose certificate is not trusted is a 502 naming TLS.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::Value;

use super::proxy_to_with;
use crate::helpers::client;

/// An HTTPS upstream on 127.0.0.1 with a self-signed certificate for that address; its
/// URL and the certificate's PEM file (the CA to trust).
async fn https_upstream(router: Router, name: &str) -> (String, PathBuf) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("a certificate");
    let pem = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-ca.pem"));
    std::fs::write(&pem, made.cert.pem()).expect("the CA is written");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![made.cert.der().clone()], key)
        .expect("a server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("https://127.0.0.1:{}", listener.local_addr().expect("bound").port());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, router) = (acceptor.clone(), router.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let service = TowerToHyperService::new(router);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    (url, pem)
}

fn widgets() -> Router {
    Router::new().route("/widgets", get(|| async { ([("content-type", "application/json")], r#"{"items":[]}"#) }))
}

#[tokio::test]
async fn an_https_upstream_signed_by_a_named_ca_is_proxied() {
    let (url, ca) = https_upstream(widgets(), "trusted").await;
    let server = proxy_to_with(&url, move |c| c.proxy_ca = vec![ca]).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), r#"{"items":[]}"#);
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn an_https_upstream_whose_certificate_is_not_trusted_is_a_502_naming_tls() {
    let (url, _) = https_upstream(widgets(), "untrusted").await;
    let server = proxy_to_with(&url, |_| {}).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 502);
    let problem: Value = response.json().await.expect("problem+json");
    assert!(problem["type"].as_str().is_some_and(|t| t.ends_with("/upstream-tls")), "{problem}");
}
