//! What the phone does natively where the webview's JavaScript cannot, or not as well: the screen kept on
//! and bright while a credential QR is shown, and background notifications. Every function exists on
//! every target; on the web and the desktop each gives the "not native" answer, and callers use the
//! webview's APIs instead (`assets/screen.js`, `assets/notify.js`).
//!
//! Android (`android.rs`): JNI on the UI thread. Background notifications keep a foreground service
//! running (`android/MainActivity.kt`); the event stream itself stays in the app's Rust runtime, in the
//! app's process, which the service only keeps alive and visible. iOS (`ios.rs`): UIKit on the main
//! thread; iOS keeps no connection open in the background without a push service (`ios/README.md`).

#[cfg(all(feature = "mobile", target_os = "android"))]
#[path = "android.rs"]
mod native;

#[cfg(all(feature = "mobile", target_os = "ios"))]
#[path = "ios.rs"]
mod native;

/// The web and the desktop: nothing native, the webview's APIs do it.
#[cfg(not(all(feature = "mobile", any(target_os = "android", target_os = "ios"))))]
mod native {
    use super::{Background, Notice, ServiceTexts};

    const NOT_NATIVE: &str = "not a phone build: the webview's Notification API is used";

    pub fn hold_screen(_on: bool) -> bool {
        false
    }

    pub async fn background() -> Result<Background, String> {
        Err(NOT_NATIVE.into())
    }

    pub async fn set_background(_on: bool, _texts: ServiceTexts) -> Result<Background, String> {
        Err(NOT_NATIVE.into())
    }

    pub fn show_notification(_notice: Notice) -> bool {
        false
    }
}

/// What the device can do for background notifications natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NativeNotify {
    /// The web and the desktop: the webview's Notification API (`assets/notify.js`).
    #[default]
    NotNative,
    /// A foreground service keeps the app's process, and with it the event stream, alive in the
    /// background; notifications through the NotificationManager.
    Android,
    /// Only while the app is open: iOS keeps no connection in the background without a push service.
    Ios,
}

/// The notification path of this build.
pub fn native_notify() -> NativeNotify {
    native_notify_of(std::env::consts::OS, cfg!(feature = "mobile"))
}

fn native_notify_of(os: &str, mobile: bool) -> NativeNotify {
    match (os, mobile) {
        ("android", true) => NativeNotify::Android,
        ("ios", true) => NativeNotify::Ios,
        _ => NativeNotify::NotNative,
    }
}

/// Keeps the screen on and at full brightness while `on` (a credential QR is shown); `false` ends it and
/// restores what was there before. Holds nest: the screen goes back when the last one ends. Returns true
/// when the platform does it natively (Android: the window's FLAG_KEEP_SCREEN_ON and its brightness
/// override, on the UI thread; iOS: the idle timer and the screen's brightness, on the main thread),
/// false where the caller should use the web's Screen Wake Lock.
pub fn hold_screen(on: bool) -> bool {
    native::hold_screen(on)
}

/// Background notifications on a phone: whether they are on, and whether the system refuses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Background {
    /// Switched on, and the system lets the app show notifications.
    pub on: bool,
    /// The system refuses this app's notifications (permission refused, or turned off in settings).
    pub denied: bool,
}

/// The words of Android's ongoing "listening" notification, translated by the app (the service shows
/// them; it keeps the last ones it was given for when the app starts it again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTexts {
    /// The name of its notification channel in the system's settings.
    pub channel: String,
    pub title: String,
    pub text: String,
    /// The notification's button that switches background notifications off.
    pub stop: String,
}

/// Background notifications as they are now. Android: the saved preference and the system's permission;
/// while they are on, this also makes sure the foreground service runs (it stops with the app). Err on
/// other platforms, and when the system could not be asked (the reason, for the log).
pub async fn background_notifications() -> Result<Background, String> {
    native::background().await
}

/// Android: switches background notifications on (asking the POST_NOTIFICATIONS permission first where
/// Android 13+ needs it, then starting the foreground service) or off (stopping it); returns the state
/// after. Err on iOS, the web and the desktop, and when the system could not be asked.
pub async fn set_background_notifications(
    on: bool,
    texts: ServiceTexts,
) -> Result<Background, String> {
    native::set_background(on, texts).await
}

/// When a notification may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// While the app is open too (a test notification: the user just asked for it).
    Always,
    /// Only while the app is not in front (the in-app toast shows it otherwise).
    InBackground,
}

