//! Personnel › Me › Change password: current, new, new again. The new one is for this app only
//! (CVSecurity's API cannot change the web portal's), which the screen says plainly; other sessions end.

use cvm_core::PasswordForm;
use dioxus::prelude::*;

use crate::components::{AppBar, PageError};
use crate::i18n::text;
use crate::route::Route;
use crate::services::data::change_password;
use crate::services::use_app;

#[component]
pub fn PersonnelPassword() -> Element {
    let app = use_app();
    let mut form = use_signal(PasswordForm::default);
    let f = form.read().clone();
    let submit = move |evt: FormEvent| {
        evt.prevent_default();
        let Some(req) = form.write().submit() else {
            return;
        };
        spawn(async move {
            let result = change_password(app, req).await;
            form.write().answered(&result);
        });
    };
    let field = move |id: &'static str,
                      name: &'static str,
                      label: String,
                      value: String,
                      autocomplete: &'static str| {
        let error = form.read().error_for(name).map(text);
        let invalid = if error.is_some() { "true" } else { "false" };
        let described = if error.is_some() {
            format!("{id}-error")
        } else {
            String::new()
        };
        rsx! {
            div { class: "field",
                label { class: "field-label", r#for: id, "{label}" }
                input {
                    id,
                    class: "input",
                    r#type: "password",
                    autocomplete,
                    disabled: form.read().submitting,
                    aria_invalid: invalid,
                    aria_describedby: described,
                    value: "{value}",
                    oninput: move |evt| {
                        let mut f = form.write();
                        match name {
                            "current" => f.current = evt.value(),
                            "new" => f.new = evt.value(),
                            _ => f.again = evt.value(),
                        }
                        f.error = None;
                        f.done = false;
                    },
                }
                if let Some(e) = error {
                    p { id: "{id}-error", class: "field-error", role: "alert", "{e}" }
                }
            }
        }
    };
    rsx! {
        AppBar { title: t!("pw-title"), back: Route::PersonnelMe {} }
        main { class: "page", id: "main-content",
            form { id: "pw-form", class: "card form", novalidate: true, onsubmit: submit,
                p { id: "pw-note", class: "field-hint", {t!("pw-note")} }
                {field("pw-current", "current", t!("pw-current"), f.current.clone(), "current-password")}
                {field("pw-new", "new", t!("pw-new"), f.new.clone(), "new-password")}
                {field("pw-again", "again", t!("pw-again"), f.again.clone(), "new-password")}
                p { class: "field-hint", {t!("pw-rule")} }
                if let Some(g) = &f.general {
                    PageError { message: g.clone() }
                }
                if f.done {
                    p { id: "pw-done", class: "banner banner-info", role: "status", {t!("pw-done")} }
                }
                button { id: "pw-submit", class: "button button-primary button-block", r#type: "submit", disabled: f.submitting,
                    {t!("pw-submit")}
                }
            }
        }
    }
}
