//! The login form: role, org code (paste or QR image), account and password, and the error with its fix.

use cvm_api::Role;
use cvm_core::{Event, Field, FormError, LoginForm, Text};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::text;

/// Reports every user action as a core [`Event`]; the QR image's `change` event goes to `on_image`
/// (reading and decoding the file is the page's job).
#[component]
pub fn LoginFormView(
    form: LoginForm,
    error: Option<FormError>,
    /// What a login in flight is doing; `None` when the form is idle.
    progress: Option<Text>,
    on_event: EventHandler<Event>,
    on_image: EventHandler<FormEvent>,
    /// Offer "Scan with camera" (builds whose webview has a camera API); reported to `on_camera`.
    #[props(default)]
    camera: bool,
    #[props(default)] on_camera: EventHandler<()>,
    /// Offer "Try again" with the error (the stored session, when the server was out of reach at
    /// start); reported to `on_retry`.
    #[props(default)]
    retry: bool,
    #[props(default)] on_retry: EventHandler<()>,
) -> Element {
    let busy = progress.is_some();
    let invalid = |field: Field| error.as_ref().is_some_and(|e| e.field == Some(field));
    let described = |field: Field| if invalid(field) { "login-error" } else { "" };
    let role_button =
        |role: Role, id: &'static str, label: String, hint: String, svg: &'static str| {
            let pressed = form.role == Some(role);
            rsx! {
                button {
                    id,
                    r#type: "button",
                    class: if pressed { "role-option selected" } else { "role-option" },
                    aria_pressed: if pressed { "true" } else { "false" },
                    disabled: busy,
                    onclick: move |_| on_event.call(Event::RoleChosen(role)),
                    Icon { svg }
                    span { class: "role-text",
                        span { class: "role-label", "{label}" }
                        span { class: "role-hint", "{hint}" }
                    }
                }
            }
        };
    let account_label = match form.role {
        Some(Role::Personnel) => t!("login-personnel-id"),
        _ => t!("login-account"),
    };
    // The error, with its fix; an offline start's (the kept session can be tried again, no form to fill)
    // comes first, the others next to the submit button they follow from.
    let banner = error.as_ref().map(|e| {
        rsx! {
            div { class: "banner banner-error", role: "alert",
                Icon { svg: icons::ALERT }
                div { class: "banner-body",
                    p { id: "login-error", {text(&e.message.text)} }
                    if let Some(help) = &e.message.help {
                        p { id: "login-error-help", class: "banner-help", {text(help)} }
                    }
                    if retry {
                        button {
                            id: "login-retry",
                            class: "button button-tonal button-small",
                            r#type: "button",
                            disabled: busy,
                            onclick: move |_| on_retry.call(()),
                            {t!("action-retry")}
                        }
                    }
                }
            }
        }
    });
    rsx! {
        form {
            class: "login-form",
            novalidate: true,
            aria_busy: if busy { "true" } else { "false" },
            onsubmit: move |evt: FormEvent| {
                evt.prevent_default();
                on_event.call(Event::Submitted);
            },
            if retry {
                {banner.clone()}
            }
            fieldset { class: "field role-field",
                aria_invalid: if invalid(Field::Role) { "true" } else { "false" },
                legend { class: "field-label", {t!("login-role")} }
                div { class: "role-options", role: "group",
                    {role_button(Role::Admin, "role-admin", t!("role-admin"), t!("role-admin-hint"), icons::SHIELD)}
                    {role_button(Role::Personnel, "role-personnel", t!("role-personnel"), t!("role-personnel-hint"), icons::BADGE)}
                }
            }
            div { class: "field",
                label { class: "field-label", r#for: "org-code", {t!("login-org-code")} }
                textarea {
                    id: "org-code",
                    class: "input mono",
                    rows: "3",
                    spellcheck: "false",
                    autocapitalize: "off",
                    autocomplete: "off",
                    placeholder: t!("login-org-code-placeholder"),
                    aria_invalid: if invalid(Field::OrgCode) { "true" } else { "false" },
                    aria_describedby: "org-code-hint {described(Field::OrgCode)}",
                    disabled: busy,
                    value: "{form.org_code}",
                    oninput: move |evt| on_event.call(Event::OrgCodeEdited(evt.value())),
                }
                if let Some(name) = cvm_core::login::org_name(&form.org_code) {
                    p { id: "org-found", class: "org-found", role: "status",
                        {t!("login-org-found", name = name)}
                    }
                }
                div { class: "field-row org-row",
                    p { id: "org-code-hint", class: "field-hint", {t!("login-org-code-hint")} }
                    div { class: "org-actions",
                        if camera {
                            button {
                                id: "scan-camera",
                                r#type: "button",
                                class: "button button-primary button-small",
                                disabled: busy,
                                onclick: move |_| on_camera.call(()),
                                Icon { svg: icons::CAMERA }
                                span { {t!("login-scan-camera")} }
                            }
                        }
                        label { class: "button button-tonal button-small file-button", r#for: "org-image",
                            Icon { svg: icons::QR }
                            span { {t!("login-org-image")} }
                        }
                    }
                    input {
                        id: "org-image",
                        class: "visually-hidden",
                        r#type: "file",
                        accept: "image/*",
                        disabled: busy,
                        onchange: move |evt| on_image.call(evt),
                    }
                }
            }
            div { class: "field",
                label { class: "field-label", r#for: "account", "{account_label}" }
                input {
                    id: "account",
                    class: "input",
                    r#type: "text",
                    autocomplete: "username",
                    autocapitalize: "off",
                    spellcheck: "false",
                    aria_invalid: if invalid(Field::Account) { "true" } else { "false" },
                    aria_describedby: described(Field::Account),
                    disabled: busy,
                    value: "{form.account}",
                    oninput: move |evt| on_event.call(Event::AccountEdited(evt.value())),
                }
            }
            div { class: "field",
                label { class: "field-label", r#for: "password", {t!("login-password")} }
                input {
                    id: "password",
                    class: "input",
                    r#type: "password",
                    autocomplete: "current-password",
                    aria_invalid: if invalid(Field::Password) { "true" } else { "false" },
                    aria_describedby: described(Field::Password),
                    disabled: busy,
                    value: "{form.password}",
                    oninput: move |evt| on_event.call(Event::PasswordEdited(evt.value())),
                }
            }
            if !retry {
                {banner.clone()}
            }
            button {
                id: "login-submit",
                class: "button button-primary button-block",
                r#type: "submit",
                disabled: busy,
                if let Some(step) = &progress {
                    span { class: "spinner spinner-on-primary", aria_hidden: "true" }
                    span { {text(step)} }
                } else {
                    span { {t!("login-submit")} }
                }
            }
        }
    }
}
