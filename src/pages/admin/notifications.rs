//! Admin › Notification Center: the admin's events newest first, live ones on top as they arrive;
//! opening it marks everything read.

use cvm_api::PageQuery;
use cvm_core::notification_rows;
use dioxus::prelude::*;

use crate::components::{AppBar, LoadMore, LoadableView, NotificationList};
use crate::services::data::use_paged;
use crate::services::live::use_live_feed;

const PAGE: PageQuery = PageQuery {
    cursor: None,
    limit: Some(30),
};

#[component]
pub fn AdminNotifications() -> Element {
    let mut feed = use_live_feed();
    // Whatever arrives while the list is open is seen.
    use_effect(move || {
        let unread = feed.read().unread();
        if unread > 0 {
            feed.write().mark_read();
        }
    });
    let list = use_paged(Some(PAGE), None);
    let rows = list
        .get(Some(&PAGE))
        .map(|items| notification_rows(feed.read().recent(), &items));
    rsx! {
        AppBar {
            title: t!("notif-title"),
            on_refresh: move |_| list.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView {
                status: rows.status(),
                empty: t!("notif-empty"),
                on_retry: move |_| list.retry(),
                if let Some(rows) = rows.ready() {
                    NotificationList { rows: rows.clone() }
                    LoadMore {
                        id: "notif-more",
                        more: list.more_state(),
                        has_more: list.has_more(),
                        on_more: move |_| list.more(),
                    }
                }
            }
        }
    }
}
