//! The site as the dashboard sees it: CVSecurity's devices joined with their doors' connection state and
//! their areas. The device list carries no area, so cvlink learns each device's area from its access
//! records (`areaName` by `devSn`) and keeps it.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use cvm_api::{Device, DeviceState};
use serde_json::Value;

use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::upstream::field_str;

/// How often the learned areas are refreshed from the newest access records.
const RELEARN_AFTER: Duration = Duration::from_secs(300);

/// Every device with its state and area.
pub async fn inventory(state: &AppState) -> ApiResult<Vec<Device>> {
    let (devices, doors) =
        tokio::try_join!(state.upstream.devices(), state.upstream.door_states())?;
    let mut connects: HashMap<String, Vec<String>> = HashMap::new();
    for d in &doors {
        if let (Some(dev), Some(c)) = (field_str(d, "deviceId"), field_str(d, "connect")) {
            connects.entry(dev).or_default().push(c);
        }
    }
    let mut areas: HashMap<String, String> =
        db::device_areas(&state.db).await?.into_iter().collect();
    let missing = devices.iter().any(|d| {
        upstream_area(d).is_none() && field_str(d, "sn").is_some_and(|sn| !areas.contains_key(&sn))
    });
    if missing || stale(state) {
        learn_areas(state, &mut areas).await?;
    }
    Ok(devices
        .iter()
        .map(|d| {
            let id = field_str(d, "id").unwrap_or_default();
            let sn = field_str(d, "sn").unwrap_or_default();
            let area = upstream_area(d).or_else(|| areas.get(&sn).cloned());
            let door_connects = connects.get(&id).map(Vec::as_slice).unwrap_or_default();
            Device {
                state: device_state(d, door_connects),
                doors: door_connects.len() as u32,
                model: field_str(d, "type").unwrap_or_default(),
                name: field_str(d, "name").unwrap_or_else(|| sn.clone()),
                area,
                id,
                sn,
            }
        })
        .collect())
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

/// A device record's own area, where a server version provides one.
fn upstream_area(d: &Value) -> Option<String> {
    ["authAreaName", "areaName"]
        .iter()
        .find_map(|k| field_str(d, k))
        .filter(|s| !s.trim().is_empty())
}

/// Disabled when CVSecurity has the device disabled; online when any of its doors is connected;
/// offline otherwise (including a device with no doors reported, which cannot be shown to be online).
fn device_state(d: &Value, door_connects: &[String]) -> DeviceState {
    let enabled = field_str(d, "state")
        .or_else(|| field_str(d, "status"))
        .is_none_or(|s| s != "0");
    if !enabled || (!door_connects.is_empty() && door_connects.iter().all(|c| c == "2")) {
        DeviceState::Disabled
    } else if door_connects.iter().any(|c| c == "1") {
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
    let records = state.upstream.recent_transactions(1000).await?;
    for r in &records {
        let (Some(sn), Some(area)) = (field_str(r, "devSn"), field_str(r, "areaName")) else {
            continue;
        };
        if area.trim().is_empty() || areas.get(&sn) == Some(&area) {
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

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn device_state_from_doors() {
        let enabled = json!({"state": "1"});
        assert_eq!(device_state(&enabled, &s(&["1", "0"])), DeviceState::Online);
        assert_eq!(
            device_state(&enabled, &s(&["0", "0"])),
            DeviceState::Offline
        );
        assert_eq!(device_state(&enabled, &[]), DeviceState::Offline);
        assert_eq!(
            device_state(&enabled, &s(&["2", "2"])),
            DeviceState::Disabled
        );
        assert_eq!(
            device_state(&json!({"state": 0}), &s(&["1"])),
            DeviceState::Disabled
        );
        assert_eq!(
            device_state(&json!({"status": "0"}), &s(&["1"])),
            DeviceState::Disabled
        );
    }

    #[test]
    fn upstream_area_prefers_the_record() {
        assert_eq!(
            upstream_area(&json!({"authAreaName": "Lab"})).as_deref(),
            Some("Lab")
        );
        assert_eq!(upstream_area(&json!({"areaName": " "})), None);
        assert_eq!(upstream_area(&json!({})), None);
    }
}
