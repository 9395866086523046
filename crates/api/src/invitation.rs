//! Visitor invitations (personnel), their e-mail's state in cvlink's outbox, the password change and the
//! gateway's status. The invitation form's rules live here, so the app checks exactly what cvlink checks.

use serde::{Deserialize, Serialize};

/// Times in invitations: site-local `yyyy-MM-dd HH:mm` (seconds, when given, are ignored).
pub const TIME_FORMAT: &str = "yyyy-MM-dd HH:mm";

/// A new invitation (`POST /invitations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationRequest {
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub mobile: String,
    /// Site-local `yyyy-MM-dd HH:mm`.
    pub start: String,
    /// Site-local `yyyy-MM-dd HH:mm`, after `start`.
    pub end: String,
    /// One of `GET /visit-reasons`.
    pub reason: String,
    /// How many people come (1–99).
    pub visitors: u32,
    #[serde(default)]
    pub remarks: String,
    /// The e-mail's language (`en`, `es`); English when absent or unknown.
    #[serde(default)]
    pub language: String,
}

/// `POST /invitations/{id}/reinvite`: the same visitor, new times, a new code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReinviteRequest {
    pub start: String,
    pub end: String,
    #[serde(default)]
    pub language: String,
}

/// Why a field of the invitation form is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRule {
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    NotEmail,
    NotPhone,
    /// Not `yyyy-MM-dd HH:mm`.
    NotTime,
    EndNotAfterStart,
    /// Outside 1–99.
    VisitorCount,
    /// Characters CVSecurity refuses in names (`<>"'&;\%/|` and backquote, `$`).
    SpecialChars,
    /// More than this many items.
    TooMany(usize),
    /// Not a JPEG, PNG or WebP picture.
    NotPicture,
    /// Larger than this many KiB.
    TooLarge(usize),
}

impl FieldRule {
    /// The English text cvlink sends in a validation problem.
    pub fn describe(self) -> String {
        match self {
            Self::Required => "is required".into(),
            Self::TooLong(n) => format!("is longer than {n} characters"),
            Self::NotEmail => "is not an e-mail address".into(),
            Self::NotPhone => "is not a phone number".into(),
            Self::NotTime => format!("is not a time ({TIME_FORMAT})"),
            Self::EndNotAfterStart => "must be after the start".into(),
            Self::VisitorCount => "must be between 1 and 99".into(),
            Self::SpecialChars => "contains characters CVSecurity does not accept".into(),
            Self::TooMany(n) => format!("has more than {n} items"),
            Self::NotPicture => "is not a JPEG, PNG or WebP picture".into(),
            Self::TooLarge(kib) => format!("is larger than {kib} KiB"),
        }
    }
}

/// A field (the request's JSON name) and what is wrong with it.
pub type FieldError = (&'static str, FieldRule);

const NAME_MAX: usize = 50;
const EMAIL_MAX: usize = 100;
const PHONE_MAX: usize = 20;
const REMARKS_MAX: usize = 200;
const SPECIAL: &[char] = &['<', '>', '"', '\'', '&', ';', '\\', '%', '/', '|', '`', '$'];

impl InvitationRequest {
    /// Every field that breaks a rule, in form order (empty when the request is acceptable).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        name(&mut out, "first_name", &self.first_name, true);
        name(&mut out, "last_name", &self.last_name, false);
        let email = self.email.trim();
        if email.is_empty() {
            out.push(("email", FieldRule::Required));
        } else if email.chars().count() > EMAIL_MAX {
            out.push(("email", FieldRule::TooLong(EMAIL_MAX)));
        } else if !is_email(email) {
            out.push(("email", FieldRule::NotEmail));
        }
        let mobile = self.mobile.trim();
        if mobile.chars().count() > PHONE_MAX {
            out.push(("mobile", FieldRule::TooLong(PHONE_MAX)));
        } else if !mobile.is_empty() && !is_phone(mobile) {
            out.push(("mobile", FieldRule::NotPhone));
        }
        out.extend(period_problems(&self.start, &self.end));
        if self.reason.trim().is_empty() {
            out.push(("reason", FieldRule::Required));
        } else if self.reason.chars().count() > NAME_MAX {
            out.push(("reason", FieldRule::TooLong(NAME_MAX)));
        }
        if !(1..=99).contains(&self.visitors) {
            out.push(("visitors", FieldRule::VisitorCount));
        }
        if self.remarks.chars().count() > REMARKS_MAX {
            out.push(("remarks", FieldRule::TooLong(REMARKS_MAX)));
        }
        out
    }
}

impl ReinviteRequest {
    pub fn problems(&self) -> Vec<FieldError> {
        period_problems(&self.start, &self.end)
    }
}

pub(crate) fn name(out: &mut Vec<FieldError>, field: &'static str, value: &str, required: bool) {
    let value = value.trim();
    if value.is_empty() {
        if required {
            out.push((field, FieldRule::Required));
        }
    } else if value.chars().count() > NAME_MAX {
        out.push((field, FieldRule::TooLong(NAME_MAX)));
    } else if value.contains(SPECIAL) {
        out.push((field, FieldRule::SpecialChars));
    }
}

