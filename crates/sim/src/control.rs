//! The `/sim/` control API: what a test harness or a demo does to the simulated site that no client of the
//! vendor's API can — present a credential at a reader, take a device off the network, raise an alarm, move
//! the clock, reset. Plain JSON with HTTP status codes, no `access_token`; served only when
//! `SimConfig::control_api` is on.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::clock;
use crate::db::{Connect, DoorCtx, NewTx, PersonBrief};
use crate::qr::{QrClaim, QrKind, QrRejection};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sim/readers/{reader_id}/present", post(present))
        .route("/sim/devices/{sn}/offline", post(device_offline))
        .route("/sim/devices/{sn}/online", post(device_online))
        .route("/sim/doors/{door_id}/alarm", post(raise_alarm))
        .route("/sim/doors/{door_id}/alarm/clear", post(clear_alarm))
        .route("/sim/visitors/block", post(block_visitor))
        .route("/sim/clock/advance", post(clock_advance))
        .route("/sim/clock/freeze", post(clock_freeze))
        .route("/sim/clock/resume", post(clock_resume))
        .route("/sim/reset", post(reset))
        .route("/sim/faults", post(set_fault))
        .route("/sim/state", get(site_state))
}

/// How long a granted verification drives the lock (the controllers' default lock drive time).
const GRANT_OPEN_MS: i64 = 5_000;

/// A control-API failure: an HTTP status with `{"error": "..."}`.
#[derive(Debug)]
pub struct ControlError {
    status: StatusCode,
    message: String,
}

impl ControlError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} doesn't exist"))
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<sqlx::Error> for ControlError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(%err, "control API database error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

type ControlResult = Result<Json<Value>, ControlError>;

/// The JSON body, `{}` when empty.
fn body_json(body: &Bytes) -> Result<Value, ControlError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body)
        .map_err(|err| ControlError::bad_request(format!("invalid JSON: {err}")))
}

/// A body field as text (a card number may come as a JSON number); `None` when absent or empty.
fn body_str(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

// ---- credentials at readers ----------------------------------------------------------------------------

#[derive(Debug, FromRow)]
struct ReaderRow {
    door_id: String,
    name: String,
    reader_state: i64,
}

#[derive(Debug, FromRow)]
struct AccessPerson {
    pin: String,
    name: String,
    last_name: String,
    dept_name: String,
    card_no: String,
    is_disabled: bool,
    acc_level_ids: String,
}

impl AccessPerson {
    async fn find(
        state: &AppState,
        column: &str,
        value: &str,
    ) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query_as(&format!(
            "SELECT p.pin, p.name, p.last_name, COALESCE(d.name, '') AS dept_name, p.card_no, \
             p.is_disabled, p.acc_level_ids FROM persons p LEFT JOIN departments d ON d.code = p.dept_code \
             WHERE p.{column} = ?"
        ))
        .bind(value)
        .fetch_optional(&state.pool)
        .await
    }

    fn brief(&self) -> PersonBrief {
        PersonBrief {
            pin: self.pin.clone(),
            name: self.name.clone(),
            last_name: self.last_name.clone(),
            dept_name: self.dept_name.clone(),
            card_no: self.card_no.clone(),
        }
    }

    /// An enabled person passes a door that one of their access levels opens.
    async fn may_pass(&self, state: &AppState, door_id: &str) -> Result<bool, sqlx::Error> {
        if self.is_disabled {
            return Ok(false);
        }
        let levels: String = self.acc_level_ids.split_whitespace().collect();
        let opens: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM acc_level_doors WHERE door_id = ? \
             AND instr(',' || ? || ',', ',' || level_id || ',') > 0 LIMIT 1",
        )
        .bind(door_id)
        .bind(levels)
        .fetch_optional(&state.pool)
        .await?;
        Ok(opens.is_some())
    }
}

/// The outcome of one verification: granted, or denied with the event it records.
struct Verdict {
    person: PersonBrief,
    /// `None` = granted; otherwise (eventNo, reason).
    denied: Option<(i64, String)>,
    /// The invitation a grant uses up (visitor codes admit once per invitation).
    consumes: Option<String>,
}

impl Verdict {
    fn granted(person: PersonBrief) -> Self {
        Self {
            person,
            denied: None,
            consumes: None,
        }
    }

