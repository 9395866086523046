//! Admin › Apps › Remote Control: the doors by area with their live state (loaded again when a door or
//! lockdown event arrives), searchable by name; unlock by holding the button (or through the confirm
//! dialog), cancel an alarm, and each card shows the result.

use std::time::Duration;

use cvm_api::Door;
use cvm_core::doors::HOLD_TIME;
use cvm_core::{
    door_groups, latest_door_change, DoorAction, DoorActionKind, DoorCard, Hold, HoldState,
    TextParam,
};
use dioxus::prelude::*;

use crate::components::{AppBar, DoorCardView, DoorInput, LoadableView, SearchForm};
use crate::route::Route;
use crate::services::data::{action_key, cancel_door_alarm, unlock_door, use_doors};
use crate::services::live::{use_live_feed, use_unread};
use crate::services::time::sleep;
use crate::services::use_app;

#[component]
pub fn AdminDoors(q: TextParam) -> Element {
    let nav = use_navigator();
    let feed = use_live_feed();
    let tick = use_memo(move || latest_door_change(&feed.read()));
    let doors = use_doors(tick());
    let unread = use_unread();
    let query = q.value().to_string();
    let groups = doors.get().map(|d: Vec<Door>| door_groups(&d, &query));
    rsx! {
        AppBar {
            title: t!("doors-title"),
            back: Route::AdminApps {},
            notifications: Some(unread),
            on_refresh: move |_| doors.retry(),
        }
        main { class: "page", id: "main-content",
            SearchForm {
                id: "door-search",
                label: t!("doors-search-label"),
                placeholder: t!("doors-search-placeholder"),
                value: q.value().to_string(),
                on_search: move |text: String| {
                    nav.replace(Route::AdminDoors { q: TextParam::new(&text) });
                },
            }
            LoadableView {
                status: groups.status(),
                empty: t!("doors-empty"),
                on_retry: move |_| doors.retry(),
                if let Some(groups) = groups.ready() {
                    div { id: "door-list", class: "door-list",
                        for g in groups.iter() {
                            section { key: "{g.area.clone().unwrap_or_default()}", class: "door-area",
                                h2 { class: "area-title",
                                    match &g.area {
                                        Some(a) => rsx! { "{a}" },
                                        None => rsx! { {t!("doors-no-area")} },
                                    }
                                }
                                for card in g.doors.iter() {
                                    DoorItem { key: "{card.id}", card: card.clone() }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A door card with its own form, gesture and result.
#[component]
fn DoorItem(card: DoorCard) -> Element {
    let app = use_app();
    let mut action = use_signal(DoorAction::default);
    let mut hold = use_signal(Hold::default);
    // The running countdown: a newer opening takes over from an older one's loop.
    let mut countdown = use_signal(|| 0u32);
    let door = card.id.clone();

    let send_unlock = {
        let door = door.clone();
        move || {
            let Some((req, key)) = action.write().unlock(action_key) else {
                return;
            };
            let door = door.clone();
            spawn(async move {
                let result = unlock_door(app, door, req, key).await;
                action.write().done(result);
                let mine = *countdown.peek() + 1;
                countdown.set(mine);
                // The countdown, one second at a time, while this card is on screen.
                while *countdown.peek() == mine && action.peek().counting_down() {
                    sleep(Duration::from_secs(1)).await;
                    action.write().tick();
                }
            });
        }
    };
    let send_cancel = {
        let door = door.clone();
        move || {
            let Some((reason, key)) = action.write().cancel_alarm(action_key) else {
                return;
            };
            let door = door.clone();
            spawn(async move {
                let result = cancel_door_alarm(app, door, reason, key).await;
                action.write().done(result);
            });
        }
    };

    let on_input = move |input: DoorInput| match input {
        DoorInput::Seconds(s) => action.write().seconds = s,
        DoorInput::Reason(r) => action.write().reason = r,
        DoorInput::HoldStart => {
            let press = hold.write().press();
            let mut confirm = send_unlock.clone();
            spawn(async move {
                sleep(HOLD_TIME).await;
                if hold.write().held(press, HOLD_TIME) {
                    confirm();
                }
            });
        }
        DoorInput::HoldEnd => {
            if hold.peek().holding() || hold.peek().state() == HoldState::Confirmed {
                hold.write().release();
            }
        }
        DoorInput::AskConfirm => action.write().confirming = true,
        DoorInput::CloseConfirm => action.write().confirming = false,
        DoorInput::Retry if action.peek().pending_kind() == Some(DoorActionKind::CancelAlarm) => {
            let mut go = send_cancel.clone();
            go();
        }
        DoorInput::Confirm | DoorInput::Retry => {
            let mut go = send_unlock.clone();
            go();
        }
        DoorInput::CancelAlarm => {
            let mut go = send_cancel.clone();
            go();
        }
    };
    rsx! {
        DoorCardView { card, action: action(), hold: hold().state(), on_input }
    }
}
