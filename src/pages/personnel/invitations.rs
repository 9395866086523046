//! Personnel › Apps › Visitor Invitation: my invitation records (status, e-mail state, Re-Invitation),
//! the new-invitation form, and one invitation with the visitor's QR code (also the success screen).

use cvm_api::{Invitation, InvitationStatus, MailState};
use cvm_core::{mail_message, status_text, InviteForm, INVITE_FIELDS};
use dioxus::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::{AppBar, LoadMore, LoadableView, PageError, QrCodeView};
use crate::i18n::{language, text, tr};
use crate::route::Route;
use crate::services::data::{
    action_key, send_invitation, use_invitation, use_paged, use_visit_reasons, MyInvitations,
};
use crate::services::time::local_minutes;
use crate::services::use_app;

const PAGE: MyInvitations = MyInvitations { limit: 30 };

#[component]
pub fn PersonnelInvitations() -> Element {
    let list = use_paged(Some(PAGE), None);
    let items = list.get(Some(&PAGE));
    rsx! {
        AppBar {
            title: t!("inv-title"),
            back: Route::PersonnelApps {},
            on_refresh: move |_| list.retry(),
        }
        main { class: "page", id: "main-content",
            Link { id: "inv-new", class: "button button-primary button-block", to: Route::PersonnelInvite {},
                Icon { svg: icons::VISITOR }
                span { {t!("inv-new")} }
            }
            LoadableView {
                status: items.status(),
                empty: t!("inv-empty"),
                on_retry: move |_| list.retry(),
                if let Some(items) = items.ready() {
                    ul { id: "inv-list", class: "list card inv-list", aria_label: t!("inv-title"),
                        for inv in items.iter().cloned() {
                            InvitationRow { key: "{inv.id}", inv }
                        }
                    }
                    LoadMore {
                        id: "inv-more",
                        more: list.more_state(),
                        has_more: list.has_more(),
                        on_more: move |_| list.more(),
                    }
                }
            }
        }
    }
}

fn status_class(s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => "status-badge inv-pending",
        InvitationStatus::Used => "status-badge inv-used",
        InvitationStatus::Expired => "status-badge inv-expired",
    }
}

fn mail_class(s: MailState) -> &'static str {
    match s {
        MailState::Sent => "inv-mail sent",
        MailState::Queued | MailState::NotConfigured => "inv-mail waiting",
        MailState::Failed => "inv-mail failed",
    }
}

#[component]
fn InvitationRow(inv: Invitation) -> Element {
    let name = format!("{} {}", inv.first_name, inv.last_name);
    let mail = mail_message(&inv.mail);
    rsx! {
        li { id: "inv-{inv.id}", class: "inv-item", "data-status": format!("{:?}", inv.status).to_lowercase(),
            Link { class: "inv-main", to: Route::PersonnelInvitation { id: inv.id },
                span { class: "inv-name", "{name.trim()}" }
                span { class: "inv-when", "{inv.start} – {inv.end}" }
                span { class: "{mail_class(inv.mail.state)}", {text(&mail.text)} }
            }
            div { class: "inv-side",
                span { class: status_class(inv.status), {text(&status_text(inv.status))} }
                Link {
                    id: "inv-{inv.id}-again",
                    class: "button button-tonal button-small",
                    to: Route::PersonnelReinvite { id: inv.id },
                    {t!("inv-reinvite")}
                }
            }
        }
    }
}

/// The next full hour and two hours later, as `datetime-local` values.
fn default_times() -> (String, String) {
    local_minutes(60, 120)
}

#[component]
pub fn PersonnelInvite() -> Element {
    let (start, end) = default_times();
    let form = use_signal(move || InviteForm::new(start.clone(), end.clone()));
    rsx! { InviteScreen { form, back: Route::PersonnelInvitations {} } }
}

#[component]
pub fn PersonnelReinvite(id: i64) -> Element {
    let old = use_invitation(id);
    match old.get().ready() {
        Some(inv) => rsx! { ReinviteForm { inv: inv.clone() } },
        None => rsx! {
            AppBar { title: t!("inv-reinvite"), back: Route::PersonnelInvitations {} }
            main { class: "page", id: "main-content",
                LoadableView { status: old.get().status(), on_retry: move |_| old.retry(), }
            }
        },
    }
}

