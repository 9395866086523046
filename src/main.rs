//! Entry point of the cvmobile app: launch, providers and the router; everything else is in the library.

use cvmobile::{i18n, route::Route, services, STYLE};
use dioxus::prelude::*;

fn main() {
    dioxus::launch(App);
}

#[component]
fn App() -> Element {
    use_hook(i18n::init_from_system);
    services::use_app_provider(services::store::default_store());
    rsx! {
        document::Title { {i18n::tr("app-title", &[])} }
        document::Style { {STYLE} }
        Router::<Route> {}
    }
}
