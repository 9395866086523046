//! cvmobile: the Dioxus app for ZKBio CVSecurity sites. Pages render what `cvm-core` decides; the
//! services run its effects with `cvm-client`.

#[macro_use]
pub mod i18n;
pub mod components;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod pages;
pub mod platform;
pub mod route;
pub mod services;

pub use route::Route;

/// The whole stylesheet, inlined: `asset!()` needs the `dx` CLI, which our builds do not use.
pub const STYLE: &str = include_str!("../assets/app.css");

/// The app's version, shown on the Me screens.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use dioxus::prelude::*;

/// The app: launch providers, the stylesheet and the router.
#[component]
pub fn App() -> Element {
    use_hook(i18n::init_from_system);
    #[cfg(feature = "desktop")]
    use_hook(desktop::enable_webview);
    services::use_app_provider(services::store::default_store());
    rsx! {
        document::Title { {i18n::tr("app-title", &[])} }
        document::Style { {STYLE} }
        Router::<Route> {}
        components::LiveToast {}
    }
}
