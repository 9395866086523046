//! Personnel › Application Center: the applications this version has for personnel.

use dioxus::prelude::*;

use crate::components::icons;
use crate::components::{AppBar, AppEntry};
use crate::route::Route;

#[component]
pub fn PersonnelApps() -> Element {
    rsx! {
        AppBar { title: t!("apps-title") }
        main { class: "page", id: "main-content",
            ul { id: "app-list", class: "list card app-list",
                AppEntry {
                    id: "app-credential",
                    to: Route::PersonnelCredential {},
                    icon: icons::QR,
                    tone: "tone-blue",
                    name: t!("cred-title"),
                    hint: t!("apps-credential-hint"),
                }
                AppEntry {
                    id: "app-invitations",
                    to: Route::PersonnelInvitations {},
                    icon: icons::VISITOR,
                    tone: "tone-green",
                    name: t!("inv-title"),
                    hint: t!("apps-invitations-hint"),
                }
            }
            p { class: "apps-note", {t!("apps-more-later")} }
        }
    }
}
