//! Admin › Visitor List, visitor registration and Visit Statistics: the list's filter (in the URL), the
//! summary cards that filter, the visit cards, the registration form (checked with cvlink's own rules,
//! refusals next to their field, the form kept whatever fails) and the charts' geometry.

use cvm_api::{
    Failure, IdType, PhotoKind, Visit, VisitPhoto, VisitQuery, VisitStats, VisitStatus,
    VisitSummary, VisitorRegistration,
};

use crate::alarms::TextParam;
use crate::invitations::{field_failure, rule_text};
use crate::message::{keys, Message, Text};

/// The status filter as a route parameter: `checked_in`, `checked_out`, `waiting`, or empty for all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct VisitStatusParam(pub Option<VisitStatus>);

impl std::str::FromStr for VisitStatusParam {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(match s.trim() {
            "checked_in" => Some(VisitStatus::CheckedIn),
            "checked_out" => Some(VisitStatus::CheckedOut),
            "waiting" => Some(VisitStatus::Waiting),
            "refused" => Some(VisitStatus::Refused),
            _ => None,
        }))
    }
}

impl std::fmt::Display for VisitStatusParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map_or("", VisitStatus::as_str))
    }
}

/// What the Visitor List shows (today's visits).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct VisitFilter {
    pub q: TextParam,
    pub status: VisitStatusParam,
}

impl VisitFilter {
    pub fn query(&self) -> VisitQuery {
        VisitQuery {
            date: None,
            q: self.q.as_option().map(str::to_string),
            status: self.status.0,
        }
    }

    #[must_use]
    pub fn with_search(&self, q: &str) -> Self {
        Self {
            q: TextParam::new(q),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_status(&self, status: Option<VisitStatus>) -> Self {
        Self {
            status: VisitStatusParam(status),
            ..self.clone()
        }
    }
}

/// A summary card of the Visitor List.
pub type VisitCard = crate::alarms::SummaryCard<VisitFilter>;

/// Today's visitors, not checked out, checked out.
pub fn visit_cards(s: &VisitSummary, filter: &VisitFilter) -> [VisitCard; 3] {
    let card = |id, label_key, count: u32, status: Option<VisitStatus>| VisitCard {
        id,
        label_key,
        count: u64::from(count),
        active: filter.status.0 == status,
        target: filter.with_status(status),
    };
    [
        card(
            "visit-card-all",
            keys::VIS_CARD_ALL,
            s.visits + s.waiting,
            None,
        ),
        card(
            "visit-card-in",
            keys::VIS_CARD_IN,
            s.checked_in,
            Some(VisitStatus::CheckedIn),
        ),
        card(
            "visit-card-out",
            keys::VIS_CARD_OUT,
            s.checked_out,
            Some(VisitStatus::CheckedOut),
        ),
    ]
}

pub fn status_key(s: VisitStatus) -> &'static str {
    match s {
        VisitStatus::Waiting => keys::VIS_STATUS_WAITING,
        VisitStatus::CheckedIn => keys::VIS_STATUS_CHECKED_IN,
        VisitStatus::CheckedOut => keys::VIS_STATUS_CHECKED_OUT,
        VisitStatus::Refused => keys::VIS_STATUS_REFUSED,
    }
}

pub fn id_type_key(t: IdType) -> &'static str {
    match t {
        IdType::IdCard => keys::VIS_ID_CARD,
        IdType::Passport => keys::VIS_ID_PASSPORT,
        IdType::DriverLicence => keys::VIS_ID_DRIVER,
        IdType::WorkPermit => keys::VIS_ID_WORK,
        IdType::Other => keys::VIS_ID_OTHER,
    }
}

/// The `HH:mm` of a `yyyy-MM-dd HH:mm:ss` time.
pub fn clock_time(t: &str) -> String {
    t.get(11..16).unwrap_or(t).to_string()
}

/// A field of the registration form, by its request name.
pub type VisitorField = &'static str;

pub const VISITOR_FIELDS: &[VisitorField] = &[
    "name",
    "last_name",
    "phone",
    "id_type",
    "id_number",
    "host",
    "start",
    "end",
    "reason",
    "visitors",
    "photos",
];