    fn denied(person: PersonBrief, (event_no, reason): (i64, &str)) -> Self {
        Self {
            person,
            denied: Some((event_no, reason.to_owned())),
            consumes: None,
        }
    }
}

/// Denials: (eventNo, eventName), numbered like the device events they stand for.
const NO_ACCESS: (i64, &str) = (23, "Person has no access");
const ALREADY_USED: (i64, &str) = (23, "QR code already used");
const UNKNOWN_CARD: (i64, &str) = (27, "card is not registered");
const INVALID_QR: (i64, &str) = (27, "Invalid QR code");
const EXPIRED_QR: (i64, &str) = (29, "QR code expired");

async fn verify_card(state: &AppState, card: &str, door_id: &str) -> Result<Verdict, sqlx::Error> {
    Ok(match AccessPerson::find(state, "card_no", card).await? {
        None => Verdict::denied(
            PersonBrief {
                card_no: card.to_owned(),
                ..PersonBrief::default()
            },
            UNKNOWN_CARD,
        ),
        Some(person) if !person.may_pass(state, door_id).await? => {
            Verdict::denied(person.brief(), NO_ACCESS)
        }
        Some(person) => Verdict::granted(person.brief()),
    })
}

/// Who a genuine code belongs to, as the record names them; `None` when they no longer exist.
async fn holder(state: &AppState, claim: &QrClaim) -> Result<Option<PersonBrief>, sqlx::Error> {
    Ok(match claim.kind {
        QrKind::Person => AccessPerson::find(state, "pin", &claim.pin)
            .await?
            .map(|p| p.brief()),
        QrKind::Visitor => {
            let visitor: Option<(String, String)> =
                sqlx::query_as("SELECT name, last_name FROM visitors WHERE pin = ?")
                    .bind(&claim.pin)
                    .fetch_optional(&state.pool)
                    .await?;
            visitor.map(|(name, last_name)| PersonBrief {
                pin: claim.pin.clone(),
                name,
                last_name,
                dept_name: "Visitor".into(),
                card_no: String::new(),
            })
        }
    })
}

async fn verify_qr(
    state: &AppState,
    value: &str,
    door_id: &str,
    now: i64,
) -> Result<Verdict, sqlx::Error> {
    let claim = match state.qr.verify(value, now) {
        Ok(claim) => claim,
        Err(QrRejection::Invalid) => {
            return Ok(Verdict::denied(PersonBrief::default(), INVALID_QR))
        }
        // An invitation's code is e-mailed days ahead: a visitor's code works through its invitation's
        // window (once, see `verify_visitor`), not only for the dynamic codes' seconds.
        Err(QrRejection::Expired(claim)) if claim.kind == QrKind::Visitor => claim,
        Err(QrRejection::Expired(claim)) => {
            let person = holder(state, &claim).await?.unwrap_or_default();
            return Ok(Verdict::denied(person, EXPIRED_QR));
        }
    };
    let Some(person) = holder(state, &claim).await? else {
        let pin = claim.pin;
        return Ok(Verdict::denied(
            PersonBrief {
                pin,
                ..PersonBrief::default()
            },
            NO_ACCESS,
        ));
    };
    match claim.kind {
        QrKind::Person => {
            let may_pass = match AccessPerson::find(state, "pin", &claim.pin).await? {
                Some(holder) => holder.may_pass(state, door_id).await?,
                None => false,
            };
            Ok(if may_pass {
                Verdict::granted(person)
            } else {
                Verdict::denied(person, NO_ACCESS)
            })
        }
        QrKind::Visitor => verify_visitor(state, &claim, person, now).await,
    }
}