/// The form of a Re-Invitation, made once from the invitation it repeats (a reload of that invitation
/// does not reset what the user typed).
#[component]
fn ReinviteForm(inv: Invitation) -> Element {
    let id = inv.id;
    let form = use_signal(move || {
        let (start, end) = default_times();
        InviteForm::reinvite(&inv, start, end)
    });
    rsx! { InviteScreen { form, back: Route::PersonnelInvitation { id } } }
}

#[component]
fn InviteScreen(form: Signal<InviteForm>, back: Route) -> Element {
    let app = use_app();
    let nav = use_navigator();
    let reasons = use_visit_reasons();
    let f = form.read().clone();
    let busy = f.submitting;
    let title = if f.reinvite_of.is_some() {
        t!("inv-reinvite")
    } else {
        t!("inv-new")
    };
    let submit = move |evt: FormEvent| {
        evt.prevent_default();
        let Some((submit, key)) = form.write().submit(language(), action_key) else {
            return;
        };
        spawn(async move {
            let result = send_invitation(app, submit, key).await;
            form.write().answered(&result);
            if let Ok(inv) = result {
                nav.replace(Route::PersonnelInvitation { id: inv.id });
            }
        });
    };
    let reason_options = reasons.get().ready().cloned().unwrap_or_default();
    rsx! {
        AppBar { title: "{title}", back }
        main { class: "page", id: "main-content",
            form { id: "inv-form", class: "card form inv-form", novalidate: true, onsubmit: submit,
                for field in INVITE_FIELDS.iter().copied() {
                    InviteInput { form, field, reasons: reason_options.clone(), busy }
                }
                if let Some(g) = &f.general {
                    PageError { message: g.clone() }
                }
                button { id: "inv-submit", class: "button button-primary button-block", r#type: "submit", disabled: busy,
                    if busy { {t!("inv-sending")} } else { {t!("inv-submit")} }
                }
            }
        }
    }
}

#[component]
fn InviteInput(
    form: Signal<InviteForm>,
    field: &'static str,
    reasons: Vec<String>,
    busy: bool,
) -> Element {
    let f = form.read();
    let value = f.get(field).to_string();
    let error = f.error(field).map(text);
    let disabled = busy || !f.editable(field);
    let id = format!("inv-{}", field.replace('_', "-"));
    let label = tr(&format!("inv-field-{}", field.replace('_', "-")), &[]);
    let required = matches!(
        field,
        "first_name" | "email" | "start" | "end" | "reason" | "visitors"
    );
    let (kind, autocomplete) = match field {
        "email" => ("email", "email"),
        "mobile" => ("tel", "tel"),
        "start" | "end" => ("datetime-local", "off"),
        "visitors" => ("number", "off"),
        "first_name" => ("text", "given-name"),
        "last_name" => ("text", "family-name"),
        _ => ("text", "off"),
    };
    let invalid = if error.is_some() { "true" } else { "false" };
    let described = if error.is_some() {
        format!("{id}-error")
    } else {
        String::new()
    };
    let mut form = form;
    rsx! {
        div { class: "field",
            label { class: "field-label", r#for: "{id}",
                "{label}"
                if required { span { class: "required", aria_hidden: "true", " *" } }
            }
            if field == "reason" {
                select {
                    id: "{id}",
                    class: "input",
                    required: true,
                    disabled,
                    aria_invalid: invalid,
                    aria_describedby: "{described}",
                    value: "{value}",
                    onchange: move |evt| form.write().set(field, evt.value()),
                    option { value: "", disabled: true, selected: value.is_empty(), {t!("inv-reason-choose")} }
                    for r in reasons {
                        option { key: "{r}", value: "{r}", selected: r == value, "{r}" }
                    }
                }
            } else if field == "remarks" {
                textarea {
                    id: "{id}",
                    class: "input",
                    rows: "3",
                    disabled,
                    aria_invalid: invalid,
                    aria_describedby: "{described}",
                    value: "{value}",
                    oninput: move |evt| form.write().set(field, evt.value()),
                }
            } else {
                input {
                    id: "{id}",
                    class: "input",
                    r#type: kind,
                    autocomplete,
                    required,
                    disabled,
                    min: if field == "visitors" { "1" } else { "" },
                    max: if field == "visitors" { "99" } else { "" },
                    aria_invalid: invalid,
                    aria_describedby: "{described}",
                    value: "{value}",
                    oninput: move |evt| form.write().set(field, evt.value()),
                }
            }
            if let Some(e) = error {
                p { id: "{id}-error", class: "field-error", role: "alert", "{e}" }
            }
        }
    }
}

