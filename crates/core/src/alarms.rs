//! The Alarm Center's decisions: the filter (URL parameters ↔ [`AlarmFilter`] ↔ `AlarmQuery`), the
//! three summary cards that set the status filter, the view of an alarm card, when the live feed asks
//! for the list to be loaded again, and the acknowledge form's validation.

use cvm_api::{
    AckRequest, Alarm, AlarmQuery, AlarmStatus, AlarmSummary, EventId, EventKind, EventLevel,
    Failure,
};

use crate::failure::FailureText;
use crate::live::LiveFeed;
use crate::message::{keys, Message, Text};

/// Longest remark the gateway keeps with an acknowledgement, in characters.
pub const REMARK_MAX: usize = 500;
/// Alarms per page of the list.
pub const PAGE_SIZE: u32 = 20;

/// An optional text parameter of a route (`q`, `resource`): trimmed, empty means none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextParam(Option<String>);

impl TextParam {
    pub fn new(value: &str) -> Self {
        let v = value.trim();
        Self((!v.is_empty()).then(|| v.to_string()))
    }

    pub fn none() -> Self {
        Self(None)
    }

    pub fn as_option(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// The value for an input or `<select>` ("" = none).
    pub fn value(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}

/// The characters that would end or split a query value.
const RESERVED: [char; 5] = ['%', '&', '=', '#', '+'];

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if RESERVED.contains(&c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// In URLs the value is escaped twice: the router decodes the whole query once *before* splitting it
/// at `&` and `=` (dioxus-router 0.7), so a search for `a&b` must still be escaped after that.
impl std::str::FromStr for TextParam {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(&unescape(s)))
    }
}

impl std::fmt::Display for TextParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape(&escape(self.value())))
    }
}

/// The status filter as a route parameter: `unconfirmed`, `confirmed`, or empty for both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StatusParam(pub Option<AlarmStatus>);

impl std::str::FromStr for StatusParam {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(match s.trim().to_ascii_lowercase().as_str() {
            "unconfirmed" => Some(AlarmStatus::Unconfirmed),
            "confirmed" => Some(AlarmStatus::Confirmed),
            _ => None,
        }))
    }
}

impl std::fmt::Display for StatusParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Some(AlarmStatus::Unconfirmed) => "unconfirmed",
            Some(AlarmStatus::Confirmed) => "confirmed",
            None => "",
        })
    }
}

/// The level filter as a route parameter: `exception`, `alarm`, or empty for both (the Alarm Center
/// holds no normal events, so `normal` is no filter either).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LevelParam(pub Option<EventLevel>);

impl std::str::FromStr for LevelParam {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(match s.trim().to_ascii_lowercase().as_str() {
            "exception" => Some(EventLevel::Exception),
            "alarm" => Some(EventLevel::Alarm),
            _ => None,
        }))
    }
}

impl std::fmt::Display for LevelParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map(EventLevel::as_str).unwrap_or_default())
    }
}

/// How far back the list goes, counted in site-local days (today included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TimeRange {
    #[default]
    Today,
    Last7Days,
    Last30Days,
}

impl TimeRange {
    pub const ALL: [TimeRange; 3] = [Self::Today, Self::Last7Days, Self::Last30Days];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Last7Days => "7d",
            Self::Last30Days => "30d",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Today => keys::RANGE_TODAY,
            Self::Last7Days => keys::RANGE_7D,
            Self::Last30Days => keys::RANGE_30D,
        }
    }

    pub(crate) fn days(self) -> i64 {
        match self {
            Self::Today => 1,
            Self::Last7Days => 7,
            Self::Last30Days => 30,
        }
    }
}

impl std::str::FromStr for TimeRange {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "7d" => Self::Last7Days,
            "30d" => Self::Last30Days,
            _ => Self::Today,
        })
    }
}

impl std::fmt::Display for TimeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the Alarm Center lists; every part lives in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AlarmFilter {
    pub status: StatusParam,
    pub level: LevelParam,
    pub range: TimeRange,
    /// A device or door name.
    pub resource: TextParam,
    /// Text in the event or device name.
    pub q: TextParam,
}

impl AlarmFilter {
    /// The query for the first page, given the site's today (`yyyy-MM-dd`, from the summary); `None`
    /// when `today` is not a date.
    pub fn query(&self, today: &str) -> Option<AlarmQuery> {
        let from = days_before(today, self.range.days() - 1)?;
        let (date, from, to) = match self.range {
            TimeRange::Today => (Some(from), None, None),
            _ => (None, Some(from), Some(today.to_string())),
        };
        Some(AlarmQuery {
            date,
            from,
            to,
            status: self.status.0,
            level: self.level.0,
            resource: self.resource.as_option().map(str::to_string),
            q: self.q.as_option().map(str::to_string),
            cursor: None,
            limit: Some(PAGE_SIZE),
        })
    }

