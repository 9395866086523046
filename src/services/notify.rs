//! Background notifications: when switched on (Me), an event the live feed brings while the app is in
//! the background shows as a system notification — alarms for admins, a person's own access records for
//! personnel. The browser's (or webview's) Notification API shows it; the preference and the permission
//! live there too (`assets/notify.js`).

use cvm_api::{EventKind, LiveEvent, Role};
use dioxus::prelude::*;
use serde::Deserialize;

use crate::i18n::text;

const NOTIFY_JS: &str = include_str!("../../assets/notify.js");

/// What the device allows and what the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct NotifyState {
    pub supported: bool,
    pub on: bool,
    #[serde(skip)]
    pub denied: bool,
}

#[derive(Deserialize)]
struct Raw {
    supported: bool,
    permission: String,
    on: bool,
}

/// Runs a command of `notify.js`: "state", "enable" or "disable".
pub async fn command(cmd: &str) -> Option<NotifyState> {
    let mut eval = document::eval(NOTIFY_JS);
    eval.send(cmd).ok()?;
    let raw: Raw = eval.recv().await.ok()?;
    Some(NotifyState {
        supported: raw.supported,
        on: raw.on,
        denied: raw.permission == "denied",
    })
}

/// Shows `event` as a system notification if the user switched them on and the app is in the background
/// (a test notification also while it is in front: the user just asked for it). Returns the row, for
/// the in-app toast.
pub fn announce(role: Role, event: &LiveEvent) -> Option<cvm_core::NotificationRow> {
    let row = cvm_core::notifications::announcement(role, event)?;
    let title = text(&row.title);
    let body = row.place.clone().unwrap_or_default();
    let (Ok(title), Ok(body)) = (serde_json::to_string(&title), serde_json::to_string(&body))
    else {
        return Some(row);
    };
    let when = if event.kind == EventKind::Test {
        "true"
    } else {
        "document.hidden"
    };
    document::eval(&format!(
        "try {{ if ({when} && 'Notification' in window && Notification.permission === 'granted' \
         && localStorage.getItem('cvmobile.notify') === 'on') new Notification({title}, {{ body: {body}, tag: 'cvmobile-{id}' }}); }} catch (e) {{}}",
        id = event.id
    ));
    Some(row)
}
