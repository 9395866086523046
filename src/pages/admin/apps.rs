//! Admin › Application Center: the applications this version has. Only entries that work are listed.

use cvm_core::{AreaFilter, StateFilter, TextParam};
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
                        id: "app-doors",
                        class: "app-entry",
                        to: Route::AdminDoors { q: TextParam::none() },
                        Icon { svg: icons::DOOR, class: "app-icon tone-green" }
                        span { class: "app-text",
                            span { class: "app-name", {t!("doors-title")} }
                            span { class: "app-hint", {t!("apps-doors-hint")} }
                        }
                        Icon { svg: icons::CHEVRON, class: "chevron" }
                    }
                }
                li {
                    Link {
                        id: "app-lockdown",
                        class: "app-entry",
                        to: Route::AdminLockdown {},
                        Icon { svg: icons::SHIELD, class: "app-icon tone-red" }
                        span { class: "app-text",
                            span { class: "app-name", {t!("lockdown-title")} }
                            span { class: "app-hint", {t!("apps-lockdown-hint")} }
                        }
                        Icon { svg: icons::CHEVRON, class: "chevron" }
                    }
                }
                li {
                    Link {
                        id: "app-activity",
                        class: "app-entry",
                        to: Route::AdminActivity {},
                        Icon { svg: icons::BADGE, class: "app-icon tone-violet" }
                        span { class: "app-text",
                            span { class: "app-name", {t!("activity-title")} }
                            span { class: "app-hint", {t!("apps-activity-hint")} }
                        }
                        Icon { svg: icons::CHEVRON, class: "chevron" }
                    }
                }
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
