//! cvmobile: the Dioxus app for ZKBio CVSecurity sites. Pages render what `cvm-core` decides; the
//! services run its effects with `cvm-client`.

#[macro_use]
pub mod i18n;
pub mod components;
pub mod pages;
pub mod route;
pub mod services;

pub use route::Route;

/// The whole stylesheet, inlined: `asset!()` needs the `dx` CLI, which our builds do not use.
pub const STYLE: &str = include_str!("../assets/app.css");

/// The app's version, shown on the Me screens.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
