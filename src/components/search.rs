//! The search field of list pages: sent on Enter or with the search button.

use dioxus::prelude::*;

use crate::components::icons::{self, Icon};

/// `id` names the input (`{id}`) and its button (`{id}-submit`) for tests; `label` is read by screen
/// readers for both.
#[component]
pub fn SearchForm(
    id: String,
    label: String,
    placeholder: String,
    value: String,
    on_search: EventHandler<String>,
) -> Element {
    let mut typed = use_signal(|| value.clone());
    rsx! {
        form {
            class: "search",
            role: "search",
            onsubmit: move |evt| {
                evt.prevent_default();
                on_search.call(typed());
            },
            label { class: "visually-hidden", r#for: "{id}", {label.clone()} }
            input {
                id: "{id}",
                class: "input search-input",
                r#type: "search",
                placeholder,
                value: "{typed}",
                oninput: move |evt| typed.set(evt.value()),
            }
            button {
                id: "{id}-submit",
                class: "icon-button search-button",
                r#type: "submit",
                aria_label: label,
                Icon { svg: icons::SEARCH }
            }
        }
    }
}
