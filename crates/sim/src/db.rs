//! SQLite storage: opening (in memory or a file), migrations, and the row types shared by several modules.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{FromRow, SqliteExecutor, SqlitePool};

use crate::SimError;

/// Opens the database and applies the migrations. `None` = a private in-memory database.
pub async fn open(path: Option<&Path>) -> Result<SqlitePool, SimError> {
    let pool = match path {
        // Every connection to `:memory:` is a separate database, so the pool holds exactly one and never
        // lets it expire.
        None => {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
                .await?
        }
        Some(path) => {
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5));
            SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?
        }
    };
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A door together with its device: what door state, remote control and new events need.
#[derive(Debug, Clone, FromRow)]
pub struct DoorCtx {
    pub door_id: String,
    pub door_name: String,
    pub door_no: i64,
    pub has_sensor: bool,
    pub relay_until_ms: i64,
    pub alarm: String,
    pub alarm_until_ms: i64,
    pub device_id: String,
    pub dev_sn: String,
    pub dev_name: String,
    pub dev_type: String,
    pub area_name: String,
    pub dev_state: String,
    pub online: bool,
}

/// The door-state `connect` values: 0 offline, 1 online, 2 disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connect {
    Offline = 0,
    Online = 1,
    Disabled = 2,
}

impl DoorCtx {
    const SELECT: &'static str = "SELECT d.id AS door_id, d.name AS door_name, d.door_no, d.has_sensor, \
         d.relay_until_ms, d.alarm, d.alarm_until_ms, v.id AS device_id, v.sn AS dev_sn, v.name AS dev_name, \
         v.dev_type, v.area_name, v.state AS dev_state, v.online \
         FROM doors d JOIN devices v ON v.id = d.device_id";

    pub fn connect(&self) -> Connect {
        if self.dev_state != "1" {
            Connect::Disabled
        } else if self.online {
            Connect::Online
        } else {
            Connect::Offline
        }
    }

    /// The vendor's door-state object at `now_ms`.
    pub fn state_json(&self, now_ms: i64) -> serde_json::Value {
        let (sensor, alarm, relay) = if self.connect() == Connect::Online {
            let relay_open = now_ms < self.relay_until_ms;
            let sensor = match (self.has_sensor, relay_open) {
                (false, _) => "no sensor",
                (true, true) => "open",
                (true, false) => "off",
            };
            let alarm = if now_ms < self.alarm_until_ms {
                self.alarm.as_str()
            } else {
                "none"
            };
            (sensor, alarm, if relay_open { "open" } else { "off" })
        } else {
            ("unknown", "unknown", "unknown")
        };
        serde_json::json!({
            "id": self.door_id,
            "name": self.door_name,
            "deviceId": self.device_id,
            "connect": (self.connect() as u8).to_string(),
            "sensor": sensor,
            "alarm": alarm,
            "relay": relay,
        })
    }

    pub async fn all(db: impl SqliteExecutor<'_>) -> Result<Vec<Self>, sqlx::Error> {
        sqlx::query_as(&format!("{} ORDER BY d.seq", Self::SELECT))
            .fetch_all(db)
            .await
    }

    pub async fn by_id(db: impl SqliteExecutor<'_>, id: &str) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query_as(&format!("{} WHERE d.id = ?", Self::SELECT))
            .bind(id)
            .fetch_optional(db)
            .await
    }

    pub async fn by_name(
        db: impl SqliteExecutor<'_>,
        name: &str,
    ) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query_as(&format!("{} WHERE d.name = ?", Self::SELECT))
            .bind(name)
            .fetch_optional(db)
            .await
    }
}

/// Who a transaction is about (empty for device and remote events).
#[derive(Debug, Clone, Default, FromRow)]
pub struct PersonBrief {
    pub pin: String,
    pub name: String,
    pub last_name: String,
    pub dept_name: String,
    pub card_no: String,
}

impl PersonBrief {
    pub async fn all(db: impl SqliteExecutor<'_>) -> Result<Vec<Self>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.pin, p.name, p.last_name, COALESCE(d.name, '') AS dept_name, p.card_no \
             FROM persons p LEFT JOIN departments d ON d.code = p.dept_code ORDER BY p.seq",
        )
        .fetch_all(db)
        .await
    }
}

/// A transaction to record; `log_id` is assigned per device on insert.
#[derive(Debug, Clone)]
pub struct NewTx {
    pub id: String,
    pub event_ms: i64,
    pub person: PersonBrief,
    pub verify_mode_name: String,
    pub event_no: i64,
    pub event_name: String,
    pub event_level: i64,
    pub reader_name: String,
    pub reader_state: Option<i64>,
    pub capture_photo: String,
}

impl NewTx {
    pub async fn insert(
        &self,
        db: impl SqliteExecutor<'_>,
        door: &DoorCtx,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO transactions (id, event_ms, event_time, pin, name, last_name, dept_name, area_name, \
             card_no, dev_sn, dev_name, verify_mode_name, event_name, event_point_name, reader_name, \
             reader_state, door_number, log_id, event_no, event_level, door_name, capture_photo) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
             (SELECT COALESCE(MAX(log_id), 0) + 1 FROM transactions WHERE dev_sn = ?), ?, ?, ?, ?)",
        )
        .bind(&self.id)
        .bind(self.event_ms)
        .bind(crate::clock::format_ms(self.event_ms))
        .bind(&self.person.pin)
        .bind(&self.person.name)
        .bind(&self.person.last_name)
        .bind(&self.person.dept_name)
        .bind(&door.area_name)
        .bind(&self.person.card_no)
        .bind(&door.dev_sn)
        .bind(&door.dev_name)
        .bind(&self.verify_mode_name)
        .bind(&self.event_name)
        .bind(&door.door_name)
        .bind(&self.reader_name)
        .bind(self.reader_state)
        .bind(door.door_no)
        .bind(&door.dev_sn)
        .bind(self.event_no)
        .bind(self.event_level)
        .bind(&door.door_name)
        .bind(&self.capture_photo)
        .execute(db)
        .await?;
        Ok(())
    }
}

/// A 32-char lower-hex id, the vendor's id format.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
