//! Access Records' pieces: the filters (door, time), the list and a record's details.

use cvm_api::{AccessRecord, Door};
use cvm_core::{record_fields, RecordFilter, RecordRow, TimeRange};
use dioxus::prelude::*;

use super::alarms::{AlarmPhoto, LevelIcon};
use crate::i18n::tr;
use crate::route::Route;

/// Door and time range.
#[component]
pub fn RecordFilters(
    filter: RecordFilter,
    doors: Vec<Door>,
    on_change: EventHandler<RecordFilter>,
) -> Element {
    let door = filter.door.value().to_string();
    let range = filter.range.to_string();
    let f1 = filter.clone();
    let f2 = filter.clone();
    rsx! {
        div { class: "alarm-filters record-filters",
            div { class: "filter filter-wide",
                label { class: "field-label", r#for: "records-door", {t!("records-filter-door")} }
                div { class: "select-wrap",
                    select {
                        id: "records-door",
                        class: "input select",
                        value: "{door}",
                        onchange: move |evt| on_change.call(f1.with_door(&evt.value())),
                        option { value: "", selected: door.is_empty(), {t!("records-filter-door-all")} }
                        for d in doors {
                            option { key: "{d.id}", value: "{d.id}", selected: d.id == door, "{d.name}" }
                        }
                    }
                }
            }
            div { class: "filter",
                label { class: "field-label", r#for: "records-range", {t!("records-filter-range")} }
                div { class: "select-wrap",
                    select {
                        id: "records-range",
                        class: "input select",
                        value: "{range}",
                        onchange: move |evt| {
                            let value = evt.value();
                            let range = (!value.is_empty()).then(|| value.parse::<TimeRange>().unwrap_or_default());
                            on_change.call(f2.with_range(range));
                        },
                        option { value: "", selected: range.is_empty(), {t!("records-range-any")} }
                        for r in TimeRange::ALL {
                            option { key: "{r.as_str()}", value: r.as_str(), selected: r.as_str() == range,
                                {tr(r.label_key(), &[])}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The records, newest first; each opens its details.
#[component]
pub fn RecordList(rows: Vec<RecordRow>) -> Element {
    rsx! {
        ul { id: "records-list", class: "list card notif-list", aria_label: t!("records-list-label"),
            for r in rows {
                li { key: "{r.id}", class: "notif-item record-item", "data-id": "{r.id}",
                    if let Some(level) = r.level {
                        LevelIcon { level }
                    }
                    div { class: "notif-main",
                        Link {
                            class: "notif-title record-person",
                            to: Route::AdminRecord { id: r.id.clone() },
                            aria_label: format!("{} — {}", r.person.clone().unwrap_or_else(|| t!("records-no-person")), t!("records-open")),
                            if let Some(p) = &r.person { "{p}" } else { {t!("records-no-person")} }
                        }
                        span { class: "notif-place record-event", "{r.event}" }
                        if let Some(place) = &r.place {
                            span { class: "notif-place", "{place}" }
                        }
                    }
                    time { class: "notif-time", "{r.time}" }
                }
            }
        }
    }
}

/// One record: the captured photo (or the default picture) and every field it has.
#[component]
pub fn RecordDetails(record: AccessRecord) -> Element {
    let fields = record_fields(&record);
    rsx! {
        section { class: "card alarm-details record-details", "data-id": "{record.id}",
            AlarmPhoto { photo: record.photo.clone(), id: "record-photo", class: "large" }
            div { class: "alarm-head",
                if let Some(level) = record.level {
                    LevelIcon { level }
                }
                h2 { id: "record-title", class: "alarm-detail-title",
                    if let Some(p) = &record.person { "{p}" } else { {t!("records-no-person")} }
                }
            }
            if record.photo.is_none() {
                p { class: "field-hint", {t!("records-photo-none")} }
            }
            dl { class: "rows",
                for (key, value) in fields {
                    div { key: "{key}", class: "row",
                        dt { {tr(key, &[])} }
                        dd { id: "{key}", "{value}" }
                    }
                }
            }
        }
    }
}
