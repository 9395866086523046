//! Dynamic QR credentials: `"2#" + base64` tokens that only this emulator can issue and verify.
//!
//! A token is `kind (1) | issued ms (6) | serial (2) | pin length (1) | pin | HMAC-SHA256 (10)`, the MAC keyed
//! with a secret derived from the sim's seed and API token. It stays short enough for a small QR code at
//! error correction M (34 characters for a 4-digit pin, at most 62), changes on every call, and is opaque to
//! clients as the real one is.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The vendor's prefix of a dynamic QR value.
const PREFIX: &str = "2#";
const MAC_LEN: usize = 10;
const HEADER_LEN: usize = 1 + 6 + 2 + 1;
/// Longest pin a token carries: keeps the whole value within 64 characters.
pub const MAX_PIN_LEN: usize = 24;

/// Whose credential a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrKind {
    Person,
    Visitor,
}

impl QrKind {
    fn tag(self) -> u8 {
        match self {
            Self::Person => 1,
            Self::Visitor => 2,
        }
    }

    fn from_tag(tag: u8) -> Option<Self> {
        match tag {
            1 => Some(Self::Person),
            2 => Some(Self::Visitor),
            _ => None,
        }
    }
}

/// What a genuine token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrClaim {
    pub kind: QrKind,
    pub pin: String,
    pub issued_ms: i64,
}

/// Why a presented value is not a usable credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrRejection {
    /// Not a token of this sim (garbled, forged, another site's).
    Invalid,
    /// Genuine but older than the validity window (or issued in the future); whose it is stays known.
    Expired(QrClaim),
}

/// The sim's issuer: secret key, validity window and a serial that makes every value fresh.
#[derive(Debug, Clone)]
pub struct QrIssuer {
    key: [u8; 32],
    validity_ms: i64,
    serial: Arc<AtomicU16>,
}

impl QrIssuer {
    /// The key is derived from the seed and API token, so a sim restarted with the same configuration still
    /// accepts its own recent codes.
    pub fn new(seed: u64, token: &str, validity_secs: u32) -> Self {
        let mut hash = Sha256::new();
        hash.update(b"cvsim dynamic QR v1");
        hash.update(seed.to_le_bytes());
        hash.update(token.as_bytes());
        Self {
            key: hash.finalize().into(),
            validity_ms: i64::from(validity_secs.max(1)) * 1000,
            serial: Arc::default(),
        }
    }

    pub fn validity_ms(&self) -> i64 {
        self.validity_ms
    }

    fn mac(&self, bytes: &[u8]) -> [u8; MAC_LEN] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(bytes);
        let full = mac.finalize().into_bytes();
        let mut out = [0; MAC_LEN];
        out.copy_from_slice(&full[..MAC_LEN]);
        out
    }

    /// A fresh value for `pin`, issued at `now_ms`; `None` when the pin is empty or longer than
    /// [`MAX_PIN_LEN`] bytes.
    pub fn issue(&self, kind: QrKind, pin: &str, now_ms: i64) -> Option<String> {
        if pin.is_empty() || pin.len() > MAX_PIN_LEN {
            return None;
        }
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let mut bytes = Vec::with_capacity(HEADER_LEN + pin.len() + MAC_LEN);
        bytes.push(kind.tag());
        bytes.extend_from_slice(&now_ms.max(0).to_be_bytes()[2..]);
        bytes.extend_from_slice(&serial.to_be_bytes());
        bytes.push(pin.len() as u8);
        bytes.extend_from_slice(pin.as_bytes());
        let mac = self.mac(&bytes);
        bytes.extend_from_slice(&mac);
        Some(format!("{PREFIX}{}", STANDARD.encode(bytes)))
    }

    /// Checks a presented value at `now_ms`.
    pub fn verify(&self, value: &str, now_ms: i64) -> Result<QrClaim, QrRejection> {
        let claim = self.decode(value).ok_or(QrRejection::Invalid)?;
        // A little slack for a reader whose clock runs ahead of the server's.
        if now_ms - claim.issued_ms > self.validity_ms || claim.issued_ms - now_ms > 5_000 {
            return Err(QrRejection::Expired(claim));
        }
        Ok(claim)
    }

    fn decode(&self, value: &str) -> Option<QrClaim> {
        let bytes = STANDARD.decode(value.trim().strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < HEADER_LEN + 1 + MAC_LEN {
            return None;
        }
        let (body, mac) = bytes.split_at(bytes.len() - MAC_LEN);
        let expected = self.mac(body);
        if expected
            .iter()
            .zip(mac)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            != 0
        {
            return None;
        }
        let kind = QrKind::from_tag(body[0])?;
        let mut ms = [0u8; 8];
        ms[2..].copy_from_slice(&body[1..7]);
        let pin_len = usize::from(body[9]);
        let pin = body.get(HEADER_LEN..)?;
        if pin.len() != pin_len {
            return None;
        }
        Some(QrClaim {
            kind,
            pin: String::from_utf8(pin.to_vec()).ok()?,
            issued_ms: i64::from_be_bytes(ms),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_000_000_000;

    #[test]
    fn tokens_are_fresh_short_and_verifiable() {
        let issuer = QrIssuer::new(7, "TOKEN", 30);
        let a = issuer.issue(QrKind::Person, "1001", NOW).unwrap();
        let b = issuer.issue(QrKind::Person, "1001", NOW).unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("2#"));
        let longest = issuer
            .issue(QrKind::Visitor, &"9".repeat(MAX_PIN_LEN), NOW)
            .unwrap();
        assert_eq!(longest.len(), 62);
        assert_eq!(a.len(), 34);
        let claim = issuer.verify(&a, NOW + 29_000).unwrap();
        assert_eq!(
            claim,
            QrClaim {
                kind: QrKind::Person,
                pin: "1001".into(),
                issued_ms: NOW
            }
        );
        assert!(issuer.issue(QrKind::Person, "", NOW).is_none());
        assert!(issuer
            .issue(QrKind::Person, &"1".repeat(MAX_PIN_LEN + 1), NOW)
            .is_none());
    }

    #[test]
    fn expired_forged_and_foreign_tokens_are_rejected() {
        let issuer = QrIssuer::new(7, "TOKEN", 30);
        let token = issuer.issue(QrKind::Visitor, "800000001", NOW).unwrap();
        let Err(QrRejection::Expired(claim)) = issuer.verify(&token, NOW + 31_000) else {
            panic!("a 31-second-old code passed");
        };
        assert_eq!(claim.pin, "800000001");
        let other = QrIssuer::new(8, "TOKEN", 30);
        assert_eq!(other.verify(&token, NOW), Err(QrRejection::Invalid));
        let mut bytes = STANDARD.decode(&token[2..]).unwrap();
        bytes[11] ^= 1;
        let forged = format!("2#{}", STANDARD.encode(bytes));
        assert_eq!(issuer.verify(&forged, NOW), Err(QrRejection::Invalid));
        for junk in ["", "2#", "2#!!!", "hello", "1#AAAA"] {
            assert_eq!(issuer.verify(junk, NOW), Err(QrRejection::Invalid));
        }
    }
}
