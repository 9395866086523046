//! Admin › Apps › Remote Lockdown, as in the vendor's manual: a big green "safe" button that, after a
//! confirm step, puts the chosen group under lockdown; the red "Under Lockdown" state with who, when
//! and why, and cancel; the groups with their doors, a new group made from the door list, and each
//! group edited (name, doors) or deleted after a confirm step (not while it is under lockdown).

use cvm_api::{Door, LockdownGroup, LockdownState};
use cvm_core::{delete_block, latest_lockdown, GroupDelete, GroupForm, LockdownForm, LockdownStep};
use dioxus::prelude::*;

use crate::components::{AppBar, GroupFormView, LoadableView, LockdownHero};
use crate::i18n::text;
use crate::route::Route;
use crate::services::data::{
    create_lockdown_group, delete_lockdown_group, set_lockdown, update_lockdown_group, use_doors,
    use_lockdown,
};
use crate::services::live::{use_live_feed, use_unread};
use crate::services::use_app;

#[component]
pub fn AdminLockdown() -> Element {
    let app = use_app();
    let feed = use_live_feed();
    let tick = use_memo(move || latest_lockdown(&feed.read()));
    let state = use_lockdown(tick());
    let doors = use_doors(None);
    let unread = use_unread();
    let mut form = use_signal(LockdownForm::default);
    let mut group_form = use_signal(GroupForm::default);
    let mut delete = use_signal(GroupDelete::default);
    let loaded = state.get();
    let door_list: Vec<Door> = doors.get().ready().cloned().unwrap_or_default();

    let confirm = move |_| {
        let Some((group, activate, reason)) = form.write().confirm() else {
            return;
        };
        spawn(async move {
            let result = set_lockdown(app, group, activate, reason).await;
            form.write().done(result.as_ref().map(|_| ()));
            state.retry();
        });
    };
    let save = move |_| {
        let editing = group_form.read().editing;
        let Some(req) = group_form.write().submit() else {
            return;
        };
        spawn(async move {
            let result = match editing {
                Some(id) => update_lockdown_group(app, id, req).await,
                None => create_lockdown_group(app, req).await,
            };
            match result {
                Ok(g) => {
                    group_form.set(GroupForm::default());
                    if editing.is_none() {
                        form.write().chosen = Some(g.id);
                    }
                    state.retry();
                }
                Err(f) => {
                    use cvm_core::FailureText;
                    group_form.write().error = Some(f.message("").text);
                }
            }
        });
    };
    let confirm_delete = move |g: LockdownGroup| {
        let Some(id) = delete.write().confirm(&g) else {
            return;
        };
        spawn(async move {
            let result = delete_lockdown_group(app, id).await;
            delete.write().done(result.as_ref().map(|_| ()));
            if result.is_ok() && group_form.read().editing == Some(id) {
                group_form.set(GroupForm::default());
            }
            state.retry();
        });
    };
    rsx! {
        AppBar {
            title: t!("lockdown-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| state.retry(),
        }
        main { class: "page", id: "main-content",
            LoadableView { status: loaded.status(), on_retry: move |_| state.retry(),
                if let Some(s) = loaded.ready() {
                    LockdownBody {
                        state: s.clone(),
                        doors: door_list.clone(),
                        form: form(),
                        on_choose: move |id: i64| form.write().chosen = Some(id),
                        on_reason: move |r: String| form.write().reason = r,
                        on_activate: {
                            let s = s.clone();
                            move |_| form.write().ask_activate(&s)
                        },
                        on_cancel: move |id: i64| form.write().ask_cancel(id),
                        on_back: move |_| form.write().back(),
                        on_confirm: confirm,
                        delete: delete(),
                        on_edit: move |g: LockdownGroup| {
                            delete.write().back();
                            group_form.set(GroupForm::edit(&g));
                        },
                        on_delete: move |g: LockdownGroup| delete.write().ask(&g),
                        on_delete_back: move |_| delete.write().back(),
                        on_delete_confirm: confirm_delete,
                    }
                }
            }
            GroupFormView {
                form: group_form(),
                doors: door_list.clone(),
                on_name: move |n: String| group_form.write().name = n,
                on_toggle: move |d: String| group_form.write().toggle(&d),
                on_submit: save,
                on_cancel: move |_| group_form.set(GroupForm::default()),
            }
        }
    }
}

/// The lockdown screen for loaded groups (also rendered by the SSR tests).
#[component]
pub fn LockdownBody(
    state: LockdownState,
    doors: Vec<Door>,
    form: LockdownForm,
    on_choose: EventHandler<i64>,
    on_reason: EventHandler<String>,
    on_activate: EventHandler<()>,
    on_cancel: EventHandler<i64>,
    on_back: EventHandler<()>,
    on_confirm: EventHandler<()>,
    /// Deleting a group: the confirm step, the request, its refusal.
    delete: GroupDelete,
    on_edit: EventHandler<LockdownGroup>,
    on_delete: EventHandler<LockdownGroup>,
    on_delete_back: EventHandler<()>,
    on_delete_confirm: EventHandler<LockdownGroup>,
) -> Element {
    let active: Vec<LockdownGroup> = state.groups.iter().filter(|g| g.active).cloned().collect();
    let idle: Vec<LockdownGroup> = state.groups.iter().filter(|g| !g.active).cloned().collect();
    let idle_state = LockdownState {
        groups: idle.clone(),
        any_active: false,
    };
    let chosen = form.chosen_in(&idle_state);
    let door_name = |id: &str| {
        doors
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    };
    let group_name = |id: i64| {
        state
            .groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.name.clone())
            .unwrap_or_default()
    };
    let sending = matches!(form.step, LockdownStep::Sending { .. });
    let why_id = |g: &LockdownGroup| {
        if delete_block(g).is_some() {
            format!("group-delete-why-{}", g.id)
        } else {
            String::new()
        }
    };
    rsx! {
        if state.groups.is_empty() {
            p { id: "lockdown-no-groups", class: "empty-state", {t!("lockdown-no-groups")} }
        }
        LockdownHero {
            active: active.clone(),
            can_activate: chosen.is_some() && !sending,
            on_activate: move |_| on_activate.call(()),
            on_cancel: move |id| on_cancel.call(id),
        }
        if !idle.is_empty() {
            div { class: "field",
                label { class: "field-label", r#for: "lockdown-group", {t!("lockdown-choose")} }
                div { class: "select-wrap",
                    select {
                        id: "lockdown-group",
                        class: "input select",
                        onchange: move |evt| {
                            if let Ok(id) = evt.value().parse() {
                                on_choose.call(id);
                            }
                        },
                        for g in idle.iter() {
                            option { key: "{g.id}", value: "{g.id}", selected: Some(g.id) == chosen, "{g.name}" }
                        }
                    }
                }
            }
            if !active.is_empty() {
                button {
                    id: "lockdown-activate-more",
                    class: "button button-danger button-block",
                    r#type: "button",
                    disabled: chosen.is_none() || sending,
                    onclick: move |_| on_activate.call(()),
                    {t!("lockdown-activate")}
                }
            }
        }
        if let LockdownStep::Confirm { group, activate } = form.step {
            div {
                id: "lockdown-confirm",
                class: "confirm-box card",
                role: "alertdialog",
                aria_labelledby: "lockdown-confirm-text",
                p { id: "lockdown-confirm-text",
                    if activate {
                        {t!("lockdown-confirm-activate", group = group_name(group))}
                    } else {
                        {t!("lockdown-confirm-cancel", group = group_name(group))}
                    }
                }
                div { class: "field",
                    label { class: "field-label", r#for: "lockdown-reason", {t!("door-reason-label")} }
                    input {
                        id: "lockdown-reason",
                        class: "input",
                        r#type: "text",
                        maxlength: "200",
                        value: "{form.reason}",
                        oninput: move |evt| on_reason.call(evt.value()),
                    }
                }
                div { class: "confirm-buttons",
                    button {
                        id: "lockdown-confirm-yes",
                        class: if activate { "button button-danger-solid button-small" } else { "button button-primary button-small" },
                        r#type: "button",
                        onclick: move |_| on_confirm.call(()),
                        if activate { {t!("lockdown-confirm-yes")} } else { {t!("lockdown-cancel")} }
                    }
                    button {
                        id: "lockdown-confirm-no",
                        class: "button button-small",
                        r#type: "button",
                        onclick: move |_| on_back.call(()),
                        {t!("action-cancel")}
                    }
                }
            }
        }
        if sending {
            div { class: "loading", role: "status",
                span { class: "spinner", aria_hidden: "true" }
                span { {t!("door-sending")} }
            }
        }
        if let Some(e) = &form.error {
            p { id: "lockdown-error", class: "field-error", role: "alert", {text(&e.text)} }
        }
        if !state.groups.is_empty() {
            section { class: "card",
                h2 { class: "card-title", {t!("lockdown-groups")} }
                ul { id: "lockdown-groups", class: "group-list",
                    for g in state.groups.iter() {
                        li { key: "{g.id}", id: "lockdown-group-{g.id}", class: "group-item",
                            "data-active": if g.active { "true" } else { "false" },
                            div { class: "group-head",
                                span { class: "group-name", "{g.name}" }
                                span { class: if g.active { "state-badge badge-alarm" } else { "state-badge badge-online" },
                                    if g.active { {t!("lockdown-state-active")} } else { {t!("lockdown-state-safe")} }
                                }
                            }
                            span { class: "group-doors",
                                {g.doors.iter().map(|d| door_name(d)).collect::<Vec<_>>().join(", ")}
                            }
                            div { class: "group-actions",
                                button {
                                    id: "group-edit-{g.id}",
                                    class: "button button-small",
                                    r#type: "button",
                                    aria_label: t!("group-edit-label", group = g.name.clone()),
                                    onclick: {
                                        let g = g.clone();
                                        move |_| on_edit.call(g.clone())
                                    },
                                    {t!("group-edit")}
                                }
                                button {
                                    id: "group-delete-{g.id}",
                                    class: "button button-small button-danger",
                                    r#type: "button",
                                    disabled: delete_block(g).is_some() || delete.sending.is_some(),
                                    aria_label: t!("group-delete-label", group = g.name.clone()),
                                    aria_describedby: why_id(g),
                                    onclick: {
                                        let g = g.clone();
                                        move |_| on_delete.call(g.clone())
                                    },
                                    {t!("group-delete")}
                                }
                            }
                            if let Some(why) = delete_block(g) {
                                p { id: "group-delete-why-{g.id}", class: "field-hint", role: "note", {text(&why)} }
                            }
                            if delete.asking == Some(g.id) {
                                div {
                                    id: "group-delete-confirm",
                                    class: "confirm-box",
                                    role: "alertdialog",
                                    aria_labelledby: "group-delete-confirm-text",
                                    p { id: "group-delete-confirm-text",
                                        {t!("group-delete-confirm", group = g.name.clone())}
                                    }
                                    div { class: "confirm-buttons",
                                        button {
                                            id: "group-delete-yes",
                                            class: "button button-danger-solid button-small",
                                            r#type: "button",
                                            onclick: {
                                                let g = g.clone();
                                                move |_| on_delete_confirm.call(g.clone())
                                            },
                                            {t!("group-delete-yes")}
                                        }
                                        button {
                                            id: "group-delete-no",
                                            class: "button button-small",
                                            r#type: "button",
                                            onclick: move |_| on_delete_back.call(()),
                                            {t!("action-cancel")}
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if let Some(e) = &delete.error {
                    p { id: "group-delete-error", class: "field-error", role: "alert", {text(e)} }
                }
            }
        }
    }
}
