//! Visitors (admins): the day's visits with their counts, registration (check-in) of a visitor, check-out,
//! the hosts to choose from, and visit statistics. The registration form's rules live here, so the app
//! checks exactly what cvlink checks.

use serde::{Deserialize, Serialize};

use crate::invitation::{is_phone, name, period_problems, FieldError, FieldRule};

/// Certificate (ID document) types CVSecurity takes for visitors, with their codes.
pub const ID_TYPES: [(IdType, &str); 5] = [
    (IdType::IdCard, "2"),
    (IdType::Passport, "3"),
    (IdType::DriverLicence, "4"),
    (IdType::WorkPermit, "5"),
    (IdType::Other, "8"),
];

/// The kind of ID document a visitor shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    #[default]
    IdCard,
    Passport,
    DriverLicence,
    WorkPermit,
    Other,
}

impl IdType {
    /// CVSecurity's `certType` code.
    pub fn code(self) -> &'static str {
        ID_TYPES
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("8", |(_, c)| c)
    }

    pub fn from_code(code: &str) -> Self {
        ID_TYPES
            .iter()
            .find(|(_, c)| *c == code.trim())
            .map_or(Self::Other, |(t, _)| *t)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdCard => "id_card",
            Self::Passport => "passport",
            Self::DriverLicence => "driver_licence",
            Self::WorkPermit => "work_permit",
            Self::Other => "other",
        }
    }
}

/// Where a visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    /// Accepted by cvlink while CVSecurity could not be reached: waits in the outbox and is registered
    /// as soon as CVSecurity answers.
    Waiting,
    /// Registered: the visitor is on site (not checked out).
    CheckedIn,
    /// The visitor left.
    CheckedOut,
    /// Accepted while CVSecurity was unreachable, then refused by it (the reason in `waiting_reason`).
    Refused,
}

impl VisitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::CheckedIn => "checked_in",
            Self::CheckedOut => "checked_out",
            Self::Refused => "refused",
        }
    }
}

/// A picture taken at registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoKind {
    /// The visitor's licence plate.
    Plate,
    /// Goods the visitor brings.
    Goods,
}

/// A photo: what it shows and the picture as a `data:image/jpeg|png|webp;base64,` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitPhoto {
    pub kind: PhotoKind,
    pub data_url: String,
}

/// Largest photo accepted (bytes of the picture; the app downscales before sending).
pub const PHOTO_MAX_BYTES: usize = 400 * 1024;
/// Photos per registration.
pub const PHOTOS_MAX: usize = 4;

/// `POST /visitors`: register (check in) a visitor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorRegistration {
    pub name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub phone: String,
    pub id_type: IdType,
    pub id_number: String,
    /// The host's personnel ID (`GET /hosts`).
    pub host: String,
    /// Site-local `yyyy-MM-dd HH:mm`.
    pub start: String,
    /// Site-local `yyyy-MM-dd HH:mm`, after `start`.
    pub end: String,
    pub reason: String,
    /// How many people come (1–99).
    pub visitors: u32,
    #[serde(default)]
    pub photos: Vec<VisitPhoto>,
}

const ID_MAX: usize = 30;

impl VisitorRegistration {
    /// Every field that breaks a rule, in form order (empty when the request is acceptable).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        name(&mut out, "name", &self.name, true);
        name(&mut out, "last_name", &self.last_name, false);
        let phone = self.phone.trim();
        if phone.chars().count() > 20 {
            out.push(("phone", FieldRule::TooLong(20)));
        } else if !phone.is_empty() && !is_phone(phone) {
            out.push(("phone", FieldRule::NotPhone));
        }
        let id = self.id_number.trim();
        if id.is_empty() {
            out.push(("id_number", FieldRule::Required));
        } else if id.chars().count() > ID_MAX {
            out.push(("id_number", FieldRule::TooLong(ID_MAX)));
        } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            out.push(("id_number", FieldRule::SpecialChars));
        }
        if self.host.trim().is_empty() {
            out.push(("host", FieldRule::Required));
        }
        out.extend(period_problems(&self.start, &self.end));
        if self.reason.trim().is_empty() {
            out.push(("reason", FieldRule::Required));
        } else if self.reason.chars().count() > 50 {
            out.push(("reason", FieldRule::TooLong(50)));
        }
        if !(1..=99).contains(&self.visitors) {
            out.push(("visitors", FieldRule::VisitorCount));
        }
        if self.photos.len() > PHOTOS_MAX {
            out.push(("photos", FieldRule::TooMany(PHOTOS_MAX)));
        } else if self
            .photos
            .iter()
            .any(|p| photo_bytes(&p.data_url).is_none())
        {
            out.push(("photos", FieldRule::NotPicture));
        } else if self
            .photos
            .iter()
            .any(|p| photo_bytes(&p.data_url).is_some_and(|n| n > PHOTO_MAX_BYTES))
        {
            out.push(("photos", FieldRule::TooLarge(PHOTO_MAX_BYTES / 1024)));
        }
        out
    }
}