    #[must_use]
    pub fn with_status(&self, status: Option<AlarmStatus>) -> Self {
        Self {
            status: StatusParam(status),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_level(&self, value: &str) -> Self {
        Self {
            level: value.parse().unwrap_or_default(),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_range(&self, value: &str) -> Self {
        Self {
            range: value.parse().unwrap_or_default(),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_resource(&self, value: &str) -> Self {
        Self {
            resource: TextParam::new(value),
            ..self.clone()
        }
    }

    #[must_use]
    pub fn with_search(&self, value: &str) -> Self {
        Self {
            q: TextParam::new(value),
            ..self.clone()
        }
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The date `n` days before `date` (`yyyy-MM-dd`).
pub fn days_before(date: &str, n: i64) -> Option<String> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) - n);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A summary card: a count that filters its list when tapped (`target`: the list's filter then). The
/// Alarm Center's cards list today's alarms of a status; the Visitor List's, today's visits of a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryCard<T = AlarmFilter> {
    /// The element id (`alarm-card-total` …); the count is in `{id}-count`.
    pub id: &'static str,
    pub label_key: &'static str,
    pub count: u64,
    pub active: bool,
    pub target: T,
}

/// Total, unconfirmed and confirmed, in that order.
pub fn summary_cards(s: &AlarmSummary, filter: &AlarmFilter) -> [SummaryCard; 3] {
    let card = |id, label_key, count, status: Option<AlarmStatus>| SummaryCard {
        id,
        label_key,
        count,
        active: filter.range == TimeRange::Today && filter.status.0 == status,
        target: AlarmFilter {
            range: TimeRange::Today,
            ..filter.with_status(status)
        },
    };
    [
        card("alarm-card-total", keys::ALARM_TOTAL, s.total, None),
        card(
            "alarm-card-unconfirmed",
            keys::ALARM_UNCONFIRMED,
            s.unconfirmed,
            Some(AlarmStatus::Unconfirmed),
        ),
        card(
            "alarm-card-confirmed",
            keys::ALARM_CONFIRMED,
            s.confirmed,
            Some(AlarmStatus::Confirmed),
        ),
    ]
}

/// What an alarm card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmCardView {
    pub id: EventId,
    /// `HH:mm:ss` today, `MM-dd HH:mm` on other days.
    pub time: String,
    pub unconfirmed: bool,
    pub has_photo: bool,
    /// "event @ device".
    pub title: Text,
    pub level: EventLevel,
    pub level_key: &'static str,
}

pub fn level_key(level: EventLevel) -> &'static str {
    match level {
        EventLevel::Normal => keys::LEVEL_NORMAL,
        EventLevel::Exception => keys::LEVEL_EXCEPTION,
        EventLevel::Alarm => keys::LEVEL_ALARM,
    }
}

/// "event @ device", or the event alone when no device is known.
pub fn alarm_title(name: &str, device: Option<&str>) -> Text {
    match device.filter(|d| !d.trim().is_empty()) {
        Some(d) => Text::new(keys::ALARM_TITLE)
            .arg("event", name)
            .arg("device", d),
        None => Text::new(keys::ALARM_TITLE_NO_DEVICE).arg("event", name),
    }
}

/// A time as a card shows it: the time of day for `today`, month, day and minutes otherwise.
pub fn time_label(at: &str, today: Option<&str>) -> String {
    let (date, time) = at.split_once(' ').unwrap_or((at, ""));
    if today == Some(date) || time.is_empty() {
        if time.is_empty() {
            date.to_string()
        } else {
            time.to_string()
        }
    } else {
        let md = date.get(5..).unwrap_or(date);
        let hm = time.get(..5).unwrap_or(time);
        format!("{md} {hm}")
    }
}

pub fn alarm_card(a: &Alarm, today: Option<&str>) -> AlarmCardView {
    AlarmCardView {
        id: a.id,
        time: time_label(&a.at, today),
        unconfirmed: a.ack.is_none(),
        has_photo: a.has_photo,
        title: alarm_title(&a.name, a.device.as_deref()),
        level: a.level,
        level_key: level_key(a.level),
    }
}

/// The newest alarm the live feed delivered: the Alarm Center loads its first page and the summary
/// again whenever this changes, so new alarms appear (filtered by the gateway like the rest).
pub fn latest_alarm(feed: &LiveFeed) -> Option<EventId> {
    feed.recent()
        .filter(|e| e.kind == EventKind::Alarm)
        .map(|e| e.id)
        .max()
}

/// The acknowledge form of an alarm's details. What was typed stays after a failure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckForm {
    pub remark: String,
    pub sending: bool,
    pub error: Option<Message>,
}

impl AckForm {
    pub fn edited(&mut self, remark: String) {
        self.remark = remark;
        if self.error.is_some() && self.remaining() >= 0 {
            self.error = None;
        }
    }

    /// Characters left before the limit (negative when over).
    pub fn remaining(&self) -> i64 {
        REMARK_MAX as i64 - self.remark.trim().chars().count() as i64
    }

    /// The request to send, or `None` (with the reason in `error`) when the remark is too long or a
    /// request is already on its way.
    pub fn submit(&mut self) -> Option<AckRequest> {
        if self.sending {
            return None;
        }
        if self.remaining() < 0 {
            self.error = Some(Message::new(keys::ACK_TOO_LONG).arg("max", REMARK_MAX.to_string()));
            return None;
        }
        self.sending = true;
        self.error = None;
        Some(AckRequest {
            remark: self.remark.trim().to_string(),
        })
    }

    /// The gateway answered; on failure the form keeps the remark and says why.
    pub fn done(&mut self, result: Result<(), &Failure>) {
        self.sending = false;
        self.error = result.err().map(|f| f.message(""));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{Ack, LiveEvent};

    fn alarm(id: i64, ack: bool) -> Alarm {
        Alarm {
            id: EventId(id),
            at: "2026-03-04 08:09:10".into(),
            level: EventLevel::Alarm,
            name: "door opened forcibly".into(),
            device: Some("Front gate".into()),
            device_sn: None,
            source: Some("Door 1".into()),
            area: None,
            pin: None,
            person: None,
            has_photo: false,
            photo: None,
            ack: ack.then(|| Ack {
                by: "admin".into(),
                at: "2026-03-04 09:00:00".into(),
                remark: "ok".into(),
            }),
        }
    }

    #[test]
    fn url_parameters_round_trip() {
        for s in ["unconfirmed", "confirmed", ""] {
            assert_eq!(s.parse::<StatusParam>().unwrap().to_string(), s);
        }
        for s in ["exception", "alarm", ""] {
            assert_eq!(s.parse::<LevelParam>().unwrap().to_string(), s);
        }
        assert_eq!("normal".parse::<LevelParam>().unwrap(), LevelParam(None));
        for r in TimeRange::ALL {
            assert_eq!(r.to_string().parse::<TimeRange>().unwrap(), r);
        }
        assert_eq!("whatever".parse::<TimeRange>().unwrap(), TimeRange::Today);
        assert_eq!(" Gate 1 ".parse::<TextParam>().unwrap().value(), "Gate 1");
        // Reserved characters survive the router's one decoding of the whole query.
        for text in ["a&b=c", "50% #1 + x", "año"] {
            let shown = TextParam::new(text).to_string();
            assert!(!shown.contains(['&', '=', '#', '+']), "{shown}");
            let once = unescape(&shown);
            assert_eq!(once.parse::<TextParam>().unwrap().value(), text);
        }
        assert_eq!("  ".parse::<TextParam>().unwrap(), TextParam::none());
    }

    #[test]
    fn the_filter_becomes_the_query() {
        let f = AlarmFilter::default();
        let q = f.query("2026-03-04").unwrap();
        assert_eq!(q.date.as_deref(), Some("2026-03-04"));
        assert_eq!((q.from, q.to, q.status, q.level), (None, None, None, None));
        assert_eq!(q.limit, Some(PAGE_SIZE));

        let f = f
            .with_range("7d")
            .with_level("exception")
            .with_resource("Front gate")
            .with_search(" forced ")
            .with_status(Some(AlarmStatus::Unconfirmed));
        let q = f.query("2026-03-04").unwrap();
        assert_eq!(q.date, None);
        assert_eq!(q.from.as_deref(), Some("2026-02-26"));
        assert_eq!(q.to.as_deref(), Some("2026-03-04"));
        assert_eq!(q.level, Some(EventLevel::Exception));
        assert_eq!(q.status, Some(AlarmStatus::Unconfirmed));
        assert_eq!(q.resource.as_deref(), Some("Front gate"));
        assert_eq!(q.q.as_deref(), Some("forced"));
        let q = f.with_range("30d").query("2026-01-15").unwrap();
        assert_eq!(q.from.as_deref(), Some("2025-12-17"));
        assert_eq!(f.query("not a date"), None);
        // Clearing goes back to no filter.
        assert_eq!(f.with_search("").q, TextParam::none());
        assert_eq!(f.with_level("").level, LevelParam(None));
    }

    #[test]
    fn dates_count_back_across_months_and_leap_years() {
        assert_eq!(days_before("2024-03-01", 1).unwrap(), "2024-02-29");
        assert_eq!(days_before("2023-03-01", 1).unwrap(), "2023-02-28");
        assert_eq!(days_before("2026-01-05", 6).unwrap(), "2025-12-30");
        assert_eq!(days_before("2026-01-05", 0).unwrap(), "2026-01-05");
        assert_eq!(days_before("2026-13-05", 0), None);
    }

    #[test]
    fn tapping_a_card_lists_todays_alarms_of_its_status() {
        let s = AlarmSummary {
            date: "2026-03-04".into(),
            total: 5,
            unconfirmed: 3,
            confirmed: 2,
        };
        let f = AlarmFilter::default().with_range("7d").with_search("gate");
        let cards = summary_cards(&s, &f);
        assert_eq!(cards.each_ref().map(|c| c.count), [5, 3, 2]);
        assert!(
            cards.iter().all(|c| !c.active),
            "a week is not today's cards"
        );
        let t = &cards[1].target;
        assert_eq!(t.status.0, Some(AlarmStatus::Unconfirmed));
        assert_eq!(t.range, TimeRange::Today);
        assert_eq!(t.q.value(), "gate", "the search stays");
        let cards = summary_cards(&s, t);
        assert_eq!(cards.each_ref().map(|c| c.active), [false, true, false]);
        assert_eq!(cards[0].target.status.0, None);
    }

    #[test]
    fn a_card_shows_time_dot_title_and_level() {
        let v = alarm_card(&alarm(7, false), Some("2026-03-04"));
        assert_eq!(v.time, "08:09:10");
        assert!(v.unconfirmed);
        assert_eq!(v.title.key, keys::ALARM_TITLE);
        assert_eq!(
            v.title.args,
            vec![
                ("event", "door opened forcibly".to_string()),
                ("device", "Front gate".to_string())
            ]
        );
        assert_eq!(v.level_key, keys::LEVEL_ALARM);
        let v = alarm_card(&alarm(7, true), Some("2026-03-05"));
        assert_eq!(v.time, "03-04 08:09");
        assert!(!v.unconfirmed);
        let mut a = alarm(8, false);
        a.device = None;
        assert_eq!(alarm_card(&a, None).title.key, keys::ALARM_TITLE_NO_DEVICE);
    }

    fn live(id: i64, kind: EventKind) -> LiveEvent {
        LiveEvent {
            id: EventId(id),
            at: "2026-03-04 08:00:00".into(),
            kind,
            level: EventLevel::Alarm,
            name: "x".into(),
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

    #[test]
    fn only_new_alarms_ask_for_a_reload() {
        let mut feed = LiveFeed::default();
        assert_eq!(latest_alarm(&feed), None);
        feed.received(live(3, EventKind::Alarm));
        assert_eq!(latest_alarm(&feed), Some(EventId(3)));
        feed.received(live(4, EventKind::DoorState));
        assert_eq!(
            latest_alarm(&feed),
            Some(EventId(3)),
            "a door state is no alarm"
        );
        feed.received(live(5, EventKind::Alarm));
        assert_eq!(latest_alarm(&feed), Some(EventId(5)));
    }

    #[test]
    fn the_ack_form_checks_the_remark_and_keeps_it_on_failure() {
        let mut f = AckForm::default();
        f.edited("x".repeat(REMARK_MAX + 1));
        assert_eq!(f.remaining(), -1);
        assert_eq!(f.submit(), None);
        assert_eq!(f.error.as_ref().unwrap().text.key, keys::ACK_TOO_LONG);
        assert!(!f.sending);
        // Trailing blanks do not count.
        f.edited(format!("{}   ", "y".repeat(REMARK_MAX)));
        assert_eq!(f.error, None);
        let req = f.submit().unwrap();
        assert_eq!(req.remark.chars().count(), REMARK_MAX);
        assert!(f.sending);
        assert_eq!(f.submit(), None, "one request at a time");
        f.done(Err(&Failure::Unreachable("x".into())));
        assert!(!f.sending);
        assert_eq!(f.error.as_ref().unwrap().text.key, keys::UNREACHABLE);
        assert!(f.remark.starts_with('y'), "the remark is kept");
        // An empty remark is allowed.
        let mut f = AckForm::default();
        assert_eq!(f.submit().unwrap().remark, "");
        f.done(Ok(()));
        assert_eq!(f.error, None);
    }
}
