//! Waiting, per platform: the browser's timers on the web, tokio's (the runtime dioxus' native
//! renderers run on) elsewhere.

use std::time::Duration;

pub async fn sleep(d: Duration) {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::sleep(d).await;
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(d).await;
}
