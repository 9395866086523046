//! The session's live feed: while a session is active, one task of its own reads the gateway's event
//! stream into cvm-core's [`LiveFeed`], reconnecting with back-off and resuming after the last event it
//! got (`Last-Event-ID`). It starts when the session becomes active and stops when it ends, without
//! holding up login or logout. Pages read the feed ([`use_live_feed`]); they never poll.

use std::time::Duration;

use cvm_api::Failure;
use cvm_client::EventStream;
use cvm_core::{Event, LiveFeed, Silence};
use dioxus::core::{spawn_forever, Task};
use dioxus::prelude::*;
use futures::future::{select, Either};
use futures::StreamExt;

use super::time::sleep;
use super::AppState;

/// How often a quiet stream is checked for signs of life (a third of the silence limit).
const CHECK_EVERY: Duration = Duration::from_secs(15);

/// The live feed of the current session (empty without one).
#[derive(Clone, Copy, PartialEq)]
pub struct LiveFeedState(pub Signal<LiveFeed>);

/// The in-app toast: the newest announced event (a sequence number, so the same text twice shows twice).
#[derive(Clone, Copy, PartialEq)]
pub struct ToastState(pub Signal<Option<(u64, cvm_core::NotificationRow)>>);

/// The live feed; panics with a clear message outside [`super::use_app_provider`].
pub fn use_live_feed() -> Signal<LiveFeed> {
    try_use_context::<LiveFeedState>()
        .expect("use_live_feed() needs services::use_app_provider() in an ancestor component")
        .0
}

/// Events the user has not seen yet (the Notification Center's badge).
pub fn use_unread() -> u32 {
    use_live_feed().read().unread()
}

/// Marks the feed read while the calling screen (a Notification Center) is open: whatever arrives
/// meanwhile is seen.
pub fn use_mark_read() {
    let mut feed = use_live_feed();
    use_effect(move || {
        let unread = feed.read().unread();
        if unread > 0 {
            feed.write().mark_read();
        }
    });
}

/// Provides the feed and starts / stops its task with the session.
pub(super) fn use_live_feed_service(app: AppState) {
    let LiveFeedState(mut feed) =
        use_context_provider(|| LiveFeedState(Signal::new(LiveFeed::default())));
    let ToastState(mut toast) = use_context_provider(|| ToastState(Signal::new(None)));
    let mut task = use_signal(|| None::<Task>);
    let role = use_memo(move || app.model.read().session.active().map(|a| a.role));
    use_effect(move || {
        let role = role();
        let active = role.is_some();
        let running = task.peek().is_some();
        if let (Some(role), false) = (role, running) {
            feed.set(LiveFeed::for_role(role));
            // In the root scope: the page that logged in goes away, the feed stays.
            task.set(Some(spawn_forever(run(app, feed, toast))));
        } else if !active && running {
            if let Some(t) = task.take() {
                // Dropping the task drops the stream, which closes the connection.
                t.cancel();
            }
            feed.set(LiveFeed::default());
            toast.set(None);
        }
    });
}

/// Connects, reads until the stream ends or goes silent, waits, and connects again, for as long as the
/// session lasts.
async fn run(
    app: AppState,
    mut feed: Signal<LiveFeed>,
    toast: Signal<Option<(u64, cvm_core::NotificationRow)>>,
) {
    loop {
        let Some(client) = app.client() else {
            return;
        };
        let last = feed.peek().last_id();
        feed.write().connecting();
        match client.events(last).await {
            Ok(stream) => {
                feed.write().connected();
                let role = app.model.peek().session.active().map(|a| a.role);
                read(stream, feed, toast, role).await;
            }
            Err(f) if f.ends_session() => {
                app.dispatch(Event::SessionEnded(f));
                return;
            }
            // Unreachable, gateway trouble, an old gateway without the stream: try again later.
            Err(_) => {}
        }
        let delay = feed.write().disconnected();
        sleep(delay).await;
    }
}

/// Reads one open stream into the feed until it ends, breaks or stays silent too long.
async fn read(
    mut stream: EventStream,
    mut feed: Signal<LiveFeed>,
    mut toast: Signal<Option<(u64, cvm_core::NotificationRow)>>,
    role: Option<cvm_api::Role>,
) {
    let mut silence = Silence::new(stream.activity());
    loop {
        let tick = Box::pin(sleep(CHECK_EVERY));
        match select(stream.next(), tick).await {
            Either::Left((Some(Ok(event)), _)) => {
                let new = {
                    let mut f = feed.write();
                    f.arrived(super::time::now_ms());
                    f.received(event.clone())
                };
                // A repeat (a resume may send the last event again) is not announced twice.
                if let (true, Some(role)) = (new, role) {
                    if let Some(row) = super::notify::announce(role, &event) {
                        let seq = toast.peek().as_ref().map_or(0, |t| t.0) + 1;
                        toast.set(Some((seq, row)));
                    }
                }
            }
            // One event this build cannot read: skip it, the stream goes on.
            Either::Left((Some(Err(Failure::Decode(_))), _)) => {}
            Either::Left((Some(Err(_)) | None, _)) => return,
            Either::Right(_) => {
                if silence.is_dead(stream.activity(), CHECK_EVERY) {
                    return;
                }
            }
        }
    }
}