/// The registration form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitorForm {
    pub name: String,
    pub last_name: String,
    pub phone: String,
    pub id_type: IdType,
    pub id_number: String,
    /// The host's personnel ID, once picked from the suggestions (or typed).
    pub host: String,
    /// What is shown in the host field: the picked host's name, or what is being typed.
    pub host_text: String,
    pub start: String,
    pub end: String,
    pub reason: String,
    pub visitors: String,
    pub photos: Vec<VisitPhoto>,
    pub errors: Vec<(VisitorField, Text)>,
    pub general: Option<Message>,
    pub submitting: bool,
    key: Option<String>,
}

impl VisitorForm {
    /// An empty form from now for `hours`.
    pub fn new(start: String, end: String) -> Self {
        Self {
            start,
            end,
            visitors: "1".into(),
            ..Self::default()
        }
    }

    pub fn set(&mut self, field: VisitorField, value: String) {
        match field {
            "name" => self.name = value,
            "last_name" => self.last_name = value,
            "phone" => self.phone = value,
            "id_type" => self.id_type = IdType::from_code(&value),
            "id_number" => self.id_number = value,
            "host" => {
                // Typing searches again: the host is picked anew.
                self.host_text = value;
                self.host.clear();
            }
            "start" => self.start = value,
            "end" => self.end = value,
            "reason" => self.reason = value,
            "visitors" => self.visitors = value,
            _ => return,
        }
        self.errors.retain(|(f, _)| *f != field);
    }

    /// A host picked from the suggestions.
    pub fn pick_host(&mut self, pin: &str, name: &str) {
        self.host = pin.to_string();
        self.host_text = format!("{name} ({pin})");
        self.errors.retain(|(f, _)| *f != "host");
    }

    pub fn add_photo(&mut self, kind: PhotoKind, data_url: String) {
        self.photos.push(VisitPhoto { kind, data_url });
        self.errors.retain(|(f, _)| *f != "photos");
    }

    pub fn remove_photo(&mut self, index: usize) {
        if index < self.photos.len() {
            self.photos.remove(index);
        }
        self.errors.retain(|(f, _)| *f != "photos");
    }

    /// A photo the app could not take in (not a picture, unreadable).
    pub fn photo_refused(&mut self, text: Text) {
        self.errors.retain(|(f, _)| *f != "photos");
        self.errors.push(("photos", text));
    }

    pub fn error(&self, field: VisitorField) -> Option<&Text> {
        crate::invitations::field_error(&self.errors, field)
    }

    fn request(&self) -> VisitorRegistration {
        VisitorRegistration {
            name: self.name.trim().into(),
            last_name: self.last_name.trim().into(),
            phone: self.phone.trim().into(),
            id_type: self.id_type,
            id_number: self.id_number.trim().into(),
            host: self.host.trim().into(),
            start: self.start.trim().replace('T', " "),
            end: self.end.trim().replace('T', " "),
            reason: self.reason.trim().into(),
            visitors: self.visitors.trim().parse().unwrap_or(0),
            photos: self.photos.clone(),
        }
    }

    /// Checks the form; when it passes, what to send and the idempotency key to send it with (kept
    /// for a retry after a failure that may have reached the gateway).
    pub fn submit(
        &mut self,
        new_key: impl FnOnce() -> String,
    ) -> Option<(VisitorRegistration, String)> {
        if self.submitting {
            return None;
        }
        let req = self.request();
        self.general = None;
        self.errors = req
            .problems()
            .into_iter()
            .map(|(field, rule)| (field, rule_text(rule)))
            .collect();
        if !self.errors.is_empty() {
            return None;
        }
        self.submitting = true;
        let key = self.key.get_or_insert_with(new_key).clone();
        Some((req, key))
    }

    /// The gateway's answer: on success the form is done; a failure keeps every field and puts the
    /// message next to its field.
    pub fn answered(&mut self, result: &Result<Visit, Failure>) {
        self.submitting = false;
        let Err(f) = result else {
            self.key = None;
            return;
        };
        if f.problem().is_some() {
            self.key = None;
        }
        match field_failure(f, VISITOR_FIELDS) {
            Ok(error) => self.errors = vec![error],
            Err(general) => self.general = Some(general),
        }
    }
}

/// A bar of a chart: its value, its height as a share of the tallest (0–1), and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
    pub share: f64,
}

