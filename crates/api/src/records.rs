//! Access Records (admins): every access record of the site, newest first, read from CVSecurity page by
//! page through an opaque keyset cursor, with search and filters.

use serde::{Deserialize, Serialize};

use crate::EventLevel;

/// One access record as CVSecurity keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRecord {
    /// CVSecurity's id of the record (opaque).
    pub id: String,
    /// When it happened, site-local time: `yyyy-MM-dd HH:mm:ss`.
    pub at: String,
    /// The event's name, e.g. `Normal Verify Open`, `card is not registered`.
    pub name: String,
    /// Normal, exception or alarm; the lists do not carry it (the record's details do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<EventLevel>,
    /// The person's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_sn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// How the person verified: `Card`, `Face`, `QR code`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<String>,
    /// CVSecurity's event number (details only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_no: Option<i64>,
    /// The picture the device captured, as a `data:` URL (details only, where the device took one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// Query of `GET /records`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct RecordQuery {
    /// Text in the person's name or ID, the door's name or the device's name or serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// One door, by its id (`GET /doors`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door: Option<String>,
    /// Start of a time range, `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End of a time range, `yyyy-MM-dd` (the whole day) or `yyyy-MM-dd HH:mm:ss` (included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The `next_cursor` of the previous page; absent for the newest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// 1..=200, default 50. A search may return fewer rows with a `next_cursor`: there may be more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl RecordQuery {
    /// Whether a search or filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        let set = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        set(&self.q) || set(&self.door) || set(&self.from) || set(&self.to)
    }
}
