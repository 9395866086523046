//! The event bus: the poller publishes each stored event once; every open SSE stream subscribes. A
//! subscriber that falls behind by more than the bus holds is told so and drops its stream (its client
//! resumes from the database with `Last-Event-ID`), so a slow client never slows the others.

use std::sync::Arc;

use cvm_api::{EventKind, LiveEvent, Role};
use tokio::sync::broadcast;

/// Events held for subscribers that are momentarily behind.
const CAPACITY: usize = 4096;

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Arc<LiveEvent>>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
        }
    }
}

impl EventBus {
    pub fn publish(&self, event: LiveEvent) {
        // No subscriber is not an error.
        let _ = self.tx.send(Arc::new(event));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.tx.subscribe()
    }

    pub fn subscribers(&self) -> usize {
        self.tx.receiver_count()
    }
}

/// Who may see an event on the live stream: admins see everything (plain access records too, for Access
/// Records; their Notification Center lists the rest, see [`crate::events::page`]); a person sees only
/// their own access records (alarms included, e.g. their denied card).
pub fn visible_to(role: Role, subject: &str, e: &LiveEvent) -> bool {
    if e.kind == EventKind::Test {
        return e.to.as_deref() == Some(&format!("{}:{subject}", role.as_str()));
    }
    match role {
        Role::Admin => e.kind != EventKind::Other,
        Role::Personnel => {
            matches!(e.kind, EventKind::Access | EventKind::Alarm)
                && e.pin.as_deref() == Some(subject)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{EventId, EventLevel};

    fn event(kind: EventKind, pin: Option<&str>) -> LiveEvent {
        LiveEvent {
            pin: pin.map(str::to_string),
            ..LiveEvent::new(
                EventId(1),
                "2026-01-01 00:00:00",
                kind,
                EventLevel::Normal,
                "x",
            )
        }
    }

    #[test]
    fn people_see_only_their_own_records_and_admins_everything() {
        let mine = event(EventKind::Access, Some("1001"));
        let theirs = event(EventKind::Access, Some("1002"));
        let denied = event(EventKind::Alarm, Some("1001"));
        let door = event(EventKind::DoorState, None);
        let anonymous_alarm = event(EventKind::Alarm, None);
        assert!(visible_to(Role::Personnel, "1001", &mine));
        assert!(visible_to(Role::Personnel, "1001", &denied));
        assert!(!visible_to(Role::Personnel, "1001", &theirs));
        assert!(!visible_to(Role::Personnel, "1001", &door));
        assert!(!visible_to(Role::Personnel, "1001", &anonymous_alarm));
        assert!(visible_to(Role::Admin, "admin", &mine));
        assert!(visible_to(Role::Admin, "admin", &denied));
        assert!(visible_to(Role::Admin, "admin", &door));
        assert!(visible_to(
            Role::Admin,
            "admin",
            &event(EventKind::Lockdown, None)
        ));
        assert!(visible_to(
            Role::Admin,
            "admin",
            &event(EventKind::DeviceState, None)
        ));
    }

    #[test]
    fn a_test_notification_is_for_its_one_user() {
        let e = LiveEvent {
            to: Some("personnel:1001".into()),
            ..event(EventKind::Test, None)
        };
        assert!(visible_to(Role::Personnel, "1001", &e));
        assert!(!visible_to(Role::Personnel, "1002", &e));
        assert!(!visible_to(Role::Admin, "1001", &e));
        let e = LiveEvent {
            to: Some("admin:alice".into()),
            ..e
        };
        assert!(visible_to(Role::Admin, "alice", &e));
        assert!(!visible_to(Role::Admin, "bob", &e));
    }
}
