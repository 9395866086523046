//! The login screen: role, org code (paste or QR image), account and password.

use cvm_core::{login::ScanFailure, Event, Guard, Scope};
use dioxus::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::{Loading, LoginFormView};
use crate::pages::use_guard;
use crate::services::use_app;

#[component]
pub fn Login() -> Element {
    let app = use_app();
    if let Guard::Wait | Guard::Redirect(_) = use_guard(Scope::Public) {
        return rsx! { Loading {} };
    }
    let model = app.model.read();
    rsx! {
        div { class: "screen login-screen",
            main { class: "login-page", id: "main-content",
                header { class: "login-header",
                    div { class: "brand-mark", Icon { svg: icons::SHIELD } }
                    h1 { class: "login-title", {t!("login-title")} }
                    p { class: "login-subtitle", {t!("login-subtitle")} }
                }
                section { class: "card login-card",
                    LoginFormView {
                        form: model.form.clone(),
                        error: model.login_error.clone(),
                        progress: model.session.progress(),
                        on_event: move |e| app.dispatch(e),
                        on_image: move |evt: FormEvent| async move {
                            let Some(file) = evt.files().into_iter().next() else {
                                return;
                            };
                            let decoded = match file.read_bytes().await {
                                Ok(bytes) => cvm_scan::decode_bytes(&bytes).map_err(|_| ScanFailure::Unreadable),
                                Err(_) => Err(ScanFailure::Unreadable),
                            };
                            app.dispatch(Event::OrgImageDecoded(decoded));
                        },
                    }
                }
            }
        }
    }
}
