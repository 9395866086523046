//! Remote Control, Remote Lockdown and the audit log (SPEC §2b doors, lockdown, audit).

use serde::{Deserialize, Serialize};

/// How a door's controller is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    Online,
    Offline,
    Disabled,
}

/// A door with its live state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Door {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_sn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub connection: Connection,
    /// The lock's relay is driven open (`None` when the device cannot tell, e.g. offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_open: Option<bool>,
    /// The door sensor: open or closed (`None` without a sensor, or offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_open: Option<bool>,
    /// The alarm the door shows, e.g. `be opened accidentally`, `timeout`; `None` without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm: Option<String>,
    /// The lockdown groups under lockdown that hold this door (remote unlock is refused then).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locked_down_by: Vec<String>,
}

/// Body of `POST /doors/{id}/unlock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockRequest {
    /// How long the lock stays open, 1–254 seconds.
    pub seconds: u32,
    /// Why (up to 200 characters), kept in the audit log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Body of `POST /doors/{id}/cancel-alarm` and of lockdown changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a door action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorActionResult {
    pub door_id: String,
    /// Unlock: for how long the lock was opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_for: Option<u32>,
    /// Cancel alarm: how many alarms of the door were acknowledged in cvlink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms_acknowledged: Option<u32>,
    /// What the vendor's API could not do for this action (the app says so plainly), e.g.
    /// `device_alarm_output` for a cancelled alarm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_supported: Vec<String>,
}

/// A lockdown group: doors that are closed together in an emergency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockdownGroup {
    pub id: i64,
    pub name: String,
    /// Door ids.
    pub doors: Vec<String>,
    pub active: bool,
    /// Site-local time the lockdown began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /lockdown`: every group, and whether any is under lockdown (the app's banner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockdownState {
    pub groups: Vec<LockdownGroup>,
    pub any_active: bool,
}

/// Body of `POST /lockdown/groups` and `PUT /lockdown/groups/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockdownGroupRequest {
    pub name: String,
    /// Door ids.
    pub doors: Vec<String>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Site-local `yyyy-MM-dd HH:mm:ss`.
    pub at: String,
    /// `admin:<account>`, `personnel:<pin>` or `cli`.
    pub actor: String,
    /// e.g. `door_unlock`, `door_cancel_alarm`, `lockdown_activate`, `alarm_ack`, `login`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The upstream's answer: `ok`, or its error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
    /// Further facts as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}
