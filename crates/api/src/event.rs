//! Live site events: what cvlink's poller stores once and fans out over `GET /api/v1/events` (SSE) and
//! `GET /api/v1/notifications`. Each event has a monotonic id; SSE sends it as `id:` so a client resumes
//! with `Last-Event-ID`, and the event's `kind` as the SSE `event:` name.

use serde::{Deserialize, Serialize};

/// The id of a stored event: monotonic, never reused. Also the SSE `id:` and the `Last-Event-ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct EventId(pub i64);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for EventId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(EventId)
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An access record (a person at a reader, or a normal door event).
    Access,
    /// An access record of level exception or alarm: shown in the Alarm Center.
    Alarm,
    /// A door's connection, sensor, relay or alarm state changed.
    DoorState,
    /// A device went online, offline or was disabled.
    DeviceState,
    /// A lockdown group was activated or cancelled.
    Lockdown,
    /// A notification self-test (`POST /me/test-notification`): goes to the one user who asked for it,
    /// never stored, no `id:` on the stream (it is not a place to resume from).
    Test,
    /// A kind this build does not know (sent by a newer gateway).
    #[serde(other)]
    Other,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Alarm => "alarm",
            Self::DoorState => "door_state",
            Self::DeviceState => "device_state",
            Self::Lockdown => "lockdown",
            Self::Test => "test",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "access" => Self::Access,
            "alarm" => Self::Alarm,
            "door_state" => Self::DoorState,
            "device_state" => Self::DeviceState,
            "lockdown" => Self::Lockdown,
            "test" => Self::Test,
            _ => Self::Other,
        }
    }
}

/// CVSecurity's event levels (`eventLevel` 0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventLevel {
    Normal,
    Exception,
    Alarm,
}

impl EventLevel {
    pub fn from_upstream(level: i64) -> Self {
        match level {
            1 => Self::Exception,
            l if l >= 2 => Self::Alarm,
            _ => Self::Normal,
        }
    }

    pub fn as_i64(self) -> i64 {
        match self {
            Self::Normal => 0,
            Self::Exception => 1,
            Self::Alarm => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Exception => "exception",
            Self::Alarm => "alarm",
        }
    }
}

/// One live event as the SSE stream and the notification list carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    pub id: EventId,
    /// When it happened, site-local time as CVSecurity gives it: `yyyy-MM-dd HH:mm:ss`.
    pub at: String,
    pub kind: EventKind,
    pub level: EventLevel,
    /// The event's name, e.g. `door opened forcibly`, or for state changes the new state.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_sn: Option<String>,
    /// The door or reader the event happened at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The person's ID, for access records that carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// How the person verified (card, face, …) for access records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<String>,
    /// The one user a test notification is for (`admin:NAME`, `personnel:PIN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl LiveEvent {
    /// An event with its essentials; the optional facts (device, door, person…) are empty.
    pub fn new(
        id: EventId,
        at: impl Into<String>,
        kind: EventKind,
        level: EventLevel,
        name: impl Into<String>,
    ) -> Self {
        Self {
            id,
            at: at.into(),
            kind,
            level,
            name: name.into(),
            device: None,
            device_sn: None,
            point: None,
            area: None,
            pin: None,
            person: None,
            verify: None,
            to: None,
        }
    }
}

/// One page of a list, newest first; `next_cursor` fetches the next (older) page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Query of paged lists.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// The `next_cursor` of the previous page; absent for the newest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Rows per page, 1..=200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kinds_are_kept_as_other() {
        let k: EventKind = serde_json::from_str("\"parking\"").unwrap();
        assert_eq!(k, EventKind::Other);
        for k in [
            EventKind::Access,
            EventKind::Alarm,
            EventKind::DoorState,
            EventKind::DeviceState,
            EventKind::Lockdown,
        ] {
            assert_eq!(EventKind::parse(k.as_str()), k);
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }

    #[test]
    fn event_ids_are_plain_numbers() {
        assert_eq!(serde_json::to_string(&EventId(42)).unwrap(), "42");
        assert_eq!("42".parse::<EventId>().unwrap(), EventId(42));
        assert!("x".parse::<EventId>().is_err());
    }
}
