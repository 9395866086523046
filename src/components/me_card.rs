//! The Me screen's content, shared by admins and personnel: account, organization, the connection in
//! use, version, log out; for admins also the org code, to let a colleague's phone scan it from this
//! screen, and the site's connection.

use cvm_api::{Me, Role};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use super::QrCodeView;

#[component]
pub fn MeCard(
    me: Me,
    org_name: String,
    server_version: String,
    /// The org code this session signed in with; shown to admins.
    #[props(default)]
    org_code: Option<String>,
    /// Which way the requests go (site network, relay) and the URL in use.
    route: cvm_core::Text,
    server_url: String,
    on_logout: EventHandler<()>,
    /// Shown after the connection card (the admin's site connection).
    children: Element,
) -> Element {
    let initial = me
        .name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    let role = match me.role {
        Role::Admin => t!("role-admin"),
        Role::Personnel => t!("role-personnel"),
    };
    let account_label = match me.role {
        Role::Admin => t!("me-account"),
        Role::Personnel => t!("me-personnel-id"),
    };
    rsx! {
        section { class: "profile",
            div { class: "avatar", aria_hidden: "true", "{initial}" }
            div { class: "profile-text",
                h2 { id: "me-name", class: "profile-name", "{me.name}" }
                span { class: "profile-role", "{role}" }
            }
        }
        section { class: "card",
            h2 { class: "card-title", {t!("me-section-account")} }
            dl { class: "rows",
                div { class: "row",
                    dt { "{account_label}" }
                    dd { id: "me-account", "{me.account}" }
                }
                if let Some(dep) = &me.department {
                    div { class: "row",
                        dt { {t!("me-department")} }
                        dd { id: "me-department", "{dep}" }
                    }
                }
                div { class: "row",
                    dt { {t!("me-org")} }
                    dd { id: "me-org", "{org_name}" }
                }
            }
        }
        section { class: "card", id: "me-connection",
            h2 { class: "card-title", {t!("me-section-connection")} }
            dl { class: "rows",
                div { class: "row",
                    dt { {t!("me-route")} }
                    dd { id: "me-route", {crate::i18n::text(&route)} }
                }
                div { class: "row",
                    dt { {t!("me-server")} }
                    dd { id: "me-server", class: "mono", "{server_url}" }
                }
            }
        }
        {children}
        if let (Role::Admin, Some(code)) = (me.role, org_code) {
            section { class: "card",
                details { id: "org-code-share", class: "share",
                    summary { id: "show-org-code", class: "share-summary",
                        Icon { svg: icons::QR }
                        span { {t!("me-org-code")} }
                    }
                    p { class: "share-hint", {t!("me-org-code-hint", org = org_name.clone())} }
                    QrCodeView { id: "org-qr", payload: code, label: t!("me-org-code-label", org = org_name.clone()) }
                }
            }
        }
        if me.role == Role::Personnel {
            ul { class: "list card app-list",
                super::AppEntry {
                    id: "me-password",
                    to: crate::route::Route::PersonnelPassword {},
                    icon: icons::SHIELD,
                    tone: "tone-violet",
                    name: t!("pw-title"),
                    hint: t!("pw-hint"),
                }
            }
        }
        NotifySwitch {}
        NotifyTest {}
        section { class: "card",
            h2 { class: "card-title", {t!("me-section-about")} }
            dl { class: "rows",
                div { class: "row",
                    dt { {t!("privacy-title")} }
                    dd {
                        Link { id: "me-privacy", to: crate::route::Route::Privacy {}, {t!("privacy-open")} }
                    }
                }
                div { class: "row",
                    dt { {t!("me-version")} }
                    dd { id: "me-version", {t!("me-version-value", app = crate::VERSION, server = server_version)} }
                }
            }
        }
        button {
            id: "logout",
            class: "button button-danger button-block",
            r#type: "button",
            onclick: move |_| on_logout.call(()),
            Icon { svg: icons::LOGOUT }
            span { {t!("me-logout")} }
        }
    }
}

