//! The Alarm Center's pieces: the summary cards, search and filters, the alarm cards, "load more", an
//! alarm's details and the acknowledge form.

use cvm_api::{Alarm, EventLevel};
use cvm_core::alarms::{alarm_title, level_key, REMARK_MAX};
use cvm_core::{AckForm, AlarmCardView, AlarmFilter, More, SummaryCard, TimeRange};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::{text, tr};
use crate::route::Route;

/// Counts as cards (the Alarm Center's total / unconfirmed / confirmed, the Visitor List's today / not
/// checked out / checked out); each is a button that filters the list. The count sits alone in
/// `#{id}-count`.
#[component]
pub fn SummaryCards<T: Clone + PartialEq + 'static>(
    label: String,
    cards: Vec<SummaryCard<T>>,
    on_select: EventHandler<T>,
) -> Element {
    rsx! {
        section { class: "alarm-summary", aria_label: "{label}",
            for c in cards {
                button {
                    key: "{c.id}",
                    id: c.id,
                    class: if c.active { "summary-card active" } else { "summary-card" },
                    r#type: "button",
                    "aria-pressed": if c.active { "true" } else { "false" },
                    onclick: {
                        let target = c.target.clone();
                        move |_| on_select.call(target.clone())
                    },
                    span { id: "{c.id}-count", class: "summary-count", "{c.count}" }
                    span { class: "summary-label", {tr(c.label_key, &[])} }
                }
            }
        }
    }
}

