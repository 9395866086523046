//! Admin › Me.

use dioxus::prelude::*;

use crate::pages::me::MePage;

#[component]
pub fn AdminMe() -> Element {
    rsx! { MePage {} }
}
