//! Remote Control, Remote Lockdown and Activity pieces: the door search, a door card (state, duration,
//! reason, hold-to-unlock with its accessible alternative, cancel alarm, the result), the lockdown
//! banner, the lockdown screen's state and the activity rows. They render what they are given and
//! report the user's actions.

use cvm_api::{Door, LockdownGroup};
use cvm_core::doors::{HOLD_TIME, UNLOCK_MAX, UNLOCK_MIN};
use cvm_core::{ActivityRow, DoorAction, DoorCard, GroupForm, HoldState, Outcome, Text};
use dioxus::prelude::*;

use super::icons::{self, Icon};
use crate::i18n::{text, tr};

/// What a door card reports.
#[derive(Debug, Clone, PartialEq)]
pub enum DoorInput {
    Seconds(String),
    Reason(String),
    /// The unlock button went down / up (or the pointer left it).
    HoldStart,
    HoldEnd,
    /// The accessible alternative: open the confirm dialog, answer it.
    AskConfirm,
    Confirm,
    CloseConfirm,
    Retry,
    CancelAlarm,
}

/// One door: its live state, and what can be done with it.
#[component]
pub fn DoorCardView(
    card: DoorCard,
    action: DoorAction,
    hold: HoldState,
    on_input: EventHandler<DoorInput>,
) -> Element {
    let id = card.id.clone();
    let name = card.name.clone();
    let sending = action.outcome == Outcome::Sending;
    let seconds = action.seconds.clone();
    let hold_ms = HOLD_TIME.as_millis().to_string();
    let hold_secs = format!("{:.1}", HOLD_TIME.as_secs_f32());
    let hold_class = match hold {
        HoldState::Holding => "hold-button holding",
        HoldState::Confirmed => "hold-button confirmed",
        HoldState::Idle => "hold-button",
    };
    let locked = card
        .blocked
        .as_ref()
        .is_some_and(|b| matches!(b, cvm_core::UnlockBlock::LockedDown(_)));
    rsx! {
        article {
            id: "door-{id}",
            class: "door-card card",
            "data-connection": card.connection_str(),
            "data-open": card.open_str(),
            "data-alarm": if card.alarm.is_some() { "true" } else { "false" },
            "data-locked": if locked { "true" } else { "false" },
            aria_labelledby: "door-{id}-name",
            div { class: "door-head",
                span { class: "door-icon", Icon { svg: icons::DOOR } }
                div { class: "door-title",
                    h3 { id: "door-{id}-name", class: "door-name", "{name}" }
                    if let Some(d) = &card.device {
                        span { class: "door-device", "{d}" }
                    }
                }
            }
            div { class: "door-states",
                span { id: "door-{id}-connection", class: "state-badge badge-{card.connection_str()}",
                    {tr(card.connection_key(), &[])}
                }
                span { id: "door-{id}-open", class: "state-badge badge-door-{card.open_str()}",
                    {tr(card.open_key(), &[])}
                }
                if let Some(alarm) = &card.alarm {
                    span { id: "door-{id}-alarm", class: "state-badge badge-alarm",
                        Icon { svg: icons::SIREN }
                        {t!("door-alarm", alarm = alarm.clone())}
                    }
                }
            }
            if let Some(block) = &card.blocked {
                p { id: "door-{id}-why", class: "door-why", role: "note",
                    Icon { svg: if locked { icons::SHIELD } else { icons::OFFLINE } }
                    span { {text(&block.text())} }
                }
            } else {
                div { class: "door-form",
                    div { class: "field door-seconds",
                        label { class: "field-label", r#for: "door-{id}-seconds", {t!("door-seconds-label")} }
                        input {
                            id: "door-{id}-seconds",
                            class: "input",
                            r#type: "number",
                            inputmode: "numeric",
                            min: "{UNLOCK_MIN}",
                            max: "{UNLOCK_MAX}",
                            value: "{seconds}",
                            "aria-invalid": if action.error.is_some() { "true" } else { "false" },
                            oninput: move |evt| on_input.call(DoorInput::Seconds(evt.value())),
                        }
                    }
                    div { class: "field door-reason",
                        label { class: "field-label", r#for: "door-{id}-reason", {t!("door-reason-label")} }
                        input {
                            id: "door-{id}-reason",
                            class: "input",
                            r#type: "text",
                            maxlength: "200",
                            placeholder: t!("door-reason-placeholder"),
                            value: "{action.reason}",
                            oninput: move |evt| on_input.call(DoorInput::Reason(evt.value())),
                        }
                    }
                }
                if let Some(e) = &action.error {
                    p { id: "door-{id}-error", class: "field-error", role: "alert", {text(e)} }
                }
                div { class: "door-actions",
                    button {
                        id: "door-{id}-hold",
                        class: hold_class,
                        r#type: "button",
                        disabled: sending,
                        style: "--hold-ms: {hold_ms}ms",
                        aria_label: t!("door-hold-aria", door = name.clone(), seconds = seconds.clone(), hold = hold_secs.clone()),
                        onpointerdown: move |evt| {
                            evt.prevent_default();
                            on_input.call(DoorInput::HoldStart);
                        },
                        onpointerup: move |_| on_input.call(DoorInput::HoldEnd),
                        onpointerleave: move |_| on_input.call(DoorInput::HoldEnd),
                        onpointercancel: move |_| on_input.call(DoorInput::HoldEnd),
                        oncontextmenu: move |evt| evt.prevent_default(),
                        span { class: "hold-fill", aria_hidden: "true" }
                        Icon { svg: icons::DOOR }
                        span { class: "hold-label",
                            if hold == HoldState::Holding { {t!("door-hold-keep")} } else { {t!("door-hold")} }
                        }
                    }
                    button {
                        id: "door-{id}-unlock-alt",
                        class: "button button-tonal button-small",
                        r#type: "button",
                        disabled: sending,
                        "aria-haspopup": "dialog",
                        onclick: move |_| on_input.call(DoorInput::AskConfirm),
                        {t!("door-unlock-alt")}
                    }
                }
                if action.confirming {
                    div {
                        id: "door-{id}-confirm",
                        class: "confirm-box",
                        role: "alertdialog",
                        aria_labelledby: "door-{id}-confirm-text",
                        p { id: "door-{id}-confirm-text", {t!("door-confirm", door = name.clone(), seconds = seconds.clone())} }
                        div { class: "confirm-buttons",
                            button {
                                id: "door-{id}-confirm-yes",
                                class: "button button-primary button-small",
                                r#type: "button",
                                onclick: move |_| on_input.call(DoorInput::Confirm),
                                {t!("door-confirm-yes")}
                            }
                            button {
                                id: "door-{id}-confirm-no",
                                class: "button button-small",
                                r#type: "button",
                                onclick: move |_| on_input.call(DoorInput::CloseConfirm),
                                {t!("action-cancel")}
                            }
                        }
                    }
                }
            }
            if card.can_cancel_alarm {
                div { class: "door-alarm-box",
                    button {
                        id: "door-{id}-cancel-alarm",
                        class: "button button-danger button-small",
                        r#type: "button",
                        disabled: sending,
                        onclick: move |_| on_input.call(DoorInput::CancelAlarm),
                        {t!("door-cancel-alarm")}
                    }
                    p { class: "field-hint", {t!("door-cancel-alarm-hint")} }
                }
            }
            DoorOutcome { id: id.clone(), outcome: action.outcome.clone(), on_retry: move |_| on_input.call(DoorInput::Retry) }
        }
    }
}

/// The result of a door's last action, announced to screen readers.
#[component]
fn DoorOutcome(id: String, outcome: Outcome, on_retry: EventHandler<()>) -> Element {
    rsx! {
        div { id: "door-{id}-result", class: "door-result", role: "status", "aria-live": "polite",
            "data-outcome": match &outcome {
                Outcome::None => "none",
                Outcome::Sending => "sending",
                Outcome::Opened { .. } => "opened",
                Outcome::AlarmCancelled { .. } => "alarm-cancelled",
                Outcome::Failed { .. } => "failed",
            },
            match &outcome {
                Outcome::None => rsx! {},
                Outcome::Sending => rsx! {
                    span { class: "spinner", aria_hidden: "true" }
                    span { {t!("door-sending")} }
                },
                Outcome::Opened { seconds, left } => {
                    let pct = (*left as f32 / (*seconds).max(1) as f32 * 100.0).round();
                    rsx! {
                        div { class: "result-opened",
                            Icon { svg: icons::ONLINE }
                            span { {t!("door-opened", seconds = *seconds)} }
                            span { id: "door-{id}-countdown", class: "countdown", "data-left": "{left}",
                                {t!("door-closes-in", left = *left)}
                            }
                        }
                        div { class: "countdown-bar", aria_hidden: "true",
                            span { style: "width: {pct}%" }
                        }
                    }
                }
                Outcome::AlarmCancelled { acknowledged, not_supported } => rsx! {
                    div { class: "result-cancelled",
                        p { {t!("door-alarm-cancelled", count = *acknowledged)} }
                        for (i, n) in not_supported.iter().enumerate() {
                            p { key: "{i}", id: "door-{id}-not-supported", class: "not-supported",
                                Icon { svg: icons::INFO }
                                span { {text(n)} }
                            }
                        }
                    }
                },
                Outcome::Failed { message, retry } => rsx! {
                    div { class: "result-failed", role: "alert",
                        Icon { svg: icons::ALERT }
                        div { class: "banner-body",
                            p { id: "door-{id}-refused", {text(&message.text)} }
                            if let Some(h) = &message.help {
                                p { class: "banner-help", {text(h)} }
                            }
                            if *retry {
                                button {
                                    id: "door-{id}-retry",
                                    class: "button button-small",
                                    r#type: "button",
                                    onclick: move |_| on_retry.call(()),
                                    {t!("door-retry")}
                                }
                            }
                        }
                    }
                },
            }
        }
    }
}

/// The red banner across the admin screens while a lockdown is active.
#[component]
pub fn LockdownBanner(message: Text) -> Element {
    rsx! {
        div { id: "lockdown-banner", class: "lockdown-banner", role: "alert",
            Icon { svg: icons::SHIELD }
            span { {text(&message)} }
        }
    }
}

/// The lockdown screen's state: the big green "safe" button (which starts activating the chosen
/// group) or, under lockdown, the red state with who, when and why for each active group.
#[component]
pub fn LockdownHero(
    active: Vec<LockdownGroup>,
    can_activate: bool,
    on_activate: EventHandler<()>,
    on_cancel: EventHandler<i64>,
) -> Element {
    if active.is_empty() {
        return rsx! {
            div { id: "lockdown-state", class: "lockdown-state", "data-state": "safe",
                button {
                    id: "lockdown-activate",
                    class: "lockdown-hero safe",
                    r#type: "button",
                    disabled: !can_activate,
                    aria_describedby: "lockdown-safe-hint",
                    onclick: move |_| on_activate.call(()),
                    Icon { svg: icons::SHIELD }
                    span { class: "hero-title", {t!("lockdown-safe")} }
                    span { class: "hero-action", {t!("lockdown-activate")} }
                }
                p { id: "lockdown-safe-hint", class: "field-hint center", {t!("lockdown-safe-hint")} }
            }
        };
    }
    rsx! {
        div { id: "lockdown-state", class: "lockdown-state", "data-state": "active",
            div { class: "lockdown-hero active", role: "alert",
                Icon { svg: icons::SIREN }
                span { class: "hero-title", {t!("lockdown-under")} }
            }
            for g in active {
                section { key: "{g.id}", id: "lockdown-group-{g.id}-active", class: "card lockdown-active-card",
                    h2 { class: "card-title", "{g.name}" }
                    dl { class: "details",
                        if let Some(by) = &g.by {
                            dt { {t!("lockdown-by")} }
                            dd { id: "lockdown-group-{g.id}-by", "{by}" }
                        }
                        if let Some(since) = &g.since {
                            dt { {t!("lockdown-since")} }
                            dd { id: "lockdown-group-{g.id}-since", "{since}" }
                        }
                        if let Some(reason) = &g.reason {
                            dt { {t!("lockdown-reason")} }
                            dd { id: "lockdown-group-{g.id}-reason", "{reason}" }
                        }
                    }
                    button {
                        id: "lockdown-cancel-{g.id}",
                        class: "button button-block",
                        r#type: "button",
                        onclick: {
                            let id = g.id;
                            move |_| on_cancel.call(id)
                        },
                        {t!("lockdown-cancel")}
                    }
                }
            }
        }
    }
}

/// The lockdown group form, new or editing a group: a name and doors picked from the door list.
#[component]
pub fn GroupFormView(
    form: GroupForm,
    doors: Vec<Door>,
    on_name: EventHandler<String>,
    on_toggle: EventHandler<String>,
    on_submit: EventHandler<()>,
    /// Leaves editing for a new group.
    on_cancel: EventHandler<()>,
) -> Element {
    let editing = form.editing.is_some();
    rsx! {
        form {
            id: "group-form",
            class: "card group-form",
            onsubmit: move |evt| {
                evt.prevent_default();
                on_submit.call(());
            },
            h2 { id: "group-form-title", class: "card-title",
                if editing { {t!("group-edit-title")} } else { {t!("group-new")} }
            }
            div { class: "field",
                label { class: "field-label", r#for: "group-name", {t!("group-name")} }
                input {
                    id: "group-name",
                    class: "input",
                    r#type: "text",
                    value: "{form.name}",
                    oninput: move |evt| on_name.call(evt.value()),
                }
            }
            fieldset { class: "field",
                legend { class: "field-label", {t!("group-doors")} }
                ul { class: "door-picks",
                    for d in doors {
                        li { key: "{d.id}",
                            label { class: "door-pick",
                                input {
                                    id: "group-door-{d.id}",
                                    r#type: "checkbox",
                                    checked: form.has(&d.id),
                                    onchange: {
                                        let id = d.id.clone();
                                        move |_| on_toggle.call(id.clone())
                                    },
                                }
                                span { "{d.name}" }
                                if let Some(a) = &d.area {
                                    span { class: "door-device", "{a}" }
                                }
                            }
                        }
                    }
                }
            }
            if let Some(e) = &form.error {
                p { id: "group-error", class: "field-error", role: "alert", {text(e)} }
            }
            if editing {
                div { class: "confirm-buttons",
                    button { id: "group-save", class: "button button-tonal", r#type: "submit",
                        {t!("group-save")}
                    }
                    button {
                        id: "group-edit-cancel",
                        class: "button",
                        r#type: "button",
                        onclick: move |_| on_cancel.call(()),
                        {t!("action-cancel")}
                    }
                }
            } else {
                button { id: "group-create", class: "button button-tonal button-block", r#type: "submit",
                    {t!("group-create")}
                }
            }
        }
    }
}

/// The audit log's rows, newest first.
#[component]
pub fn ActivityList(rows: Vec<ActivityRow>) -> Element {
    rsx! {
        ul { id: "activity-list", class: "activity-list", aria_label: t!("activity-title"),
            for r in rows {
                li {
                    key: "{r.id}",
                    id: "activity-{r.id}",
                    class: if r.failed { "activity-item card failed" } else { "activity-item card" },
                    "data-action": "{r.action}",
                    div { class: "activity-head",
                        span { class: "activity-title", {text(&r.title)} }
                        time { class: "activity-time", "{r.at}" }
                    }
                    div { class: "activity-meta",
                        span { class: "activity-actor", Icon { svg: icons::USER } "{r.actor}" }
                        if let Some(u) = &r.upstream {
                            span { class: if r.failed { "activity-upstream bad" } else { "activity-upstream" },
                                {t!("activity-upstream", answer = u.clone())}
                            }
                        }
                    }
                    if let Some(reason) = &r.reason {
                        p { class: "activity-reason", "“{reason}”" }
                    }
                }
            }
        }
    }
}
