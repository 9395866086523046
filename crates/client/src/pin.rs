//! Pinned TLS: trust exactly the server key whose SPKI SHA-256 is the org code's fingerprint.
//!
//! No CA, no hostname: the org code is the trust anchor, and the same key serves the LAN address and the
//! relay. Handshake signatures are still verified, so only the holder of the private key gets through.

use std::sync::{Arc, Mutex};

use cvm_api::Fingerprint;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// The key a pinned server presented instead of the expected one, recorded by the verifier because
/// reqwest wraps handshake errors beyond recognition.
#[derive(Debug, Default)]
pub(crate) struct MismatchLog(Mutex<Option<Fingerprint>>);

impl MismatchLog {
    fn record(&self, got: Fingerprint) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(got);
    }

    /// Takes the last recorded mismatch (so one failure is reported once).
    pub(crate) fn take(&self) -> Option<Fingerprint> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[derive(Debug)]
struct PinnedKey {
    expected: Fingerprint,
    algorithms: WebPkiSupportedAlgorithms,
    mismatches: Arc<MismatchLog>,
}

impl ServerCertVerifier for PinnedKey {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let spki = spki_of_certificate(end_entity).ok_or(rustls::Error::InvalidCertificate(
            CertificateError::BadEncoding,
        ))?;
        let got = spki_fingerprint(spki);
        if got == self.expected {
            Ok(ServerCertVerified::assertion())
        } else {
            self.mismatches.record(got);
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A rustls client configuration (graviola crypto) that accepts only the key with this fingerprint.
pub(crate) fn pinned_config(
    expected: Fingerprint,
    mismatches: Arc<MismatchLog>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls_graviola::default_provider());
    let verifier = PinnedKey {
        expected,
        algorithms: provider.signature_verification_algorithms,
        mismatches,
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// For unpinned native clients: reqwest needs a process-wide crypto provider when built without one.
pub(crate) fn ensure_default_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: any installed provider will do.
        let _ = rustls_graviola::default_provider().install_default();
    }
}

pub(crate) fn spki_fingerprint(spki_der: &[u8]) -> Fingerprint {
    Fingerprint(Sha256::digest(spki_der).into())
}

/// The SubjectPublicKeyInfo (whole DER element) of an X.509 certificate, by a minimal DER walk:
/// Certificate → tbsCertificate → skip [0] version, serial, signature, issuer, validity, subject.
pub(crate) fn spki_of_certificate(cert: &[u8]) -> Option<&[u8]> {
    const SEQUENCE: u8 = 0x30;
    const VERSION: u8 = 0xa0;
    let (certificate, _) = element(cert, SEQUENCE)?;
    let (tbs, _) = element(content(certificate)?, SEQUENCE)?;
    let mut rest = content(tbs)?;
    if rest.first() == Some(&VERSION) {
        rest = element(rest, VERSION)?.1;
    }
    for _ in 0..5 {
        let (_, next) = element(rest, *rest.first()?)?;
        rest = next;
    }
    let (spki, _) = element(rest, SEQUENCE)?;
    Some(spki)
}

/// Splits `der` into its first element (tag, length and content) with the expected tag, and the rest.
fn element(der: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    if *der.first()? != tag {
        return None;
    }
    let (header, len) = header_and_len(der)?;
    let end = header.checked_add(len)?;
    (end <= der.len()).then(|| der.split_at(end))
}

/// The content of one whole element.
fn content(element: &[u8]) -> Option<&[u8]> {
    let (header, len) = header_and_len(element)?;
    element.get(header..header.checked_add(len)?)
}

fn header_and_len(der: &[u8]) -> Option<(usize, usize)> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some((2, usize::from(first)));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let len = der
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Some((2 + n, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_spki_of_generated_certificates() {
        for alg in [
            &rcgen::PKCS_ECDSA_P256_SHA256,
            &rcgen::PKCS_ECDSA_P384_SHA384,
            &rcgen::PKCS_ED25519,
        ] {
            let key = rcgen::KeyPair::generate_for(alg).unwrap();
            let cert = rcgen::CertificateParams::new(vec!["cvlink.local".into()])
                .unwrap()
                .self_signed(&key)
                .unwrap();
            assert_eq!(
                spki_of_certificate(cert.der()),
                Some(key.public_key_der().as_slice())
            );
        }
    }

    #[test]
    fn rejects_truncated_and_garbage_input_without_panicking() {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["x".into()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let der = cert.der().to_vec();
        for cut in 0..der.len() {
            assert_eq!(spki_of_certificate(&der[..cut]), None, "cut at {cut}");
        }
        assert_eq!(spki_of_certificate(b"\x30\x84\xff\xff\xff\xff"), None);
        assert_eq!(spki_of_certificate(&[]), None);
        assert_eq!(spki_of_certificate(b"\x30\x80\x00\x00"), None);
    }
}
