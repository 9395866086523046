//! Where the session survives restarts: the platform's keystore through keyring v4 natively — Secret
//! Service with the kernel keyring as fallback on desktop Linux, the Android Keystore, Apple's
//! data-protection keychain on iOS — and `localStorage` on the web. Memory where no store opens.

use std::sync::{Arc, Mutex};

use cvm_core::StoredSession;

/// The key (web) or entry name (keyring) of the stored session.
pub const KEY: &str = "cvmobile.session";

/// A place to keep one session. Implementations swallow storage errors: losing a session only means
/// logging in again.
pub trait SessionStore: Send + Sync {
    fn load(&self) -> Option<StoredSession>;
    /// Saves the session, or forgets it with `None`.
    fn save(&self, session: Option<&StoredSession>);
}

/// Keeps the session for the life of the process (tests, and platforms without a store yet).
#[derive(Default)]
pub struct MemoryStore(Mutex<Option<StoredSession>>);

impl SessionStore for MemoryStore {
    fn load(&self) -> Option<StoredSession> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn save(&self, session: Option<&StoredSession>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = session.cloned();
    }
}

/// `window.localStorage["cvmobile.session"]` as JSON, without its tokens: the refresh token lives in
/// cvlink's `HttpOnly` cookie (scripts in the page, an injected one included, cannot read it) and the
/// access token only in memory. What is kept says which site and role to restore; the first request after
/// a reload exchanges the cookie for a fresh access token.
#[cfg(target_arch = "wasm32")]
pub struct WebStore;

#[cfg(target_arch = "wasm32")]
impl WebStore {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }
}

