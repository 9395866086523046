//! The privacy policy: what the app and the site's gateway keep, where, and for how long. Reachable from
//! Me (both roles) and without a session.

use dioxus::prelude::*;

use crate::components::AppBar;
use crate::route::Route;
use crate::services::use_app;

#[component]
pub fn Privacy() -> Element {
    let app = use_app();
    let back = match app.model.read().session.active().map(|a| a.role) {
        Some(cvm_api::Role::Admin) => Route::AdminMe {},
        Some(cvm_api::Role::Personnel) => Route::PersonnelMe {},
        None => Route::Login {},
    };
    rsx! {
        div { class: "screen",
            AppBar { title: t!("privacy-title"), back }
            main { class: "page", id: "main-content",
                article { id: "privacy", class: "card privacy",
                    p { {t!("privacy-intro")} }
                    h2 { {t!("privacy-phone-title")} }
                    p { {t!("privacy-phone")} }
                    h2 { {t!("privacy-gateway-title")} }
                    p { {t!("privacy-gateway")} }
                    h2 { {t!("privacy-cvsecurity-title")} }
                    p { {t!("privacy-cvsecurity")} }
                    h2 { {t!("privacy-notifications-title")} }
                    p { {t!("privacy-notifications")} }
                    h2 { {t!("privacy-contact-title")} }
                    p { {t!("privacy-contact")} }
                }
            }
        }
    }
}
