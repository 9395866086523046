//! The login screen: role, org code (camera, QR image or paste), account and password.

use cvm_core::{login::ScanFailure, Event, Guard, Scope};
use dioxus::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::{Loading, LoginFormView, ScannerView};
use crate::pages::use_guard;
use crate::services::camera::{use_camera_scanner, CAMERA_SUPPORTED};
use crate::services::use_app;

#[component]
pub fn Login() -> Element {
    let app = use_app();
    let scanner = use_camera_scanner();
    if let Guard::Wait | Guard::Redirect(_) = use_guard(Scope::Public) {
        return rsx! { Loading {} };
    }
    let model = app.model.read();
    // The viewfinder is modal: the form under it takes no focus or clicks while it is open.
    let open = scanner.state.read().is_open();
    rsx! {
        div { class: "screen login-screen",
            main { class: "login-page", id: "main-content", inert: if open { "true" },
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
                        camera: CAMERA_SUPPORTED,
                        on_camera: move |_| scanner.open(),
                        retry: model.resumable,
                        on_retry: move |_| app.retry_restore(),
                        on_image: move |evt: FormEvent| async move {
                            // Picking an image is also the scanner's fallback: it replaces the camera.
                            scanner.close();
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
            ScannerView {
                state: scanner.state.read().clone(),
                frames: Some(scanner.frames.into()),
                on_close: move |_| {
                    scanner.close();
                    focus_when_closed("scan-camera");
                },
                on_torch: move |_| scanner.toggle_torch(),
                on_paste: move |_| {
                    scanner.close();
                    // The field is on the page under the viewfinder; put the cursor there for the paste.
                    focus_when_closed("org-code");
                },
            }
        }
    }
}

/// Focuses the element with `id` once the viewfinder has left the page (the form under it is inert
/// until then, so focusing it earlier would not take).
fn focus_when_closed(id: &str) {
    document::eval(&format!(
        "(function f() {{ if (document.getElementById('scanner')) return requestAnimationFrame(f); \
         document.getElementById('{id}')?.focus(); }})()"
    ));
}
