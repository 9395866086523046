//! The personnel screens and their shell: guard and bottom navigation.

mod apps;
mod credential;
mod invitations;
mod me;
mod notifications;
mod password;

pub use apps::PersonnelApps;
pub use credential::{CredentialCard, PersonnelCredential};
pub use invitations::{
    InvitationDetails, PersonnelInvitation, PersonnelInvitations, PersonnelInvite,
    PersonnelReinvite,
};
pub use me::PersonnelMe;
pub use notifications::PersonnelNotifications;
pub use password::PersonnelPassword;

use cvm_api::Role;
use cvm_core::{Guard, Scope};
use dioxus::prelude::*;

use crate::components::{BottomNav, Loading};
use crate::pages::use_guard;
use crate::route::Route;
use crate::services::live::use_unread;

#[component]
pub fn PersonnelShell() -> Element {
    let route = use_route::<Route>();
    let unread = use_unread();
    if use_guard(Scope::Personnel) != Guard::Allow {
        return rsx! { Loading {} };
    }
    rsx! {
        div { class: "screen with-nav",
            Outlet::<Route> {}
            BottomNav { role: Role::Personnel, active: route.target().and_then(|t| t.tab()), unread }
        }
    }
}