/// A visitor passes while checked in (until signed out), or once on an invitation valid now.
async fn verify_visitor(
    state: &AppState,
    claim: &QrClaim,
    person: PersonBrief,
    now: i64,
) -> Result<Verdict, sqlx::Error> {
    let checked_in: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM visits WHERE vis_emp_pin = ? AND end_time IS NULL")
            .bind(&claim.pin)
            .fetch_optional(&state.pool)
            .await?;
    if checked_in.is_some() {
        return Ok(Verdict::granted(person));
    }
    // The fixed-width date format compares correctly as text.
    let now_text = clock::format_ms(now);
    let reservation: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT id, used_ms FROM reservations WHERE visitor_pin = ? AND visit_date <= ? \
         AND visit_end_date >= ? ORDER BY used_ms IS NOT NULL, seq DESC LIMIT 1",
    )
    .bind(&claim.pin)
    .bind(&now_text)
    .bind(&now_text)
    .fetch_optional(&state.pool)
    .await?;
    Ok(match reservation {
        Some((id, None)) => Verdict {
            consumes: Some(id),
            ..Verdict::granted(person)
        },
        Some((_, Some(_))) => Verdict::denied(person, ALREADY_USED),
        None => Verdict::denied(person, NO_ACCESS),
    })
}

/// `POST /sim/readers/{readerId}/present` `{"qr": ".."}` or `{"card": ".."}`: the reader verifies the
/// credential as a device would and records the transaction; a grant drives the door's lock briefly.
async fn present(
    State(state): State<AppState>,
    Path(reader_id): Path<String>,
    body: Bytes,
) -> ControlResult {
    let body = body_json(&body)?;
    let reader: ReaderRow =
        sqlx::query_as("SELECT door_id, name, reader_state FROM readers WHERE id = ?")
            .bind(reader_id.trim())
            .fetch_optional(&state.pool)
            .await?
            .ok_or_else(|| ControlError::not_found("reader"))?;
    let door = DoorCtx::by_id(&state.pool, &reader.door_id)
        .await?
        .ok_or_else(|| ControlError::not_found("door"))?;
    if door.connect() != Connect::Online {
        return Err(ControlError::new(
            StatusCode::CONFLICT,
            "the reader's device is offline or disabled",
        ));
    }
    let now = state.clock.now_ms();
    let (mut verdict, mode) = match (body_str(&body, "qr"), body_str(&body, "card")) {
        (Some(qr), _) => (
            verify_qr(&state, &qr, &reader.door_id, now).await?,
            "QR code",
        ),
        (None, Some(card)) => (verify_card(&state, &card, &reader.door_id).await?, "Card"),
        (None, None) => return Err(ControlError::bad_request("give \"qr\" or \"card\"")),
    };
    let mut tx = state.pool.begin().await?;
    if let Some(reservation) = verdict.consumes.take() {
        // Conditional, so two readers presented the same invitation at once admit only one of them.
        let used =
            sqlx::query("UPDATE reservations SET used_ms = ? WHERE id = ? AND used_ms IS NULL")
                .bind(now)
                .bind(reservation)
                .execute(&mut *tx)
                .await?;
        if used.rows_affected() == 0 {
            verdict.denied = Some((ALREADY_USED.0, ALREADY_USED.1.to_owned()));
        }
    }
    let (event_no, event_name, level) = match &verdict.denied {
        None => (0, "Normal Verify Open".to_owned(), 0),
        Some((no, reason)) => (*no, reason.clone(), 1),
    };
    let record = NewTx {
        id: crate::db::new_id(),
        event_ms: now,
        person: verdict.person,
        verify_mode_name: mode.into(),
        event_no,
        event_name,
        event_level: level,
        reader_name: reader.name,
        reader_state: Some(reader.reader_state),
        capture_photo: String::new(),
    };
    record.insert(&mut *tx, &door).await?;
    if verdict.denied.is_none() {
        sqlx::query("UPDATE doors SET relay_until_ms = ? WHERE id = ?")
            .bind(now + GRANT_OPEN_MS)
            .bind(&door.door_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(json!({
        "granted": verdict.denied.is_none(),
        "reason": record.event_name,
        "transaction": tx_json(&record, &door),
    })))
}

/// The recorded transaction in the v2 list's field names.
fn tx_json(record: &NewTx, door: &DoorCtx) -> Value {
    json!({
        "id": record.id,
        "eventTime": clock::format_ms(record.event_ms),
        "pin": record.person.pin,
        "name": record.person.name,
        "lastName": record.person.last_name,
        "deptName": record.person.dept_name,
        "areaName": door.area_name,
        "cardNo": record.person.card_no,
        "devSn": door.dev_sn,
        "devName": door.dev_name,
        "doorName": door.door_name,
        "readerName": record.reader_name,
        "verifyModeName": record.verify_mode_name,
        "eventNo": record.event_no,
        "eventName": record.event_name,
        "eventLevel": record.event_level,
    })
}

// ---- devices and doors ---------------------------------------------------------------------------------

async fn set_online(state: &AppState, sn: &str, online: bool) -> ControlResult {
    let done = sqlx::query("UPDATE devices SET online = ? WHERE sn = ?")
        .bind(online)
        .bind(sn.trim())
        .execute(&state.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ControlError::not_found("device"));
    }
    Ok(Json(json!({ "sn": sn.trim(), "online": online })))
}

