//! Client construction per platform and the conversion of client errors into the core's failures.

use cvm_api::OrgCode;
use cvm_client::{Client, ClientError};
use cvm_core::Failure;

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
        Client::for_org(org).map_err(failure_of)
    }
}

pub fn failure_of(e: ClientError) -> Failure {
    match e {
        ClientError::Api(p) => Failure::api(p),
        ClientError::SessionExpired => Failure::SessionExpired,
        ClientError::NotLoggedIn => Failure::NotLoggedIn,
        ClientError::Unreachable(s) => Failure::Unreachable(s),
        ClientError::KeyMismatch { expected, got } => Failure::KeyMismatch { expected, got },
        ClientError::Tls(s) => Failure::Tls(s),
        ClientError::Decode(s) => Failure::Decode(s),
    }
}
