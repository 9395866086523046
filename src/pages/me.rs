//! The Me screen, the same for both roles: account, organization, version, log out.

use cvm_core::Event;
use dioxus::prelude::*;

use crate::components::{AppBar, Loading, MeCard};
use crate::services::live::use_unread;
use crate::services::use_app;

#[component]
pub fn MePage() -> Element {
    let app = use_app();
    let unread = use_unread();
    let model = app.model.read();
    let Some(active) = model.session.active() else {
        return rsx! { Loading {} };
    };
    rsx! {
        AppBar {
            title: t!("me-title"),
            notifications: (active.role == cvm_api::Role::Admin).then_some(unread),
        }
        main { class: "page", id: "main-content",
            MeCard {
                me: active.me.clone(),
                org_name: active.server.name.clone(),
                server_version: active.server.version.clone(),
                org_code: Some(active.org.to_uri()),
                on_logout: move |_| app.dispatch(Event::LogoutRequested),
            }
        }
    }
}
