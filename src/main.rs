//! Entry point of the cvmobile app: launch, providers and the router; everything else is in the library.

use cvmobile::{i18n, route::Route, services, STYLE};
use dioxus::prelude::*;

#[cfg(not(feature = "desktop"))]
fn main() {
    dioxus::launch(App);
}

/// The desktop build opens a phone-sized window: the app is designed for phones.
#[cfg(feature = "desktop")]
fn main() {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    let window = WindowBuilder::new()
        .with_title("cvmobile")
        .with_inner_size(LogicalSize::new(412.0, 860.0));
    dioxus::LaunchBuilder::desktop()
        .with_cfg(Config::new().with_window(window).with_menu(None))
        .launch(App);
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
