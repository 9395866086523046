//! Admin › Access Records: the filter the URL carries (search, door, time range), the query it makes,
//! the rows of the list and the fields of a record's details.

use cvm_api::{AccessRecord, EventId, EventLevel, RecordQuery};

use crate::alarms::{days_before, time_label, TextParam, TimeRange};
use crate::live::LiveFeed;
use crate::message::keys;

/// Records per page.
pub const RECORDS_PAGE_SIZE: u32 = 30;

/// A time range as a route parameter: `today`, `7d`, `30d`, or empty for any time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RangeParam(pub Option<TimeRange>);

impl std::str::FromStr for RangeParam {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Ok(Self(if s.is_empty() { None } else { Some(s.parse()?) }))
    }
}

impl std::fmt::Display for RangeParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map_or("", TimeRange::as_str))
    }
}

/// What the Access Records list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RecordFilter {
    pub q: TextParam,
    /// A door id.
    pub door: TextParam,
    pub range: RangeParam,
}

impl RecordFilter {
    /// The gateway query for the site's `today` (`yyyy-MM-dd`); `None` while a time range waits for it.
    pub fn query(&self, today: Option<&str>) -> Option<RecordQuery> {
        let from = match self.range.0 {
            None => None,
            Some(range) => Some(days_before(today?, range.days() - 1)?),
        };
        Some(RecordQuery {
            q: self.q.as_option().map(str::to_string),
            door: self.door.as_option().map(str::to_string),
            from,
            to: None,
            cursor: None,
            limit: Some(RECORDS_PAGE_SIZE),
        })
    }

    pub fn is_filtered(&self) -> bool {
        self.q.as_option().is_some() || self.door.as_option().is_some() || self.range.0.is_some()
    }

    #[must_use]
    pub fn with_search(&self, value: &str) -> Self {
        Self {
            q: TextParam::new(value),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_door(&self, door: &str) -> Self {
        Self {
            door: TextParam::new(door),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_range(&self, range: Option<TimeRange>) -> Self {
        Self {
            range: RangeParam(range),
            ..self.clone()
        }
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub id: String,
    /// The person, or `None` for a record without one (an unknown card, a door event).
    pub person: Option<String>,
    pub event: String,
    /// Where and how: door · verification.
    pub place: Option<String>,
    pub time: String,
    pub level: Option<EventLevel>,
}

pub fn record_row(r: &AccessRecord, today: Option<&str>) -> RecordRow {
    let place = crate::notifications::joined([r.door.as_deref(), r.verify.as_deref()]);
    RecordRow {
        id: r.id.clone(),
        person: r
            .person
            .clone()
            .or_else(|| r.pin.clone())
            .filter(|p| !p.trim().is_empty()),
        event: r.name.clone(),
        place: (!place.is_empty()).then_some(place),
        time: time_label(&r.at, today),
        level: r.level,
    }
}

/// The newest access record (or alarm record) the live feed delivered: the list loads its first page
/// again when this changes, so new records appear on top.
pub fn latest_record(feed: &LiveFeed) -> Option<EventId> {
    feed.latest_record()
}

/// A record's details: (label key, value) for every field it has, in reading order (the level is shown
/// with its icon instead).
pub fn record_fields(r: &AccessRecord) -> Vec<(&'static str, String)> {
    [
        (keys::RECORD_FIELD_TIME, Some(r.at.clone())),
        (keys::RECORD_FIELD_EVENT, Some(r.name.clone())),
        (keys::RECORD_FIELD_PERSON, r.person.clone()),
        (keys::RECORD_FIELD_PIN, r.pin.clone()),
        (keys::RECORD_FIELD_DEPARTMENT, r.department.clone()),
        (keys::RECORD_FIELD_CARD, r.card.clone()),
        (keys::RECORD_FIELD_VERIFY, r.verify.clone()),
        (keys::RECORD_FIELD_DOOR, r.door.clone()),
        (keys::RECORD_FIELD_READER, r.reader.clone()),
        (keys::RECORD_FIELD_DEVICE, r.device.clone()),
        (keys::RECORD_FIELD_SERIAL, r.device_sn.clone()),
        (keys::RECORD_FIELD_AREA, r.area.clone()),
        (
            keys::RECORD_FIELD_EVENT_NO,
            r.event_no.map(|n| n.to_string()),
        ),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v.filter(|v| !v.trim().is_empty())?)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec() -> AccessRecord {
        AccessRecord {
            id: "ab12".into(),
            at: "2026-12-02 08:15:00".into(),
            name: "Normal Verify Open".into(),
            person: Some("Alice Walker".into()),
            pin: Some("1001".into()),
            door: Some("Main Entrance".into()),
            verify: Some("QR code".into()),
            card: Some(" ".into()),
            ..AccessRecord::default()
        }
    }

    #[test]
    fn a_filter_makes_its_query_and_waits_for_the_sites_day() {
        let f = RecordFilter::default();
        let q = f.query(None).unwrap();
        assert_eq!((q.from, q.q, q.door), (None, None, None));
        assert!(!f.is_filtered());
        let f = f
            .with_search(" alice ")
            .with_door("7")
            .with_range(Some(TimeRange::Last7Days));
        assert!(f.is_filtered());
        assert_eq!(f.query(None), None, "a range needs the site's today");
        let q = f.query(Some("2026-12-02")).unwrap();
        assert_eq!(q.from.as_deref(), Some("2026-11-26"));
        assert_eq!(q.q.as_deref(), Some("alice"));
        assert_eq!(q.door.as_deref(), Some("7"));
        assert_eq!(q.limit, Some(RECORDS_PAGE_SIZE));
        let today = f
            .with_range(Some(TimeRange::Today))
            .query(Some("2026-12-02"))
            .unwrap();
        assert_eq!(today.from.as_deref(), Some("2026-12-02"));
    }

    #[test]
    fn range_params_round_trip() {
        for r in [None, Some(TimeRange::Today), Some(TimeRange::Last30Days)] {
            let p = RangeParam(r);
            assert_eq!(p.to_string().parse::<RangeParam>().unwrap(), p);
        }
        assert_eq!("".parse::<RangeParam>().unwrap(), RangeParam(None));
    }

    #[test]
    fn rows_say_who_what_where_and_when() {
        let row = record_row(&rec(), Some("2026-12-02"));
        assert_eq!(row.person.as_deref(), Some("Alice Walker"));
        assert_eq!(row.place.as_deref(), Some("Main Entrance · QR code"));
        assert_eq!(row.time, "08:15:00");
        let other_day = record_row(&rec(), Some("2026-12-03"));
        assert_eq!(other_day.time, "12-02 08:15");
        let nobody = record_row(
            &AccessRecord {
                person: None,
                pin: None,
                door: None,
                verify: None,
                ..rec()
            },
            None,
        );
        assert_eq!((nobody.person, nobody.place), (None, None));
    }

    #[test]
    fn details_list_every_field_that_has_a_value() {
        let mut r = rec();
        r.level = Some(EventLevel::Alarm);
        r.event_no = Some(0);
        let fields = record_fields(&r);
        let keys: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                keys::RECORD_FIELD_TIME,
                keys::RECORD_FIELD_EVENT,
                keys::RECORD_FIELD_PERSON,
                keys::RECORD_FIELD_PIN,
                keys::RECORD_FIELD_VERIFY,
                keys::RECORD_FIELD_DOOR,
                keys::RECORD_FIELD_EVENT_NO,
            ]
        );
        assert!(fields.contains(&(keys::RECORD_FIELD_EVENT_NO, "0".to_string())));
    }
}
