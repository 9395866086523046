//! Admin › Alarm Center › one alarm: photo, time, device, area, source, person, and its
//! acknowledgement (who, when, remark) or the form to acknowledge it.

use cvm_api::{Alarm, EventId};
use cvm_core::{AckForm, AlarmFilter, Loadable, Target};
use dioxus::prelude::*;

use crate::components::{AckFormView, AlarmDetails, AppBar, LoadableView};
use crate::route::Route;
use crate::services::data::{ack_alarm, use_alarm};
use crate::services::live::use_unread;
use crate::services::use_app;

#[component]
pub fn AdminAlarm(id: EventId) -> Element {
    let app = use_app();
    let alarm = use_alarm(id);
    // The alarm as the acknowledgement returned it, shown instead of the loaded one.
    let mut acked = use_signal(|| None::<Alarm>);
    let mut form = use_signal(AckForm::default);
    let unread = use_unread();
    let shown: Loadable<Alarm> = match acked() {
        Some(a) if a.id == id => Loadable::Ready(a),
        _ => alarm.get(),
    };
    let loaded_photo = alarm.get().ready().and_then(|a| a.photo.clone());
    let submit = move |_| {
        let Some(req) = form.write().submit() else {
            return;
        };
        let photo = loaded_photo.clone();
        spawn(async move {
            match ack_alarm(app, id, req.remark).await {
                Ok(mut a) => {
                    if a.photo.is_none() {
                        a.photo = photo;
                    }
                    form.write().done(Ok(()));
                    acked.set(Some(a));
                }
                Err(f) => form.write().done(Err(&f)),
            }
        });
    };
    rsx! {
        AppBar {
            title: t!("alarm-title-page"),
            back: Route::from(Target::AdminAlarms { filter: AlarmFilter::default() }),
            notifications: Some(unread),
            on_refresh: move |_| {
                acked.set(None);
                alarm.retry();
            },
        }
        main { class: "page", id: "main-content",
            LoadableView { status: shown.status(), on_retry: move |_| alarm.retry(),
                if let Some(a) = shown.ready() {
                    AlarmDetails { alarm: a.clone() }
                    if a.ack.is_none() {
                        AckFormView {
                            form: form(),
                            on_edit: move |s| form.write().edited(s),
                            on_submit: submit.clone(),
                        }
                    }
                }
            }
        }
    }
}
