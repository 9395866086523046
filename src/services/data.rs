//! The one way a page gets data: a hook per kind of data, returning a [`Fetch`] whose
//! [`Loadable`] the shared `LoadableView` draws. Each hook loads through the session's client (a
//! session-ending failure sends the user to login once) and loads again when its parameters change.

use std::future::Future;

use cvm_api::{
    AccessRecord, Alarm, AlarmQuery, AlarmSummary, Area, AuditEntry, Credential, Dashboard, Device,
    DeviceQuery, Door, DoorActionResult, EventId, Failure, Host, Invitation, LiveEvent,
    LockdownGroup, LockdownGroupRequest, LockdownState, Page, PageQuery, PasswordChange,
    RecordQuery, UnlockRequest, Visit, VisitList, VisitQuery, VisitStats, VisitSummary,
    VisitorRegistration,
};
use cvm_client::Client;
use cvm_core::doors::AUDIT_PAGE_SIZE;
use cvm_core::{AreaFilter, InviteSubmit, Keyed, Loadable, More, Pages};
use dioxus::prelude::*;

use super::{use_app, AppState};

/// Data a page shows: [`Fetch::get`] is its state, [`Fetch::retry`] loads it again.
pub struct Fetch<T: 'static> {
    resource: Resource<Loadable<T>>,
}

impl<T> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetch<T> {}

impl<T> PartialEq for Fetch<T> {
    fn eq(&self, other: &Self) -> bool {
        self.resource == other.resource
    }
}

impl<T: Clone + 'static> Fetch<T> {
    /// The data, or why there is none yet. While a retry runs after a failure it is `Loading`; while
    /// a refresh runs the old data stays on screen.
    pub fn get(&self) -> Loadable<T> {
        let value = self.resource.read().clone().unwrap_or_default();
        let reloading = *self.resource.state().read() == UseResourceState::Pending;
        match value {
            Loadable::Failed(_) if reloading => Loadable::Loading,
            other => other,
        }
    }

    pub fn retry(&self) {
        let mut resource = self.resource;
        resource.restart();
    }
}

