//! HTTPS for clients that insist on it (`--tls`): rustls on the ring provider, with a
//! certificate secmock makes for itself at start-up (rcgen; valid for `localhost`,
//! 127.0.0.1, ::1 and the address listened on) or one given as PEM files. The
//! certificate's SHA-256 fingerprint and PEM go in the banner and the ready file, so a
//! harness can pin or trust exactly this certificate.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use tokio_rustls::TlsAcceptor;

use crate::config::TlsSource;

/// A ready TLS configuration and what a client needs to trust it.
#[derive(Clone)]
pub(crate) struct Tls {
    pub(crate) acceptor: TlsAcceptor,
    /// The leaf certificate's SHA-256, as `AB:CD:…` (what `openssl x509 -fingerprint -sha256` prints).
    pub(crate) fingerprint: String,
    /// The leaf certificate, PEM.
    pub(crate) certificate_pem: String,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").field("fingerprint", &self.fingerprint).finish()
    }
}

impl Tls {
    /// Builds the configuration; errors name the file at fault.
    pub(crate) fn new(source: &TlsSource, host: IpAddr) -> anyhow::Result<Tls> {
        let (chain, key) = match source {
            TlsSource::SelfSigned => self_signed(host)?,
            TlsSource::Files { cert, key } => (read_chain(cert)?, read_key(key)?),
        };
        let leaf =
            chain.first().cloned().ok_or_else(|| anyhow::anyhow!("the certificate file holds no certificate"))?;
        // ring, not aws-lc-rs: the project builds without cmake or a C++ toolchain (its
        // deprecation only says ring offers no post-quantum key exchange, which a mock does not need).
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| anyhow::anyhow!("the certificate and key do not make a TLS configuration: {e}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            fingerprint: fingerprint(&leaf),
            certificate_pem: pem(&leaf),
        })
    }
}

fn self_signed(host: IpAddr) -> anyhow::Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    if !host.is_unspecified() && !names.contains(&host.to_string()) {
        names.push(host.to_string());
    }
    let made = rcgen::generate_simple_self_signed(names)?;
    let key = PrivateKeyDer::try_from(made.signing_key.serialize_der()).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((vec![made.cert.der().clone()], key))
}

fn read_chain(file: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let chain = CertificateDer::pem_file_iter(file)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| anyhow::anyhow!("{}: not a PEM certificate file: {e}", file.display()))?;
    anyhow::ensure!(!chain.is_empty(), "{}: no certificate in it", file.display());
    Ok(chain)
}

fn read_key(file: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_file(file)
        .map_err(|e| anyhow::anyhow!("{}: not a PEM private key file: {e}", file.display()))
}

fn fingerprint(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref()).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn pem(cert: &CertificateDer<'_>) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(cert.as_ref());
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
}
