//! The notification self-test on Me: the app asks the gateway for a test event, and says whether it came
//! back through the live stream and how fast — so a user can tell a silent site from a phone that does
//! not get events. Also how long ago the last event arrived.

use cvm_api::{Failure, LiveEvent};

use crate::failure::FailureText;
use crate::message::{keys, Message, Text};

/// How long a sent test may take to come back before the app says it did not.
pub const WAIT_MS: u64 = 10_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum SelfTest {
    #[default]
    Idle,
    Sending,
    /// The gateway sent `event` at `since_ms` (the app's clock); it has not come back yet.
    Waiting {
        event: LiveEvent,
        since_ms: u64,
    },
    /// It came back through the stream after this long.
    Back {
        after_ms: u64,
    },
    /// It did not come back within [`WAIT_MS`].
    Silent,
    /// The request failed.
    Failed(Message),
}

impl SelfTest {
    /// The gateway answered the request with the event it sent.
    pub fn sent(event: LiveEvent, now_ms: u64) -> Self {
        Self::Waiting {
            event,
            since_ms: now_ms,
        }
    }

    pub fn failed(f: &Failure) -> Self {
        Self::Failed(f.message(""))
    }

    /// Looks at what the stream brought: `last_test` is the feed's newest test event.
    pub fn check(&mut self, last_test: Option<&LiveEvent>, now_ms: u64) {
        if let Self::Waiting { event, since_ms } = self {
            if last_test == Some(event) {
                *self = Self::Back {
                    after_ms: now_ms.saturating_sub(*since_ms),
                };
            } else if now_ms.saturating_sub(*since_ms) >= WAIT_MS {
                *self = Self::Silent;
            }
        }
    }

    pub fn busy(&self) -> bool {
        matches!(self, Self::Sending | Self::Waiting { .. })
    }

    /// What Me says about the test, if anything.
    pub fn message(&self) -> Option<Message> {
        Some(match self {
            Self::Idle => return None,
            Self::Sending => Message::new(keys::SELFTEST_SENDING),
            Self::Waiting { .. } => Message::new(keys::SELFTEST_WAITING),
            Self::Back { after_ms } => {
                Message::new(keys::SELFTEST_BACK).arg("ms", after_ms.to_string())
            }
            Self::Silent => {
                Message::new(keys::SELFTEST_SILENT).help(Text::new(keys::SELFTEST_SILENT_HELP))
            }
            Self::Failed(m) => m.clone(),
        })
    }
}

/// "Last event received": how long ago, or that none came yet.
pub fn last_event_text(last_ms: Option<u64>, now_ms: u64) -> Text {
    match last_ms {
        None => Text::new(keys::LAST_EVENT_NONE),
        Some(t) => {
            let secs = now_ms.saturating_sub(t) / 1000;
            if secs < 60 {
                Text::new(keys::LAST_EVENT_SECS).arg("n", secs.to_string())
            } else if secs < 3600 {
                Text::new(keys::LAST_EVENT_MINS).arg("n", (secs / 60).to_string())
            } else {
                Text::new(keys::LAST_EVENT_HOURS).arg("n", (secs / 3600).to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{EventId, EventKind, EventLevel};

    fn test_event(at: &str) -> LiveEvent {
        LiveEvent::new(
            EventId(0),
            at,
            EventKind::Test,
            EventLevel::Normal,
            "test notification",
        )
    }

    #[test]
    fn a_test_that_comes_back_says_how_fast() {
        let mut t = SelfTest::sent(test_event("2026-01-01 08:00:00"), 1_000);
        assert!(t.busy());
        // An older test coming back is not this one.
        t.check(Some(&test_event("2026-01-01 07:59:00")), 1_100);
        assert!(matches!(t, SelfTest::Waiting { .. }));
        t.check(Some(&test_event("2026-01-01 08:00:00")), 1_250);
        assert_eq!(t, SelfTest::Back { after_ms: 250 });
        assert_eq!(
            t.message().unwrap().text.args,
            vec![("ms", "250".to_string())]
        );
        assert!(!t.busy());
    }

    #[test]
    fn a_test_that_does_not_come_back_is_reported_with_what_to_do() {
        let mut t = SelfTest::sent(test_event("2026-01-01 08:00:00"), 1_000);
        t.check(None, 1_000 + WAIT_MS - 1);
        assert!(t.busy());
        t.check(None, 1_000 + WAIT_MS);
        assert_eq!(t, SelfTest::Silent);
        let m = t.message().unwrap();
        assert_eq!(m.text.key, keys::SELFTEST_SILENT);
        assert!(m.help.is_some());
        let failed = SelfTest::failed(&Failure::Unreachable("x".into()));
        assert_eq!(failed.message().unwrap().text.key, keys::UNREACHABLE);
        assert_eq!(SelfTest::Idle.message(), None);
    }

    #[test]
    fn the_last_event_is_said_in_seconds_minutes_or_hours() {
        assert_eq!(last_event_text(None, 5).key, keys::LAST_EVENT_NONE);
        let t = last_event_text(Some(1_000), 13_500);
        assert_eq!((t.key, t.args[0].1.as_str()), (keys::LAST_EVENT_SECS, "12"));
        let t = last_event_text(Some(0), 125_000);
        assert_eq!((t.key, t.args[0].1.as_str()), (keys::LAST_EVENT_MINS, "2"));
        let t = last_event_text(Some(0), 7_300_000);
        assert_eq!((t.key, t.args[0].1.as_str()), (keys::LAST_EVENT_HOURS, "2"));
    }
}
