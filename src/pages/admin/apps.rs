//! Admin › Application Center: the applications this version has. Only entries that work are listed.

use cvm_core::{AreaFilter, RangeParam, StateFilter, TextParam, VisitStatusParam};
use dioxus::prelude::*;

use crate::components::icons;
use crate::components::{AppBar, AppEntry};
use crate::route::Route;
use crate::services::live::use_unread;

#[component]
pub fn AdminApps() -> Element {
    let unread = use_unread();
    rsx! {
        AppBar { title: t!("apps-title"), notifications: Some(unread) }
        main { class: "page", id: "main-content",
            ul { id: "app-list", class: "list card app-list",
                AppEntry {
                    id: "app-doors",
                    to: Route::AdminDoors { q: TextParam::none() },
                    icon: icons::DOOR,
                    tone: "tone-green",
                    name: t!("doors-title"),
                    hint: t!("apps-doors-hint"),
                }
                AppEntry {
                    id: "app-lockdown",
                    to: Route::AdminLockdown {},
                    icon: icons::SHIELD,
                    tone: "tone-red",
                    name: t!("lockdown-title"),
                    hint: t!("apps-lockdown-hint"),
                }
                AppEntry {
                    id: "app-records",
                    to: Route::AdminRecords { q: TextParam::none(), door: TextParam::none(), range: RangeParam::default() },
                    icon: icons::RECORDS,
                    tone: "tone-blue",
                    name: t!("records-title"),
                    hint: t!("apps-records-hint"),
                }
                AppEntry {
                    id: "app-visitors",
                    to: Route::AdminVisitors { q: TextParam::none(), status: VisitStatusParam::default() },
                    icon: icons::VISITOR,
                    tone: "tone-green",
                    name: t!("vis-title"),
                    hint: t!("apps-visitors-hint"),
                }
                AppEntry {
                    id: "app-visit-stats",
                    to: Route::AdminVisitStats {},
                    icon: icons::DASHBOARD,
                    tone: "tone-amber",
                    name: t!("stats-title"),
                    hint: t!("apps-stats-hint"),
                }
                AppEntry {
                    id: "app-activity",
                    to: Route::AdminActivity {},
                    icon: icons::BADGE,
                    tone: "tone-violet",
                    name: t!("activity-title"),
                    hint: t!("apps-activity-hint"),
                }
                AppEntry {
                    id: "app-devices",
                    to: Route::AdminDevices { state: StateFilter::default(), area: AreaFilter::all() },
                    icon: icons::DEVICE,
                    tone: "tone-blue",
                    name: t!("apps-devices"),
                    hint: t!("apps-devices-hint"),
                }
                AppEntry {
                    id: "app-notifications",
                    to: Route::AdminNotifications {},
                    icon: icons::BELL,
                    tone: "tone-amber",
                    name: t!("notif-title"),
                    hint: t!("apps-notifications-hint"),
                }
            }
            p { class: "apps-note", {t!("apps-more-later")} }
        }
    }
}
