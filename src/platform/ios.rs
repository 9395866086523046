//! iOS, through UIKit on the main thread (where the Dioxus runtime runs on iOS; off it, nothing is done
//! and the caller falls back to the webview). Background notifications are not possible: iOS suspends
//! an app soon after it leaves the screen and keeps no connection open for it; only a push service
//! (APNs, through Apple) could wake it, and a self-hosted site has none (`ios/README.md`).

use std::sync::Mutex;

use objc2::MainThreadMarker;
use objc2_ui_kit::{UIApplication, UIScreen};

use super::{Background, Notice, ScreenHold, ServiceTexts};

const NO_BACKGROUND: &str = "iOS keeps no connection open in the background without a push service";

static SCREEN: Mutex<ScreenHold> = Mutex::new(ScreenHold::new());

pub fn hold_screen(on: bool) -> bool {
    let Some(mtm) = MainThreadMarker::new() else {
        return false;
    };
    // UIScreen.mainScreen is deprecated for scene-based apps, but it is the screen the app is on (a
    // phone has one) and the only one reachable without a view.
    #[allow(deprecated)]
    let screen = UIScreen::mainScreen(mtm);
    let mut hold = SCREEN.lock().unwrap_or_else(|e| e.into_inner());
    let change = if on {
        hold.hold(screen.brightness())
    } else {
        hold.release()
    };
    if let Some(level) = change {
        UIApplication::sharedApplication(mtm).setIdleTimerDisabled(on);
        // The brightness set stays until the phone locks, even after the app leaves the screen: hence
        // the saved level.
        screen.setBrightness(level);
    }
    true
}

pub async fn background() -> Result<Background, String> {
    Err(NO_BACKGROUND.into())
}

pub async fn set_background(_on: bool, _texts: ServiceTexts) -> Result<Background, String> {
    Err(NO_BACKGROUND.into())
}

/// The in-app toast shows events while the app is open; WKWebView has no Notification API either.
pub fn show_notification(_notice: Notice) -> bool {
    false
}