/// Dashboard counts for an area (all areas by default).
pub fn use_dashboard(area: AreaFilter) -> Fetch<Dashboard> {
    let app = use_app();
    let resource = use_resource(use_reactive(&area, move |area| async move {
        app.request(|c| async move { c.dashboard(area.as_option()).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// The gateway's health (admins): CVSecurity reachable, the relay tunnel. `tick` loads it again.
pub fn use_gateway_status(tick: u32) -> Fetch<cvm_api::GatewayStatus> {
    let app = use_app();
    let resource = use_resource(use_reactive(&tick, move |_| async move {
        app.request(|c| async move { c.gateway_status().await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// The site's areas, for the area filter.
pub fn use_areas() -> Fetch<Vec<Area>> {
    let app = use_app();
    let resource = use_resource(move || async move {
        app.request(|c| async move { c.areas().await }).await.into()
    });
    Fetch { resource }
}

/// The devices matching a query.
pub fn use_devices(query: DeviceQuery) -> Fetch<Vec<Device>> {
    let app = use_app();
    let resource = use_resource(use_reactive(&query, move |query| async move {
        app.request(|c| async move { c.devices(&query).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// One day's alarm counts (the site's today). `tick` is the newest live alarm: a new one loads the
/// counts again.
pub fn use_alarm_summary(tick: Option<EventId>) -> Fetch<AlarmSummary> {
    let app = use_app();
    let resource = use_resource(use_reactive(&tick, move |_| async move {
        app.request(|c| async move { c.alarm_summary(None).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// One alarm with its photo.
pub fn use_alarm(id: EventId) -> Fetch<Alarm> {
    let app = use_app();
    let resource = use_resource(use_reactive(&id, move |id| async move {
        app.request(|c| async move { c.alarm(id).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// Acknowledges an alarm with a remark.
pub async fn ack_alarm(app: AppState, id: EventId, remark: String) -> Result<Alarm, Failure> {
    app.request(|c| async move { c.ack_alarm(id, &remark).await })
        .await
}

/// A list the gateway serves page by page: the query (without cursor) and how to load one page.
pub trait PageSource: Clone + PartialEq + 'static {
    type Item: Clone + Keyed + PartialEq + 'static;
    fn load(
        &self,
        client: Client,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<Page<Self::Item>, Failure>>;
}

impl PageSource for AlarmQuery {
    type Item = Alarm;
    fn load(
        &self,
        client: Client,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<Page<Alarm>, Failure>> {
        let q = AlarmQuery {
            cursor,
            ..self.clone()
        };
        async move { client.alarms(&q).await }
    }
}

impl PageSource for RecordQuery {
    type Item = AccessRecord;
    fn load(
        &self,
        client: Client,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<Page<AccessRecord>, Failure>> {
        let q = RecordQuery {
            cursor,
            ..self.clone()
        };
        async move { client.records(&q).await }
    }
}

/// Today's visits of `query`; `tick` changes load them again.
pub fn use_visits(query: VisitQuery, tick: u32) -> Fetch<VisitList> {
    let app = use_app();
    let resource = use_resource(use_reactive((&query, &tick), move |(q, _)| async move {
        app.request(|c| async move { c.visits(&q).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// Today's visit counts; `tick` changes load them again.
pub fn use_visit_summary(tick: u32) -> Fetch<VisitSummary> {
    let app = use_app();
    let resource = use_resource(use_reactive(&tick, move |_| async move {
        app.request(|c| async move { c.visit_summary().await })
            .await
            .into()
    }));
    Fetch { resource }
}

pub fn use_visit_stats() -> Fetch<VisitStats> {
    let app = use_app();
    let resource = use_resource(move || async move {
        app.request(|c| async move { c.visit_stats().await })
            .await
            .into()
    });
    Fetch { resource }
}

/// Hosts matching `q`.
pub async fn search_hosts(app: AppState, q: String) -> Result<Vec<Host>, Failure> {
    app.request(|c| async move { c.hosts(&q).await }).await
}

/// Registers a visitor under the form's idempotency key.
pub async fn register_visitor(
    app: AppState,
    req: VisitorRegistration,
    key: String,
) -> Result<Visit, Failure> {
    app.request(|c| async move { c.register_visitor(&req, &key).await })
        .await
}

pub async fn checkout_visitor(app: AppState, id: String) -> Result<Visit, Failure> {
    let key = action_key();
    app.request(|c| async move { c.checkout_visitor(&id, &key).await })
        .await
}

/// One access record with its photo.
pub fn use_record(id: String) -> Fetch<AccessRecord> {
    let app = use_app();
    let resource = use_resource(use_reactive(&id, move |id| async move {
        app.request(|c| async move { c.record(&id).await })
            .await
            .into()
    }));
    Fetch { resource }
}

impl PageSource for PageQuery {
    type Item = LiveEvent;
    fn load(
        &self,
        client: Client,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<Page<LiveEvent>, Failure>> {
        let q = PageQuery {
            cursor,
            limit: self.limit,
        };
        async move { client.notifications(&q).await }
    }
}

/// A list the gateway pages by cursor only: a source with its page size, loading with `$call`.
macro_rules! cursor_list {
    ($(#[$doc:meta])* $name:ident, $item:ty, $call:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name {
            pub limit: u32,
        }

        impl PageSource for $name {
            type Item = $item;
            fn load(
                &self,
                client: Client,
                cursor: Option<String>,
            ) -> impl Future<Output = Result<Page<$item>, Failure>> {
                let q = PageQuery {
                    cursor,
                    limit: Some(self.limit),
                };
                async move { client.$call(&q).await }
            }
        }
    };
}

cursor_list!(
    /// Personnel: their own access records, `limit` per page.
    MyRecords,
    LiveEvent,
    my_records
);
cursor_list!(
    /// Personnel: their invitations, `limit` per page.
    MyInvitations,
    Invitation,
    invitations
);

/// One of the person's invitations.
pub fn use_invitation(id: i64) -> Fetch<Invitation> {
    let app = use_app();
    let resource = use_resource(use_reactive(&id, move |id| async move {
        app.request(|c| async move { c.invitation(id).await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// The visit reasons to choose from.
pub fn use_visit_reasons() -> Fetch<Vec<String>> {
    let app = use_app();
    let resource = use_resource(move || async move {
        app.request(|c| async move { c.visit_reasons().await })
            .await
            .into()
    });
    Fetch { resource }
}

/// Sends an invitation form (new, or Re-Invitation) under its idempotency key.
pub async fn send_invitation(
    app: AppState,
    submit: InviteSubmit,
    key: String,
) -> Result<Invitation, Failure> {
    app.request(|c| async move {
        match submit {
            InviteSubmit::New(req) => c.create_invitation(&req, &key).await,
            InviteSubmit::Again(id, req) => c.reinvite(id, &req, &key).await,
        }
    })
    .await
}

/// Changes the person's app password.
pub async fn change_password(app: AppState, req: PasswordChange) -> Result<(), Failure> {
    app.request(|c| async move { c.change_password(&req).await })
        .await
}

/// Personnel: a fresh dynamic QR credential.
pub async fn fetch_credential(app: AppState) -> Result<Credential, Failure> {
    app.request(|c| async move { c.credential().await }).await
}

/// A paged list: the first page loads like any [`Fetch`] (again when `source` or `tick` changes, merged
/// with what is on screen), further pages on [`Paged::more`].
pub struct Paged<S: PageSource> {
    app: AppState,
    first: Resource<Loadable<()>>,
    pages: Signal<Pages<S, S::Item>>,
}

impl<S: PageSource> Clone for Paged<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: PageSource> Copy for Paged<S> {}

impl<S: PageSource> Paged<S> {
    /// The items of `source` loaded so far, or why there are none yet. `None` = the query is not
    /// known yet (loading).
    pub fn get(&self, source: Option<&S>) -> Loadable<Vec<S::Item>> {
        let Some(source) = source else {
            return Loadable::Loading;
        };
        let pages = self.pages.read();
        if pages.is_for(source) {
            return Loadable::Ready(pages.items().to_vec());
        }
        match self.first.read().clone() {
            Some(Loadable::Failed(f))
                if *self.first.state().read() != UseResourceState::Pending =>
            {
                Loadable::Failed(f)
            }
            _ => Loadable::Loading,
        }
    }

    pub fn more_state(&self) -> More {
        self.pages.read().more().clone()
    }

    pub fn has_more(&self) -> bool {
        self.pages.read().has_more()
    }

    pub fn retry(&self) {
        let mut first = self.first;
        first.restart();
    }

    /// Loads the next page (nothing when there is none or one is on its way).
    pub fn more(&self) {
        let mut pages = self.pages;
        let next = {
            let p = pages.peek();
            p.query().cloned().zip(p.next_cursor().map(String::from))
        };
        let Some((source, cursor)) = next else {
            return;
        };
        pages.write().more_started();
        let app = self.app;
        spawn(async move {
            let s = source.clone();
            let result = app
                .request(|c| async move { s.load(c, Some(cursor)).await })
                .await;
            pages.write().more_loaded(&source, result);
        });
    }
}

/// A paged list of `source` (`None` while its query is not known). `tick` changes load the first page
/// again (a live event), merged on top of what is shown.
pub fn use_paged<S: PageSource>(source: Option<S>, tick: Option<EventId>) -> Paged<S> {
    let app = use_app();
    let pages = use_signal(Pages::<S, S::Item>::default);
    let first = use_resource(use_reactive(
        (&source, &tick),
        move |(source, _)| async move {
            let Some(source) = source else {
                return Loadable::Loading;
            };
            let s = source.clone();
            match app.request(|c| async move { s.load(c, None).await }).await {
                Ok(page) => {
                    let mut pages = pages;
                    pages.write().first_page(&source, page);
                    Loadable::Ready(())
                }
                Err(f) => Loadable::Failed(f),
            }
        },
    ));
    Paged { app, first, pages }
}

/// Every door with its live state. `tick` is the newest door or lockdown event: a new one loads the
/// doors again.
pub fn use_doors(tick: Option<EventId>) -> Fetch<Vec<Door>> {
    let app = use_app();
    let resource = use_resource(use_reactive(&tick, move |_| async move {
        app.request(|c| async move { c.doors().await }).await.into()
    }));
    Fetch { resource }
}

/// The lockdown groups and whether any is active. `tick` is the newest lockdown event.
pub fn use_lockdown(tick: Option<EventId>) -> Fetch<LockdownState> {
    let app = use_app();
    let resource = use_resource(use_reactive(&tick, move |_| async move {
        app.request(|c| async move { c.lockdown().await })
            .await
            .into()
    }));
    Fetch { resource }
}

/// Opens a door; `key` is the action's idempotency key (the same on a retry).
pub async fn unlock_door(
    app: AppState,
    door: String,
    req: UnlockRequest,
    key: String,
) -> Result<DoorActionResult, Failure> {
    app.request(|c| async move { c.unlock_door(&door, &req, &key).await })
        .await
}

/// Cancels a door's alarm.
pub async fn cancel_door_alarm(
    app: AppState,
    door: String,
    reason: Option<String>,
    key: String,
) -> Result<DoorActionResult, Failure> {
    app.request(|c| async move { c.cancel_door_alarm(&door, reason.as_deref(), &key).await })
        .await
}

/// Activates (`activate`) or cancels a group's lockdown.
pub async fn set_lockdown(
    app: AppState,
    group: i64,
    activate: bool,
    reason: Option<String>,
) -> Result<LockdownGroup, Failure> {
    app.request(|c| async move {
        if activate {
            c.activate_lockdown(group, reason.as_deref()).await
        } else {
            c.cancel_lockdown(group, reason.as_deref()).await
        }
    })
    .await
}

pub async fn create_lockdown_group(
    app: AppState,
    req: LockdownGroupRequest,
) -> Result<LockdownGroup, Failure> {
    app.request(|c| async move { c.create_lockdown_group(&req).await })
        .await
}

pub async fn update_lockdown_group(
    app: AppState,
    id: i64,
    req: LockdownGroupRequest,
) -> Result<LockdownGroup, Failure> {
    app.request(|c| async move { c.update_lockdown_group(id, &req).await })
        .await
}

pub async fn delete_lockdown_group(app: AppState, id: i64) -> Result<(), Failure> {
    app.request(|c| async move { c.delete_lockdown_group(id).await })
        .await
}

/// The audit log as a paged list (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditLog;

impl PageSource for AuditLog {
    type Item = AuditEntry;
    fn load(
        &self,
        client: Client,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<Page<AuditEntry>, Failure>> {
        let q = PageQuery {
            cursor,
            limit: Some(AUDIT_PAGE_SIZE),
        };
        async move { client.audit(&q).await }
    }
}

/// A fresh idempotency key for one user action: 128 random bits in hex.
pub fn action_key() -> String {
    let mut bytes = [0u8; 16];
    // Every platform the app runs on has one (the browser's crypto.getRandomValues on the web); a
    // predictable key could replay another action's answer, so there is no fallback.
    getrandom::getrandom(&mut bytes).expect("the platform has a random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
