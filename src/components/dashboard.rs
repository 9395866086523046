//! The dashboard's pieces: stat cards, the online/offline chart and the area filter.

use cvm_core::{AreaFilter, AreaOption, Chart, DashboardView, Segment, Target};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::tr;
use cvm_api::DeviceState;

/// The counts. Each number sits alone in its element (`#dash-…`), so tests can read it as is.
#[component]
pub fn DashboardStats(view: DashboardView) -> Element {
    rsx! {
        section { class: "stats", aria_label: t!("dashboard-counts"),
            div { class: "stat-card stat-wide",
                Icon { svg: icons::DEVICE, class: "stat-icon tone-blue" }
                div { class: "stat-body",
                    span { class: "stat-label", {t!("dashboard-devices")} }
                    span { id: "dash-devices-total", class: "stat-value", "{view.devices_total}" }
                }
                div { class: "stat-split",
                    span { class: "stat-pill pill-online",
                        span { class: "dot", aria_hidden: "true" }
                        span { id: "dash-devices-online", "{view.devices_online}" }
                        span { class: "pill-label", {t!("device-state-online")} }
                    }
                    span { class: "stat-pill pill-offline",
                        span { class: "dot", aria_hidden: "true" }
                        span { id: "dash-devices-offline", "{view.devices_offline}" }
                        span { class: "pill-label", {t!("device-state-offline")} }
                    }
                }
            }
            div { class: "stat-card",
                Icon { svg: icons::PEOPLE, class: "stat-icon tone-violet" }
                div { class: "stat-body",
                    span { class: "stat-label", {t!("dashboard-persons")} }
                    span { id: "dash-persons", class: "stat-value", "{view.persons}" }
                }
            }
            div { class: "stat-card",
                Icon { svg: icons::VISITOR, class: "stat-icon tone-amber" }
                div { class: "stat-body",
                    span { class: "stat-label", {t!("dashboard-visitors-today")} }
                    span { id: "dash-visitors-today", class: "stat-value", "{view.visitors_today}" }
                }
            }
        }
    }
}

/// The online/offline chart: a proportional bar whose segments are buttons opening those devices.
#[component]
pub fn DeviceChart(chart: Chart, on_select: EventHandler<Target>) -> Element {
    let segment = |s: &Segment| {
        let (id, class, label) = match s.state {
            DeviceState::Online => (
                "chart-online",
                "segment segment-online",
                t!("device-state-online"),
            ),
            _ => (
                "chart-offline",
                "segment segment-offline",
                t!("device-state-offline"),
            ),
        };
        let target = s.target.clone();
        // A segment never vanishes: even at 0 % it stays a tappable target.
        let grow = (s.share * 1000.0).round().max(0.0);
        let aria = tr(
            "dashboard-chart-segment",
            &[
                ("state", label.clone()),
                ("count", s.count.to_string()),
                ("percent", s.percent.to_string()),
            ],
        );
        rsx! {
            button {
                id,
                class,
                r#type: "button",
                style: "flex-grow: {grow};",
                aria_label: "{aria}",
                onclick: move |_| on_select.call(target.clone()),
                span { class: "segment-count", "{s.count}" }
                span { class: "segment-percent", {t!("dashboard-chart-percent", percent = s.percent)} }
            }
        }
    };
    let total = chart.online.count + chart.offline.count;
    rsx! {
        section { class: "card chart-card", aria_labelledby: "chart-title",
            div { class: "card-head",
                h2 { id: "chart-title", class: "card-title", {t!("dashboard-chart-title")} }
                span { class: "card-meta", {t!("dashboard-chart-total", online = chart.online.count, total = total)} }
            }
            div { class: if chart.is_empty() { "chart-bar empty" } else { "chart-bar" }, role: "group",
                {segment(&chart.online)}
                {segment(&chart.offline)}
            }
            ul { class: "chart-legend",
                li {
                    span { class: "swatch swatch-online", aria_hidden: "true" }
                    {t!("device-state-online")}
                }
                li {
                    span { class: "swatch swatch-offline", aria_hidden: "true" }
                    {t!("device-state-offline")}
                }
                li { class: "legend-hint", {t!("dashboard-chart-hint")} }
            }
        }
    }
}

/// The area filter: "All areas" (value "") and each area by name.
#[component]
pub fn AreaSelect(
    options: Vec<AreaOption>,
    value: AreaFilter,
    on_change: EventHandler<AreaFilter>,
) -> Element {
    let selected = value.select_value().to_string();
    rsx! {
        div { class: "area-filter",
            label { class: "field-label", r#for: "area-filter", {t!("area-filter-label")} }
            div { class: "select-wrap",
                select {
                    id: "area-filter",
                    class: "input select",
                    value: "{selected}",
                    onchange: move |evt| on_change.call(AreaFilter::from_select(&evt.value())),
                    for o in options {
                        option {
                            key: "{o.value}",
                            value: "{o.value}",
                            selected: o.value == selected,
                            {o.name.clone().unwrap_or_else(|| tr(AreaOption::all_areas_key(), &[]))}
                        }
                    }
                }
            }
        }
    }
}
