//! Admin › Notification Center: the admin's events newest first, live ones on top as they arrive;
//! opening it marks everything read.

use cvm_api::PageQuery;
use cvm_core::notification_rows;
use dioxus::prelude::*;

use crate::components::NotificationScreen;
use crate::services::data::use_paged;
use crate::services::live::{use_live_feed, use_mark_read};

const PAGE: PageQuery = PageQuery {
    cursor: None,
    limit: Some(30),
};

#[component]
pub fn AdminNotifications() -> Element {
    let feed = use_live_feed();
    use_mark_read();
    let list = use_paged(Some(PAGE), None);
    let rows = list
        .get(Some(&PAGE))
        .map(|items| notification_rows(feed.read().recent(), &items));
    rsx! {
        NotificationScreen {
            title: t!("notif-title"),
            empty: t!("notif-empty"),
            rows,
            more: list.more_state(),
            has_more: list.has_more(),
            on_refresh: move |_| list.retry(),
            on_more: move |_| list.more(),
        }
    }
}
