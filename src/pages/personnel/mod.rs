//! The personnel screens and their shell: guard and bottom navigation.

mod me;

pub use me::PersonnelMe;

use cvm_api::Role;
use cvm_core::{Guard, Scope};
use dioxus::prelude::*;

use crate::components::{BottomNav, Loading};
use crate::pages::use_guard;
use crate::route::Route;

#[component]
pub fn PersonnelShell() -> Element {
    let route = use_route::<Route>();
    if use_guard(Scope::Personnel) != Guard::Allow {
        return rsx! { Loading {} };
    }
    rsx! {
        div { class: "screen with-nav",
            Outlet::<Route> {}
            BottomNav { role: Role::Personnel, active: route.target().and_then(|t| t.tab()) }
        }
    }
}
