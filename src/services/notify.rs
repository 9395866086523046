//! Background notifications: when switched on (Me), an event the live feed brings while the app is in
//! the background shows as a system notification — alarms for admins, a person's own access records for
//! personnel. On the web and the desktop the browser's (or webview's) Notification API shows it, and
//! the preference and the permission live there too (`assets/notify.js`). On Android the system's
//! NotificationManager shows it and a foreground service keeps the app listening in the background
//! (`crate::platform`); iOS has no way to listen in the background without a push service, so the
//! switch stays off there and events show in the app only.

use cvm_api::{EventKind, LiveEvent, Role};
use dioxus::prelude::*;
use serde::Deserialize;

use crate::i18n::text;
use crate::platform::{self, NativeNotify};

const NOTIFY_JS: &str = include_str!("../../assets/notify.js");

/// What the device allows and what the user chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct NotifyState {
    pub supported: bool,
    pub on: bool,
    #[serde(skip)]
    pub denied: bool,
    /// Whose notifications these are: the webview's, or the phone's own.
    #[serde(skip)]
    pub native: NativeNotify,
    /// The phone could not be asked, or could not start listening (the reason is in the log).
    #[serde(skip)]
    pub failed: bool,
}

#[derive(Deserialize)]
struct Raw {
    supported: bool,
    permission: String,
    on: bool,
}

/// Runs a command of `notify.js` — "state", "enable" or "disable" — or, on a phone, its native
/// counterpart.
pub async fn command(cmd: &str) -> Option<NotifyState> {
    let native = platform::native_notify();
    match native {
        NativeNotify::NotNative => web_command(cmd).await,
        NativeNotify::Ios => Some(NotifyState {
            native,
            ..NotifyState::default()
        }),
        NativeNotify::Android => {
            let state = match cmd {
                "enable" => platform::set_background_notifications(true, service_texts()).await,
                "disable" => platform::set_background_notifications(false, service_texts()).await,
                _ => platform::background_notifications().await,
            };
            Some(match state {
                Ok(b) => NotifyState {
                    supported: true,
                    on: b.on,
                    denied: b.denied,
                    native,
                    ..NotifyState::default()
                },
                Err(e) => {
                    eprintln!("cvmobile: background notifications: {e}");
                    NotifyState {
                        supported: true,
                        native,
                        failed: true,
                        ..NotifyState::default()
                    }
                }
            })
        }
    }
}

/// The words of Android's ongoing notification while the app listens in the background.
fn service_texts() -> platform::ServiceTexts {
    platform::ServiceTexts {
        channel: t!("notify-service-channel"),
        title: t!("notify-service-title"),
        text: t!("notify-service-text"),
        stop: t!("notify-service-stop"),
    }
}

async fn web_command(cmd: &str) -> Option<NotifyState> {
    let mut eval = document::eval(NOTIFY_JS);
    eval.send(cmd).ok()?;
    let raw: Raw = eval.recv().await.ok()?;
    Some(NotifyState {
        supported: raw.supported,
        on: raw.on,
        denied: raw.permission == "denied",
        ..NotifyState::default()
    })
}

/// Shows `event` as a system notification if the user switched them on and the app is in the background
/// (a test notification also while it is in front: the user just asked for it). Returns the row, for
/// the in-app toast.
pub fn announce(role: Role, event: &LiveEvent) -> Option<cvm_core::NotificationRow> {
    let row = cvm_core::notifications::announcement(role, event)?;
    let title = text(&row.title);
    let body = row.place.clone().unwrap_or_default();
    let test = event.kind == EventKind::Test;
    let native = platform::Notice {
        id: event.id,
        title: title.clone(),
        body: body.clone(),
        when: if test {
            platform::When::Always
        } else {
            platform::When::InBackground
        },
        channel: t!("notify-channel"),
    };
    if platform::show_notification(native) {
        return Some(row);
    }
    let (Ok(title), Ok(body)) = (serde_json::to_string(&title), serde_json::to_string(&body))
    else {
        return Some(row);
    };
    let when = if test { "true" } else { "document.hidden" };
    document::eval(&format!(
        "try {{ if ({when} && 'Notification' in window && Notification.permission === 'granted' \
         && localStorage.getItem('cvmobile.notify') === 'on') new Notification({title}, {{ body: {body}, tag: 'cvmobile-{id}' }}); }} catch (e) {{}}",
        id = event.id
    ));
    Some(row)
}
