//! Client construction per platform.

use cvm_api::{Failure, OrgCode};
use cvm_client::Client;

/// The client for an org code. Native builds pin the key of the code's URLs; the web build talks to
/// its own origin (the gateway serves it) and the core compares the fingerprint the server reports.
pub fn client_for(org: &OrgCode) -> Result<Client, Failure> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = org;
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .ok_or_else(|| Failure::Unreachable("no window origin".into()))?;
        let base = url::Url::parse(&origin).map_err(|e| Failure::Unreachable(e.to_string()))?;
        Ok(Client::with_base_url(base))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Client::for_org(org)
    }
}
