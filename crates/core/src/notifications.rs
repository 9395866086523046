//! The Notification Center: the admin's events newest first — those the live feed delivered on top of
//! the pages loaded from the gateway, each once — and the readable text of each.

use cvm_api::{EventId, EventKind, EventLevel, LiveEvent};

use crate::alarms::alarm_title;
use crate::message::{keys, Text};

/// One row of the Notification Center.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRow {
    pub id: EventId,
    pub at: String,
    pub kind: EventKind,
    pub level: EventLevel,
    pub title: Text,
    /// Where: the door and device, when known.
    pub place: Option<String>,
    /// The alarm's details, for alarms.
    pub alarm: Option<EventId>,
}

/// The live events and the loaded pages merged: newest first, each id once.
pub fn merge<'a>(
    live: impl IntoIterator<Item = &'a LiveEvent>,
    loaded: &'a [LiveEvent],
) -> Vec<&'a LiveEvent> {
    let mut all: Vec<&LiveEvent> = live.into_iter().chain(loaded.iter()).collect();
    all.sort_by_key(|e| std::cmp::Reverse(e.id));
    all.dedup_by_key(|e| e.id);
    all
}

/// The text of an event: alarms as "event @ device", state changes (`field:value`) in words.
pub fn notification_title(e: &LiveEvent) -> Text {
    match e.kind {
        EventKind::Alarm | EventKind::Access => alarm_title(&e.name, e.device.as_deref()),
        EventKind::DoorState => {
            let (field, value) = e.name.split_once(':').unwrap_or(("", e.name.as_str()));
            let key = match field {
                "connect" => keys::NOTIF_DOOR_CONNECT,
                "alarm" => keys::NOTIF_DOOR_ALARM,
                "sensor" => keys::NOTIF_DOOR_SENSOR,
                "relay" => keys::NOTIF_DOOR_RELAY,
                _ => return Text::new(keys::NOTIF_OTHER).arg("name", e.name.clone()),
            };
            Text::new(key).arg("value", value)
        }
        EventKind::DeviceState => Text::new(keys::NOTIF_DEVICE).arg("value", e.name.clone()),
        EventKind::Lockdown => Text::new(keys::NOTIF_LOCKDOWN).arg("name", e.name.clone()),
        EventKind::Test => Text::new(keys::NOTIF_TEST),
        EventKind::Other => Text::new(keys::NOTIF_OTHER).arg("name", e.name.clone()),
    }
}

/// What the app announces while it runs (an in-app toast) and in the background (a system notification,
/// when switched on): admins their alarms, a person their own access records, anyone their test.
pub fn announcement(role: cvm_api::Role, e: &LiveEvent) -> Option<NotificationRow> {
    use cvm_api::Role;
    match (role, e.kind) {
        (_, EventKind::Test) | (Role::Admin, EventKind::Alarm) => Some(notification_row(e)),
        (Role::Personnel, EventKind::Access | EventKind::Alarm) => record_rows([e], &[]).pop(),
        _ => None,
    }
}

pub fn notification_row(e: &LiveEvent) -> NotificationRow {
    let place = match e.kind {
        // The device is in the alarm's title already.
        EventKind::Alarm | EventKind::Access => e.point.clone(),
        _ => match (&e.point, &e.device) {
            (Some(p), Some(d)) if p != d => Some(format!("{p} · {d}")),
            (Some(p), _) => Some(p.clone()),
            (None, d) => d.clone(),
        },
    };
    NotificationRow {
        id: e.id,
        at: e.at.clone(),
        kind: e.kind,
        level: e.level,
        title: notification_title(e),
        place,
        alarm: (e.kind == EventKind::Alarm).then_some(e.id),
    }
}

/// The rows to show.
pub fn notification_rows<'a>(
    live: impl IntoIterator<Item = &'a LiveEvent>,
    loaded: &'a [LiveEvent],
) -> Vec<NotificationRow> {
    merge(live, loaded)
        .into_iter()
        .map(notification_row)
        .collect()
}

