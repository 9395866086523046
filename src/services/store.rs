//! Where the session survives restarts: `localStorage` on the web, the OS keyring on desktop Linux,
//! memory elsewhere (Android, iOS) until their platform store is plugged in behind [`SessionStore`].

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

/// `window.localStorage["cvmobile.session"]` as JSON.
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
        let _ = match session.and_then(|s| serde_json::to_string(s).ok()) {
            Some(json) => storage.set_item(KEY, &json),
            None => storage.remove_item(KEY),
        };
    }
}

/// The Linux kernel keyring (desktop build).
#[cfg(all(feature = "desktop", target_os = "linux"))]
pub struct KeyringStore;

#[cfg(all(feature = "desktop", target_os = "linux"))]
impl KeyringStore {
    fn entry() -> Option<keyring::Entry> {
        keyring::Entry::new("cvmobile", KEY).ok()
    }
}

#[cfg(all(feature = "desktop", target_os = "linux"))]
impl SessionStore for KeyringStore {
    fn load(&self) -> Option<StoredSession> {
        let text = Self::entry()?.get_password().ok()?;
        serde_json::from_str(&text).ok()
    }

    fn save(&self, session: Option<&StoredSession>) {
        let Some(entry) = Self::entry() else {
            return;
        };
        let _ = match session.and_then(|s| serde_json::to_string(s).ok()) {
            Some(json) => entry.set_password(&json),
            None => entry.delete_credential(),
        };
    }
}

/// The store of this platform.
pub fn default_store() -> Arc<dyn SessionStore> {
    #[cfg(target_arch = "wasm32")]
    {
        Arc::new(WebStore)
    }
    #[cfg(all(feature = "desktop", target_os = "linux"))]
    {
        Arc::new(KeyringStore)
    }
    #[cfg(not(any(target_arch = "wasm32", all(feature = "desktop", target_os = "linux"))))]
    {
        Arc::new(MemoryStore::default())
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
        assert_eq!(s.load(), Some(session));
        s.save(None);
        assert_eq!(s.load(), None);
    }
}
