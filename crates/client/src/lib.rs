//! Typed async client of the cvmobile mobile API, for the app (native and wasm32) and for tests.
//!
//! Native builds connect to the URLs of an [`OrgCode`](cvm_api::OrgCode) and trust exactly the key whose
//! fingerprint the org code carries ([`Client::for_org`]). The web build talks to its own origin with the
//! browser's TLS ([`Client::with_base_url`]). Access tokens are refreshed transparently, once per expiry.
//! Live events arrive over server-sent events ([`Client::events`]). Every call fails with the contract's
//! one error type, [`cvm_api::Failure`].

mod client;
mod doors;
mod endpoints;
mod invitations;
#[cfg(not(target_arch = "wasm32"))]
mod pin;
mod sse;
mod stream;
mod transport;
mod visitors;

pub use client::Client;
pub use cvm_api::Failure;
pub use stream::EventStream;

/// The event-stream parser, for the fuzzer (`cargo xtask fuzz`): feeds `chunks` in order and returns each
/// dispatched message as (event, data, last id).
#[doc(hidden)]
pub fn parse_event_stream(chunks: &[&[u8]]) -> Vec<(String, String, Option<String>)> {
    let mut parser = sse::SseParser::default();
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend(
            parser
                .feed(chunk)
                .into_iter()
                .map(|m| (m.event, m.data, m.id)),
        );
    }
    out
}
