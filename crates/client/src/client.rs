//! The client handle: constructors per platform, the shared tokens and the listener told of their changes.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
#[cfg(not(target_arch = "wasm32"))]
use std::time::Duration;

use cvm_api::TokenPair;
#[cfg(not(target_arch = "wasm32"))]
use cvm_api::{Failure, OrgCode};
use url::Url;

use crate::transport::error_chain;

/// How long to wait for a TCP + TLS connection before trying the next URL (a LAN address seen from
/// mobile data usually swallows packets rather than refusing).
#[cfg(not(target_arch = "wasm32"))]
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

type Listener = Arc<dyn Fn(Option<&TokenPair>) + Send + Sync>;

/// A cheap-to-clone handle; clones share tokens, the URL in use and the listener.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// reqwest's client, or why it could not be built (reported by every request rather than by a
    /// constructor that must not fail).
    pub(crate) http: Result<reqwest::Client, String>,
    /// Base URLs in order of preference; never empty.
    pub(crate) urls: Vec<Url>,
    /// Index into `urls` of the one that last connected.
    pub(crate) current: AtomicUsize,
    pub(crate) tokens: Mutex<Option<TokenPair>>,
    pub(crate) listener: Mutex<Option<Listener>>,
    /// Held while refreshing, so concurrent requests that all see an expired token refresh once.
    pub(crate) refresh: futures::lock::Mutex<()>,
    /// The refresh token lives in the gateway's `HttpOnly` cookie, not here (the web build: see
    /// `cvm_api::paths::REFRESH_IN_COOKIE`); the tokens then hold an empty refresh token.
    pub(crate) refresh_cookie: bool,
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) pin: Option<Pin>,
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct Pin {
    pub(crate) expected: cvm_api::Fingerprint,
    pub(crate) mismatches: Arc<crate::pin::MismatchLog>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print tokens.
        f.debug_struct("Client")
            .field("urls", &self.inner.urls)
            .field("base_url", &self.base_url().as_str())
            .field("logged_in", &self.tokens().is_some())
            .finish()
    }
}

impl Client {
    /// A client for the site of an org code (native only): HTTPS to its URLs in order (LAN first, relay
    /// after), trusting exactly the key whose SPKI SHA-256 is `org.fingerprint()`, whatever the hostname
    /// or CA. Moves to the next URL only when connecting fails, and keeps using the one that worked.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn for_org(org: &OrgCode) -> Result<Client, Failure> {
        let mismatches = Arc::new(crate::pin::MismatchLog::default());
        let tls = crate::pin::pinned_config(org.fingerprint(), mismatches.clone())
            .map_err(|e| Failure::Tls(e.to_string()))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| Failure::Tls(error_chain(&e)))?;
        let pin = Pin {
            expected: org.fingerprint(),
            mismatches,
        };
        Ok(Self::new(Ok(http), org.urls().to_vec(), Some(pin)))
    }

    /// A client for one base URL with the platform's normal TLS trust, or plain HTTP. The web build uses
    /// it for its own origin (a browser cannot pin: cvm-core compares the fingerprint the server reports with the org code); tests
    /// use it for plain-HTTP servers. In the browser the refresh token stays in the gateway's
    /// `HttpOnly` cookie, out of reach of the page's scripts.
    pub fn with_base_url(base: Url) -> Client {
        #[cfg(not(target_arch = "wasm32"))]
        let http = {
            crate::pin::ensure_default_provider();
            reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .build()
        };
        #[cfg(target_arch = "wasm32")]
        let http = reqwest::Client::builder().build();
        let http = http.map_err(|e| error_chain(&e));
        #[cfg(not(target_arch = "wasm32"))]
        return Self::new(http, vec![base], None);
        #[cfg(target_arch = "wasm32")]
        return Self::new(http, vec![base]);
    }

    fn new(
        http: Result<reqwest::Client, String>,
        urls: Vec<Url>,
        #[cfg(not(target_arch = "wasm32"))] pin: Option<Pin>,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                http,
                urls,
                current: AtomicUsize::new(0),
                tokens: Mutex::new(None),
                listener: Mutex::new(None),
                refresh: futures::lock::Mutex::new(()),
                refresh_cookie: cfg!(target_arch = "wasm32"),
                #[cfg(not(target_arch = "wasm32"))]
                pin,
            }),
        }
    }

    /// The base URL currently in use (the one that last connected).
    pub fn base_url(&self) -> Url {
        let i = self.inner.current.load(Ordering::Relaxed);
        self.inner.urls[i.min(self.inner.urls.len() - 1)].clone()
    }

    /// The stored tokens, for the app to persist.
    pub fn tokens(&self) -> Option<TokenPair> {
        self.lock_tokens().clone()
    }

    /// Replaces the stored tokens, e.g. with a session restored from the keyring. Does not call the
    /// `on_tokens_changed` listener: the caller already knows.
    pub fn set_tokens(&self, t: Option<TokenPair>) {
        *self.lock_tokens() = t;
    }

    /// Sets the listener called whenever the client itself changes the stored tokens (login, refresh,
    /// logout, expiry), so the app can persist them. Replaces any earlier listener.
    pub fn on_tokens_changed(&self, f: impl Fn(Option<&TokenPair>) + Send + Sync + 'static) {
        *self
            .inner
            .listener
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(f));
    }

    pub(crate) fn lock_tokens(&self) -> MutexGuard<'_, Option<TokenPair>> {
        self.inner.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores new tokens and tells the listener (outside the lock: it may call back into the client).
    pub(crate) fn replace_tokens(&self, t: Option<TokenPair>) {
        *self.lock_tokens() = t.clone();
        let listener = self
            .inner
            .listener
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(f) = listener {
            f(t.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_tokens() {
        let c = Client::with_base_url(Url::parse("http://127.0.0.1:1").unwrap());
        c.set_tokens(Some(TokenPair {
            access_token: "secret-access".into(),
            refresh_token: "secret-refresh".into(),
            expires_in: 60,
            role: cvm_api::Role::Admin,
        }));
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
    }
}
