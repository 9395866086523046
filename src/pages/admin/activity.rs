//! Admin › Apps › Activity: the audit log — who unlocked, cancelled, locked down or acknowledged what,
//! when, why and what CVSecurity answered — newest first, with "load more".

use cvm_api::AuditEntry;
use cvm_core::{activity_row, latest_door_change};
use dioxus::prelude::*;

use crate::components::{ActivityList, AppBar, LoadMore, LoadableView};
use crate::route::Route;
use crate::services::data::{use_doors, use_paged, AuditLog};
use crate::services::live::{use_live_feed, use_unread};

#[component]
pub fn AdminActivity() -> Element {
    let feed = use_live_feed();
    let tick = use_memo(move || latest_door_change(&feed.read()));
    let list = use_paged(Some(AuditLog), tick());
    let doors = use_doors(None);
    let unread = use_unread();
    let door_list = doors.get().ready().cloned().unwrap_or_default();
    let rows = list.get(Some(&AuditLog)).map(|items: Vec<AuditEntry>| {
        items
            .iter()
            .map(|e| activity_row(e, &door_list))
            .collect::<Vec<_>>()
    });
    rsx! {
        AppBar {
            title: t!("activity-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| list.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView {
                status: rows.status(),
                empty: t!("activity-empty"),
                on_retry: move |_| list.retry(),
                if let Some(rows) = rows.ready() {
                    ActivityList { rows: rows.clone() }
                    LoadMore {
                        id: "activity-more",
                        more: list.more_state(),
                        has_more: list.has_more(),
                        on_more: move |_| list.more(),
                    }
                }
            }
        }
    }
}