/// The parts that have text, joined with " · " (where and how: door · verification).
pub fn joined<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A person's own access records (their Notification Center), said for them: granted, or denied and
/// why; where (the door) and how (card, QR code, face). No way to an alarm's details: only admins open
/// those.
pub fn record_rows<'a>(
    live: impl IntoIterator<Item = &'a LiveEvent>,
    loaded: &'a [LiveEvent],
) -> Vec<NotificationRow> {
    merge(live, loaded)
        .into_iter()
        .map(|e| {
            let title = match e.kind {
                EventKind::Access => Text::new(keys::RECORD_GRANTED),
                _ => Text::new(keys::RECORD_DENIED).arg("reason", e.name.clone()),
            };
            let place = joined([e.point.as_deref(), e.verify.as_deref()]);
            NotificationRow {
                title,
                place: (!place.is_empty()).then_some(place),
                alarm: None,
                ..notification_row(e)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, kind: EventKind, name: &str) -> LiveEvent {
        LiveEvent {
            id: EventId(id),
            at: "2026-03-04 08:00:00".into(),
            kind,
            level: EventLevel::Normal,
            name: name.into(),
            device: Some("inBIO-1".into()),
            device_sn: None,
            point: Some("Door 1".into()),
            area: None,
            pin: None,
            person: None,
            verify: None,
            to: None,
        }
    }

    #[test]
    fn live_events_go_on_top_once() {
        let loaded = vec![
            ev(5, EventKind::Alarm, "a"),
            ev(3, EventKind::DoorState, "sensor:open"),
        ];
        let live = [
            ev(7, EventKind::DeviceState, "offline"),
            ev(5, EventKind::Alarm, "a"),
        ];
        let rows = notification_rows(live.iter(), &loaded);
        let ids: Vec<i64> = rows.iter().map(|r| r.id.0).collect();
        assert_eq!(ids, [7, 5, 3]);
        assert_eq!(rows[1].alarm, Some(EventId(5)));
        assert_eq!(rows[0].alarm, None);
    }

    #[test]
    fn state_changes_read_as_words() {
        let t = notification_title(&ev(1, EventKind::DoorState, "alarm:timeout"));
        assert_eq!(t.key, keys::NOTIF_DOOR_ALARM);
        assert_eq!(t.args, vec![("value", "timeout".to_string())]);
        let t = notification_title(&ev(1, EventKind::DoorState, "connect:offline"));
        assert_eq!(t.key, keys::NOTIF_DOOR_CONNECT);
        let t = notification_title(&ev(1, EventKind::DoorState, "sensor:open"));
        assert_eq!(t.key, keys::NOTIF_DOOR_SENSOR);
        let t = notification_title(&ev(1, EventKind::DoorState, "relay:on"));
        assert_eq!(t.key, keys::NOTIF_DOOR_RELAY);
        let t = notification_title(&ev(1, EventKind::DoorState, "weird"));
        assert_eq!(t.key, keys::NOTIF_OTHER);
        let t = notification_title(&ev(1, EventKind::DeviceState, "disabled"));
        assert_eq!(t.key, keys::NOTIF_DEVICE);
        assert_eq!(t.args, vec![("value", "disabled".to_string())]);
        let t = notification_title(&ev(1, EventKind::Alarm, "door opened forcibly"));
        assert_eq!(t.key, keys::ALARM_TITLE);
    }

    #[test]
    fn the_place_names_door_and_device() {
        assert_eq!(
            notification_row(&ev(1, EventKind::DoorState, "sensor:open")).place,
            Some("Door 1 · inBIO-1".into())
        );
        assert_eq!(
            notification_row(&ev(1, EventKind::Alarm, "x")).place,
            Some("Door 1".into())
        );
        let mut d = ev(1, EventKind::DeviceState, "online");
        d.point = None;
        assert_eq!(notification_row(&d).place, Some("inBIO-1".into()));
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn a_persons_records_say_granted_or_denied_where_and_how() {
        let granted = LiveEvent {
            point: Some("Front door".into()),
            verify: Some("QR code".into()),
            pin: Some("1001".into()),
            ..LiveEvent::new(
                EventId(2),
                "2026-12-02 08:00:00",
                EventKind::Access,
                EventLevel::Normal,
                "Normal Verify Open",
            )
        };
        let denied = LiveEvent {
            point: Some("Lab".into()),
            verify: Some("Card".into()),
            ..LiveEvent::new(
                EventId(1),
                "2026-12-02 07:59:00",
                EventKind::Alarm,
                EventLevel::Exception,
                "Person has no access",
            )
        };
        let rows = record_rows([&granted], std::slice::from_ref(&denied));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].title, Text::new(keys::RECORD_GRANTED));
        assert_eq!(rows[0].place.as_deref(), Some("Front door · QR code"));
        assert_eq!(
            rows[1].title,
            Text::new(keys::RECORD_DENIED).arg("reason", "Person has no access")
        );
        assert_eq!(rows[1].place.as_deref(), Some("Lab · Card"));
        assert!(rows.iter().all(|r| r.alarm.is_none()), "no admin links");
    }

    #[test]
    fn announcements_follow_the_role() {
        use cvm_api::Role;
        let alarm = LiveEvent::new(
            EventId(1),
            "2026-01-01 08:00:00",
            EventKind::Alarm,
            EventLevel::Alarm,
            "door opened forcibly",
        );
        let access = LiveEvent {
            pin: Some("1001".into()),
            ..LiveEvent::new(
                EventId(2),
                "2026-01-01 08:00:00",
                EventKind::Access,
                EventLevel::Normal,
                "normal verify open",
            )
        };
        let door = LiveEvent::new(
            EventId(3),
            "2026-01-01 08:00:00",
            EventKind::DoorState,
            EventLevel::Normal,
            "sensor:open",
        );
        let test = LiveEvent::new(
            EventId(0),
            "2026-01-01 08:00:00",
            EventKind::Test,
            EventLevel::Normal,
            "test notification",
        );
        assert!(announcement(Role::Admin, &alarm).is_some());
        assert!(announcement(Role::Admin, &access).is_none());
        assert!(announcement(Role::Admin, &door).is_none());
        assert!(announcement(Role::Personnel, &access).is_some());
        assert!(announcement(Role::Personnel, &alarm).is_some());
        for role in [Role::Admin, Role::Personnel] {
            let row = announcement(role, &test).unwrap();
            assert_eq!(row.title.key, keys::NOTIF_TEST);
        }
    }
}
