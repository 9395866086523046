//! Inline SVG icons (24×24, stroke `currentColor`), so they follow the theme and need no asset files.

use dioxus::prelude::*;

pub const DASHBOARD: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="3" width="7" height="9" rx="1.5"/><rect x="14" y="3" width="7" height="5" rx="1.5"/><rect x="14" y="12" width="7" height="9" rx="1.5"/><rect x="3" y="16" width="7" height="5" rx="1.5"/></svg>"#;
pub const USER: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/></svg>"#;
pub const SHIELD: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 3l8 3v6c0 5-3.4 8.3-8 9-4.6-.7-8-4-8-9V6z"/><path d="M9 12l2 2 4-4"/></svg>"#;
pub const BADGE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="4" y="3" width="16" height="18" rx="2"/><circle cx="12" cy="10" r="3"/><path d="M8 17c.8-1.6 2.2-2.5 4-2.5s3.2.9 4 2.5"/></svg>"#;
pub const IMAGE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="M21 16l-5-5-9 9"/></svg>"#;
pub const QR: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="3" width="7" height="7" rx="1"/><rect x="14" y="3" width="7" height="7" rx="1"/><rect x="3" y="14" width="7" height="7" rx="1"/><path d="M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3"/></svg>"#;
pub const ALERT: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="9"/><path d="M12 7v6M12 16.5v.01"/></svg>"#;
pub const CAMERA: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z"/><circle cx="12" cy="13.5" r="3.5"/></svg>"#;
pub const CLOSE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18"/></svg>"#;
pub const TORCH: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 3h8v4l-2 3v11h-4V10L8 7z"/><path d="M12 13v2"/></svg>"#;
pub const PASTE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V3h6v1M9 10h6M9 14h6M9 18h3"/></svg>"#;
pub const BACK: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7"/></svg>"#;
pub const LOGOUT: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M15 4h3a2 2 0 012 2v12a2 2 0 01-2 2h-3"/><path d="M10 8l-4 4 4 4M6 12h10"/></svg>"#;
pub const PEOPLE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/><path d="M16 4.5a3.5 3.5 0 010 7M18 14.3c2.1.7 3.5 2.6 3.5 5.7"/></svg>"#;
pub const DEVICE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="6" y="2.5" width="12" height="19" rx="2"/><circle cx="12" cy="9" r="2.5"/><path d="M10 16h4"/></svg>"#;
pub const VISITOR: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="10" cy="8" r="3.5"/><path d="M3.5 20c0-3.6 2.9-6 6.5-6 1.4 0 2.7.4 3.7 1"/><path d="M16 18h6M19 15v6"/></svg>"#;
pub const ONLINE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>"#;
pub const OFFLINE: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18"/></svg>"#;
pub const REFRESH: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 11a8 8 0 10-2.3 5.7"/><path d="M20 4v7h-7"/></svg>"#;
pub const CHEVRON: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9 5l7 7-7 7"/></svg>"#;

pub const BELL: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 16V11a6 6 0 0112 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 004 0"/></svg>"#;
pub const SIREN: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 18v-6a6 6 0 0112 0v6"/><path d="M4 18h16v3H4zM12 3V1.5M4.5 5.5l-1-1M19.5 5.5l1-1M12 12v3"/></svg>"#;
pub const WARNING: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 3.5l9.5 16.5h-19z"/><path d="M12 10v4.5M12 17.5v.01"/></svg>"#;
pub const INFO: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/></svg>"#;
pub const APPS: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="6.5" cy="6.5" r="2.5"/><circle cx="17.5" cy="6.5" r="2.5"/><circle cx="6.5" cy="17.5" r="2.5"/><circle cx="17.5" cy="17.5" r="2.5"/></svg>"#;
pub const RECORDS: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="4" y="3" width="16" height="18" rx="2"/><path d="M8 8h8M8 12h8M8 16h5"/></svg>"#;
pub const SEARCH: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5L21 21"/></svg>"#;
pub const DOOR: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 21V4a1 1 0 011-1h12a1 1 0 011 1v17M3 21h18"/><path d="M15 12v.01"/></svg>"#;
/// The picture of an alarm without a captured photo (a camera over a soft frame).
pub const NO_PHOTO: &str = r#"<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><rect x="4" y="8" width="40" height="32" rx="6" fill="currentColor" fill-opacity=".08"/><path d="M15 19h4l2.5-3.5h5L29 19h4a1.5 1.5 0 011.5 1.5v11A1.5 1.5 0 0133 33H15a1.5 1.5 0 01-1.5-1.5v-11A1.5 1.5 0 0115 19z"/><circle cx="24" cy="26" r="4"/></svg>"#;

/// An icon from the constants above.
#[component]
pub fn Icon(svg: &'static str, #[props(default)] class: String) -> Element {
    rsx! {
        span { class: "icon {class}", dangerous_inner_html: svg }
    }
}