async fn device_offline(State(state): State<AppState>, Path(sn): Path<String>) -> ControlResult {
    set_online(&state, &sn, false).await
}

async fn device_online(State(state): State<AppState>, Path(sn): Path<String>) -> ControlResult {
    set_online(&state, &sn, true).await
}

/// Alarms the control API raises: (request name, eventNo, eventName, door-state `alarm`).
const ALARMS: &[(&str, i64, &str, &str)] = &[
    (
        "forced open",
        102,
        "door opened forcibly",
        "be opened accidentally",
    ),
    ("timeout", 28, "door open timeout", "timeout"),
    ("tamper", 100, "tamper alarm", "tampering"),
    ("duress", 101, "duress password open", "duress"),
];

async fn door(state: &AppState, door_id: &str) -> Result<DoorCtx, ControlError> {
    DoorCtx::by_id(&state.pool, door_id.trim())
        .await?
        .ok_or_else(|| ControlError::not_found("door"))
}

/// `POST /sim/doors/{doorId}/alarm` `{"alarm": "forced open"}`: the door shows the alarm until cleared and
/// an eventLevel 2 transaction is recorded.
async fn raise_alarm(
    State(state): State<AppState>,
    Path(door_id): Path<String>,
    body: Bytes,
) -> ControlResult {
    let body = body_json(&body)?;
    let door = door(&state, &door_id).await?;
    let wanted = body_str(&body, "alarm").unwrap_or_default();
    let &(_, event_no, event_name, shown) = ALARMS
        .iter()
        .find(|(name, ..)| name.eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| {
            let names: Vec<&str> = ALARMS.iter().map(|a| a.0).collect();
            ControlError::bad_request(format!("\"alarm\" must be one of {}", names.join(", ")))
        })?;
    if door.connect() != Connect::Online {
        return Err(ControlError::new(
            StatusCode::CONFLICT,
            "the door's device is offline or disabled",
        ));
    }
    let record = NewTx {
        id: crate::db::new_id(),
        event_ms: state.clock.now_ms(),
        person: PersonBrief::default(),
        verify_mode_name: "others".into(),
        event_no,
        event_name: event_name.into(),
        event_level: 2,
        reader_name: "others".into(),
        reader_state: None,
        capture_photo: String::new(),
    };
    let mut tx = state.pool.begin().await?;
    record.insert(&mut *tx, &door).await?;
    sqlx::query("UPDATE doors SET alarm = ?, alarm_until_ms = ? WHERE id = ?")
        .bind(shown)
        .bind(i64::MAX)
        .bind(&door.door_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Json(json!({
        "doorId": door.door_id,
        "alarm": shown,
        "transaction": tx_json(&record, &door),
    })))
}

async fn clear_alarm(State(state): State<AppState>, Path(door_id): Path<String>) -> ControlResult {
    let door = door(&state, &door_id).await?;
    sqlx::query("UPDATE doors SET alarm = 'none', alarm_until_ms = 0 WHERE id = ?")
        .bind(&door.door_id)
        .execute(&state.pool)
        .await?;
    Ok(Json(json!({ "doorId": door.door_id, "alarm": "none" })))
}

// ---- clock, reset, summary -----------------------------------------------------------------------------

fn clock_json(state: &AppState) -> Value {
    let now = state.clock.now_ms();
    json!({ "now": now, "time": clock::format_ms(now), "frozen": state.clock.is_frozen() })
}

