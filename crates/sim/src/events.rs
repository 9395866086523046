//! Access events: the background generator, the kinds of event it produces, and remote-control records.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use sqlx::SqlitePool;

use crate::clock::SimClock;
use crate::db::{Connect, DoorCtx, NewTx, PersonBrief};
use crate::photo;

/// How long a door keeps showing the alarm an alarm event raised.
const ALARM_SHOWN_MS: i64 = 60_000;

/// The three event levels of the API (`eventLevel` 0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A person verified and the door opened (level 0).
    Normal,
    /// An exception such as an unregistered card (level 1).
    Exception,
    /// An alarm such as a door opened forcibly (level 2); the door's state shows it for a minute.
    Alarm,
}

impl EventKind {
    pub fn level(self) -> i64 {
        match self {
            Self::Normal => 0,
            Self::Exception => 1,
            Self::Alarm => 2,
        }
    }

    /// Picks a kind with the mix of a quiet site: mostly normal, some exceptions, few alarms.
    fn pick(rng: &mut impl Rng) -> Self {
        match rng.gen_range(0..100) {
            0..=84 => Self::Normal,
            85..=94 => Self::Exception,
            _ => Self::Alarm,
        }
    }
}

/// Exceptions: (eventNo, eventName, carries a person).
pub(crate) const EXCEPTIONS: &[(i64, &str, bool)] = &[
    (27, "card is not registered", false),
    (23, "access denied", true),
    (29, "card expired", true),
    (22, "illegal time zone", true),
];

/// Alarms: (eventNo, eventName, the door-state alarm it raises).
pub(crate) const ALARMS: &[(i64, &str, &str)] = &[
    (102, "door opened forcibly", "be opened accidentally"),
    (28, "door open timeout", "timeout"),
    (100, "tamper alarm", "tampering"),
];

/// Verification modes per device family.
pub(crate) fn verify_modes(dev_type: &str) -> &'static [&'static str] {
    if dev_type.starts_with("SpeedFace") {
        &["Face", "Face", "Palm", "card"]
    } else {
        &["card", "card or fingerprint", "Fingerprint"]
    }
}

fn has_camera(dev_type: &str) -> bool {
    dev_type.starts_with("SpeedFace")
}

/// Builds a random transaction of `kind` at `door` (the caller picks the door and the time).
pub fn random_tx(
    rng: &mut impl Rng,
    kind: EventKind,
    door: &DoorCtx,
    people: &[PersonBrief],
    event_ms: i64,
    id: String,
) -> NewTx {
    let (reader_suffix, reader_state) = if rng.gen_bool(0.5) {
        ("In", 0)
    } else {
        ("Out", 1)
    };
    let reader_name = format!("{}-{reader_suffix}", door.door_name);
    let modes = verify_modes(&door.dev_type);
    let mode = (*modes.choose(rng).unwrap_or(&"card")).to_owned();
    let mut person = people.choose(rng).cloned();
    let photo_for = |rng: &mut dyn rand::RngCore| {
        if has_camera(&door.dev_type) && rng.gen_bool(0.4) {
            photo::capture_base64(rng.next_u64())
        } else {
            String::new()
        }
    };
    match kind {
        EventKind::Normal => NewTx {
            id,
            event_ms,
            person: person.take().unwrap_or_default(),
            verify_mode_name: mode,
            event_no: 0,
            event_name: "Normal Verify Open".into(),
            event_level: 0,
            reader_name,
            reader_state: Some(reader_state),
            capture_photo: photo_for(rng),
        },
        EventKind::Exception => {
            let &(event_no, event_name, with_person) =
                EXCEPTIONS.choose(rng).unwrap_or(&EXCEPTIONS[0]);
            let person = if with_person {
                person.take().unwrap_or_default()
            } else {
                PersonBrief {
                    card_no: rng.gen_range(1_000_000u32..99_999_999).to_string(),
                    ..PersonBrief::default()
                }
            };
            NewTx {
                id,
                event_ms,
                person,
                verify_mode_name: if with_person { mode } else { "card".into() },
                event_no,
                event_name: event_name.into(),
                event_level: 1,
                reader_name,
                reader_state: Some(reader_state),
                capture_photo: photo_for(rng),
            }
        }
        EventKind::Alarm => {
            let &(event_no, event_name, _) = ALARMS.choose(rng).unwrap_or(&ALARMS[0]);
            NewTx {
                id,
                event_ms,
                person: PersonBrief::default(),
                verify_mode_name: "others".into(),
                event_no,
                event_name: event_name.into(),
                event_level: 2,
                reader_name: "others".into(),
                reader_state: None,
                capture_photo: photo_for(rng),
            }
        }
    }
}

/// Records one live event of `kind` at a random online door now; returns the new transaction id.
pub async fn emit(
    pool: &SqlitePool,
    rng: &mut StdRng,
    kind: EventKind,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let doors: Vec<DoorCtx> = DoorCtx::all(pool)
        .await?
        .into_iter()
        .filter(|door| door.connect() == Connect::Online)
        .collect();
    let Some(door) = doors.choose(rng) else {
        return Ok(None);
    };
    let people = PersonBrief::all(pool).await?;
    let tx = random_tx(rng, kind, door, &people, now, crate::db::new_id());
    let mut conn = pool.begin().await?;
    tx.insert(&mut *conn, door).await?;
    if kind == EventKind::Alarm {
        let alarm = ALARMS
            .iter()
            .find(|(no, _, _)| *no == tx.event_no)
            .map_or("alarm", |(_, _, alarm)| *alarm);
        sqlx::query("UPDATE doors SET alarm = ?, alarm_until_ms = ? WHERE id = ?")
            .bind(alarm)
            .bind(now + ALARM_SHOWN_MS)
            .bind(&door.door_id)
            .execute(&mut *conn)
            .await?;
    }
    conn.commit().await?;
    Ok(Some(tx.id))
}

/// Writes random events at `per_min` per minute until the task is aborted.
pub async fn run_generator(pool: SqlitePool, clock: SimClock, per_min: u32, mut rng: StdRng) {
    let period = Duration::from_secs_f64(60.0 / f64::from(per_min.max(1)));
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    // After a stall (suspended laptop, busy CI) carry on at the rate instead of writing a burst.
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let kind = EventKind::pick(&mut rng);
        if let Err(err) = emit(&pool, &mut rng, kind, clock.now_ms()).await {
            tracing::warn!(%err, "event generator could not write an event");
        }
    }
}

/// Remote-control records written by `remoteOpen*` / `remoteClose*`.
pub fn remote_tx(opening: bool, now: i64) -> NewTx {
    let (event_no, event_name) = if opening {
        (8, "remote opening")
    } else {
        (9, "remote closing")
    };
    NewTx {
        id: crate::db::new_id(),
        event_ms: now,
        person: PersonBrief::default(),
        verify_mode_name: "others".into(),
        event_no,
        event_name: event_name.into(),
        event_level: 0,
        reader_name: "others".into(),
        reader_state: None,
        capture_photo: String::new(),
    }
}
