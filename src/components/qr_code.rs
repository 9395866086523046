//! A QR code to be scanned from the screen: cvm-scan's SVG (dark modules on white, quiet zone included),
//! as large as the screen allows, on white in the dark theme too.

use dioxus::prelude::*;

/// Renders `payload` as a QR code labelled `label` for screen readers; a payload too long for a QR code
/// shows why instead.
#[component]
pub fn QrCodeView(id: String, payload: String, label: String) -> Element {
    match cvm_scan::render_svg(&payload) {
        Ok(svg) => rsx! {
            div {
                id: "{id}",
                class: "qr-code",
                role: "img",
                aria_label: "{label}",
                "data-payload-len": "{payload.len()}",
                dangerous_inner_html: svg,
            }
        },
        Err(_) => rsx! {
            p { id: "{id}", class: "qr-code-error", role: "alert", {t!("qr-too-long")} }
        },
    }
}
