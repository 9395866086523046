//! The bridge between `cvm-core` and `cvm-client`: the app state in context, a coroutine that runs the
//! core's effects with the client, and the request helper pages use to fetch data.

pub mod api;
pub mod camera;
pub mod store;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;

use cvm_api::Failure;
use cvm_client::Client;
use cvm_core::{update, Effect, Event, Model};
use dioxus::prelude::*;
use futures::StreamExt;

use self::store::SessionStore;

/// What every page can reach: the core's model, the client of the current session, and `dispatch`.
#[derive(Clone, Copy, PartialEq)]
pub struct AppState {
    pub model: Signal<Model>,
    client: Signal<Option<Client>>,
    effects: Coroutine<Effect>,
}

impl AppState {
    /// Feeds an event to the core and hands its effects to the service coroutine.
    pub fn dispatch(&self, event: Event) {
        let mut model = self.model;
        let effects = update(event, &mut model.write());
        for fx in effects {
            self.effects.send(fx);
        }
    }

    /// Runs one API call with the session's client. A failure that ends the session is reported to the
    /// core (which sends the user to the login screen once) and returned like any other.
    pub async fn request<T, F, Fut>(self, call: F) -> Result<T, Failure>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let client = self.client.peek().clone();
        let Some(client) = client else {
            return Err(Failure::NotLoggedIn);
        };
        let result = call(client).await;
        if let Err(f) = &result {
            if f.ends_session() {
                self.dispatch(Event::SessionEnded);
            }
        }
        result
    }
}

/// The app state; panics with a clear message outside [`use_app_provider`].
pub fn use_app() -> AppState {
    try_use_context::<AppState>()
        .expect("use_app() needs services::use_app_provider() in an ancestor component")
}

/// Creates the app state, restores the stored session and starts the effect coroutine.
pub fn use_app_provider(store: Arc<dyn SessionStore>) -> AppState {
    let (initial, initial_effects) = use_hook(|| {
        let mut model = Model::default();
        let effects = update(Event::Started(store.load()), &mut model);
        (model, effects)
    });
    use_app_state(store, initial, initial_effects)
}

/// An app state that starts from `model` with nothing stored and no client: for component tests and
/// previews, which need a session without a server.
pub fn use_preset_app(model: Model) -> AppState {
    let store: Arc<dyn SessionStore> = use_hook(|| Arc::new(store::MemoryStore::default()));
    use_app_state(store, model, vec![])
}

fn use_app_state(
    store: Arc<dyn SessionStore>,
    initial: Model,
    initial_effects: Vec<Effect>,
) -> AppState {
    let model = use_signal(|| initial);
    let client = use_signal(|| None::<Client>);
    let effects = use_coroutine(move |mut rx: UnboundedReceiver<Effect>| {
        let store = store.clone();
        let initial_effects = initial_effects.clone();
        async move {
            let mut queue: VecDeque<Effect> = initial_effects.into();
            loop {
                while let Some(fx) = queue.pop_front() {
                    if let Some(event) = run(fx, client, &store).await {
                        let mut model = model;
                        queue.extend(update(event, &mut model.write()));
                    }
                }
                match rx.next().await {
                    Some(fx) => queue.push_back(fx),
                    None => break,
                }
            }
        }
    });
    use_context_provider(|| AppState {
        model,
        client,
        effects,
    })
}

/// A client for the org code whose token changes are saved to `store`.
fn connect(org: &cvm_api::OrgCode, store: &Arc<dyn SessionStore>) -> Result<Client, Failure> {
    let client = api::client_for(org)?;
    let store = store.clone();
    let org_code = org.to_uri();
    client.on_tokens_changed(move |tokens| {
        store.save(
            tokens
                .map(|t| cvm_core::StoredSession {
                    org_code: org_code.clone(),
                    tokens: t.clone(),
                })
                .as_ref(),
        )
    });
    Ok(client)
}

/// Runs one effect; returns the event that reports its outcome.
async fn run(
    fx: Effect,
    mut client: Signal<Option<Client>>,
    store: &Arc<dyn SessionStore>,
) -> Option<Event> {
    let current = || client.peek().clone().ok_or(Failure::NotLoggedIn);
    match fx {
        Effect::CheckServer(org) => Some(Event::ServerChecked(match connect(&org, store) {
            Err(f) => Err(f),
            Ok(c) => {
                client.set(Some(c.clone()));
                c.org_info().await
            }
        })),
        Effect::SignIn(request) => Some(Event::SignedIn(match current() {
            Err(f) => Err(f),
            Ok(c) => c.login(&request).await,
        })),
        Effect::LoadProfile => Some(Event::ProfileLoaded(match current() {
            Err(f) => Err(f),
            Ok(c) => c.me().await,
        })),
        Effect::Restore { org, tokens } => Some(Event::Restored(match connect(&org, store) {
            Err(f) => Err(f),
            Ok(c) => {
                c.set_tokens(Some(tokens));
                client.set(Some(c.clone()));
                restore(&c).await
            }
        })),
        Effect::Store(session) => {
            store.save(session.as_ref());
            None
        }
        Effect::SignOut => {
            if let Some(c) = client.take() {
                // Best effort: the tokens are already forgotten locally.
                spawn(async move {
                    let _ = c.logout().await;
                });
            }
            None
        }
        Effect::Disconnect => {
            client.set(None);
            None
        }
    }
}

async fn restore(c: &Client) -> Result<(cvm_api::OrgInfo, cvm_api::Me), Failure> {
    let info = c.org_info().await?;
    let me = c.me().await?;
    Ok((info, me))
}
