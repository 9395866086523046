//! The bridge between `cvm-core` and `cvm-client`: the app state in context, the runner of the core's
//! effects (each long one in its own task, so nothing waits for anything else), the data hooks of
//! [`data`] through which pages get what they show, and the session's [`live`] feed.

pub mod api;
pub mod camera;
pub mod data;
pub mod live;
pub mod notify;
pub mod photo;
pub mod store;
pub mod time;

use std::future::Future;
use std::sync::Arc;

use cvm_api::{Failure, TokenPair};
use cvm_client::Client;
use cvm_core::{update, Effect, Event, Model};
use dioxus::core::spawn_forever;
use dioxus::prelude::*;
use futures::channel::mpsc::{unbounded, UnboundedSender};
use futures::StreamExt;

use self::store::SessionStore;

/// What every page can reach: the core's model, the client of the current session, and `dispatch`.
#[derive(Clone, Copy, PartialEq)]
pub struct AppState {
    pub model: Signal<Model>,
    client: Signal<Option<Client>>,
    services: Signal<Services>,
}

/// What running effects needs besides signals.
struct Services {
    /// Where the session survives restarts; written only by [`Effect::Store`].
    store: Arc<dyn SessionStore>,
    /// Token changes the client makes by itself (refresh), on their way to the core as
    /// [`Event::TokensChanged`] (the client's listener runs outside the UI thread's reach).
    tokens: UnboundedSender<Option<TokenPair>>,
}

impl AppState {
    /// Feeds an event to the core and runs the effects it asks for: quick ones (store, disconnect)
    /// right away and in order, network ones each in its own task, whose answer comes back here.
    pub fn dispatch(&self, event: Event) {
        let mut model = self.model;
        let effects = update(event, &mut model.write());
        for fx in effects {
            self.run(fx);
        }
    }

    /// "Try again" on the login screen after the server was out of reach at start: checks the stored
    /// session once more.
    pub fn retry_restore(&self) {
        let stored = self.services.peek().store.load();
        self.dispatch(Event::RetryRestore(stored));
    }

    /// Runs one API call with the session's client. A failure that ends the session is reported to the
    /// core (which sends the user to the login screen once) and returned like any other.
    pub async fn request<T, F, Fut>(self, call: F) -> Result<T, Failure>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let Some(client) = self.client() else {
            return Err(Failure::NotLoggedIn);
        };
        let result = call(client).await;
        if let Err(f) = &result {
            if f.ends_session() {
                self.dispatch(Event::SessionEnded(f.clone()));
            }
        }
        result
    }

    /// The client of the current session, if any.
    pub fn client(&self) -> Option<Client> {
        self.client.peek().clone()
    }

    fn run(&self, fx: Effect) {
        let mut client = self.client;
        match fx {
            Effect::Store(session) => self.services.peek().store.save(session.as_ref()),
            Effect::Disconnect => client.set(None),
            Effect::SignOut => {
                if let Some(c) = client.take() {
                    // Best effort: the tokens are already forgotten locally. In the root scope, as the
                    // page that asked is about to go away.
                    spawn_forever(async move {
                        let _ = c.logout().await;
                    });
                }
            }
            Effect::CheckServer(_)
            | Effect::SignIn(_)
            | Effect::LoadProfile
            | Effect::Restore { .. } => {
                let app = *self;
                spawn_forever(async move {
                    let event = app.perform(fx).await;
                    app.dispatch(event);
                });
            }
        }
    }

    /// Performs a network effect; returns the event that reports its outcome.
    async fn perform(self, fx: Effect) -> Event {
        let mut client = self.client;
        let current = || self.client().ok_or(Failure::NotLoggedIn);
        match fx {
            Effect::CheckServer(org) => Event::ServerChecked(match self.connect(&org) {
                Err(f) => Err(f),
                Ok(c) => {
                    client.set(Some(c.clone()));
                    c.org_info().await
                }
            }),
            Effect::SignIn(request) => Event::SignedIn(match current() {
                Err(f) => Err(f),
                Ok(c) => c.login(&request).await,
            }),
            Effect::LoadProfile => Event::ProfileLoaded(match current() {
                Err(f) => Err(f),
                Ok(c) => c.me().await,
            }),
            Effect::Restore { org, tokens } => Event::Restored(match self.connect(&org) {
                Err(f) => Err(f),
                Ok(c) => {
                    c.set_tokens(Some(tokens));
                    client.set(Some(c.clone()));
                    restore(&c).await
                }
            }),
            Effect::Store(_) | Effect::SignOut | Effect::Disconnect => {
                unreachable!("run() handles {fx:?} itself")
            }
        }
    }

    /// A client for the org code whose own token changes go to the core (which stores them).
    fn connect(&self, org: &cvm_api::OrgCode) -> Result<Client, Failure> {
        let client = api::client_for(org)?;
        let tokens = self.services.peek().tokens.clone();
        client.on_tokens_changed(move |t| {
            let _ = tokens.unbounded_send(t.cloned());
        });
        Ok(client)
    }
}

/// The app state; panics with a clear message outside [`use_app_provider`].
pub fn use_app() -> AppState {
    try_use_context::<AppState>()
        .expect("use_app() needs services::use_app_provider() in an ancestor component")
}

/// Creates the app state, restores the stored session and starts the services.
pub fn use_app_provider(store: Arc<dyn SessionStore>) -> AppState {
    let (initial, effects) = use_hook(|| {
        let mut model = Model::default();
        let effects = update(Event::Started(store.load()), &mut model);
        (model, effects)
    });
    let app = use_app_state(store, initial, None);
    use_hook(move || {
        for fx in effects {
            app.run(fx);
        }
    });
    app
}

/// An app state that starts from `model` with nothing stored and no client: for component tests and
/// previews, which need a session without a server.
pub fn use_preset_app(model: Model) -> AppState {
    use_preset_session(model, None)
}

/// An app state that starts from `model` with this client (already logged in) and nothing stored: for
/// tests of the services against an in-process gateway.
pub fn use_preset_session(model: Model, client: Option<Client>) -> AppState {
    let store: Arc<dyn SessionStore> = use_hook(|| Arc::new(store::MemoryStore::default()));
    use_app_state(store, model, client)
}

fn use_app_state(
    store: Arc<dyn SessionStore>,
    initial: Model,
    initial_client: Option<Client>,
) -> AppState {
    let model = use_signal(|| initial);
    let client = use_signal(|| initial_client);
    let (services, token_changes) = use_hook(|| {
        let (tx, rx) = unbounded();
        let services = Signal::new(Services { store, tokens: tx });
        (services, std::rc::Rc::new(std::cell::Cell::new(Some(rx))))
    });
    let app = use_context_provider(|| AppState {
        model,
        client,
        services,
    });
    live::use_live_feed_service(app);
    use_hook(move || {
        if let Some(mut rx) = token_changes.take() {
            spawn(async move {
                while let Some(tokens) = rx.next().await {
                    app.dispatch(Event::TokensChanged(tokens));
                }
            });
        }
    });
    app
}

async fn restore(c: &Client) -> Result<(cvm_api::OrgInfo, cvm_api::Me), Failure> {
    let info = c.org_info().await?;
    let me = c.me().await?;
    Ok((info, me))
}
