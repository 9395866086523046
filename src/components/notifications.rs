//! The Notification Center's list and the app bar's way to it (with the unread badge).

use cvm_core::{Loadable, More, NotificationRow};
use dioxus::prelude::*;

use super::alarms::{LevelIcon, LoadMore};
use super::icons::{self, Icon};
use super::page::{AppBar, LoadableView};
use crate::i18n::text;
use crate::route::Route;

/// Events newest first; alarms open their details.
#[component]
pub fn NotificationList(rows: Vec<NotificationRow>) -> Element {
    rsx! {
        ul { id: "notif-list", class: "list card notif-list", aria_label: t!("notif-list-label"),
            for r in rows {
                li {
                    key: "{r.id}",
                    id: "notif-{r.id}",
                    class: "notif-item",
                    "data-id": "{r.id}",
                    "data-kind": r.kind.as_str(),
                    LevelIcon { level: r.level }
                    div { class: "notif-main",
                        if let Some(id) = r.alarm {
                            Link { class: "notif-title", to: Route::AdminAlarm { id }, {text(&r.title)} }
                        } else {
                            span { class: "notif-title", {text(&r.title)} }
                        }
                        if let Some(place) = &r.place {
                            span { class: "notif-place", "{place}" }
                        }
                    }
                    time { class: "notif-time", "{r.at}" }
                }
            }
        }
    }
}

/// The bell in the app bar; the badge shows the unread count.
#[component]
pub fn NotificationBell(unread: u32) -> Element {
    let label = if unread > 0 {
        t!("notif-open-unread", count = unread)
    } else {
        t!("notif-open")
    };
    rsx! {
        Link {
            id: "open-notifications",
            class: "icon-button bell",
            to: Route::AdminNotifications {},
            aria_label: "{label}",
            title: "{label}",
            Icon { svg: icons::BELL }
            if unread > 0 {
                span { id: "notif-badge", class: "badge", aria_hidden: "true",
                    if unread > 99 { "99+" } else { "{unread}" }
                }
            }
        }
    }
}

/// A Notification Center screen (the admin's events, a person's own records): the list in whatever state
/// it is, a refresh button and the way to older rows.
#[component]
pub fn NotificationScreen(
    title: String,
    empty: String,
    rows: Loadable<Vec<NotificationRow>>,
    more: More,
    has_more: bool,
    on_refresh: EventHandler<()>,
    on_more: EventHandler<()>,
) -> Element {
    rsx! {
        AppBar { title, on_refresh }
        main { class: "page", id: "main-content",
            LoadableView {
                status: rows.status(),
                empty,
                on_retry: on_refresh,
                if let Some(rows) = rows.ready() {
                    NotificationList { rows: rows.clone() }
                    LoadMore { id: "notif-more", more, has_more, on_more }
                }
            }
        }
    }
}
