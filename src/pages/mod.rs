//! One component per route. Pages read the core's model, fetch through the services and hand plain
//! data to the components.

pub mod admin;
pub mod login;
mod me;
pub mod not_found;
pub mod personnel;
pub mod privacy;

use cvm_core::{guard, Guard, Scope};
use dioxus::prelude::*;

use crate::route::Route;
use crate::services::use_app;

/// Applies the route guard of `scope`: redirects (after render) when the session does not fit.
pub fn use_guard(scope: Scope) -> Guard {
    let app = use_app();
    let nav = use_navigator();
    use_effect(move || {
        if let Guard::Redirect(target) = guard(scope, &app.model.read().session) {
            nav.replace(Route::from(target));
        }
    });
    let current = guard(scope, &app.model.read().session);
    current
}
