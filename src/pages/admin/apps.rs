//! Admin › Application Center: the applications this version has. Only entries that work are listed.

use cvm_core::{AreaFilter, StateFilter};
use dioxus::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::AppBar;
use crate::route::Route;
use crate::services::live::use_unread;

#[component]
pub fn AdminApps() -> Element {
    let unread = use_unread();
    rsx! {
        AppBar { title: t!("apps-title"), notifications: Some(unread) }
        main { class: "page", id: "main-content",
            ul { id: "app-list", class: "list card app-list",
                li {
                    Link {
                        id: "app-devices",
                        class: "app-entry",
                        to: Route::AdminDevices { state: StateFilter::default(), area: AreaFilter::all() },
                        Icon { svg: icons::DEVICE, class: "app-icon tone-blue" }
                        span { class: "app-text",
                            span { class: "app-name", {t!("apps-devices")} }
                            span { class: "app-hint", {t!("apps-devices-hint")} }
                        }
                        Icon { svg: icons::CHEVRON, class: "chevron" }
                    }
                }
                li {
                    Link {
                        id: "app-notifications",
                        class: "app-entry",
                        to: Route::AdminNotifications {},
                        Icon { svg: icons::BELL, class: "app-icon tone-amber" }
                        span { class: "app-text",
                            span { class: "app-name", {t!("notif-title")} }
                            span { class: "app-hint", {t!("apps-notifications-hint")} }
                        }
                        Icon { svg: icons::CHEVRON, class: "chevron" }
                    }
                }
            }
            p { class: "apps-note", {t!("apps-more-later")} }
        }
    }
}
