//! cvlink's TLS identity: a self-signed key made on first start and kept, pinned by the app through the
//! org code (SHA-256 of the SubjectPublicKeyInfo), so no CA is involved.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use cvm_api::Fingerprint;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest, Sha256};

pub struct TlsIdentity {
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
    pub fingerprint: Fingerprint,
}

/// Installs the process-wide rustls provider used by cvlink's own server and its upstream client.
pub fn init_crypto() {
    // Fails only when one is installed already, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl TlsIdentity {
    /// Loads `dir/key.pem` + `dir/cert.pem`, creating them on first start.
    pub fn load_or_create(dir: &Path, names: &[String]) -> anyhow::Result<Self> {
        let key_path = dir.join("key.pem");
        let cert_path = dir.join("cert.pem");
        if !key_path.exists() {
            crate::files::private_dir(dir)?;
            let key = rcgen::KeyPair::generate()?;
            let mut sans: Vec<String> = vec!["localhost".into(), "127.0.0.1".into()];
            sans.extend(names.iter().cloned());
            sans.sort();
            sans.dedup();
            let mut params = rcgen::CertificateParams::new(sans)?;
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "cvlink");
            params.not_before = rcgen::date_time_ymd(2024, 1, 1);
            params.not_after = rcgen::date_time_ymd(2124, 1, 1);
            let cert = params.self_signed(&key)?;
            crate::files::write_private(&key_path, key.serialize_pem().as_bytes())?;
            std::fs::write(&cert_path, cert.pem())?;
        }
        let key = rcgen::KeyPair::from_pem(&std::fs::read_to_string(&key_path)?)
            .with_context(|| format!("reading {}", key_path.display()))?;
        let cert_pem = std::fs::read_to_string(&cert_path)?;
        let cert_der = pem_to_der(&cert_pem).context("cert.pem is not a PEM certificate")?;
        let fingerprint = Fingerprint(Sha256::digest(key.public_key_der()).into());
        Ok(Self {
            cert_der,
            key_der: key.serialize_der(),
            fingerprint,
        })
    }

    pub fn server_config(&self) -> anyhow::Result<Arc<rustls::ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(self.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone())),
            )?;
        cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(cfg))
    }
}

fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let body: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN CERTIFICATE-----"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = TlsIdentity::load_or_create(dir.path(), &[]).unwrap();
        let b = TlsIdentity::load_or_create(dir.path(), &[]).unwrap();
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(a.cert_der, b.cert_der);
        let other = tempfile::tempdir().unwrap();
        let c = TlsIdentity::load_or_create(other.path(), &[]).unwrap();
        assert_ne!(a.fingerprint, c.fingerprint);
        init_crypto();
        a.server_config().unwrap();
    }
}