#[cfg(target_arch = "wasm32")]
impl SessionStore for WebStore {
    fn load(&self) -> Option<StoredSession> {
        let text = Self::storage()?.get_item(KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn save(&self, session: Option<&StoredSession>) {
        let Some(storage) = Self::storage() else {
            return;
        };
        let _ = match session.and_then(|s| serde_json::to_string(&without_tokens(s)).ok()) {
            Some(json) => storage.set_item(KEY, &json),
            None => storage.remove_item(KEY),
        };
    }
}

/// What the web build keeps of a session: everything but the tokens.
pub fn without_tokens(s: &StoredSession) -> StoredSession {
    let mut kept = s.clone();
    kept.tokens.access_token.clear();
    kept.tokens.refresh_token.clear();
    kept
}

/// The platform's keystores through keyring v4 (`keyring-core`), in order of preference: the session
/// lives in the first that takes it, and copies in the others are removed, so exactly one holds it.
/// Reading takes the first that has one. The app's session effect is the one writer.
#[cfg(not(target_arch = "wasm32"))]
pub struct KeyringStore {
    stores: Vec<Arc<keyring_core::CredentialStore>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl KeyringStore {
    /// The service name entries are kept under.
    const SERVICE: &'static str = "cvmobile";

    pub fn new(stores: Vec<Arc<keyring_core::CredentialStore>>) -> Self {
        Self { stores }
    }

    /// What each store is (for logs and support): vendor names, in order.
    pub fn vendors(&self) -> Vec<String> {
        self.stores.iter().map(|s| s.vendor()).collect()
    }

    fn entry(store: &Arc<keyring_core::CredentialStore>) -> Option<keyring_core::Entry> {
        keyring_core::Entry::new_in_store(store, Self::SERVICE, KEY).ok()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl SessionStore for KeyringStore {
    fn load(&self) -> Option<StoredSession> {
        self.stores.iter().find_map(|store| {
            let text = Self::entry(store)?.get_password().ok()?;
            serde_json::from_str(&text).ok()
        })
    }

    fn save(&self, session: Option<&StoredSession>) {
        let json = session.and_then(|s| serde_json::to_string(s).ok());
        let mut held = false;
        for store in &self.stores {
            let Some(entry) = Self::entry(store) else {
                continue;
            };
            match &json {
                Some(json) if !held => held = entry.set_password(json).is_ok(),
                // Forgotten, or kept in a store before this one: no copy stays behind.
                _ => {
                    let _ = entry.delete_credential();
                }
            }
        }
    }
}

/// The keystores of this platform, best first (empty where there is none).
#[cfg(not(target_arch = "wasm32"))]
fn platform_stores() -> Vec<Arc<keyring_core::CredentialStore>> {
    #[allow(unused_mut)]
    let mut stores: Vec<Arc<keyring_core::CredentialStore>> = Vec::new();
    #[cfg(all(feature = "desktop", target_os = "linux"))]
    {
        // Secret Service survives reboots; without a D-Bus session or a keyring daemon, the kernel's
        // keyring keeps the session until the machine restarts.
        if let Ok(s) = zbus_secret_service_keyring_store::Store::new() {
            stores.push(s);
        }
        if let Ok(s) = linux_keyutils_keyring_store::Store::new() {
            stores.push(s);
        }
    }
    #[cfg(all(feature = "mobile", target_os = "android"))]
    {
        // The store needs the NDK context the webview's glue sets up; were it missing, the app keeps the
        // session in memory rather than stop.
        if let Ok(Ok(s)) = std::panic::catch_unwind(android_native_keyring_store::Store::new) {
            stores.push(s);
        }
    }
    #[cfg(all(feature = "mobile", target_os = "ios"))]
    if let Ok(s) = apple_native_keyring_store::protected::Store::new() {
        stores.push(s);
    }
    stores
}

/// The store of this platform: `localStorage` on the web, the platform keystores natively, memory
/// where none can be opened.
pub fn default_store() -> Arc<dyn SessionStore> {
    #[cfg(target_arch = "wasm32")]
    {
        Arc::new(WebStore)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let stores = platform_stores();
        if stores.is_empty() {
            Arc::new(MemoryStore::default())
        } else {
            Arc::new(KeyringStore::new(stores))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{Role, TokenPair};

    #[test]
    fn memory_store_saves_and_forgets() {
        let s = MemoryStore::default();
        assert_eq!(s.load(), None);
        let session = StoredSession {
            org_code: "cvmobile://org?v=1".into(),
            tokens: TokenPair {
                access_token: "a".into(),
                refresh_token: "r".into(),
                expires_in: 1,
                role: Role::Admin,
            },
        };
        s.save(Some(&session));
        assert_eq!(s.load(), Some(session.clone()));
        s.save(None);
        assert_eq!(s.load(), None);
        // What the web build keeps: the site and the role, no token.
        let kept = without_tokens(&session);
        assert_eq!(
            (kept.org_code.as_str(), kept.tokens.role),
            (session.org_code.as_str(), Role::Admin)
        );
        assert!(kept.tokens.access_token.is_empty() && kept.tokens.refresh_token.is_empty());
    }

    /// A keystore that cannot be used (no D-Bus session, a locked keychain…).
    struct Broken;

    impl keyring_core::api::CredentialStoreApi for Broken {
        fn vendor(&self) -> String {
            "broken".into()
        }
        fn id(&self) -> String {
            "broken".into()
        }
        fn build(
            &self,
            _service: &str,
            _user: &str,
            _modifiers: Option<&std::collections::HashMap<&str, &str>>,
        ) -> keyring_core::Result<keyring_core::Entry> {
            Err(keyring_core::Error::NoStorageAccess(
                "no session bus".into(),
            ))
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    fn session(access: &str) -> StoredSession {
        StoredSession {
            org_code: "cvmobile://org?v=1".into(),
            tokens: TokenPair {
                access_token: access.into(),
                refresh_token: "r".into(),
                expires_in: 1,
                role: Role::Admin,
            },
        }
    }

    #[test]
    fn the_session_lives_in_the_first_keystore_that_takes_it_and_only_there() {
        let first = keyring_core::mock::Store::new().unwrap();
        let second = keyring_core::mock::Store::new().unwrap();
        let both: Vec<Arc<keyring_core::CredentialStore>> = vec![first.clone(), second.clone()];
        let store = KeyringStore::new(both);
        assert_eq!(store.load(), None);
        store.save(Some(&session("a")));
        assert_eq!(store.load(), Some(session("a")));
        let in_second = keyring_core::Entry::new_in_store(
            &(second.clone() as Arc<keyring_core::CredentialStore>),
            "cvmobile",
            KEY,
        )
        .unwrap();
        assert!(
            in_second.get_password().is_err(),
            "no copy in the second store"
        );
        // A copy left in a later store (an older run's fallback) goes with the next save.
        in_second.set_password("old").unwrap();
        store.save(Some(&session("b")));
        assert!(in_second.get_password().is_err());
        assert_eq!(store.load(), Some(session("b")));
        store.save(None);
        assert_eq!(store.load(), None);
    }

    #[test]
    fn a_keystore_that_cannot_be_used_falls_back_to_the_next() {
        let working = keyring_core::mock::Store::new().unwrap();
        let stores: Vec<Arc<keyring_core::CredentialStore>> = vec![Arc::new(Broken), working];
        let store = KeyringStore::new(stores);
        assert_eq!(store.vendors()[0], "broken");
        store.save(Some(&session("a")));
        assert_eq!(store.load(), Some(session("a")));
        store.save(None);
        assert_eq!(store.load(), None);
    }
}
