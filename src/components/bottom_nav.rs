//! The bottom navigation: only the tabs of the user's role, the current one marked.

use cvm_api::Role;
use cvm_core::Tab;
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::tr;
use crate::route::Route;

/// `unread`: the count on the Notification Center's tab (personnel).
#[component]
pub fn BottomNav(role: Role, active: Option<Tab>, #[props(default)] unread: u32) -> Element {
    rsx! {
        nav { class: "bottom-nav", aria_label: t!("nav-label"),
            for tab in cvm_core::nav::tabs(role).iter().copied() {
                Link {
                    key: "{tab.id()}",
                    id: tab.id(),
                    class: if active == Some(tab) { "nav-item active" } else { "nav-item" },
                    to: Route::from(tab.target(role)),
                    Icon { svg: icon(tab) }
                    if tab == Tab::Notifications && unread > 0 {
                        span { id: "nav-badge", class: "badge nav-badge",
                            aria_label: t!("notif-unread", count = unread),
                            if unread > 99 { "99+" } else { "{unread}" }
                        }
                    }
                    span { class: "nav-label", {tr(tab.label_key(), &[])} }
                }
            }
        }
    }
}

fn icon(tab: Tab) -> &'static str {
    match tab {
        Tab::Notifications => icons::BELL,
        Tab::Dashboard => icons::DASHBOARD,
        Tab::Alarms => icons::SIREN,
        Tab::Apps => icons::APPS,
        Tab::Me => icons::USER,
    }
}