fn bars(items: impl Iterator<Item = (String, u32)>) -> Vec<Bar> {
    let items: Vec<(String, u32)> = items.collect();
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    items
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            value,
            share: f64::from(value) / f64::from(max),
        })
        .collect()
}

/// Today's people by hour, 0–23.
pub fn hour_bars(s: &VisitStats) -> Vec<Bar> {
    bars(s.hours.iter().map(|h| (format!("{:02}", h.hour), h.people)))
}

/// The month's top visitors.
pub fn top_bars(s: &VisitStats) -> Vec<Bar> {
    bars(s.top.iter().map(|t| (t.visitor.clone(), t.visits)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{ErrorCode, HourCount, Problem, TopVisitor};

    #[test]
    fn the_cards_filter_and_show_which_is_active() {
        let s = VisitSummary {
            date: "2026-12-02".into(),
            visits: 5,
            checked_in: 3,
            checked_out: 2,
            waiting: 1,
            people: 9,
        };
        let f = VisitFilter::default().with_status(Some(VisitStatus::CheckedIn));
        let cards = visit_cards(&s, &f);
        assert_eq!(
            cards
                .iter()
                .map(|c| (c.count, c.active))
                .collect::<Vec<_>>(),
            [(6, false), (3, true), (2, false)]
        );
        assert_eq!(cards[2].target.status.0, Some(VisitStatus::CheckedOut));
        assert_eq!(cards[0].target.status.0, None);
        assert_eq!(
            "checked_out"
                .parse::<VisitStatusParam>()
                .unwrap()
                .to_string(),
            "checked_out"
        );
    }

    #[test]
    fn the_form_checks_picks_a_host_and_keeps_everything_on_a_refusal() {
        let mut f = VisitorForm::new("2026-12-02T09:00".into(), "2026-12-02T11:00".into());
        f.set("name", "Bruno".into());
        f.set("id_number", "X1234567".into());
        f.set("reason", "Meeting".into());
        f.set("host", "ali".into());
        assert!(f.submit(|| "k1".into()).is_none(), "no host picked");
        assert!(f.error("host").is_some());
        f.pick_host("1001", "Alice Walker");
        assert_eq!(f.host_text, "Alice Walker (1001)");
        assert!(f.error("host").is_none());
        let (req, key) = f.submit(|| "k1".into()).unwrap();
        assert_eq!(
            (req.host.as_str(), req.start.as_str(), key.as_str()),
            ("1001", "2026-12-02 09:00", "k1")
        );
        assert!(f.submit(|| "k2".into()).is_none(), "one submit at a time");
        let mut p = Problem::new(ErrorCode::Validation, "refused").with_field("id_number");
        p.upstream_code = Some(-254);
        f.answered(&Err(Failure::Api(Box::new(p))));
        assert!(!f.submitting);
        assert_eq!(
            f.error("id_number").map(|t| t.key),
            Some(keys::INV_UP_BLOCKED)
        );
        assert_eq!(f.name, "Bruno", "the form is kept");
        // Unreachable: a general message, and the retry keeps the key.
        f.submit(|| "k3".into()).unwrap();
        f.answered(&Err(Failure::Unreachable("down".into())));
        assert!(f.general.is_some());
        let (_, key) = f.submit(|| "k4".into()).unwrap();
        assert_eq!(key, "k3");
    }

    #[test]
    fn bars_are_scaled_to_the_tallest() {
        let s = VisitStats {
            date: "2026-12-02".into(),
            hours: (0..24)
                .map(|hour| HourCount {
                    hour,
                    people: if hour == 9 {
                        4
                    } else if hour == 10 {
                        2
                    } else {
                        0
                    },
                })
                .collect(),
            month: "2026-12".into(),
            top: vec![TopVisitor {
                visitor: "Ann".into(),
                visits: 3,
            }],
        };
        let h = hour_bars(&s);
        assert_eq!(h.len(), 24);
        assert_eq!((h[9].share, h[10].share, h[0].share), (1.0, 0.5, 0.0));
        assert_eq!(h[9].label, "09");
        assert_eq!(top_bars(&s)[0].share, 1.0);
        let empty = VisitStats::default();
        assert!(hour_bars(&empty).is_empty());
    }
}