/// One system notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The event's: a notification per event, a repeat replaces it.
    pub id: cvm_api::EventId,
    pub title: String,
    pub body: String,
    pub when: When,
    /// The name of the events' notification channel in the system's settings (Android).
    pub channel: String,
}

/// Shows `notice` as a system notification natively, if background notifications are on and `when`
/// allows it (Android: the NotificationManager, channel "cvmobile-events"). Returns false where the
/// caller must use the webview's Notification API instead.
pub fn show_notification(notice: Notice) -> bool {
    native::show_notification(notice)
}

/// Full brightness, on both phones' scales (0.0–1.0).
#[cfg(any(
    test,
    all(feature = "mobile", any(target_os = "android", target_os = "ios"))
))]
const FULL: f64 = 1.0;

/// The screen holds that are open, and the brightness to go back to when the last one ends.
#[cfg(any(
    test,
    all(feature = "mobile", any(target_os = "android", target_os = "ios"))
))]
#[derive(Debug, Default)]
struct ScreenHold {
    holds: u32,
    saved: Option<f64>,
}

#[cfg(any(
    test,
    all(feature = "mobile", any(target_os = "android", target_os = "ios"))
))]
impl ScreenHold {
    const fn new() -> Self {
        Self {
            holds: 0,
            saved: None,
        }
    }

    /// A hold starts while the screen is at `current`: the brightness to set, on the first hold only.
    fn hold(&mut self, current: f64) -> Option<f64> {
        self.holds += 1;
        (self.holds == 1).then(|| {
            self.saved = Some(current);
            FULL
        })
    }

    /// A hold ends: the brightness to go back to, when it was the last one.
    fn release(&mut self) -> Option<f64> {
        if self.holds == 0 {
            return None;
        }
        self.holds -= 1;
        if self.holds == 0 {
            self.saved.take()
        } else {
            None
        }
    }
}

/// What Android says about notifications, and what the app saved.
#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
#[derive(Debug, Clone, Copy)]
struct NotifyFacts {
    /// The user's choice (SharedPreferences).
    switched_on: bool,
    /// NotificationManager.areNotificationsEnabled(): the POST_NOTIFICATIONS permission on Android 13+,
    /// the app's notification setting on all versions.
    enabled: bool,
    /// Build.VERSION.SDK_INT.
    sdk: i32,
    /// Whether the app has asked the permission before.
    asked: bool,
}

/// Android 13 (API 33): notifications need a runtime permission.
#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
const NOTIFICATION_PERMISSION_SDK: i32 = 33;

#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
impl NotifyFacts {
    fn state(self) -> Background {
        Background {
            on: self.switched_on && self.enabled,
            // Before the first question on Android 13+, "not enabled" only means "not asked yet".
            denied: !self.enabled && (self.sdk < NOTIFICATION_PERMISSION_SDK || self.asked),
        }
    }

    /// Whether switching on has to ask the system's permission first.
    fn must_ask(self) -> bool {
        !self.enabled && self.sdk >= NOTIFICATION_PERMISSION_SDK
    }
}

/// Whether a notice shows, given the user's choice, the system's permission and whether the app is in
/// front.
#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
fn should_show(when: When, switched_on: bool, enabled: bool, in_front: bool) -> bool {
    switched_on && enabled && (when == When::Always || !in_front)
}

/// Waiting for the answer to Android's permission dialog. The answer reaches only the activity, so the
/// app watches its window instead: it loses the focus while the dialog shows and gets it back when the
/// user has answered. Without a dialog (refused for good earlier) the focus never goes.
#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
#[derive(Debug)]
struct DialogWait {
    started_ms: u64,
    shown: bool,
}

#[cfg(any(test, all(feature = "mobile", target_os = "android")))]
impl DialogWait {
    /// How long the dialog may take to appear.
    const APPEAR_MS: u64 = 3_000;
    /// How long the user may take to answer.
    const ANSWER_MS: u64 = 120_000;

    fn new(now_ms: u64) -> Self {
        Self {
            started_ms: now_ms,
            shown: false,
        }
    }

