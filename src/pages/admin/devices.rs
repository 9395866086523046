//! Admin › Devices: the device list filtered by state and area (from the URL).

use cvm_core::devices::device_rows;
use cvm_core::DeviceFilter;
use cvm_core::FailureText;
use dioxus::prelude::*;

use crate::components::{AppBar, DeviceList, Loading, PageError, StateChips};
use crate::i18n::text;
use crate::route::Route;
use crate::services::use_app;

#[component]
pub fn AdminDevices(state: String, area: String) -> Element {
    let app = use_app();
    let filter = DeviceFilter::from_params(&state, &area);
    let mut devices = use_resource(use_reactive!(|(state, area)| async move {
        let query = DeviceFilter::from_params(&state, &area).query();
        app.request(|c| async move { c.devices(&query).await })
            .await
    }));
    let title = text(&filter.title());
    rsx! {
        AppBar {
            title,
            back: Route::AdminDashboard {},
            on_refresh: move |_| devices.restart(),
        }
        main { class: "page", id: "main-content",
            div { class: "list-head",
                StateChips { filter: filter.clone() }
                p { class: "list-scope",
                    match filter.area.as_option() {
                        Some(a) => t!("devices-in-area", area = a),
                        None => t!("area-all"),
                    }
                }
            }
            match &*devices.read() {
                None => rsx! { Loading {} },
                Some(Err(f)) => rsx! {
                    PageError { message: f.message(""), on_retry: move |_| devices.restart() }
                },
                Some(Ok(list)) => {
                    let rows = device_rows(list, &filter);
                    rsx! {
                        p { id: "device-count", class: "list-count", {t!("devices-count", count = rows.len())} }
                        DeviceList { rows }
                    }
                }
            }
        }
    }
}
