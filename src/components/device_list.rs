//! The device list and its state filter chips.

use cvm_api::DeviceState;
use cvm_core::{devices::state_key, DeviceFilter, DeviceRow, StateFilter};
use dioxus::prelude::*;

use crate::i18n::tr;
use crate::route::Route;

/// The rows as given (the page shows the shared empty view instead of an empty list).
#[component]
pub fn DeviceList(rows: Vec<DeviceRow>) -> Element {
    rsx! {
        ul { id: "device-list", class: "list card", aria_label: t!("devices-list-label"),
            for d in rows {
                li {
                    key: "{d.sn}",
                    class: "device-item",
                    "data-sn": "{d.sn}",
                    "data-state": d.state.as_str(),
                    span { class: "state-dot state-{d.state.as_str()}", aria_hidden: "true" }
                    div { class: "device-main",
                        span { class: "device-name", "{d.name}" }
                        span { class: "device-meta",
                            span { class: "device-model", "{d.model}" }
                            span { class: "sep", aria_hidden: "true", "·" }
                            span { class: "device-sn", {t!("device-sn", sn = d.sn)} }
                        }
                        if let Some(area) = &d.area {
                            span { class: "device-area", "{area}" }
                        }
                    }
                    span { class: "state-badge badge-{d.state.as_str()}", {tr(state_key(d.state), &[])} }
                }
            }
        }
    }
}

/// Links to the same list with another state (same area).
#[component]
pub fn StateChips(filter: DeviceFilter) -> Element {
    let states = [
        None,
        Some(DeviceState::Online),
        Some(DeviceState::Offline),
        Some(DeviceState::Disabled),
    ];
    rsx! {
        nav { class: "chips", aria_label: t!("devices-filter-label"),
            for state in states {
                Link {
                    key: "{state:?}",
                    class: if filter.state == state { "chip active" } else { "chip" },
                    to: Route::AdminDevices {
                        state: StateFilter(state),
                        area: filter.area.clone(),
                    },
                    {state.map(|s| tr(state_key(s), &[])).unwrap_or_else(|| t!("devices-filter-all"))}
                }
            }
        }
    }
}
