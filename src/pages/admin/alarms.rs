//! Admin › Alarm Center: today's counts as cards that filter, search, filters (all in the URL), the
//! alarms newest first with "load more"; new alarms from the live feed appear without a reload.

use cvm_api::DeviceQuery;
use cvm_core::{
    alarm_card, latest_alarm, summary_cards, AlarmFilter, LevelParam, Loadable, StatusParam,
    Target, TextParam, TimeRange,
};
use dioxus::prelude::*;

use crate::components::{
    AlarmFilters, AlarmList, AppBar, LoadMore, LoadableView, SearchForm, SummaryCards,
};
use crate::route::Route;
use crate::services::data::{use_alarm_summary, use_devices, use_paged};
use crate::services::live::{use_live_feed, use_unread};

#[component]
pub fn AdminAlarms(
    status: StatusParam,
    level: LevelParam,
    range: TimeRange,
    resource: TextParam,
    q: TextParam,
) -> Element {
    let filter = AlarmFilter {
        status,
        level,
        range,
        resource,
        q,
    };
    let nav = use_navigator();
    let feed = use_live_feed();
    let tick = use_memo(move || latest_alarm(&feed.read()));
    let summary = use_alarm_summary(tick());
    let devices = use_devices(DeviceQuery::default());
    let summary_now = summary.get();
    // The site's today comes with the counts; the list's time range counts from it.
    let today = summary_now.ready().map(|s| s.date.clone());
    let query = today.as_deref().and_then(|t| filter.query(t));
    let list = use_paged(query.clone(), tick());
    let unread = use_unread();

    let cards = match &summary_now {
        Loadable::Failed(f) => Loadable::Failed(f.clone()),
        _ => list.get(query.as_ref()).map(|items| {
            items
                .iter()
                .map(|a| alarm_card(a, today.as_deref()))
                .collect::<Vec<_>>()
        }),
    };
    let mut resources: Vec<String> = devices
        .get()
        .ready()
        .map(|d| d.iter().map(|d| d.name.clone()).collect())
        .unwrap_or_default();
    if let Some(r) = filter.resource.as_option() {
        resources.push(r.to_string());
    }
    resources.sort_by_key(|r| r.to_lowercase());
    resources.dedup();
    let go = move |f: AlarmFilter| {
        nav.replace(Route::from(Target::AdminAlarms { filter: f }));
    };
    let search_filter = filter.clone();
    rsx! {
        AppBar {
            title: t!("alarms-title"),
            notifications: Some(unread),
            on_refresh: move |_| {
                summary.retry();
                list.retry();
            },
        }
        main { class: "page", id: "main-content",
            if let Some(s) = summary_now.ready() {
                SummaryCards {
                    label: t!("alarm-summary-label"),
                    cards: summary_cards(s, &filter).to_vec(),
                    on_select: go,
                }
            }
            SearchForm {
                id: "alarm-search",
                label: t!("alarm-search-label"),
                placeholder: t!("alarm-search-placeholder"),
                value: filter.q.value().to_string(),
                on_search: move |text: String| go(search_filter.with_search(&text)),
            }
            AlarmFilters { filter: filter.clone(), resources, on_change: go }
            LoadableView {
                status: cards.status(),
                empty: t!("alarms-empty"),
                on_retry: move |_| {
                    summary.retry();
                    list.retry();
                },
                if let Some(cards) = cards.ready() {
                    AlarmList { cards: cards.clone() }
                    LoadMore {
                        id: "alarm-more",
                        more: list.more_state(),
                        has_more: list.has_more(),
                        on_more: move |_| list.more(),
                    }
                }
            }
        }
    }
}
