//! Admin › Dashboard: counts, the online/offline chart, the area filter (the `area` of the URL) and the
//! state of the live feed.

use cvm_core::dashboard::{area_options, dashboard_view};
use cvm_core::AreaFilter;
use dioxus::prelude::*;

use crate::components::{
    AppBar, AreaSelect, DashboardStats, DeviceChart, LiveStatus, LoadableView,
};
use crate::route::Route;
use crate::services::data::{use_areas, use_dashboard};
use crate::services::live::use_live_feed;

#[component]
pub fn AdminDashboard(area: AreaFilter) -> Element {
    let nav = use_navigator();
    let areas = use_areas();
    let dashboard = use_dashboard(area.clone());
    let options = area_options(areas.get().ready().map(Vec::as_slice).unwrap_or_default());
    let view = dashboard.get().map(|d| dashboard_view(&d, &area));
    let feed = use_live_feed();
    let (connection, unread) = {
        let f = feed.read();
        (f.connection(), f.unread())
    };
    rsx! {
        AppBar {
            title: t!("dashboard-title"),
            notifications: Some(unread),
            on_refresh: move |_| {
                areas.retry();
                dashboard.retry();
            },
        }
        main { class: "page", id: "main-content",
            LiveStatus { connection, unread }
            AreaSelect {
                options,
                value: area.clone(),
                on_change: move |area| {
                    nav.replace(Route::AdminDashboard { area });
                },
            }
            LoadableView { status: view.status(), on_retry: move |_| dashboard.retry(),
                if let Some(view) = view.ready() {
                    DashboardStats { view: view.clone() }
                    DeviceChart {
                        chart: view.chart.clone(),
                        on_select: move |t| {
                            nav.push(Route::from(t));
                        },
                    }
                }
            }
        }
    }
}
