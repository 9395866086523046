//! Entry point of the cvmobile app; everything else is in the library.

#[cfg(not(feature = "desktop"))]
fn main() {
    dioxus::launch(cvmobile::App);
}

#[cfg(feature = "desktop")]
fn main() {
    dioxus::LaunchBuilder::desktop()
        .with_cfg(cvmobile::desktop::config())
        .launch(cvmobile::App);
}
