//! Personnel › Notification Center: the person's own access records, newest first, live ones on top as
//! they arrive (a parent follows a student's entries); opening it marks everything read.

use cvm_core::record_rows;
use dioxus::prelude::*;

use crate::components::NotificationScreen;
use crate::services::data::{use_paged, MyRecords};
use crate::services::live::{use_live_feed, use_mark_read};

const PAGE: MyRecords = MyRecords { limit: 30 };

#[component]
pub fn PersonnelNotifications() -> Element {
    let feed = use_live_feed();
    use_mark_read();
    let list = use_paged(Some(PAGE), None);
    let rows = list
        .get(Some(&PAGE))
        .map(|items| record_rows(feed.read().recent(), &items));
    rsx! {
        NotificationScreen {
            title: t!("records-mine-title"),
            empty: t!("records-mine-empty"),
            rows,
            more: list.more_state(),
            has_more: list.has_more(),
            on_refresh: move |_| list.retry(),
            on_more: move |_| list.more(),
        }
    }
}
