//! The admin screens and their shell: guard and bottom navigation.

mod alarm;
mod alarms;
mod apps;
mod dashboard;
mod devices;
mod me;
mod notifications;

pub use alarm::AdminAlarm;
pub use alarms::AdminAlarms;
pub use apps::AdminApps;
pub use dashboard::AdminDashboard;
pub use devices::AdminDevices;
pub use me::AdminMe;
pub use notifications::AdminNotifications;

use cvm_api::Role;
use cvm_core::{Guard, Scope};
use dioxus::prelude::*;

use crate::components::{BottomNav, Loading};
use crate::pages::use_guard;
use crate::route::Route;

#[component]
pub fn AdminShell() -> Element {
    let route = use_route::<Route>();
    if use_guard(Scope::Admin) != Guard::Allow {
        return rsx! { Loading {} };
    }
    rsx! {
        div { class: "screen with-nav",
            Outlet::<Route> {}
            BottomNav { role: Role::Admin, active: route.target().and_then(|t| t.tab()) }
        }
    }
}
