//! Admin › Apps › Access Records: the site's access records newest first with endless scroll, search,
//! door and time filters (all in the URL); new records appear on top as the live feed reports them.
//! One record's details with the captured photo and every field.

use cvm_core::{latest_record, record_row, Loadable, RangeParam, RecordFilter, Target, TextParam};
use dioxus::prelude::*;

use crate::components::{
    AppBar, LoadMore, LoadableView, RecordDetails, RecordFilters, RecordList, SearchForm,
};
use crate::route::Route;
use crate::services::data::{use_alarm_summary, use_doors, use_paged, use_record};
use crate::services::live::{use_live_feed, use_unread};

#[component]
pub fn AdminRecords(q: TextParam, door: TextParam, range: RangeParam) -> Element {
    let filter = RecordFilter { q, door, range };
    let nav = use_navigator();
    let feed = use_live_feed();
    let tick = use_memo(move || latest_record(&feed.read()));
    // The site's today (a time range counts from it) comes with the alarm counts.
    let summary = use_alarm_summary(None);
    let doors = use_doors(None);
    let unread = use_unread();
    let today = summary.get().ready().map(|s| s.date.clone());
    let query = filter.query(today.as_deref());
    let list = use_paged(query.clone(), tick());
    let rows = list.get(query.as_ref()).map(|items| {
        items
            .iter()
            .map(|r| record_row(r, today.as_deref()))
            .collect::<Vec<_>>()
    });
    let rows = match (&rows, summary.get()) {
        (Loadable::Loading, Loadable::Failed(f)) if filter.range.0.is_some() => Loadable::Failed(f),
        _ => rows,
    };
    let go = move |f: RecordFilter| {
        nav.replace(Route::from(Target::AdminRecords { filter: f }));
    };
    let search_filter = filter.clone();
    let empty = if filter.is_filtered() {
        t!("records-empty-filtered")
    } else {
        t!("records-empty")
    };
    rsx! {
        AppBar {
            title: t!("records-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| list.retry(),
        }
        main { class: "page", id: "main-content",
            SearchForm {
                id: "records-search",
                label: t!("records-search-label"),
                placeholder: t!("records-search-placeholder"),
                value: filter.q.value().to_string(),
                on_search: move |text: String| go(search_filter.with_search(&text)),
            }
            RecordFilters {
                filter: filter.clone(),
                doors: doors.get().ready().cloned().unwrap_or_default(),
                on_change: go,
            }
            if filter.is_filtered() {
                button {
                    id: "records-clear",
                    class: "button button-text",
                    r#type: "button",
                    onclick: move |_| go(RecordFilter::default()),
                    {t!("records-clear-filters")}
                }
            }
            LoadableView {
                status: rows.status(),
                empty,
                on_retry: move |_| {
                    summary.retry();
                    list.retry();
                },
                if let Some(rows) = rows.ready() {
                    RecordList { rows: rows.clone() }
                    LoadMore {
                        id: "records-more",
                        more: list.more_state(),
                        has_more: list.has_more(),
                        on_more: move |_| list.more(),
                        auto: true,
                    }
                }
            }
        }
    }
}

#[component]
pub fn AdminRecord(id: String) -> Element {
    let record = use_record(id);
    let unread = use_unread();
    rsx! {
        AppBar {
            title: t!("records-details-title"),
            back: Route::from(Target::AdminRecords { filter: RecordFilter::default() }),
            notifications: Some(unread),
            on_refresh: move |_| record.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView { status: record.get().status(), on_retry: move |_| record.retry(),
                if let Some(r) = record.get().ready() {
                    RecordDetails { record: r.clone() }
                }
            }
        }
    }
}