/// Time range, level and resource.
#[component]
pub fn AlarmFilters(
    filter: AlarmFilter,
    resources: Vec<String>,
    on_change: EventHandler<AlarmFilter>,
) -> Element {
    let range = filter.range.as_str();
    let level = filter.level.to_string();
    let resource = filter.resource.value().to_string();
    let f1 = filter.clone();
    let f2 = filter.clone();
    let f3 = filter.clone();
    rsx! {
        div { class: "alarm-filters",
            div { class: "filter",
                label { class: "field-label", r#for: "alarm-range", {t!("alarm-filter-range")} }
                div { class: "select-wrap",
                    select {
                        id: "alarm-range",
                        class: "input select",
                        value: "{range}",
                        onchange: move |evt| on_change.call(f1.with_range(&evt.value())),
                        for r in TimeRange::ALL {
                            option { key: "{r.as_str()}", value: r.as_str(), selected: r.as_str() == range,
                                {tr(r.label_key(), &[])}
                            }
                        }
                    }
                }
            }
            div { class: "filter",
                label { class: "field-label", r#for: "alarm-level", {t!("alarm-filter-level")} }
                div { class: "select-wrap",
                    select {
                        id: "alarm-level",
                        class: "input select",
                        value: "{level}",
                        onchange: move |evt| on_change.call(f2.with_level(&evt.value())),
                        option { value: "", selected: level.is_empty(), {t!("alarm-level-any")} }
                        for l in [EventLevel::Exception, EventLevel::Alarm] {
                            option { key: "{l.as_str()}", value: l.as_str(), selected: l.as_str() == level,
                                {tr(level_key(l), &[])}
                            }
                        }
                    }
                }
            }
            div { class: "filter filter-wide",
                label { class: "field-label", r#for: "alarm-resource", {t!("alarm-filter-resource")} }
                div { class: "select-wrap",
                    select {
                        id: "alarm-resource",
                        class: "input select",
                        value: "{resource}",
                        onchange: move |evt| on_change.call(f3.with_resource(&evt.value())),
                        option { value: "", selected: resource.is_empty(), {t!("alarm-resource-any")} }
                        for r in resources {
                            option { key: "{r}", value: "{r}", selected: r == resource, "{r}" }
                        }
                    }
                }
            }
        }
    }
}

/// The icon of an event level.
#[component]
pub fn LevelIcon(level: EventLevel) -> Element {
    let (svg, class) = match level {
        EventLevel::Alarm => (icons::SIREN, "level-icon level-alarm"),
        EventLevel::Exception => (icons::WARNING, "level-icon level-exception"),
        EventLevel::Normal => (icons::INFO, "level-icon level-normal"),
    };
    rsx! {
        span { class, title: tr(level_key(level), &[]), role: "img", aria_label: tr(level_key(level), &[]),
            Icon { svg }
        }
    }
}

/// A captured photo, or the default picture.
#[component]
pub fn AlarmPhoto(
    photo: Option<String>,
    #[props(default)] id: Option<String>,
    #[props(default)] class: String,
) -> Element {
    match photo {
        Some(src) => rsx! {
            img { id, class: "alarm-photo {class}", src: "{src}", alt: t!("alarm-photo-alt") }
        },
        None => rsx! {
            span { id, class: "alarm-photo no-photo {class}", role: "img", aria_label: t!("alarm-no-photo"),
                Icon { svg: icons::NO_PHOTO }
            }
        },
    }
}

/// The alarm cards, each opening its details.
#[component]
pub fn AlarmList(cards: Vec<AlarmCardView>) -> Element {
    rsx! {
        ul { id: "alarm-list", class: "alarm-list", aria_label: t!("alarm-list-label"),
            for c in cards {
                li {
                    key: "{c.id}",
                    id: "alarm-{c.id}",
                    class: "alarm-item",
                    "data-id": "{c.id}",
                    "data-status": if c.unconfirmed { "unconfirmed" } else { "confirmed" },
                    "data-level": c.level.as_str(),
                    Link { class: "alarm-card", to: Route::AdminAlarm { id: c.id },
                        AlarmPhoto { photo: None, class: "thumb" }
                        div { class: "alarm-main",
                            span { class: "alarm-title", {text(&c.title)} }
                            span { class: "alarm-meta",
                                if c.unconfirmed {
                                    span { class: "unconfirmed-dot", title: t!("alarm-summary-unconfirmed") }
                                    span { class: "visually-hidden", {t!("alarm-summary-unconfirmed")} }
                                }
                                time { class: "alarm-time", "{c.time}" }
                                if c.has_photo {
                                    span { class: "photo-mark", title: t!("alarm-has-photo"),
                                        Icon { svg: icons::CAMERA }
                                    }
                                }
                            }
                        }
                        LevelIcon { level: c.level }
                    }
                }
            }
        }
    }
}

/// "Load more" under a paged list, with the failure of the last attempt.
#[component]
pub fn LoadMore(
    id: String,
    more: More,
    has_more: bool,
    on_more: EventHandler<()>,
    /// Endless scroll: the next page loads by itself when the button comes into view (the button
    /// stays for keyboards and screen readers, and after a failure).
    #[props(default)]
    auto: bool,
) -> Element {
    if !has_more {
        return rsx! {
            p { id: "{id}-end", class: "list-end", {t!("list-end")} }
        };
    }
    let loading = more == More::Loading;
    let idle = more == More::Idle;
    rsx! {
        div {
            class: "load-more",
            onvisible: move |evt: Event<VisibleData>| {
                if auto && idle && evt.data().is_intersecting().unwrap_or(false) {
                    on_more.call(());
                }
            },
            if let More::Failed(m) = &more {
                p { id: "{id}-error", class: "field-error", role: "alert", {text(&m.text)} }
            }
            button {
                id: "{id}",
                class: "button button-tonal button-block",
                r#type: "button",
                disabled: loading,
                onclick: move |_| on_more.call(()),
                if loading {
                    span { class: "spinner", aria_hidden: "true" }
                }
                {t!("list-load-more")}
            }
        }
    }
}

/// An alarm's details: photo, title, level, and where and when it happened.
#[component]
pub fn AlarmDetails(alarm: Alarm) -> Element {
    let row = |id: &'static str, label: String, value: Option<String>| {
        value.filter(|v| !v.trim().is_empty()).map(|v| {
            rsx! {
                div { class: "row",
                    dt { {label} }
                    dd { id, "{v}" }
                }
            }
        })
    };
    let status = if alarm.ack.is_some() {
        ("confirmed", t!("alarm-summary-confirmed"))
    } else {
        ("unconfirmed", t!("alarm-summary-unconfirmed"))
    };
    rsx! {
        section { class: "card alarm-details", "data-id": "{alarm.id}",
            AlarmPhoto { photo: alarm.photo.clone(), id: "alarm-photo", class: "large" }
            div { class: "alarm-head",
                LevelIcon { level: alarm.level }
                h2 { id: "alarm-title", class: "alarm-detail-title", {text(&alarm_title(&alarm.name, alarm.device.as_deref()))} }
            }
            p { class: "alarm-badges",
                span { id: "alarm-status", class: "status-badge status-{status.0}", "data-status": status.0, {status.1} }
                span { id: "alarm-level", class: "status-badge level-badge-{alarm.level.as_str()}", {tr(level_key(alarm.level), &[])} }
            }
            dl { class: "rows",
                {row("alarm-time", t!("alarm-field-time"), Some(alarm.at.clone()))}
                {row("alarm-event", t!("alarm-field-event"), Some(alarm.name.clone()))}
                {row("alarm-device", t!("alarm-field-device"), alarm.device.clone())}
                {row("alarm-source", t!("alarm-field-source"), alarm.source.clone())}
                {row("alarm-area", t!("alarm-field-area"), alarm.area.clone())}
                {row("alarm-person", t!("alarm-field-person"), person(&alarm))}
            }
        }
        if let Some(ack) = &alarm.ack {
            section { id: "alarm-ack", class: "card",
                h2 { class: "card-title", {t!("ack-title-done")} }
                dl { class: "rows",
                    div { class: "row",
                        dt { {t!("ack-by")} }
                        dd { id: "ack-by", "{ack.by}" }
                    }
                    div { class: "row",
                        dt { {t!("ack-at")} }
                        dd { id: "ack-at", "{ack.at}" }
                    }
                    div { class: "row row-block",
                        dt { {t!("ack-remark")} }
                        dd { id: "ack-remark-text",
                            if ack.remark.is_empty() { {t!("ack-no-remark")} } else { "{ack.remark}" }
                        }
                    }
                }
            }
        }
    }
}

fn person(a: &Alarm) -> Option<String> {
    match (&a.person, &a.pin) {
        (Some(name), Some(pin)) if !name.trim().is_empty() => Some(format!("{name} ({pin})")),
        (Some(name), None) => Some(name.clone()),
        (_, Some(pin)) => Some(pin.clone()),
        (None, None) => None,
    }
}

/// The acknowledge form: a remark (up to 500 characters) and the button.
#[component]
pub fn AckFormView(
    form: AckForm,
    on_edit: EventHandler<String>,
    on_submit: EventHandler<()>,
) -> Element {
    let remaining = form.remaining();
    let invalid = remaining < 0 || form.error.is_some();
    rsx! {
        form {
            id: "ack-form",
            class: "card ack-form",
            onsubmit: move |evt| {
                evt.prevent_default();
                on_submit.call(());
            },
            h2 { class: "card-title", {t!("ack-title")} }
            div { class: "field",
                label { class: "field-label", r#for: "ack-remark", {t!("ack-remark")} }
                textarea {
                    id: "ack-remark",
                    class: "input",
                    rows: "3",
                    placeholder: t!("ack-remark-placeholder"),
                    "aria-invalid": if invalid { "true" } else { "false" },
                    "aria-describedby": "ack-remaining",
                    value: "{form.remark}",
                    oninput: move |evt| on_edit.call(evt.value()),
                }
                p { id: "ack-remaining", class: if remaining < 0 { "field-hint over" } else { "field-hint" },
                    {t!("ack-remaining", count = remaining, max = REMARK_MAX)}
                }
            }
            if let Some(e) = &form.error {
                p { id: "ack-error", class: "field-error", role: "alert", {text(&e.text)} }
            }
            button {
                id: "ack-submit",
                class: "button button-primary button-block",
                r#type: "submit",
                disabled: form.sending,
                if form.sending {
                    span { class: "spinner spinner-on-primary", aria_hidden: "true" }
                }
                {t!("ack-submit")}
            }
        }
    }
}
