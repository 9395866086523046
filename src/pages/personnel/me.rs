//! Personnel › Me.

use dioxus::prelude::*;

use crate::pages::me::MePage;

#[component]
pub fn PersonnelMe() -> Element {
    rsx! { MePage {} }
}