/// The background-notification switch: off until the user turns it on (which asks the browser's, or
/// Android's, permission); says so when the device cannot show notifications or the permission was
/// refused. On iOS it stays off and says why (no listening in the background without a push service).
#[component]
fn NotifySwitch() -> Element {
    use crate::platform::NativeNotify;
    let mut state = use_signal(|| None::<crate::services::notify::NotifyState>);
    let mut busy = use_signal(|| false);
    use_future(move || async move {
        state.set(crate::services::notify::command("state").await);
    });
    let s = state();
    let supported = s.is_some_and(|s| s.supported);
    let on = s.is_some_and(|s| s.on);
    let hint = match s {
        None => t!("notify-checking"),
        Some(s) if s.native == NativeNotify::Ios => t!("notify-ios"),
        Some(s) if s.failed => t!("notify-failed"),
        Some(s) if !s.supported => t!("notify-unsupported"),
        Some(s) if s.denied => t!("notify-denied"),
        Some(s) if s.on && s.native == NativeNotify::Android => t!("notify-on-android"),
        Some(s) if s.on => t!("notify-on"),
        Some(_) => t!("notify-off"),
    };
    rsx! {
        section { class: "card",
            label { class: "switch-row", r#for: "notify-switch",
                span { class: "switch-text",
                    span { class: "switch-label", {t!("notify-label")} }
                    span { id: "notify-hint", class: "switch-hint", "{hint}" }
                }
                input {
                    id: "notify-switch",
                    class: "switch",
                    r#type: "checkbox",
                    role: "switch",
                    checked: on,
                    disabled: !supported || busy(),
                    aria_describedby: "notify-hint",
                    onchange: move |evt| {
                        let want = evt.checked();
                        busy.set(true);
                        spawn(async move {
                            let cmd = if want { "enable" } else { "disable" };
                            state.set(crate::services::notify::command(cmd).await);
                            busy.set(false);
                        });
                    },
                }
            }
        }
    }
}

/// The notification self-test: "Send me a test notification" goes through the gateway and back over the
/// live connection; the card says whether and how fast it came back, and when the last event arrived.
#[component]
fn NotifyTest() -> Element {
    use cvm_core::selftest::{last_event_text, SelfTest};
    let app = crate::services::use_app();
    let feed = crate::services::live::use_live_feed();
    let mut test = use_signal(SelfTest::default);
    let mut now = use_signal(crate::services::time::now_ms);
    // A clock for "N s ago" and for a test that does not come back.
    use_future(move || async move {
        loop {
            crate::services::time::sleep(std::time::Duration::from_millis(500)).await;
            now.set(crate::services::time::now_ms());
        }
    });
    use_effect(move || {
        // Runs when the feed changes (the test came back) and on every tick (it did not, yet).
        let (f, _) = (feed.read(), now());
        if test.peek().busy() {
            test.write()
                .check(f.last_test(), crate::services::time::now_ms());
        }
    });
    let state = test();
    let message = state.message();
    let last = last_event_text(feed.read().last_arrival_ms(), now());
    let send = move |_| {
        test.set(SelfTest::Sending);
        // The round trip counts from the tap: request, gateway, live connection, back.
        let started = crate::services::time::now_ms();
        spawn(async move {
            let r = app
                .request(|c| async move { c.send_test_notification().await })
                .await;
            test.set(match r {
                Ok(event) => {
                    let mut t = SelfTest::sent(event, started);
                    // It may have come back before the request's answer did.
                    t.check(feed.peek().last_test(), crate::services::time::now_ms());
                    t
                }
                Err(f) => SelfTest::failed(&f),
            });
        });
    };
    rsx! {
        section { class: "card", id: "notify-test",
            h2 { class: "card-title", {t!("selftest-title")} }
            dl { class: "rows",
                div { class: "row",
                    dt { {t!("me-last-event")} }
                    dd { id: "me-last-event", {crate::i18n::text(&last)} }
                }
            }
            button {
                id: "send-test-notification",
                class: "button button-tonal button-block",
                r#type: "button",
                disabled: state.busy(),
                onclick: send,
                Icon { svg: icons::BELL }
                span { {t!("selftest-send")} }
            }
            if let Some(m) = message {
                div { id: "selftest-result", class: "selftest-result", role: "status", "data-state": match state {
                        SelfTest::Back { .. } => "back",
                        SelfTest::Silent => "silent",
                        SelfTest::Failed(_) => "failed",
                        _ => "waiting",
                    },
                    p { {crate::i18n::text(&m.text)} }
                    if let Some(h) = &m.help {
                        p { class: "row-detail", {crate::i18n::text(h)} }
                    }
                }
            }
        }
    }
}

/// Admins' "Site connection": CVSecurity reachable and the relay tunnel Online/Offline, as the gateway
/// reports them, checked again every 15 seconds while shown.
#[component]
pub fn SiteConnection() -> Element {
    let mut tick = use_signal(|| 0u32);
    let status = crate::services::data::use_gateway_status(tick());
    use_future(move || async move {
        loop {
            crate::services::time::sleep(std::time::Duration::from_secs(15)).await;
            *tick.write() += 1;
        }
    });
    let rows = status.get().map(|s| cvm_core::connection::status_rows(&s));
    rsx! {
        section { class: "card", id: "site-connection",
            h2 { class: "card-title", {t!("status-title")} }
            super::LoadableView {
                status: rows.status(),
                on_retry: move |_| status.retry(),
                if let Some(rows) = rows.ready() {
                    dl { class: "rows",
                        for (i, row) in rows.iter().enumerate() {
                            div { class: "row", key: "{i}",
                                dt { {crate::i18n::text(&row.label)} }
                                dd {
                                    span { id: "status-{i}", class: "state-badge badge-{row.badge}",
                                        {crate::i18n::text(&row.value)}
                                    }
                                    if let Some(d) = &row.detail {
                                        span { class: "row-detail", "{d}" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