#[component]
pub fn PersonnelInvitation(id: i64) -> Element {
    let inv = use_invitation(id);
    rsx! {
        AppBar {
            title: t!("inv-details"),
            back: Route::PersonnelInvitations {},
            on_refresh: move |_| inv.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView { status: inv.get().status(), on_retry: move |_| inv.retry(),
                if let Some(i) = inv.get().ready() {
                    InvitationDetails { inv: i.clone() }
                }
            }
        }
    }
}

#[component]
pub fn InvitationDetails(inv: Invitation) -> Element {
    let mail = mail_message(&inv.mail);
    let name = format!("{} {}", inv.first_name, inv.last_name);
    let svg = cvm_scan::render_svg(&inv.qr).unwrap_or_default();
    let save = format!("data:image/svg+xml;charset=utf-8,{}", percent(&svg));
    rsx! {
        section { id: "inv-details", class: "card inv-details", "data-status": format!("{:?}", inv.status).to_lowercase(),
            div { class: "inv-head",
                h2 { id: "inv-name", class: "inv-title", "{name.trim()}" }
                span { class: status_class(inv.status), {text(&status_text(inv.status))} }
            }
            QrCodeView { id: "inv-qr", payload: inv.qr.clone(), label: t!("inv-qr-label", name = name.trim().to_string()) }
            p { class: "inv-qr-help", {t!("inv-qr-help")} }
            dl { class: "details",
                dt { {t!("inv-field-email")} } dd { id: "inv-email", "{inv.email}" }
                dt { {t!("inv-when")} } dd { "{inv.start} – {inv.end}" }
                dt { {t!("inv-field-reason")} } dd { "{inv.reason}" }
                dt { {t!("inv-field-visitors")} } dd { "{inv.visitors}" }
                if !inv.mobile.is_empty() { dt { {t!("inv-field-mobile")} } dd { "{inv.mobile}" } }
                if !inv.remarks.is_empty() { dt { {t!("inv-field-remarks")} } dd { "{inv.remarks}" } }
            }
            div { id: "inv-mail", class: "banner {mail_banner(inv.mail.state)}", role: "status", "data-state": format!("{:?}", inv.mail.state).to_lowercase(),
                Icon { svg: if inv.mail.state == MailState::Sent { icons::INFO } else { icons::WARNING } }
                div { class: "banner-body",
                    p { id: "inv-mail-text", {text(&mail.text)} }
                    if let Some(help) = &mail.help {
                        p { class: "banner-help", {text(help)} }
                    }
                }
            }
            div { class: "inv-actions",
                a { id: "inv-save", class: "button button-tonal", href: "{save}", download: "invitation-{inv.id}.svg",
                    {t!("inv-save-qr")}
                }
                Link { id: "inv-again", class: "button button-tonal", to: Route::PersonnelReinvite { id: inv.id },
                    {t!("inv-reinvite")}
                }
            }
        }
    }
}

fn mail_banner(s: MailState) -> &'static str {
    match s {
        MailState::Sent => "banner-info",
        MailState::Failed => "banner-error",
        MailState::Queued | MailState::NotConfigured => "banner-warning",
    }
}

/// Percent-encodes what a `data:` URL cannot carry as is.
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' | '#' | '"' | '<' | '>' | '\n' | '\r' | ' ' | '&' | '?' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}
