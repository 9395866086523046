//! The admin screens and their shell: guard, bottom navigation, and the area filter they share.

mod dashboard;
mod devices;
mod me;

pub use dashboard::AdminDashboard;
pub use devices::AdminDevices;
pub use me::AdminMe;

use cvm_api::Role;
use cvm_core::{AreaFilter, Guard, Scope};
use dioxus::prelude::*;

use crate::components::{BottomNav, Loading};
use crate::pages::use_guard;
use crate::route::Route;

/// The area chosen on the dashboard; kept while the admin moves between admin screens.
#[derive(Clone, Copy)]
pub struct SelectedArea(pub Signal<AreaFilter>);

#[component]
pub fn AdminShell() -> Element {
    use_context_provider(|| SelectedArea(Signal::new(AreaFilter::all())));
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