/// The size in bytes of the picture in a `data:image/(jpeg|png|webp);base64,` URL, or `None` when it is
/// not one.
pub fn photo_bytes(data_url: &str) -> Option<usize> {
    let rest = data_url.strip_prefix("data:image/")?;
    let (kind, b64) = rest.split_once(";base64,")?;
    if !matches!(kind, "jpeg" | "png" | "webp") || b64.is_empty() {
        return None;
    }
    if !b64
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
    {
        return None;
    }
    let pad = b64.bytes().rev().take_while(|c| *c == b'=').count();
    Some((b64.len() / 4 * 3).saturating_sub(pad))
}

/// One visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    /// CVSecurity's id of the visit, or `waiting:N` while it waits in cvlink's outbox.
    pub id: String,
    pub visitor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    pub id_type: IdType,
    /// The ID number, masked but for its last 4 characters.
    pub id_number: String,
    pub host_pin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub reason: String,
    pub visitors: u32,
    /// Check-in (or planned start while waiting), site-local `yyyy-MM-dd HH:mm:ss`.
    pub start: String,
    /// Check-out, when the visitor left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub status: VisitStatus,
    /// Why it still waits (the last failure), while waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_reason: Option<String>,
    /// The photos taken at registration, as `data:` URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<VisitPhoto>,
}

/// `GET /visitors`: the visits, and why some may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitList {
    pub visits: Vec<Visit>,
    /// Set when CVSecurity could not be reached: only the registrations cvlink holds are listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// Query of `GET /visitors`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct VisitQuery {
    /// The day, `yyyy-MM-dd` (the site's today when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Text in the visitor's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VisitStatus>,
}

/// One day's counts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitSummary {
    /// The day counted, `yyyy-MM-dd`.
    pub date: String,
    /// Visits of the day (each counted once, however many people came).
    pub visits: u32,
    /// Not checked out yet (on site).
    pub checked_in: u32,
    pub checked_out: u32,
    /// Registrations accepted while CVSecurity was unreachable, not registered yet.
    pub waiting: u32,
    /// People who came (the visits' visitor counts added up).
    pub people: u32,
}

/// Visits in one hour of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourCount {
    /// 0–23, site-local.
    pub hour: u8,
    /// People who checked in during that hour.
    pub people: u32,
}

/// A visitor with their number of visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopVisitor {
    pub visitor: String,
    pub visits: u32,
}

/// `GET /visitors/stats`: today's flow by hour and the month's most frequent visitors.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitStats {
    /// Today, `yyyy-MM-dd`.
    pub date: String,
    /// 24 entries, hour 0 to 23.
    pub hours: Vec<HourCount>,
    /// The month so far (`yyyy-MM`).
    pub month: String,
    /// At most 5, most visits first.
    pub top: Vec<TopVisitor>,
}

/// A person who can host a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Host {
    pub pin: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// Query of `GET /hosts`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct HostQuery {
    /// Text in the name, or the start of the personnel ID.
    pub q: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> VisitorRegistration {
        VisitorRegistration {
            name: "Bruno".into(),
            last_name: "Díaz".into(),
            phone: "+34 600 123 456".into(),
            id_type: IdType::Passport,
            id_number: "X1234567".into(),
            host: "1001".into(),
            start: "2026-12-02 09:00".into(),
            end: "2026-12-02 17:00".into(),
            reason: "Meeting".into(),
            visitors: 2,
            photos: vec![VisitPhoto {
                kind: PhotoKind::Plate,
                data_url: "data:image/jpeg;base64,/9j/4AAQ".into(),
            }],
        }
    }

    #[test]
    fn a_good_registration_passes_and_each_field_is_checked() {
        assert_eq!(ok().problems(), vec![]);
        let bad = VisitorRegistration {
            name: " ".into(),
            phone: "call me".into(),
            id_number: "12 34".into(),
            host: "".into(),
            end: "2026-12-02 08:00".into(),
            visitors: 0,
            photos: vec![VisitPhoto {
                kind: PhotoKind::Goods,
                data_url: "data:text/plain;base64,AAAA".into(),
            }],
            ..ok()
        };
        let fields: Vec<&str> = bad.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "phone",
                "id_number",
                "host",
                "end",
                "visitors",
                "photos"
            ]
        );
    }

    #[test]
    fn photos_are_pictures_of_bounded_size() {
        assert_eq!(photo_bytes("data:image/png;base64,AAAA"), Some(3));
        assert_eq!(photo_bytes("data:image/png;base64,AA=="), Some(1));
        assert_eq!(photo_bytes("data:image/gif;base64,AAAA"), None);
        assert_eq!(photo_bytes("data:image/png;base64,<script>"), None);
        let big = VisitorRegistration {
            photos: vec![VisitPhoto {
                kind: PhotoKind::Goods,
                data_url: format!("data:image/jpeg;base64,{}", "A".repeat(PHOTO_MAX_BYTES * 2)),
            }],
            ..ok()
        };
        assert_eq!(
            big.problems(),
            vec![("photos", FieldRule::TooLarge(PHOTO_MAX_BYTES / 1024))]
        );
    }

    #[test]
    fn id_types_map_to_cvsecuritys_codes() {
        for (t, code) in ID_TYPES {
            assert_eq!(t.code(), code);
            assert_eq!(IdType::from_code(code), t);
        }
        assert_eq!(IdType::from_code("1000"), IdType::Other);
    }
}
