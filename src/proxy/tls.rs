//! Which certificates an HTTPS upstream may present: the Mozilla roots (webpki-roots),
//! plus any CA the user names (`--proxy-ca`, PEM) for internal or self-signed services.
//! rustls with the `ring` provider; no system OpenSSL.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The client TLS configuration every upstream shares.
pub(super) fn client_config(extra_roots: &[PathBuf]) -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for file in extra_roots {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", file.display()))?;
        if certs.is_empty() {
            return Err(format!("{}: no PEM certificate in it", file.display()));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    // ring is the project's provider (no aws-lc-rs, no C toolchain surprises); rustls
    // deprecates its default set only for lacking post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
