//! The Alarm Center: alarms are the upstream's exception and alarm events, stored by cvlink with their
//! acknowledgement (who, when, remark), which the vendor's API does not have.

use serde::{Deserialize, Serialize};

use crate::event::{EventId, EventLevel};

/// Whether an alarm has been acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlarmStatus {
    Unconfirmed,
    Confirmed,
}

/// Who acknowledged an alarm, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ack {
    /// The admin account.
    pub by: String,
    /// Site-local time, `yyyy-MM-dd HH:mm:ss`.
    pub at: String,
    pub remark: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alarm {
    pub id: EventId,
    /// When it happened, site-local `yyyy-MM-dd HH:mm:ss`.
    pub at: String,
    pub level: EventLevel,
    /// The event, e.g. `door opened forcibly`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_sn: Option<String>,
    /// Where it happened: the door or reader (the vendor calls it the event point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Whether the device captured a photo (fetch it with the alarm's details).
    pub has_photo: bool,
    /// The captured photo as a `data:image/…;base64,…` URL; only in `GET /alarms/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack: Option<Ack>,
}

impl Alarm {
    pub fn status(&self) -> AlarmStatus {
        if self.ack.is_some() {
            AlarmStatus::Confirmed
        } else {
            AlarmStatus::Unconfirmed
        }
    }
}

/// Today's (or one day's) counts, the Alarm Center's three cards.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlarmSummary {
    /// `yyyy-MM-dd`.
    pub date: String,
    pub total: u64,
    pub unconfirmed: u64,
    pub confirmed: u64,
}

/// Query of `GET /alarms`. Every filter is optional; they combine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AlarmQuery {
    /// One day, `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Start of a time range, `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End of a time range, `yyyy-MM-dd` (the whole day) or `yyyy-MM-dd HH:mm:ss` (included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AlarmStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<EventLevel>,
    /// A device or door name, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Text in the event name or the device name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// 1..=200, default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Query of `GET /alarms/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SummaryQuery {
    /// `yyyy-MM-dd`; today (site-local) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Body of `POST /alarms/{id}/ack`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AckRequest {
    /// What was done about it (up to 500 characters; may be empty).
    #[serde(default)]
    pub remark: String,
}
