//! The admin dashboard: counts, devices by state and area.

use axum::extract::State;
use cvm_api::{Area, AreaQuery, Dashboard, Device, DeviceQuery, DeviceState, Problem};

use crate::error::ApiResult;
use crate::extract::{Json, Query};
use crate::site;
use crate::state::AppState;

fn in_area(d: &Device, area: Option<&str>) -> bool {
    area.is_none_or(|a| d.area.as_deref() == Some(a))
}

/// Normalizes the `area` query: absent or empty = all areas.
fn area_filter(area: &Option<String>) -> Option<&str> {
    area.as_deref().map(str::trim).filter(|a| !a.is_empty())
}

/// Counts for the dashboard. `area` filters the devices; persons and visitors are site-wide, since
/// CVSecurity does not place them in areas.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "admin", params(AreaQuery), 
    responses((status = 200, body = Dashboard), (status = 401, body = Problem), (status = 403, body = Problem), (status = 502, body = Problem)))]
pub async fn dashboard(
    State(state): State<AppState>,
    Query(q): Query<AreaQuery>,
) -> ApiResult<Json<Dashboard>> {
    let area = area_filter(&q.area);
    let (devices, persons, visits) = tokio::try_join!(
        site::inventory(&state),
        async { Ok(state.upstream.person_count().await?) },
        crate::visitors::month_visits(&state)
    )?;
    // Counted as Visitor List counts its people.
    let today = crate::visitors::today();
    let visitors_today = visits
        .iter()
        .filter(|v| v.start_time.trim().starts_with(&today))
        .map(|v| u64::from(v.people()))
        .sum();
    let count = |s: DeviceState| {
        devices
            .iter()
            .filter(|d| d.state == s && in_area(d, area))
            .count() as u64
    };
    Ok(Json(Dashboard {
        area: area.map(str::to_string),
        persons,
        devices_online: count(DeviceState::Online),
        devices_offline: count(DeviceState::Offline),
        devices_disabled: count(DeviceState::Disabled),
        visitors_today,
    }))
}

/// The areas that have devices.
#[utoipa::path(get, path = "/api/v1/areas", tag = "admin", 
    responses((status = 200, body = [Area]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn areas(State(state): State<AppState>) -> ApiResult<Json<Vec<Area>>> {
    let devices = site::inventory(&state).await?;
    Ok(Json(
        site::areas_of(&devices)
            .into_iter()
            .map(|name| Area {
                id: name.clone(),
                name,
            })
            .collect(),
    ))
}

/// Devices, optionally only those in one state and one area, sorted by name.
#[utoipa::path(get, path = "/api/v1/devices", tag = "admin", params(DeviceQuery), 
    responses((status = 200, body = [Device]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn devices(
    State(state): State<AppState>,
    Query(q): Query<DeviceQuery>,
) -> ApiResult<Json<Vec<Device>>> {
    let area = area_filter(&q.area);
    let mut list: Vec<Device> = site::inventory(&state)
        .await?
        .into_iter()
        .filter(|d| q.state.is_none_or(|s| d.state == s) && in_area(d, area))
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.sn.cmp(&b.sn)));
    Ok(Json(list))
}
