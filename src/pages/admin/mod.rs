//! The admin screens and their shell: guard and bottom navigation.

mod activity;
mod alarm;
mod alarms;
mod apps;
mod dashboard;
mod devices;
mod doors;
mod lockdown;
mod me;
mod notifications;
mod records;
mod visitors;

pub use activity::AdminActivity;
pub use alarm::AdminAlarm;
pub use alarms::AdminAlarms;
pub use apps::AdminApps;
pub use dashboard::AdminDashboard;
pub use devices::AdminDevices;
pub use doors::AdminDoors;
pub use lockdown::{AdminLockdown, LockdownBody};
pub use me::AdminMe;
pub use notifications::AdminNotifications;
pub use records::{AdminRecord, AdminRecords};
pub use visitors::{AdminVisitStats, AdminVisitorNew, AdminVisitors};

use cvm_api::Role;
use cvm_core::{latest_lockdown, lockdown_banner, Guard, Scope};
use dioxus::prelude::*;

use crate::components::{BottomNav, Loading, LockdownBanner};
use crate::pages::use_guard;
use crate::route::Route;
use crate::services::data::use_lockdown;
use crate::services::live::use_live_feed;

#[component]
pub fn AdminShell() -> Element {
    let route = use_route::<Route>();
    if use_guard(Scope::Admin) != Guard::Allow {
        return rsx! { Loading {} };
    }
    rsx! {
        div { class: "screen with-nav",
            ActiveLockdown {}
            Outlet::<Route> {}
            BottomNav { role: Role::Admin, active: route.target().and_then(|t| t.tab()) }
        }
    }
}

/// The lockdown banner across every admin screen while any lockdown is active: `GET /lockdown`, again
/// whenever a lockdown event arrives. Rendered once the session is there.
#[component]
fn ActiveLockdown() -> Element {
    let feed = use_live_feed();
    let tick = use_memo(move || latest_lockdown(&feed.read()));
    let state = use_lockdown(tick());
    match state.get().ready().and_then(lockdown_banner) {
        Some(message) => rsx! {
            LockdownBanner { message }
        },
        None => rsx! {},
    }
}
