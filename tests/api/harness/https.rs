//! HTTPS (`--tls`): every port speaks TLS with a certificate made at start-up, whose
//! SHA-256 and PEM the ready file gives, so a client can trust exactly it.

use std::process::Stdio;
use std::sync::Arc;

use base64::Engine as _;
use serde_json::Value;
use sha2::Digest as _;

use crate::robustness::harness::{Running, secmock, wait_for};

/// GETs `url` over HTTPS trusting only `pem` (rustls on ring, like the server), with an
/// optional bearer token; the status.
async fn get_trusting(pem: &str, url: &str, bearer: Option<&str>) -> u16 {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(rustls::pki_types::CertificateDer::from(der_of(pem))).expect("a certificate rustls accepts");
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let uri: http::Uri = url.parse().expect("a URL");
    let authority = uri.authority().expect("host and port").clone();
    let tcp = tokio::net::TcpStream::connect(authority.as_str()).await.expect("connects");
    let name = rustls::pki_types::ServerName::try_from(authority.host().to_string()).expect("a server name");
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.expect("TLS handshake");
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls)).await.expect("HTTP/1.1");
    tokio::spawn(connection);
    let mut request = http::Request::get(uri.path()).header("host", authority.as_str());
    if let Some(token) = bearer {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(http_body_util::Empty::<bytes::Bytes>::new()).expect("a request");
    sender.send_request(request).await.expect("an answer").status().as_u16()
}

fn der_of(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).expect("PEM body is base64")
}

#[tokio::test]
async fn tls_serves_every_port_over_https_with_the_certificate_the_ready_file_names() {
    let dir = std::env::temp_dir().join(format!("secmock-tls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ready_file = dir.join("ready.json");
    let ready_arg = ready_file.to_string_lossy().to_string();
    let child = secmock(&["--tls", "--free-ports", "--clock", "manual", "--ready-file", &ready_arg])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let _running = Running(child);
    let ready: Value = wait_for(&ready_file);
    let pem = ready["tls"]["certificate"].as_str().expect("the certificate, PEM");
    let fingerprint = ready["tls"]["sha256"].as_str().expect("its fingerprint");
    let digest: Vec<String> = sha2::Sha256::digest(der_of(pem)).iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(fingerprint, digest.join(":"));

    let kolega = ready["apis"]["kolega"]["url"].as_str().unwrap_or_default();
    assert!(kolega.starts_with("https://127.0.0.1:"), "{kolega}");
    let me = get_trusting(pem, &format!("{kolega}/api/v1/me"), Some("kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz")).await;
    assert_eq!(me, 200);
    let admin = ready["admin"]["url"].as_str().unwrap_or_default();
    assert!(admin.starts_with("https://"), "{admin}");
    assert_eq!(get_trusting(pem, &format!("{admin}/health"), None).await, 200);
    let plain = reqwest::get(kolega.replace("https://", "http://")).await;
    assert!(plain.map(|r| r.status().as_u16() >= 400).unwrap_or(true), "plain HTTP gets no answer from a TLS port");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_rust_mock_server_serves_https_and_hands_over_its_certificate() {
    let server = secmock::MockServer::builder().https().start().await.expect("starts");
    let pem = server.tls_certificate().expect("a certificate over HTTPS");
    let kolega = server.url("kolega");
    assert!(kolega.starts_with("https://127.0.0.1:"), "{kolega}");
    let me = get_trusting(pem, &format!("{kolega}/api/v1/me"), Some("kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz")).await;
    assert_eq!(me, 200);
    assert!(server.admin_url().starts_with("https://"), "{}", server.admin_url());
    let plain = reqwest::get(kolega.replace("https://", "http://")).await;
    assert!(plain.map(|r| r.status().as_u16() >= 400).unwrap_or(true), "plain HTTP gets no answer from a TLS port");
    assert!(secmock::MockServer::start().await.tls_certificate().is_none(), "plain HTTP by default");
}
