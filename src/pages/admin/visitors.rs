//! Admin › Apps › Visitor List (today's visits, counts that filter, search, check-out), visitor
//! registration (host autocomplete, photos) and Visit Statistics.

use std::collections::HashMap;

use cvm_api::{Host, PhotoKind};
use cvm_core::message::keys;
use cvm_core::visitors::id_type_key;
use cvm_core::{
    hour_bars, top_bars, visit_cards, Loadable, Target, Text, TextParam, VisitFilter,
    VisitStatusParam, VisitorForm,
};
use dioxus::prelude::*;

use crate::components::{
    AppBar, BarChart, LoadableView, PageError, SearchForm, SummaryCards, VisitCardView,
};
use crate::i18n::{text, tr};
use crate::route::Route;
use crate::services::data::{
    action_key, checkout_visitor, register_visitor, search_hosts, use_visit_reasons,
    use_visit_stats, use_visit_summary, use_visits,
};
use crate::services::live::use_unread;
use crate::services::photo::{prepare, PhotoError};
use crate::services::time::from_now;
use crate::services::use_app;

#[component]
pub fn AdminVisitors(q: TextParam, status: VisitStatusParam) -> Element {
    let filter = VisitFilter { q, status };
    let app = use_app();
    let nav = use_navigator();
    let unread = use_unread();
    let mut tick = use_signal(|| 0u32);
    let summary = use_visit_summary(tick());
    let visits = use_visits(filter.query(), tick());
    let mut busy = use_signal(|| None::<String>);
    let mut errors = use_signal(HashMap::<String, String>::new);
    let go = move |f: VisitFilter| {
        nav.replace(Route::from(Target::AdminVisitors { filter: f }));
    };
    let checkout = move |id: String| {
        busy.set(Some(id.clone()));
        errors.write().remove(&id);
        spawn(async move {
            match checkout_visitor(app, id.clone()).await {
                Ok(_) => tick += 1,
                Err(f) => {
                    errors
                        .write()
                        .insert(id, text(&cvm_core::FailureText::message(&f, "").text));
                }
            }
            busy.set(None);
        });
    };
    let search_filter = filter.clone();
    let list = visits.get();
    rsx! {
        AppBar {
            title: t!("vis-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| tick += 1,
        }
        main { class: "page", id: "main-content",
            if let Some(s) = summary.get().ready() {
                SummaryCards { label: t!("vis-summary-label"), cards: visit_cards(s, &filter).to_vec(), on_select: go }
                if s.waiting > 0 {
                    p { id: "vis-waiting-note", class: "field-hint", {t!("vis-waiting-count", count = s.waiting)} }
                }
            }
            div { class: "visit-actions",
                Link { id: "vis-register", class: "button button-primary", to: Route::AdminVisitorNew {}, {t!("vis-register")} }
                Link { id: "vis-stats", class: "button button-tonal", to: Route::AdminVisitStats {}, {t!("stats-title")} }
            }
            SearchForm {
                id: "vis-search",
                label: t!("vis-search-label"),
                placeholder: t!("vis-search-placeholder"),
                value: filter.q.value().to_string(),
                on_search: move |t: String| go(search_filter.with_search(&t)),
            }
            LoadableView {
                status: list.status(),
                empty: t!("vis-empty"),
                on_retry: move |_| tick += 1,
                if let Loadable::Ready(l) = &list {
                    if let Some(why) = &l.unavailable {
                        p { id: "vis-unavailable", class: "card field-hint", role: "status",
                            {t!("vis-unavailable", reason = why.clone())}
                        }
                    }
                    ul { id: "visit-list", class: "visit-list", aria_label: t!("vis-list-label"),
                        for v in l.visits.iter().cloned() {
                            VisitCardView {
                                key: "{v.id}",
                                busy: busy().as_deref() == Some(v.id.as_str()),
                                error: errors.read().get(&v.id).cloned(),
                                visit: v,
                                on_checkout: checkout,
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How long a host search waits for the typing to pause.
const HOST_DEBOUNCE_MS: u64 = 250;

#[component]
pub fn AdminVisitorNew() -> Element {
    let app = use_app();
    let nav = use_navigator();
    let reasons = use_visit_reasons();
    let mut form = use_signal(|| {
        let (start, end) = from_now(120);
        VisitorForm::new(start, end)
    });
    let mut hosts = use_signal(Vec::<Host>::new);
    // The newest host search: an older answer arriving late is dropped.
    let mut search_gen = use_signal(|| 0u64);
    let f = form.read().clone();
    let busy = f.submitting;
    let mut on_host = move |value: String| {
        form.write().set("host", value.clone());
        let generation = *search_gen.peek() + 1;
        search_gen.set(generation);
        spawn(async move {
            crate::services::time::sleep(std::time::Duration::from_millis(HOST_DEBOUNCE_MS)).await;
            if *search_gen.peek() != generation || value.trim().is_empty() {
                if value.trim().is_empty() {
                    hosts.set(Vec::new());
                }
                return;
            }
            if let Ok(found) = search_hosts(app, value).await {
                if *search_gen.peek() == generation {
                    hosts.set(found);
                }
            }
        });
    };
    let add_photo = move |(kind, evt): (PhotoKind, FormEvent)| async move {
        for file in evt.files() {
            // An unreadable file is no picture either.
            let prepared = match file.read_bytes().await {
                Ok(bytes) => prepare(&bytes),
                Err(_) => Err(PhotoError::NotPicture),
            };
            match prepared {
                Ok(url) => form.write().add_photo(kind, url),
                Err(PhotoError::TooLarge) => {
                    form.write()
                        .photo_refused(Text::new(keys::FORM_TOO_LARGE).arg(
                            "max",
                            (crate::services::photo::MAX_INPUT / 1024).to_string(),
                        ))
                }
                Err(PhotoError::NotPicture) => form
                    .write()
                    .photo_refused(Text::new(keys::FORM_NOT_PICTURE)),
            }
        }
    };
    let submit = move |evt: FormEvent| {
        evt.prevent_default();
        let Some((req, key)) = form.write().submit(action_key) else {
            return;
        };
        spawn(async move {
            let result = register_visitor(app, req, key).await;
            form.write().answered(&result);
            if result.is_ok() {
                nav.replace(Route::from(Target::AdminVisitors {
                    filter: VisitFilter::default(),
                }));
            }
        });
    };
    let reason_options = reasons.get().ready().cloned().unwrap_or_default();
    let err = |field: &'static str| f.error(field).map(text);
    rsx! {
        AppBar { title: t!("vis-register"), back: Route::from(Target::AdminVisitors { filter: VisitFilter::default() }) }
        main { class: "page", id: "main-content",
            form { id: "vis-form", class: "card form inv-form", novalidate: true, onsubmit: submit,
                Field { id: "vis-name", label: t!("vis-field-name"), required: true, error: err("name"),
                    input { id: "vis-name", class: "input", autocomplete: "off", disabled: busy, value: "{f.name}",
                        aria_invalid: err("name").is_some().to_string(),
                        oninput: move |e| form.write().set("name", e.value()) }
                }
                Field { id: "vis-last-name", label: t!("vis-field-last-name"), required: false, error: err("last_name"),
                    input { id: "vis-last-name", class: "input", autocomplete: "off", disabled: busy, value: "{f.last_name}",
                        oninput: move |e| form.write().set("last_name", e.value()) }
                }
                Field { id: "vis-phone", label: t!("vis-field-phone"), required: false, error: err("phone"),
                    input { id: "vis-phone", class: "input", r#type: "tel", disabled: busy, value: "{f.phone}",
                        aria_invalid: err("phone").is_some().to_string(),
                        oninput: move |e| form.write().set("phone", e.value()) }
                }
                Field { id: "vis-id-type", label: t!("vis-field-id-type"), required: true, error: err("id_type"),
                    select { id: "vis-id-type", class: "input", disabled: busy, value: "{f.id_type.code()}",
                        onchange: move |e| form.write().set("id_type", e.value()),
                        for (t, code) in cvm_api::visitors::ID_TYPES {
                            option { key: "{code}", value: code, selected: f.id_type == t, {tr(id_type_key(t), &[])} }
                        }
                    }
                }
                Field { id: "vis-id-number", label: t!("vis-field-id-number"), required: true, error: err("id_number"),
                    input { id: "vis-id-number", class: "input", autocomplete: "off", disabled: busy, value: "{f.id_number}",
                        aria_invalid: err("id_number").is_some().to_string(),
                        oninput: move |e| form.write().set("id_number", e.value()) }
                }
                Field { id: "vis-host", label: t!("vis-field-host"), required: true, error: err("host"),
                    input { id: "vis-host", class: "input", autocomplete: "off", disabled: busy, value: "{f.host_text}",
                        role: "combobox", aria_autocomplete: "list", aria_controls: "vis-host-list",
                        aria_expanded: (!hosts.read().is_empty()).to_string(),
                        aria_invalid: err("host").is_some().to_string(),
                        placeholder: t!("vis-host-placeholder"),
                        oninput: move |e| on_host(e.value()) }
                    if !hosts.read().is_empty() {
                        ul { id: "vis-host-list", class: "list card host-list", role: "listbox",
                            for h in hosts.read().iter().cloned() {
                                li { key: "{h.pin}", role: "option",
                                    button {
                                        id: "host-{h.pin}",
                                        class: "host-option",
                                        r#type: "button",
                                        onclick: move |_| {
                                            form.write().pick_host(&h.pin, &h.name);
                                            hosts.set(Vec::new());
                                        },
                                        span { class: "host-name", "{h.name}" }
                                        span { class: "host-meta", "{h.pin}" if let Some(d) = &h.department { " · {d}" } }
                                    }
                                }
                            }
                        }
                    }
                }
                Field { id: "vis-start", label: t!("vis-field-start"), required: true, error: err("start"),
                    input { id: "vis-start", class: "input", r#type: "datetime-local", disabled: busy, value: "{f.start}",
                        oninput: move |e| form.write().set("start", e.value()) }
                }
                Field { id: "vis-end", label: t!("vis-field-end"), required: true, error: err("end"),
                    input { id: "vis-end", class: "input", r#type: "datetime-local", disabled: busy, value: "{f.end}",
                        aria_invalid: err("end").is_some().to_string(),
                        oninput: move |e| form.write().set("end", e.value()) }
                }
                Field { id: "vis-reason", label: t!("vis-field-reason"), required: true, error: err("reason"),
                    select { id: "vis-reason", class: "input", disabled: busy, value: "{f.reason}",
                        onchange: move |e| form.write().set("reason", e.value()),
                        option { value: "", disabled: true, selected: f.reason.is_empty(), {t!("inv-reason-choose")} }
                        for r in reason_options {
                            option { key: "{r}", value: "{r}", selected: r == f.reason, "{r}" }
                        }
                    }
                }
                Field { id: "vis-visitors", label: t!("vis-field-visitors"), required: true, error: err("visitors"),
                    input { id: "vis-visitors", class: "input", r#type: "number", min: "1", max: "99", disabled: busy,
                        value: "{f.visitors}", oninput: move |e| form.write().set("visitors", e.value()) }
                }
                div { class: "field",
                    span { class: "field-label", {t!("vis-field-photos")} }
                    p { class: "field-hint", {t!("vis-photos-hint")} }
                    div { class: "photo-picks",
                        label { class: "button button-tonal", r#for: "vis-photo-plate", {t!("vis-photo-plate")} }
                        input { id: "vis-photo-plate", class: "visually-hidden", r#type: "file", accept: "image/jpeg,image/png",
                            capture: "environment", disabled: busy,
                            onchange: move |e| add_photo((PhotoKind::Plate, e)) }
                        label { class: "button button-tonal", r#for: "vis-photo-goods", {t!("vis-photo-goods")} }
                        input { id: "vis-photo-goods", class: "visually-hidden", r#type: "file", accept: "image/jpeg,image/png",
                            capture: "environment", disabled: busy,
                            onchange: move |e| add_photo((PhotoKind::Goods, e)) }
                    }
                    if !f.photos.is_empty() {
                        ul { id: "vis-photo-list", class: "photo-list",
                            for (i, p) in f.photos.iter().enumerate() {
                                li { key: "{i}", class: "photo-item",
                                    img { src: "{p.data_url}", alt: if p.kind == PhotoKind::Plate { t!("vis-photo-plate") } else { t!("vis-photo-goods") } }
                                    button { class: "button button-text", r#type: "button",
                                        onclick: move |_| form.write().remove_photo(i), {t!("vis-photo-remove")} }
                                }
                            }
                        }
                    }
                    if let Some(e) = err("photos") {
                        p { id: "vis-photos-error", class: "field-error", role: "alert", "{e}" }
                    }
                }
                if let Some(g) = &f.general {
                    PageError { message: g.clone() }
                }
                button { id: "vis-submit", class: "button button-primary button-block", r#type: "submit", disabled: busy,
                    if busy { {t!("inv-sending")} } else { {t!("vis-submit")} }
                }
            }
        }
    }
}

/// A labelled form field with its message.
#[component]
fn Field(
    id: String,
    label: String,
    required: bool,
    error: Option<String>,
    children: Element,
) -> Element {
    rsx! {
        div { class: "field",
            label { class: "field-label", r#for: "{id}",
                "{label}"
                if required { span { class: "required", aria_hidden: "true", " *" } }
            }
            {children}
            if let Some(e) = error {
                p { id: "{id}-error", class: "field-error", role: "alert", "{e}" }
            }
        }
    }
}

#[component]
pub fn AdminVisitStats() -> Element {
    let stats = use_visit_stats();
    let unread = use_unread();
    let s = stats.get();
    rsx! {
        AppBar {
            title: t!("stats-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| stats.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView { status: s.status(), on_retry: move |_| stats.retry(),
                if let Some(s) = s.ready() {
                    BarChart {
                        id: "chart-hours",
                        title: t!("stats-hours", date = s.date.clone()),
                        bars: hour_bars(s),
                        horizontal: false,
                    }
                    if s.top.is_empty() {
                        p { id: "stats-top-empty", class: "card empty", {t!("stats-top-empty")} }
                    } else {
                        BarChart {
                            id: "chart-top",
                            title: t!("stats-top", month = s.month.clone()),
                            bars: top_bars(s),
                            horizontal: true,
                        }
                    }
                }
            }
        }
    }
}
