//! Admin › Dashboard: counts, the online/offline chart and the area filter.

use cvm_core::dashboard::{area_options, dashboard_view};
use cvm_core::FailureText;
use dioxus::prelude::*;

use super::SelectedArea;
use crate::components::{AppBar, AreaSelect, DashboardStats, DeviceChart, Loading, PageError};
use crate::route::Route;
use crate::services::use_app;

#[component]
pub fn AdminDashboard() -> Element {
    let app = use_app();
    let SelectedArea(mut area) = use_context::<SelectedArea>();
    let nav = use_navigator();
    let mut areas =
        use_resource(move || async move { app.request(|c| async move { c.areas().await }).await });
    let mut dashboard = use_resource(move || {
        let filter = area();
        async move {
            app.request(|c| async move { c.dashboard(filter.as_option()).await })
                .await
        }
    });
    let options = area_options(
        areas
            .read()
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(Vec::as_slice)
            .unwrap_or_default(),
    );
    rsx! {
        AppBar {
            title: t!("dashboard-title"),
            on_refresh: move |_| {
                areas.restart();
                dashboard.restart();
            },
        }
        main { class: "page", id: "main-content",
            AreaSelect { options, value: area(), on_change: move |f| area.set(f) }
            match &*dashboard.read() {
                None => rsx! { Loading {} },
                Some(Err(f)) => rsx! {
                    PageError { message: f.message(""), on_retry: move |_| dashboard.restart() }
                },
                Some(Ok(d)) => {
                    let view = dashboard_view(d, &area.read());
                    rsx! {
                        DashboardStats { view: view.clone() }
                        DeviceChart {
                            chart: view.chart,
                            on_select: move |t| {
                                nav.push(Route::from(t));
                            },
                        }
                    }
                }
            }
        }
    }
}