    /// One look at the window: whether to keep waiting.
    fn waiting(&mut self, now_ms: u64, focused: bool, granted: bool) -> bool {
        if granted {
            return false;
        }
        let waited = now_ms.saturating_sub(self.started_ms);
        if !self.shown {
            if focused {
                return waited < Self::APPEAR_MS;
            }
            self.shown = true;
        }
        !focused && waited < Self::ANSWER_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_phone_builds_are_native() {
        assert_eq!(native_notify_of("android", true), NativeNotify::Android);
        assert_eq!(native_notify_of("ios", true), NativeNotify::Ios);
        assert_eq!(native_notify_of("android", false), NativeNotify::NotNative);
        assert_eq!(native_notify_of("linux", true), NativeNotify::NotNative);
        assert_eq!(native_notify_of("macos", false), NativeNotify::NotNative);
    }

    #[test]
    fn the_host_build_leaves_screen_and_notifications_to_the_webview() {
        assert_eq!(native_notify(), NativeNotify::NotNative);
        assert!(!hold_screen(true));
        assert!(!hold_screen(false));
        assert!(!show_notification(Notice {
            id: cvm_api::EventId(1),
            title: "t".into(),
            body: "b".into(),
            when: When::Always,
            channel: "c".into(),
        }));
        let texts = ServiceTexts {
            channel: "c".into(),
            title: "t".into(),
            text: "x".into(),
            stop: "s".into(),
        };
        futures::executor::block_on(async {
            assert!(background_notifications().await.is_err());
            assert!(set_background_notifications(true, texts).await.is_err());
        });
    }

    #[test]
    fn the_screen_goes_back_to_its_brightness_when_the_last_hold_ends() {
        let mut h = ScreenHold::new();
        assert_eq!(h.release(), None, "nothing held: nothing to restore");
        assert_eq!(h.hold(0.3), Some(FULL));
        // A second credential page mounting before the first unmounts.
        assert_eq!(h.hold(FULL), None);
        assert_eq!(h.release(), None, "still held");
        assert_eq!(h.release(), Some(0.3));
        assert_eq!(h.release(), None);
        // Android's "no override" (-1) comes back the same way.
        assert_eq!(h.hold(-1.0), Some(FULL));
        assert_eq!(h.release(), Some(-1.0));
    }

    fn facts(switched_on: bool, enabled: bool, sdk: i32, asked: bool) -> NotifyFacts {
        NotifyFacts {
            switched_on,
            enabled,
            sdk,
            asked,
        }
    }

    #[test]
    fn background_notifications_are_on_only_with_the_permission() {
        let on = Background {
            on: true,
            denied: false,
        };
        assert_eq!(facts(true, true, 34, true).state(), on);
        assert_eq!(facts(false, true, 34, false).state(), Background::default());
        // Android 13+, never asked: off, not refused; switching on asks.
        assert_eq!(facts(true, false, 34, false).state(), Background::default());
        assert!(facts(false, false, 34, false).must_ask());
        // Asked and refused.
        let refused = Background {
            on: false,
            denied: true,
        };
        assert_eq!(facts(true, false, 34, true).state(), refused);
        // Before Android 13 there is nothing to ask: off means turned off in the settings.
        assert_eq!(facts(true, false, 30, false).state(), refused);
        assert!(!facts(true, false, 30, false).must_ask());
        assert!(!facts(true, true, 34, true).must_ask());
    }

    #[test]
    fn events_show_in_the_background_and_tests_always() {
        assert!(should_show(When::InBackground, true, true, false));
        assert!(!should_show(When::InBackground, true, true, true));
        assert!(should_show(When::Always, true, true, true));
        assert!(
            !should_show(When::Always, false, true, true),
            "switched off"
        );
        assert!(
            !should_show(When::Always, true, false, false),
            "not allowed"
        );
    }

    #[test]
    fn the_permission_dialog_is_waited_for_until_answered() {
        let mut w = DialogWait::new(1_000);
        assert!(w.waiting(1_200, true, false), "the dialog is not up yet");
        assert!(w.waiting(1_400, false, false), "up");
        assert!(w.waiting(60_000, false, false), "the user reads it");
        assert!(!w.waiting(60_200, true, false), "answered: refused");

        let mut w = DialogWait::new(0);
        assert!(w.waiting(200, false, false));
        assert!(!w.waiting(400, false, true), "granted");

        let mut w = DialogWait::new(0);
        assert!(w.waiting(2_000, true, false));
        assert!(
            !w.waiting(DialogWait::APPEAR_MS, true, false),
            "no dialog came: refused for good earlier"
        );

        let mut w = DialogWait::new(0);
        assert!(w.waiting(100, false, false));
        assert!(
            !w.waiting(DialogWait::ANSWER_MS, false, false),
            "no answer: give up"
        );
    }
}
