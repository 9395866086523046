//! Personnel › My Credentials: the dynamic QR code to show at a reader, as large as the screen allows,
//! with a countdown; a fresh code shortly before expiry, on a tap and on return to the foreground; the
//! screen kept awake while it is open. The rules (when to fetch, what may be shown) are cvm-core's
//! [`CredentialScreen`]; this page feeds it the clock and the gateway's answers.

use std::time::Duration;

use cvm_core::{CredentialEffect, CredentialEvent, CredentialScreen, CredentialView};
use dioxus::prelude::*;
use futures::StreamExt;
use serde::Deserialize;

use crate::components::icons::{self, Icon};
use crate::components::{AppBar, Loading, PageError, QrCodeView};
use crate::i18n::text;
use crate::route::Route;
use crate::services::data::fetch_credential;
use crate::services::time::{now_ms, sleep};
use crate::services::use_app;

/// The wake-lock and foreground helper (see the script's header); on phones only its foreground half
/// counts (`crate::platform::hold_screen` keeps the screen on).
const SCREEN_JS: &str = include_str!("../../../assets/screen.js");
/// How often the countdown moves.
const TICK: Duration = Duration::from_millis(250);

/// What the screen helper reports.
#[derive(Debug, Deserialize)]
struct FromScreen {
    #[serde(default)]
    wake: Option<bool>,
    #[serde(default)]
    visible: Option<bool>,
}

#[component]
pub fn PersonnelCredential() -> Element {
    let app = use_app();
    let screen = use_signal(|| CredentialScreen::new(now_ms()).0);
    // The phone's own way to keep the screen on (and bright) while the code is shown; where there is
    // none, the web's wake lock (below) does it.
    let native_awake = use_hook(|| crate::platform::hold_screen(true));
    use_drop(move || {
        if native_awake {
            crate::platform::hold_screen(false);
        }
    });
    // Whether the screen is being kept awake (None: not known yet).
    let mut awake = use_signal(move || native_awake.then_some(true));

    // Runs the core's fetches, one at a time, each answer back into the screen.
    let fetcher = use_coroutine(
        move |mut rx: UnboundedReceiver<CredentialEffect>| async move {
            let mut screen = screen;
            while let Some(CredentialEffect::Fetch) = rx.next().await {
                let result = fetch_credential(app).await;
                screen.write().update(CredentialEvent::Fetched {
                    result,
                    now: now_ms(),
                });
            }
        },
    );
    let run = move |event: CredentialEvent| step(screen, fetcher, event);
    // The first code (CredentialScreen::new asked for it).
    use_hook(move || fetcher.send(CredentialEffect::Fetch));
    // The clock: the countdown, and the fetch shortly before expiry.
    use_future(move || async move {
        loop {
            sleep(TICK).await;
            run(CredentialEvent::Tick(now_ms()));
        }
    });
    // Wake lock and foreground: a fresh code whenever the app comes back.
    use_future(move || async move {
        let mut eval = document::eval(SCREEN_JS);
        while let Ok(msg) = eval.recv::<FromScreen>().await {
            // Where the phone holds the screen itself, what the web's lock managed does not matter.
            if let Some(on) = msg.wake.filter(|_| !native_awake) {
                awake.set(Some(on));
            }
            if msg.visible == Some(true) {
                run(CredentialEvent::Foreground(now_ms()));
            }
        }
    });

    let model = app.model.read();
    let me = model.session.active().map(|a| a.me.clone());
    let view = screen.read().view();
    let fetching = screen.read().fetching();
    rsx! {
        AppBar {
            title: t!("cred-title"),
            back: Route::PersonnelApps {},
            on_refresh: move |_| run(CredentialEvent::Tapped(now_ms())),
        }
        main { class: "page credential-page", id: "main-content",
            CredentialCard {
                view,
                fetching,
                awake: awake(),
                name: me.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                pin: me.map(|m| m.account).unwrap_or_default(),
                on_tap: move |_| run(CredentialEvent::Tapped(now_ms())),
            }
        }
    }
}

/// Feeds one event to the screen and starts the fetch it asks for.
fn step(
    mut screen: Signal<CredentialScreen>,
    fetcher: Coroutine<CredentialEffect>,
    event: CredentialEvent,
) {
    for fx in screen.write().update(event) {
        fetcher.send(fx);
    }
}

/// The credential as cvm-core's view says: the code with its countdown (tap for a new one), or why
/// there is none. `awake`: whether the screen is kept on (None: not known yet).
#[component]
pub fn CredentialCard(
    view: CredentialView,
    fetching: bool,
    awake: Option<bool>,
    name: String,
    pin: String,
    on_tap: EventHandler<()>,
) -> Element {
    let state = match &view {
        CredentialView::Loading => "loading",
        CredentialView::Valid { .. } => "valid",
        CredentialView::Unavailable { .. } => "unavailable",
    };
    rsx! {
        section { id: "credential", class: "card credential", "data-state": state,
            div { class: "credential-who",
                span { id: "credential-name", class: "credential-name", "{name}" }
                span { class: "credential-pin", {t!("cred-pin", pin = pin.clone())} }
            }
            match view {
                CredentialView::Loading => rsx! { Loading {} },
                CredentialView::Valid { qr, secs_left, permille, warning } => rsx! {
                    button {
                        id: "credential-refresh",
                        class: "credential-qr",
                        r#type: "button",
                        aria_label: t!("cred-tap-refresh"),
                        onclick: move |_| on_tap.call(()),
                        QrCodeView { id: "credential-qr", payload: qr.clone(), label: t!("cred-qr-label") }
                    }
                    div {
                        id: "credential-countdown",
                        class: if secs_left <= 5 { "cred-countdown ending" } else { "cred-countdown" },
                        role: "timer",
                        "data-secs": "{secs_left}",
                        div { class: "cred-bar", "aria-hidden": "true",
                            div { class: "cred-fill", style: "width: {permille / 10}.{permille % 10}%" }
                        }
                        span { class: "cred-countdown-text", {t!("cred-valid-for", seconds = secs_left)} }
                    }
                    if let Some(w) = warning {
                        div { id: "credential-warning", class: "banner banner-warning", role: "status",
                            Icon { svg: icons::WARNING }
                            div { class: "banner-body",
                                p { {text(&w.text)} }
                                if let Some(help) = &w.help {
                                    p { class: "banner-help", {text(help)} }
                                }
                            }
                        }
                    }
                    p { class: "credential-hint", {t!("cred-hint")} }
                },
                CredentialView::Unavailable { why, can_retry } => rsx! {
                    div { id: "credential-unavailable", class: "credential-unavailable",
                        Icon { svg: icons::QR, class: "credential-off" }
                        PageError {
                            message: why,
                            on_retry: (can_retry && !fetching).then_some(on_tap),
                        }
                    }
                },
            }
            match awake {
                Some(true) => rsx! { p { id: "credential-awake", class: "credential-awake", {t!("cred-awake")} } },
                Some(false) => rsx! { p { id: "credential-awake", class: "credential-awake", {t!("cred-brightness")} } },
                None => rsx! {},
            }
        }
    }
}
