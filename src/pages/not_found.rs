//! The 404 page.

use dioxus::prelude::*;

use crate::components::AppBar;
use crate::route::Route;

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let path = format!("/{}", segments.join("/"));
    rsx! {
        div { class: "screen",
            AppBar { title: t!("not-found-title") }
            main { class: "page", id: "main-content",
                section { class: "card empty-card",
                    p { id: "not-found", {t!("not-found-body", path = path)} }
                    Link { class: "button button-primary", to: Route::Login {}, {t!("not-found-home")} }
                }
            }
        }
    }
}
