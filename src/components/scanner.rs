//! The camera viewfinder of the login screen: the live picture with a frame to aim, the torch, and —
//! when there is no camera or no permission — why, with the paste and image alternatives.

use cvm_core::{Scanner, Torch};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::text;

/// Renders the scanner for `state` (nothing when it is closed). The video element is filled by the
/// camera service; "pick an image" is a label for the login form's `#org-image` input.
#[component]
pub fn ScannerView(
    state: Scanner,
    on_close: EventHandler<()>,
    on_torch: EventHandler<()>,
    /// The user chose to paste the code instead.
    on_paste: EventHandler<()>,
    /// Camera frames decoded so far, for tests and diagnostics (a hidden counter that alone re-renders
    /// per frame).
    #[props(default)]
    frames: Option<ReadSignal<u32>>,
) -> Element {
    if !state.is_open() {
        return rsx! {};
    }
    let torch = match &state {
        Scanner::Scanning { torch, .. } => *torch,
        _ => Torch::Unsupported,
    };
    let wrong_code = matches!(
        state,
        Scanner::Scanning {
            wrong_code: true,
            ..
        }
    );
    rsx! {
        div {
            id: "scanner",
            class: "scanner",
            role: "dialog",
            aria_modal: "true",
            aria_labelledby: "scanner-title",
            onkeydown: move |evt: KeyboardEvent| {
                if evt.key() == Key::Escape {
                    on_close.call(());
                }
            },
            if let Some(frames) = frames {
                FrameCount { frames }
            }
            div { class: "scanner-bar",
                h2 { id: "scanner-title", class: "scanner-title", {t!("scanner-title")} }
                if torch != Torch::Unsupported {
                    button {
                        id: "scanner-torch",
                        r#type: "button",
                        class: "icon-button scanner-icon-button",
                        aria_pressed: if torch == Torch::On { "true" } else { "false" },
                        aria_label: if torch == Torch::On { t!("scanner-torch-off") } else { t!("scanner-torch-on") },
                        onclick: move |_| on_torch.call(()),
                        Icon { svg: icons::TORCH }
                    }
                }
                button {
                    id: "scanner-close",
                    r#type: "button",
                    class: "icon-button scanner-icon-button",
                    aria_label: t!("scanner-close"),
                    // Screen readers and keyboards land in the dialog; Escape closes it too.
                    onmounted: move |evt: MountedEvent| async move {
                        let _ = evt.set_focus(true).await;
                    },
                    onclick: move |_| on_close.call(()),
                    Icon { svg: icons::CLOSE }
                }
            }
            if let Scanner::Failed(error) = &state {
                {
                    let message = error.message();
                    rsx! {
                        div { class: "scanner-error-panel",
                            div { class: "banner banner-error", role: "alert",
                                Icon { svg: icons::ALERT }
                                div { class: "banner-body",
                                    p { id: "scanner-error", {text(&message.text)} }
                                    if let Some(help) = &message.help {
                                        p { id: "scanner-error-help", class: "banner-help", {text(help)} }
                                    }
                                }
                            }
                            div { class: "scanner-alternatives",
                                button {
                                    id: "scanner-paste",
                                    r#type: "button",
                                    class: "button button-primary button-block",
                                    onclick: move |_| on_paste.call(()),
                                    Icon { svg: icons::PASTE }
                                    span { {t!("scanner-paste")} }
                                }
                                label {
                                    id: "scanner-image",
                                    class: "button button-tonal button-block",
                                    r#for: "org-image",
                                    Icon { svg: icons::IMAGE }
                                    span { {t!("scanner-image")} }
                                }
                            }
                        }
                    }
                }
            } else {
                div { class: "scanner-view",
                    video {
                        id: "scanner-video",
                        class: "scanner-video",
                        playsinline: "true",
                        muted: "true",
                        autoplay: "true",
                        aria_hidden: "true",
                    }
                    div { class: "scanner-frame", aria_hidden: "true",
                        span { class: "corner tl" }
                        span { class: "corner tr" }
                        span { class: "corner bl" }
                        span { class: "corner br" }
                    }
                    if state == Scanner::Starting {
                        div { class: "scanner-status",
                            span { class: "spinner", aria_hidden: "true" }
                            span { {t!("scanner-starting")} }
                        }
                    }
                }
                p { id: "scanner-hint", class: "scanner-hint", role: "status", aria_live: "polite",
                    if wrong_code {
                        {t!("scanner-wrong-code")}
                    } else {
                        {t!("scanner-instructions")}
                    }
                }
                div { class: "scanner-alternatives scanner-alternatives-row",
                    button {
                        r#type: "button",
                        class: "button button-tonal button-small",
                        onclick: move |_| on_paste.call(()),
                        Icon { svg: icons::PASTE }
                        span { {t!("scanner-paste")} }
                    }
                    label {
                        class: "button button-tonal button-small",
                        r#for: "org-image",
                        Icon { svg: icons::IMAGE }
                        span { {t!("scanner-image")} }
                    }
                }
            }
        }
    }
}

/// The decoded-frame counter, hidden: reading the signal here keeps the per-frame re-render to this
/// element.
#[component]
fn FrameCount(frames: ReadSignal<u32>) -> Element {
    rsx! {
        span { id: "scanner-frames", hidden: true, "{frames}" }
    }
}
