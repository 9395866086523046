//! Admin › Devices: the device list filtered by state and area (from the URL).

use cvm_core::devices::device_rows;
use cvm_core::{AreaFilter, DeviceFilter, StateFilter};
use dioxus::prelude::*;

use crate::components::{AppBar, DeviceList, LoadableView, StateChips};
use crate::i18n::text;
use crate::route::Route;
use crate::services::data::use_devices;

#[component]
pub fn AdminDevices(state: StateFilter, area: AreaFilter) -> Element {
    let filter = DeviceFilter::new(state, area.clone());
    let devices = use_devices(filter.query());
    let rows = devices.get().map(|list| device_rows(&list, &filter));
    let title = text(&filter.title());
    rsx! {
        AppBar {
            title,
            back: Route::AdminDashboard { area: area.clone() },
            on_refresh: move |_| devices.retry(),
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
            LoadableView {
                status: rows.status(),
                empty: t!("devices-empty"),
                on_retry: move |_| devices.retry(),
                if let Some(rows) = rows.ready() {
                    p { id: "device-count", class: "list-count", {t!("devices-count", count = rows.len())} }
                    DeviceList { rows: rows.clone() }
                }
            }
        }
    }
}
