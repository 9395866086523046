//! Typed async client of the cvmobile mobile API, for the app (native and wasm32) and for tests.
//!
//! Native builds connect to the URLs of an [`OrgCode`](cvm_api::OrgCode) and trust exactly the key whose
//! fingerprint the org code carries ([`Client::for_org`]). The web build talks to its own origin with the
//! browser's TLS ([`Client::with_base_url`]). Access tokens are refreshed transparently, once per expiry.

// `ClientError::Api` carries the gateway's `Problem` by value, as the app matches on it; errors are rare
// and a 136-byte `Err` costs nothing next to a network round trip.
#![allow(clippy::result_large_err)]

mod client;
mod error;
#[cfg(not(target_arch = "wasm32"))]
mod pin;

pub use client::Client;
pub use error::ClientError;