/// `POST /sim/visitors/block {"certNum", "blocked" (default true)}`: puts a certificate number on the
/// visitor block list (or takes it off); a blocked visitor can be neither invited nor registered (-254).
async fn block_visitor(State(state): State<AppState>, body: Bytes) -> ControlResult {
    let body = body_json(&body)?;
    let cert_num = body
        .get("certNum")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ControlError::bad_request("\"certNum\" is required"))?;
    let blocked = match body.get("blocked") {
        None => true,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| ControlError::bad_request("\"blocked\" must be true or false"))?,
    };
    let sql = if blocked {
        "INSERT OR IGNORE INTO vis_block_list (cert_num) VALUES (?)"
    } else {
        "DELETE FROM vis_block_list WHERE cert_num = ?"
    };
    sqlx::query(sql).bind(cert_num).execute(&state.pool).await?;
    Ok(Json(json!({ "certNum": cert_num, "blocked": blocked })))
}

async fn clock_advance(State(state): State<AppState>, body: Bytes) -> ControlResult {
    let body = body_json(&body)?;
    let secs = body
        .get("secs")
        .and_then(Value::as_i64)
        .filter(|s| (0..=10 * 365 * 86_400).contains(s))
        .ok_or_else(|| {
            ControlError::bad_request("\"secs\" must be a whole number of seconds ≥ 0")
        })?;
    state.clock.advance(secs * 1000);
    Ok(Json(clock_json(&state)))
}

async fn clock_freeze(State(state): State<AppState>) -> ControlResult {
    state.clock.freeze();
    Ok(Json(clock_json(&state)))
}

async fn clock_resume(State(state): State<AppState>) -> ControlResult {
    state.clock.resume();
    Ok(Json(clock_json(&state)))
}

/// `POST /sim/reset`: the site as the seed made it, the clock back to wall time.
async fn reset(State(state): State<AppState>) -> ControlResult {
    state.clock.reset();
    if let Ok(mut cursors) = state.monitor.lock() {
        cursors.clear();
    }
    crate::seed::reset(&state.pool, state.site, state.seed).await?;
    site_state(State(state)).await
}

async fn count(state: &AppState, table: &str) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&state.pool)
        .await?;
    Ok(n)
}

/// `GET /sim/state`: counts, offline devices and doors showing an alarm.
async fn site_state(State(state): State<AppState>) -> ControlResult {
    let now = state.clock.now_ms();
    let mut counts = serde_json::Map::new();
    for table in [
        "persons",
        "departments",
        "devices",
        "doors",
        "readers",
        "transactions",
        "visitors",
        "visits",
        "reservations",
    ] {
        counts.insert(table.into(), json!(count(&state, table).await?));
    }
    for (key, table) in [
        ("accLevels", "acc_levels"),
        ("resignedPersons", "resigned_persons"),
        ("iasEvents", "ias_events"),
        ("bioTemplates", "bio_templates"),
    ] {
        counts.insert(key.into(), json!(count(&state, table).await?));
    }
    let offline: Vec<(String,)> =
        sqlx::query_as("SELECT sn FROM devices WHERE online = 0 ORDER BY seq")
            .fetch_all(&state.pool)
            .await?;
    let alarms: Vec<Value> = DoorCtx::all(&state.pool)
        .await?
        .iter()
        .filter(|d| now < d.alarm_until_ms && d.alarm != "none")
        .map(|d| json!({ "id": d.door_id, "name": d.door_name, "alarm": d.alarm }))
        .collect();
    Ok(Json(json!({
        "clock": clock_json(&state),
        "qrValiditySecs": state.qr.validity_ms() / 1000,
        "counts": counts,
        "offlineDevices": offline.into_iter().map(|(sn,)| sn).collect::<Vec<_>>(),
        "alarmDoors": alarms,
    })))
}

/// `POST /sim/faults {"mode": "none|slow|garbage|5xx|drop", "ms": N}`: how the vendor API answers from now
/// on (slow: after `ms`, 5 s by default).
async fn set_fault(State(state): State<AppState>, body: Bytes) -> ControlResult {
    let body = body_json(&body)?;
    let mode = body_str(&body, "mode").unwrap_or_default();
    let ms = body.get("ms").and_then(Value::as_u64);
    let fault = crate::faults::Fault::parse(&mode, ms).ok_or_else(|| {
        ControlError::bad_request("\"mode\" must be one of none, slow, garbage, 5xx, drop")
    })?;
    *state.fault.lock().unwrap_or_else(|e| e.into_inner()) = fault;
    Ok(Json(json!({ "mode": mode })))
}
