//! The session's live feed as a pure model: the events the gateway's stream delivered, de-duplicated by
//! id and the recent ones kept (bounded), an unread count, the state of the connection, and the rules
//! for reconnecting (back-off) and for noticing a connection that went silent. The app's live-feed
//! service feeds it; pages only read it.

use std::collections::VecDeque;
use std::time::Duration;

use cvm_api::{EventId, EventKind, LiveEvent};

/// How many recent events are kept in memory.
pub const RECENT_MAX: usize = 200;
/// The first wait before reconnecting; it doubles with each failed attempt.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(1);
/// The longest wait before reconnecting.
pub const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// The gateway sends a heartbeat about every 15 s: after this long without a byte the connection is
/// taken for dead (a phone that changed networks often gets no error at all).
pub const SILENCE_LIMIT: Duration = Duration::from_secs(45);

/// Where the connection to the event stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Connection {
    /// No session, or not started yet.
    #[default]
    Off,
    Connecting,
    /// The stream is open: events arrive as they happen.
    Live,
    /// The last attempt failed or the stream ended; the next attempt is after `delay`.
    Waiting {
        attempt: u32,
        delay: Duration,
    },
}

/// Waits between reconnects: 1 s, 2 s, 4 s … up to 30 s, and from 1 s again after a connection that
/// worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    next: Duration,
    attempt: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            next: BACKOFF_FIRST,
            attempt: 0,
        }
    }
}

impl Backoff {
    /// The wait before the next attempt (and the one after that is longer).
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(BACKOFF_MAX);
        self.attempt += 1;
        delay
    }

    /// Failed attempts since the last connection that worked.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Notices a connection that stays silent (no events, no heartbeats) for [`SILENCE_LIMIT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silence {
    seen: u64,
    quiet: Duration,
}

impl Silence {
    /// Starts watching; `activity` is the stream's counter of arrivals.
    pub fn new(activity: u64) -> Self {
        Self {
            seen: activity,
            quiet: Duration::ZERO,
        }
    }

    /// Called every `elapsed` with the stream's counter; true when the connection is to be dropped.
    pub fn is_dead(&mut self, activity: u64, elapsed: Duration) -> bool {
        if activity != self.seen {
            self.seen = activity;
            self.quiet = Duration::ZERO;
            return false;
        }
        self.quiet += elapsed;
        self.quiet >= SILENCE_LIMIT
    }
}

/// The live feed of one session.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveFeed {
    last_id: Option<EventId>,
    /// Newest first, at most [`RECENT_MAX`].
    recent: VecDeque<LiveEvent>,
    unread: u32,
    connection: Connection,
    backoff: Backoff,
    /// Plain access records are records, not news (admins: Access Records lists them; they do not count
    /// as unread or appear among the recent events).
    access_is_record: bool,
    /// The newest access record (or alarm record) received.
    latest_record: Option<EventId>,
    /// When the app last got an event on the stream (milliseconds of the app's clock), test
    /// notifications included: Me shows it, so a quiet site can be told from a broken phone.
    last_arrival_ms: Option<u64>,
    /// The newest notification self-test that came back.
    last_test: Option<LiveEvent>,
}

impl LiveFeed {
    /// The feed of a session of `role`: a person's own access records are their notifications; an
    /// admin's stream carries every access record, which only Access Records shows.
    pub fn for_role(role: cvm_api::Role) -> Self {
        Self {
            access_is_record: role == cvm_api::Role::Admin,
            ..Self::default()
        }
    }

    /// The newest access record (of any level) received: lists of records load again when it changes.
    pub fn latest_record(&self) -> Option<EventId> {
        self.latest_record
    }

    /// The id to resume after (`Last-Event-ID`).
    pub fn last_id(&self) -> Option<EventId> {
        self.last_id
    }

    /// The recent events, newest first.
    pub fn recent(&self) -> impl Iterator<Item = &LiveEvent> {
        self.recent.iter()
    }

    /// Events received since the user last looked.
    pub fn unread(&self) -> u32 {
        self.unread
    }

    pub fn connection(&self) -> Connection {
        self.connection
    }

    /// An attempt to open the stream starts.
    pub fn connecting(&mut self) {
        self.connection = Connection::Connecting;
    }

    /// The gateway accepted the stream: events flow, and the back-off starts over.
    pub fn connected(&mut self) {
        self.connection = Connection::Live;
        self.backoff.reset();
    }

    /// The attempt failed or the stream ended; returns how long to wait before the next attempt.
    pub fn disconnected(&mut self) -> Duration {
        let delay = self.backoff.next_delay();
        self.connection = Connection::Waiting {
            attempt: self.backoff.attempt(),
            delay,
        };
        delay
    }

    /// When the last event arrived (see [`LiveFeed::arrived`]).
    pub fn last_arrival_ms(&self) -> Option<u64> {
        self.last_arrival_ms
    }

    /// The newest notification self-test that came back through the stream.
    pub fn last_test(&self) -> Option<&LiveEvent> {
        self.last_test.as_ref()
    }

    /// Something arrived on the stream at `now_ms` (the app's clock).
    pub fn arrived(&mut self, now_ms: u64) {
        self.last_arrival_ms = Some(now_ms);
    }

    /// Takes an event in; false when it was already seen (a resume may repeat the last one, and ids only
    /// grow, so anything at or below the last id is a repeat). A notification self-test is kept apart:
    /// it is not news, not a place to resume from, and not counted as unread.
    pub fn received(&mut self, event: LiveEvent) -> bool {
        if event.kind == EventKind::Test {
            self.last_test = Some(event);
            return true;
        }
        if self.last_id.is_some_and(|last| event.id <= last) {
            return false;
        }
        self.last_id = Some(event.id);
        if matches!(event.kind, EventKind::Access | EventKind::Alarm) {
            self.latest_record = Some(event.id);
        }
        if event.kind == EventKind::Access && self.access_is_record {
            return true;
        }
        self.recent.push_front(event);
        self.recent.truncate(RECENT_MAX);
        self.unread = self.unread.saturating_add(1);
        true
    }

