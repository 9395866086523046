//! The tunnel's Noise keys (X25519, as rathole's `Noise_KK_25519_ChaChaPoly_BLAKE2s` uses them): each
//! side keeps its key pair in a private file and is told the other side's public key, so the relay host
//! accepts exactly the sites it lists and a site attaches to exactly its relay host.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The Noise pattern both ends use: each knows the other's static key beforehand (KK).
pub const PATTERN: &str = "Noise_KK_25519_ChaChaPoly_BLAKE2s";

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A Noise public key, base64 as rathole writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(String);

impl PublicKey {
    pub fn parse(s: &str) -> anyhow::Result<Self> {
        let s = s.trim();
        let bytes = B64
            .decode(s)
            .map_err(|_| anyhow::anyhow!("{s:?} is not a base64 key"))?;
        anyhow::ensure!(
            bytes.len() == 32,
            "a Noise key is 32 bytes; {s:?} holds {}",
            bytes.len()
        );
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The service token rathole also asks for. The Noise handshake already proves who the site is;
    /// deriving the token from the site's key spares operators a second secret to copy around.
    pub fn service_token(&self) -> String {
        hex::encode(Sha256::digest(format!("cvmobile relay service {}", self.0)))
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key pair kept in a private TOML file (`private = "…"`, `public = "…"`).
#[derive(Clone, Serialize, Deserialize)]
pub struct KeyPair {
    pub private: String,
    pub public: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl KeyPair {
    pub fn generate() -> anyhow::Result<Self> {
        let kp = snow::Builder::new(PATTERN.parse()?).generate_keypair()?;
        Ok(Self {
            private: B64.encode(kp.private),
            public: B64.encode(kp.public),
        })
    }

    /// Reads the key pair at `path`, making one on first use. Returns it and whether it is new.
    pub fn load_or_create(path: &Path) -> anyhow::Result<(Self, bool)> {
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let kp: Self = toml::from_str(&text)
                .with_context(|| format!("{} is not a key file", path.display()))?;
            PublicKey::parse(&kp.public).with_context(|| format!("{}: public", path.display()))?;
            PublicKey::parse(&kp.private)
                .with_context(|| format!("{}: private", path.display()))?;
            return Ok((kp, false));
        }
        if let Some(dir) = path.parent() {
            crate::files::private_dir(dir)?;
        }
        let kp = Self::generate()?;
        crate::files::write_private(path, toml::to_string(&kp)?.as_bytes())?;
        Ok((kp, true))
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.public.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_private_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relay").join("site.key");
        let (a, new) = KeyPair::load_or_create(&path).unwrap();
        assert!(new);
        let (b, new) = KeyPair::load_or_create(&path).unwrap();
        assert!(!new);
        assert_eq!(a.public, b.public);
        assert_eq!(a.private, b.private);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_ne!(KeyPair::generate().unwrap().public, a.public);
        // The private key never shows in logs.
        assert!(!format!("{a:?}").contains(&a.private));
    }

    #[test]
    fn public_keys_are_checked() {
        let kp = KeyPair::generate().unwrap();
        assert!(PublicKey::parse(&kp.public).is_ok());
        assert!(PublicKey::parse("not base64!").is_err());
        assert!(PublicKey::parse("AAAA").is_err());
        let token = kp.public_key().service_token();
        assert_eq!(token.len(), 64);
        assert_ne!(
            token,
            KeyPair::generate().unwrap().public_key().service_token()
        );
    }
}
