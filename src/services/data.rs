//! The one way a page gets data: a hook per kind of data, returning a [`Fetch`] whose
//! [`Loadable`] the shared `LoadableView` draws. Each hook loads through the session's client (a
//! session-ending failure sends the user to login once) and loads again when its parameters change.

use cvm_api::{Area, Dashboard, Device, DeviceQuery};
use cvm_core::{AreaFilter, Loadable};
use dioxus::prelude::*;

use super::use_app;

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
