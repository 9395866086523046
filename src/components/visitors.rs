//! The Visitor List's pieces (summary cards, visit cards with check-out) and Visit Statistics' charts:
//! SVG bars drawn in the theme's colours, each chart also given as a table for screen readers.

use cvm_api::{PhotoKind, Visit, VisitStatus};
use cvm_core::visitors::{clock_time, id_type_key, status_key};
use cvm_core::Bar;
use dioxus::prelude::*;

use super::alarms::AlarmPhoto;
use crate::i18n::tr;

/// One visit card: time, visitor, host, reason, photo, status, and check-out while on site.
#[component]
pub fn VisitCardView(
    visit: Visit,
    busy: bool,
    error: Option<String>,
    on_checkout: EventHandler<String>,
) -> Element {
    let photo = visit.photos.first().map(|p| p.data_url.clone());
    let status = visit.status;
    let id = visit.id.clone();
    let dom_id = format!("visit-{}", visit.id.replace(':', "-"));
    rsx! {
        li { id: "{dom_id}", class: "card visit-card", "data-id": "{visit.id}", "data-status": status.as_str(),
            AlarmPhoto { photo, class: "thumb" }
            div { class: "visit-main",
                p { class: "visit-head",
                    span { class: "visit-name", "{visit.visitor}" }
                    time { class: "visit-time", {clock_time(&visit.start)} }
                }
                p { class: "visit-meta",
                    {t!("vis-host", host = visit.host.clone().unwrap_or_else(|| visit.host_pin.clone()))}
                }
                p { class: "visit-meta", "{visit.reason} · " {t!("vis-people", count = visit.visitors)} }
                p { class: "visit-meta visit-id",
                    {tr(id_type_key(visit.id_type), &[])} " {visit.id_number}"
                }
                if visit.photos.len() > 1 || visit.photos.iter().any(|p| p.kind == PhotoKind::Goods) {
                    p { class: "visit-meta",
                        {t!("vis-photos", count = visit.photos.len())}
                    }
                }
                p { class: "visit-status-line",
                    span { class: "status-badge visit-status status-{status.as_str()}", {tr(status_key(status), &[])} }
                    if let Some(end) = &visit.end {
                        span { class: "visit-meta", " " {t!("vis-left-at", time = clock_time(end))} }
                    }
                }
                if let Some(why) = &visit.waiting_reason {
                    p { class: "field-hint visit-waiting",
                        if status == VisitStatus::Refused {
                            {t!("vis-refused-why", reason = why.clone())}
                        } else {
                            {t!("vis-waiting-why", reason = why.clone())}
                        }
                    }
                }
                if let Some(e) = error {
                    p { class: "field-error", role: "alert", "{e}" }
                }
                if status == VisitStatus::CheckedIn {
                    button {
                        id: "{dom_id}-checkout",
                        class: "button button-tonal visit-checkout",
                        r#type: "button",
                        disabled: busy,
                        aria_label: t!("vis-checkout-label", name = visit.visitor.clone()),
                        onclick: move |_| on_checkout.call(id.clone()),
                        if busy { span { class: "spinner", aria_hidden: "true" } }
                        {t!("vis-checkout")}
                    }
                }
            }
        }
    }
}

/// A bar chart: vertical bars (today by hour) or horizontal ones (top visitors), with the numbers in a
/// table that screen readers read instead of the drawing.
#[component]
pub fn BarChart(id: String, title: String, bars: Vec<Bar>, horizontal: bool) -> Element {
    let table_label = title.clone();
    let n = bars.len().max(1) as f64;
    rsx! {
        figure { id: "{id}", class: "card chart",
            figcaption { class: "card-title", "{title}" }
            if horizontal {
                div { class: "hbars", aria_hidden: "true",
                    for b in bars.iter() {
                        div { key: "{b.label}", class: "hbar",
                            span { class: "hbar-label", "{b.label}" }
                            svg { class: "hbar-track", view_box: "0 0 100 10", preserve_aspect_ratio: "none",
                                rect { class: "bar", x: "0", y: "0", height: "10", width: "{(b.share * 100.0).max(1.0)}" }
                            }
                            span { class: "hbar-value", "{b.value}" }
                        }
                    }
                }
            } else {
                svg { class: "vbars", view_box: "0 0 240 120", "aria-hidden": "true",
                    line { class: "axis", x1: "0", y1: "100", x2: "240", y2: "100" }
                    for (i, b) in bars.iter().enumerate() {
                        rect {
                            key: "{b.label}",
                            class: "bar",
                            x: "{i as f64 * 240.0 / n + 1.0}",
                            width: "{240.0 / n - 2.0}",
                            y: "{100.0 - b.share * 90.0}",
                            height: "{b.share * 90.0}",
                        }
                        if i % 6 == 0 {
                            text { class: "tick", x: "{i as f64 * 240.0 / n + 1.0}", y: "114", "{b.label}" }
                        }
                    }
                }
            }
            table { class: "visually-hidden", aria_label: "{table_label}",
                tbody {
                    for b in bars {
                        tr { key: "{b.label}",
                            th { scope: "row", "{b.label}" }
                            td { "{b.value}" }
                        }
                    }
                }
            }
        }
    }
}
