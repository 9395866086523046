//! Page furniture: the top app bar, the loading state, the error banner, and the one view that draws
//! a page's data in whatever state it is (loading / empty / error with retry / data).

use cvm_core::{Message, Status};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::text;
use crate::route::Route;

/// The top bar with the screen title, on sub-screens a back link, on data screens a refresh button, and
/// on admin screens the way to the Notification Center (`notifications`: the unread count).
#[component]
pub fn AppBar(
    title: String,
    #[props(default)] back: Option<Route>,
    #[props(default)] on_refresh: Option<EventHandler<()>>,
    #[props(default)] notifications: Option<u32>,
) -> Element {
    rsx! {
        header { class: "app-bar",
            if let Some(to) = back {
                Link { class: "icon-button back", to, aria_label: t!("action-back"),
                    Icon { svg: icons::BACK }
                }
            }
            h1 { class: "app-bar-title", "{title}" }
            if let Some(refresh) = on_refresh {
                button {
                    id: "refresh",
                    class: "icon-button refresh",
                    r#type: "button",
                    aria_label: t!("action-refresh"),
                    title: t!("action-refresh"),
                    onclick: move |_| refresh.call(()),
                    Icon { svg: icons::REFRESH }
                }
            }
            if let Some(unread) = notifications {
                super::NotificationBell { unread }
            }
        }
    }
}

/// What shows while data or the session is loading.
#[component]
pub fn Loading() -> Element {
    rsx! {
        div { id: "loading", class: "loading", role: "status", "aria-live": "polite",
            span { class: "spinner", "aria-hidden": "true" }
            span { {t!("loading")} }
        }
    }
}

/// The error banner of a page, with a retry button when the page can retry.
#[component]
pub fn PageError(
    message: Message,
    #[props(default)] on_retry: Option<EventHandler<()>>,
) -> Element {
    rsx! {
        div { class: "banner banner-error", role: "alert",
            Icon { svg: icons::ALERT }
            div { class: "banner-body",
                p { id: "page-error", {text(&message.text)} }
                if let Some(help) = &message.help {
                    p { class: "banner-help", {text(help)} }
                }
                if let Some(retry) = on_retry {
                    button { id: "retry", class: "button button-small", r#type: "button", onclick: move |_| retry.call(()),
                        {t!("action-retry")}
                    }
                }
            }
        }
    }
}

/// A page's data in whatever state it is: a spinner while loading, the error with a retry button, the
/// page's "nothing here" text when the loaded data is empty, and otherwise `children` (which the page
/// builds from the data only when it is ready).
#[component]
pub fn LoadableView(
    status: Status,
    on_retry: EventHandler<()>,
    /// What an empty result says; a generic "Nothing to show" when not given.
    #[props(default)]
    empty: Option<String>,
    children: Element,
) -> Element {
    match status {
        Status::Loading => rsx! { Loading {} },
        Status::Failed(message) => rsx! { PageError { message, on_retry } },
        Status::Empty => rsx! {
            p { id: "empty", class: "empty-state", role: "status",
                {empty.unwrap_or_else(|| t!("empty-default"))}
            }
        },
        Status::Ready => children,
    }
}

/// One entry of an Application Center: icon (in its `tone`), name, hint, and the way there.
#[component]
pub fn AppEntry(
    id: String,
    to: Route,
    icon: &'static str,
    tone: &'static str,
    name: String,
    hint: String,
) -> Element {
    rsx! {
        li {
            Link { id, class: "app-entry", to,
                Icon { svg: icon, class: "app-icon {tone}" }
                span { class: "app-text",
                    span { class: "app-name", "{name}" }
                    span { class: "app-hint", "{hint}" }
                }
                Icon { svg: icons::CHEVRON, class: "chevron" }
            }
        }
    }
}
