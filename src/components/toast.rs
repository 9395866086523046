//! The in-app toast: what the live feed announces while the app is open (an admin's alarm, a person's
//! own access record, a test notification) shows for a few seconds above the bottom bar, and is read
//! out by screen readers (a polite live region).

use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::text;
use crate::services::live::ToastState;

/// How long a toast stays.
const SHOWN: std::time::Duration = std::time::Duration::from_secs(6);

#[component]
pub fn LiveToast() -> Element {
    let ToastState(mut toast) = use_context::<ToastState>();
    use_effect(move || {
        if let Some((seq, _)) = toast() {
            spawn(async move {
                crate::services::time::sleep(SHOWN).await;
                if toast.peek().as_ref().map(|t| t.0) == Some(seq) {
                    toast.set(None);
                }
            });
        }
    });
    let current = toast();
    rsx! {
        div { class: "toast-region", role: "status", aria_live: "polite",
            if let Some((seq, row)) = current {
                div {
                    key: "{seq}",
                    id: "toast",
                    class: "toast",
                    "data-kind": row.kind.as_str(),
                    "data-level": row.level.as_str(),
                    div { class: "toast-text",
                        span { class: "toast-title", {text(&row.title)} }
                        if let Some(place) = &row.place {
                            span { class: "toast-place", "{place}" }
                        }
                    }
                    button {
                        id: "toast-close",
                        class: "icon-button",
                        r#type: "button",
                        aria_label: t!("toast-dismiss"),
                        onclick: move |_| toast.set(None),
                        Icon { svg: icons::CLOSE }
                    }
                }
            }
        }
    }
}