    /// The user has seen the events.
    pub fn mark_read(&mut self) {
        self.unread = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{EventKind, EventLevel};

    fn event(id: i64) -> LiveEvent {
        LiveEvent {
            id: EventId(id),
            at: "2026-03-01 08:00:00".into(),
            kind: EventKind::Alarm,
            level: EventLevel::Alarm,
            name: format!("event {id}"),
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
    fn backoff_doubles_to_thirty_seconds_and_starts_over_after_a_connection() {
        let mut b = Backoff::default();
        let delays: Vec<u64> = (0..8).map(|_| b.next_delay().as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(b.attempt(), 8);
        b.reset();
        assert_eq!(b.next_delay(), BACKOFF_FIRST);
    }

    #[test]
    fn the_connection_state_follows_attempts_and_resets_the_backoff() {
        let mut f = LiveFeed::default();
        assert_eq!(f.connection(), Connection::Off);
        f.connecting();
        assert_eq!(f.connection(), Connection::Connecting);
        assert_eq!(f.disconnected(), Duration::from_secs(1));
        assert_eq!(f.disconnected(), Duration::from_secs(2));
        assert_eq!(
            f.connection(),
            Connection::Waiting {
                attempt: 2,
                delay: Duration::from_secs(2)
            }
        );
        f.connected();
        assert_eq!(f.connection(), Connection::Live);
        // A stream that worked and then ended waits 1 s again, not 4 s.
        assert_eq!(f.disconnected(), Duration::from_secs(1));
    }

    #[test]
    fn events_are_kept_newest_first_once_each() {
        let mut f = LiveFeed::default();
        assert!(f.received(event(1)));
        assert!(f.received(event(2)));
        // A resume repeating the last event, or an older one, changes nothing.
        assert!(!f.received(event(2)));
        assert!(!f.received(event(1)));
        assert_eq!(f.last_id(), Some(EventId(2)));
        let ids: Vec<i64> = f.recent().map(|e| e.id.0).collect();
        assert_eq!(ids, [2, 1]);
        assert_eq!(f.unread(), 2);
        f.mark_read();
        assert_eq!(f.unread(), 0);
        assert!(f.received(event(5)));
        assert_eq!(f.unread(), 1);
    }

    #[test]
    fn the_recent_list_is_bounded() {
        let mut f = LiveFeed::default();
        for id in 1..=(RECENT_MAX as i64 + 50) {
            f.received(event(id));
        }
        assert_eq!(f.recent().count(), RECENT_MAX);
        assert_eq!(f.recent().next().unwrap().id.0, RECENT_MAX as i64 + 50);
        assert_eq!(f.recent().last().unwrap().id.0, 51);
        assert_eq!(f.unread(), RECENT_MAX as u32 + 50);
    }

    #[test]
    fn silence_is_noticed_only_after_the_limit() {
        let tick = Duration::from_secs(15);
        let mut s = Silence::new(0);
        assert!(!s.is_dead(0, tick));
        assert!(!s.is_dead(0, tick));
        // A heartbeat arrives: the count starts over.
        assert!(!s.is_dead(1, tick));
        assert!(!s.is_dead(1, tick));
        assert!(!s.is_dead(1, tick));
        assert!(s.is_dead(1, tick));
    }

    #[test]
    fn an_admins_access_records_are_records_not_news() {
        let ev = |id, kind| {
            LiveEvent::new(
                EventId(id),
                "2026-12-02 10:00:00",
                kind,
                EventLevel::Normal,
                "x",
            )
        };
        let mut admin = LiveFeed::for_role(cvm_api::Role::Admin);
        assert!(admin.received(ev(1, EventKind::Access)));
        assert_eq!((admin.unread(), admin.recent().count()), (0, 0));
        assert_eq!(admin.latest_record(), Some(EventId(1)));
        assert!(admin.received(ev(2, EventKind::DoorState)));
        assert_eq!(
            (admin.unread(), admin.latest_record()),
            (1, Some(EventId(1)))
        );
        assert!(admin.received(ev(3, EventKind::Alarm)));
        assert_eq!(
            (admin.unread(), admin.latest_record()),
            (2, Some(EventId(3)))
        );
        assert!(!admin.received(ev(1, EventKind::Access)), "a repeat");
        let mut person = LiveFeed::for_role(cvm_api::Role::Personnel);
        person.received(ev(4, EventKind::Access));
        assert_eq!(
            (person.unread(), person.latest_record()),
            (1, Some(EventId(4)))
        );
    }

    #[test]
    fn a_test_notification_is_kept_apart_from_the_news_and_the_resume_point() {
        let mut f = LiveFeed::for_role(cvm_api::Role::Personnel);
        assert!(f.received(LiveEvent::new(
            EventId(7),
            "2026-01-01 08:00:00",
            EventKind::Access,
            EventLevel::Normal,
            "granted"
        )));
        f.arrived(1_000);
        let test = LiveEvent::new(
            EventId(0),
            "2026-01-01 08:00:01",
            EventKind::Test,
            EventLevel::Normal,
            "test notification",
        );
        assert!(f.received(test.clone()));
        f.arrived(2_000);
        assert_eq!(f.last_id(), Some(EventId(7)));
        assert_eq!(f.unread(), 1);
        assert_eq!(f.recent().count(), 1);
        assert_eq!(f.last_test(), Some(&test));
        assert_eq!(f.last_arrival_ms(), Some(2_000));
    }
}
