//! The Me screen, the same for both roles: account, organization, how the phone reaches the site,
//! version, log out; for admins also the site's connection (CVSecurity, the relay tunnel).

use cvm_core::Event;
use dioxus::prelude::*;

use crate::components::{AppBar, Loading, MeCard, SiteConnection};
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
    // The URL in use is the one that last answered (LAN first, the relay when the LAN is out of reach).
    let server_url = app.client().map(|c| c.base_url());
    let route =
        cvm_core::connection::route_text(server_url.as_ref().and_then(|u| active.org.route_of(u)));
    let server_url = server_url
        .map(|u| u.as_str().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let is_admin = active.role == cvm_api::Role::Admin;
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
                route,
                server_url,
                on_logout: move |_| app.dispatch(Event::LogoutRequested),
                if is_admin {
                    SiteConnection {}
                }
            }
        }
    }
}
