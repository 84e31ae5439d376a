//! HTTPS: rustls with the ring provider and the platform's trusted roots.

use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore};

/// The client configuration: the platform's roots (via
/// `rustls-native-certs`, which also honours `SSL_CERT_FILE` and
/// `SSL_CERT_DIR`), the safe default protocol versions, and ALPN
/// `http/1.1` only, so that a server never switches to HTTP/2.
///
/// # Errors
///
/// When no root certificate could be loaded, or rustls rejects the
/// configuration.
pub fn config() -> Result<Arc<ClientConfig>, String> {
    let loaded = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (_added, _ignored) = roots.add_parsable_certificates(loaded.certs);
    if roots.is_empty() {
        let detail = loaded
            .errors
            .first()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        return Err(format!(
            "no trusted root certificates found on this system{detail} (install ca-certificates, or set SSL_CERT_FILE)"
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A client connection to `host` (checked against the certificate: a DNS
/// name or an IP address).
///
/// # Errors
///
/// When `host` is not a valid server name, or rustls refuses to start.
pub fn connect(config: &Arc<ClientConfig>, host: &str) -> Result<ClientConnection, String> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|e| format!("{host:?} is not a valid TLS server name: {e}"))?;
    ClientConnection::new(Arc::clone(config), name).map_err(|e| format!("TLS: {e}"))
}
