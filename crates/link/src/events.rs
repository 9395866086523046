//! cvlink's store of live events: each upstream access record and state change written once (the
//! de-duplication key is unique), read back after an id (SSE resume) or page by page, newest first
//! (notifications), per the caller's role, and pruned after the retention period.

use cvm_api::{EventId, EventKind, EventLevel, LiveEvent, Role};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::db::now;
use crate::upstream::UpTransaction;

/// An event before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub dedup: String,
    pub upstream_id: Option<String>,
    pub at: String,
    pub kind: EventKind,
    pub level: EventLevel,
    pub event_no: Option<i64>,
    pub name: String,
    pub device: Option<String>,
    pub device_sn: Option<String>,
    pub point: Option<String>,
    pub area: Option<String>,
    pub pin: Option<String>,
    pub person: Option<String>,
    pub verify: Option<String>,
    /// Kept for alarms only (base64 JPEG).
    pub photo: Option<String>,
}

/// The stored de-duplication key of an access record.
pub fn record_dedup(t: &UpTransaction) -> String {
    format!("tx\u{1f}{}", t.dedup_key())
}

impl NewEvent {
    /// An access record: an alarm when its level is exception or alarm.
    pub fn from_transaction(t: &UpTransaction) -> Self {
        let level = EventLevel::from_upstream(t.event_level.unwrap_or(0));
        Self {
            dedup: record_dedup(t),
            upstream_id: t.id.clone(),
            at: t.event_time.trim().to_string(),
            kind: if level == EventLevel::Normal {
                EventKind::Access
            } else {
                EventKind::Alarm
            },
            level,
            event_no: t.event_no,
            name: t.event_name.trim().to_string(),
            device: t.dev_name.clone(),
            device_sn: t.dev_sn.clone(),
            point: t
                .event_point_name
                .clone()
                .or_else(|| t.door_name.clone())
                .or_else(|| t.reader_name.clone()),
            area: t.area_name.clone(),
            pin: t.pin.clone(),
            person: t.person_name(),
            verify: t.verify_mode_name.clone(),
            photo: t.photo.clone().filter(|_| level != EventLevel::Normal),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: String,
    kind: String,
    level: i64,
    name: String,
    device: Option<String>,
    device_sn: Option<String>,
    point: Option<String>,
    area: Option<String>,
    pin: Option<String>,
    person: Option<String>,
    verify: Option<String>,
}

impl From<Row> for LiveEvent {
    fn from(r: Row) -> Self {
        LiveEvent {
            id: EventId(r.id),
            at: r.at,
            kind: EventKind::parse(&r.kind),
            level: EventLevel::from_upstream(r.level),
            name: r.name,
            device: r.device,
            device_sn: r.device_sn,
            point: r.point,
            area: r.area,
            pin: r.pin,
            person: r.person,
            verify: r.verify,
            // Only test notifications are addressed, and they are never stored.
            to: None,
        }
    }
}

const COLUMNS: &str =
    "SELECT id, at, kind, level, name, device, device_sn, point, area, pin, person, verify FROM events";

/// Stores an event; `None` when it was stored before (same de-duplication key).
pub async fn insert(db: &SqlitePool, e: &NewEvent) -> sqlx::Result<Option<LiveEvent>> {
    let id: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO events (dedup, upstream_id, at, kind, level, event_no, name, device, device_sn, point,
                             area, pin, person, verify, photo, stored_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(dedup) DO NOTHING RETURNING id",
    )
    .bind(&e.dedup)
    .bind(&e.upstream_id)
    .bind(&e.at)
    .bind(e.kind.as_str())
    .bind(e.level.as_i64())
    .bind(e.event_no)
    .bind(&e.name)
    .bind(&e.device)
    .bind(&e.device_sn)
    .bind(&e.point)
    .bind(&e.area)
    .bind(&e.pin)
    .bind(&e.person)
    .bind(&e.verify)
    .bind(&e.photo)
    .bind(now())
    .fetch_optional(db)
    .await?;
    Ok(id.map(|(id,)| LiveEvent {
        id: EventId(id),
        at: e.at.clone(),
        kind: e.kind,
        level: e.level,
        name: e.name.clone(),
        device: e.device.clone(),
        device_sn: e.device_sn.clone(),
        point: e.point.clone(),
        area: e.area.clone(),
        pin: e.pin.clone(),
        person: e.person.clone(),
        verify: e.verify.clone(),
        to: None,
    }))
}

/// Restricts a query to what `role`/`subject` may see: on the stream (the SQL twin of
/// [`crate::bus::visible_to`]), or in the Notification Center (`notifications`: admins' without plain
/// access records, which Access Records lists).
fn push_scope<'q>(
    sql: &mut QueryBuilder<'q, Sqlite>,
    role: Role,
    subject: &'q str,
    notifications: bool,
) {
    match role {
        Role::Admin if notifications => {
            sql.push(" AND kind IN ('alarm', 'door_state', 'device_state', 'lockdown')");
        }
        Role::Admin => {
            sql.push(" AND kind IN ('access', 'alarm', 'door_state', 'device_state', 'lockdown')");
        }
        Role::Personnel => {
            sql.push(" AND kind IN ('access', 'alarm') AND pin = ")
                .push_bind(subject);
        }
    }
}

/// The events after `after` that the caller may see, oldest first, at most `limit`.
pub async fn after(
    db: &SqlitePool,
    role: Role,
    subject: &str,
    after: EventId,
    limit: u32,
) -> sqlx::Result<Vec<LiveEvent>> {
    let mut sql = QueryBuilder::new(COLUMNS);
    sql.push(" WHERE id > ").push_bind(after.0);
    push_scope(&mut sql, role, subject, false);
    sql.push(" ORDER BY id LIMIT ").push_bind(limit as i64);
    let rows: Vec<Row> = sql.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(LiveEvent::from).collect())
}

/// One page of the caller's events, newest first, older than `before` when given.
pub async fn page(
    db: &SqlitePool,
    role: Role,
    subject: &str,
    before: Option<EventId>,
    limit: i64,
) -> sqlx::Result<Vec<LiveEvent>> {
    let mut sql = QueryBuilder::new(COLUMNS);
    sql.push(" WHERE 1 = 1");
    if let Some(b) = before {
        sql.push(" AND id < ").push_bind(b.0);
    }
    push_scope(&mut sql, role, subject, true);
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    let rows: Vec<Row> = sql.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(LiveEvent::from).collect())
}

/// The time of the newest stored access record, where a back-fill starts.
pub async fn newest_record_at(db: &SqlitePool) -> sqlx::Result<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT MAX(at) FROM events WHERE kind IN ('access', 'alarm')")
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(at,)| at))
}

/// The newest event id, or 0.
pub async fn last_id(db: &SqlitePool) -> sqlx::Result<EventId> {
    let (id,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM events")
        .fetch_one(db)
        .await?;
    Ok(EventId(id.unwrap_or(0)))
}

/// Deletes events stored before `before` (unix seconds). Returns how many.
pub async fn prune(db: &SqlitePool, before: i64) -> sqlx::Result<u64> {
    let r = sqlx::query("DELETE FROM events WHERE stored_at < ?")
        .bind(before)
        .execute(db)
        .await?;
    Ok(r.rows_affected())
}
