//! The site as the dashboard sees it: CVSecurity's devices joined with their doors' connection state and
//! their areas. The device list carries no area, so cvlink learns each device's area from its access
//! records (`areaName` by `devSn`) and keeps it.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use cvm_api::{Connection, Device, DeviceState, Door};

use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::upstream::{UpDevice, UpDoorState};

/// How often the learned areas are refreshed from the newest access records.
const RELEARN_AFTER: Duration = Duration::from_secs(300);

/// Every device with its state and area.
pub async fn inventory(state: &AppState) -> ApiResult<Vec<Device>> {
    let (devices, doors) =
        tokio::try_join!(state.upstream.devices(), state.upstream.door_states())?;
    let mut areas: HashMap<String, String> =
        db::device_areas(&state.db).await?.into_iter().collect();
    let missing = devices
        .iter()
        .any(|d| d.auth_area_name.is_none() && !d.sn.is_empty() && !areas.contains_key(&d.sn));
    if missing || stale(state) {
        learn_areas(state, &mut areas).await?;
    }
    Ok(join(&devices, &doors, &areas))
}

/// Devices with their state from their doors' connections, and their area (the device record's own, or
/// the learned one).
pub fn join(
    devices: &[UpDevice],
    doors: &[UpDoorState],
    areas: &HashMap<String, String>,
) -> Vec<Device> {
    let mut connects: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in doors {
        if !d.device_id.is_empty() && !d.connect.is_empty() {
            connects.entry(&d.device_id).or_default().push(&d.connect);
        }
    }
    devices
        .iter()
        .map(|d| {
            let door_connects = connects
                .get(d.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            Device {
                state: device_state(d, door_connects),
                doors: door_connects.len() as u32,
                model: d.model.clone(),
                name: d.name.clone().unwrap_or_else(|| d.sn.clone()),
                area: d
                    .auth_area_name
                    .clone()
                    .or_else(|| areas.get(&d.sn).cloned()),
                id: d.id.clone(),
                sn: d.sn.clone(),
            }
        })
        .collect()
}

/// Every door with its live state, its device's name and area, and the lockdown groups holding it.
pub async fn doors(state: &AppState) -> ApiResult<Vec<Door>> {
    let (devices, doors) =
        tokio::try_join!(state.upstream.devices(), state.upstream.door_states())?;
    let areas: HashMap<String, String> = db::device_areas(&state.db).await?.into_iter().collect();
    let mut locked = crate::lockdown::locked_doors(&state.db).await?;
    let mut out: Vec<Door> = doors
        .into_iter()
        .map(|d| {
            let device = devices.iter().find(|dev| dev.id == d.device_id);
            door(&d, device, &areas, locked.remove(&d.id).unwrap_or_default())
        })
        .collect();
    out.sort_by(|a, b| a.area.cmp(&b.area).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// One door's state in the API's terms.
pub fn door(
    d: &UpDoorState,
    device: Option<&UpDevice>,
    areas: &HashMap<String, String>,
    locked_down_by: Vec<String>,
) -> Door {
    let connection = match d.connect.as_str() {
        "1" => Connection::Online,
        "2" => Connection::Disabled,
        _ => Connection::Offline,
    };
    let open = |v: &str| match v {
        "open" => Some(true),
        "off" | "close" | "closed" => Some(false),
        _ => None,
    };
    let online = connection == Connection::Online;
    Door {
        id: d.id.clone(),
        name: if d.name.is_empty() {
            d.id.clone()
        } else {
            d.name.clone()
        },
        device: device.and_then(|dev| dev.name.clone()),
        device_sn: device.map(|dev| dev.sn.clone()),
        area: device.and_then(|dev| {
            dev.auth_area_name
                .clone()
                .or_else(|| areas.get(&dev.sn).cloned())
        }),
        connection,
        relay_open: open(&d.relay).filter(|_| online),
        sensor_open: open(&d.sensor).filter(|_| online),
        alarm: Some(d.alarm.clone())
            .filter(|a| online && !matches!(a.as_str(), "" | "none" | "unknown")),
        locked_down_by,
    }
}

/// Areas known for the devices, sorted.
pub fn areas_of(devices: &[Device]) -> Vec<String> {
    devices
        .iter()
        .filter_map(|d| d.area.clone())
        .filter(|a| !a.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Disabled when CVSecurity has the device disabled; online when any of its doors is connected;
/// offline otherwise (including a device with no doors reported, which cannot be shown to be online).
fn device_state(d: &UpDevice, door_connects: &[&str]) -> DeviceState {
    if !d.enabled() || (!door_connects.is_empty() && door_connects.iter().all(|c| *c == "2")) {
        DeviceState::Disabled
    } else if door_connects.contains(&"1") {
        DeviceState::Online
    } else {
        DeviceState::Offline
    }
}

fn stale(state: &AppState) -> bool {
    let at = state
        .areas_learned_at
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    at.is_none_or(|t| t.elapsed() >= RELEARN_AFTER)
}

async fn learn_areas(state: &AppState, areas: &mut HashMap<String, String>) -> ApiResult<()> {
    // The v1 list: the v2 one counts its total, a scan of the whole history on CVSecurity.
    let records = state
        .upstream
        .transactions_window(&crate::upstream::RecordSource::All, None, None, 1000)
        .await?;
    for r in records {
        let (Some(sn), Some(area)) = (r.dev_sn, r.area_name) else {
            continue;
        };
        if areas.get(&sn) == Some(&area) {
            continue;
        }
        db::learn_device_area(&state.db, &sn, &area).await?;
        areas.insert(sn, area);
    }
    *state
        .areas_learned_at
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn device(v: serde_json::Value) -> UpDevice {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn device_state_from_doors() {
        let enabled = device(json!({"state": "1"}));
        assert_eq!(device_state(&enabled, &["1", "0"]), DeviceState::Online);
        assert_eq!(device_state(&enabled, &["0", "0"]), DeviceState::Offline);
        assert_eq!(device_state(&enabled, &[]), DeviceState::Offline);
        assert_eq!(device_state(&enabled, &["2", "2"]), DeviceState::Disabled);
        assert_eq!(
            device_state(&device(json!({"state": 0})), &["1"]),
            DeviceState::Disabled
        );
        assert_eq!(
            device_state(&device(json!({"status": "0"})), &["1"]),
            DeviceState::Disabled
        );
    }

    #[test]
    fn the_record_area_wins_over_the_learned_one() {
        let devices = [
            device(json!({"id": "1", "sn": "A", "authAreaName": "Lab"})),
            device(json!({"id": "2", "sn": "B", "areaName": " "})),
            device(json!({"id": "3", "sn": "C"})),
        ];
        let learned: HashMap<String, String> = [("A", "Hall"), ("B", "Gym")]
            .map(|(a, b)| (a.into(), b.into()))
            .into();
        let joined = join(&devices, &[], &learned);
        let areas: Vec<Option<&str>> = joined.iter().map(|d| d.area.as_deref()).collect();
        assert_eq!(areas, [Some("Lab"), Some("Gym"), None]);
    }
}