/// The start and end: both times, the end after the start.
pub(crate) fn period_problems(start: &str, end: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    let s = parse_time(start);
    let e = parse_time(end);
    if start.trim().is_empty() {
        out.push(("start", FieldRule::Required));
    } else if s.is_none() {
        out.push(("start", FieldRule::NotTime));
    }
    if end.trim().is_empty() {
        out.push(("end", FieldRule::Required));
    } else if e.is_none() {
        out.push(("end", FieldRule::NotTime));
    }
    if let (Some(s), Some(e)) = (s, e) {
        if e <= s {
            out.push(("end", FieldRule::EndNotAfterStart));
        }
    }
    out
}

/// `yyyy-MM-dd HH:mm` (also with `T` and seconds) as a sortable number `yyyyMMddHHmm`; `None` when it
/// is not a real date and time.
pub fn parse_time(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    let b = raw.as_bytes();
    if b.len() < 16
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| raw.get(r)?.parse::<u64>().ok();
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    let rest = &raw[16..];
    if !(rest.is_empty() || (rest.len() == 3 && rest.starts_with(':') && num(17..19).is_some())) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || h > 23 || mi > 59 {
        return None;
    }
    if d < 1 || d > days[(mo - 1) as usize] {
        return None;
    }
    Some((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi)
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

pub(crate) fn is_phone(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 5
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Its code has not been used and its end has not passed.
    Pending,
    /// The visitor's code opened a door.
    Used,
    /// Its end passed unused.
    Expired,
}

/// What happened to an invitation's e-mail (cvlink's durable outbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting to be sent or retried (the reason of the last failure in `last_error`).
    Queued,
    /// The mail server accepted it.
    Sent,
    /// The mail server refused it for good (e.g. no such recipient); an admin may retry it.
    Failed,
    /// No mail server is configured in cvlink: it waits until one is.
    NotConfigured,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailStatus {
    pub state: MailState,
    pub attempts: u32,
    /// The last failure, as the mail server or the network said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When the next attempt is due (RFC 3339 UTC), while queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
}

/// One invitation as its inviter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub mobile: String,
    pub start: String,
    pub end: String,
    pub reason: String,
    pub visitors: u32,
    pub remarks: String,
    /// The visitor's QR code (admits once during the visit).
    pub qr: String,
    pub status: InvitationStatus,
    pub mail: MailStatus,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// The invitation this one repeats (Re-Invitation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reinvite_of: Option<i64>,
}

/// `POST /me/password`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> InvitationRequest {
        InvitationRequest {
            first_name: "Grace".into(),
            email: "grace@example.com".into(),
            start: "2026-12-03 09:00".into(),
            end: "2026-12-03 11:30".into(),
            reason: "Meeting".into(),
            visitors: 1,
            ..InvitationRequest::default()
        }
    }

    #[test]
    fn a_complete_request_is_accepted() {
        assert_eq!(valid().problems(), vec![]);
        let full = InvitationRequest {
            last_name: "Hopper".into(),
            mobile: "+34 600 123 456".into(),
            remarks: "Parking at gate B".into(),
            start: "2026-12-03T09:00:00".into(),
            ..valid()
        };
        assert_eq!(full.problems(), vec![]);
    }

    #[test]
    fn each_rule_names_its_field() {
        let r = InvitationRequest {
            first_name: " ".into(),
            last_name: "O'Neil".into(),
            email: "grace.example.com".into(),
            mobile: "call me".into(),
            start: "2026-12-03 11:00".into(),
            end: "2026-12-03 09:00".into(),
            reason: String::new(),
            visitors: 0,
            remarks: "x".repeat(201),
            language: "es".into(),
        };
        assert_eq!(
            r.problems(),
            vec![
                ("first_name", FieldRule::Required),
                ("last_name", FieldRule::SpecialChars),
                ("email", FieldRule::NotEmail),
                ("mobile", FieldRule::NotPhone),
                ("end", FieldRule::EndNotAfterStart),
                ("reason", FieldRule::Required),
                ("visitors", FieldRule::VisitorCount),
                ("remarks", FieldRule::TooLong(200)),
            ]
        );
    }

    #[test]
    fn times_must_be_real() {
        for bad in [
            "2026-02-30 09:00",
            "2026-13-01 09:00",
            "2026-12-03 24:00",
            "2026-12-03",
            "tomorrow",
            "2026-12-03 09:00:00Z",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(parse_time("2028-02-29 23:59"), Some(202802292359));
        let r = InvitationRequest {
            start: "soon".into(),
            end: String::new(),
            ..valid()
        };
        assert_eq!(
            r.problems(),
            vec![("start", FieldRule::NotTime), ("end", FieldRule::Required)]
        );
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "a@b", "@b.co", "a b@c.co", "a@.co", "a@b..co", "a@b.co.", "<a@b.co>",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
