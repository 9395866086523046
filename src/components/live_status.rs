//! The live feed's state in one line: live, connecting, or waiting to retry, and how many new events
//! arrived.

use cvm_core::Connection;
use dioxus::prelude::*;

#[component]
pub fn LiveStatus(connection: Connection, unread: u32) -> Element {
    let (state, label) = match connection {
        Connection::Live => ("live", t!("live-on")),
        Connection::Off | Connection::Connecting => ("connecting", t!("live-connecting")),
        Connection::Waiting { delay, .. } => (
            "waiting",
            t!("live-waiting", seconds = delay.as_secs().max(1)),
        ),
    };
    rsx! {
        p { id: "live-status", class: "live-status live-{state}", "data-state": state, role: "status",
            span { class: "live-dot", aria_hidden: "true" }
            span { class: "live-label", {label} }
            if unread > 0 {
                span { id: "live-unread", class: "live-unread", {t!("live-unread", count = unread)} }
            }
        }
    }
}
