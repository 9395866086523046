//! Access transactions (manual 2.2.5): v1/v2/v3 lists (all, by device, by person) with filters, first-in and
//! last-out per day, lookup by id, and the real-time monitor poll.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use sqlx::{FromRow, QueryBuilder, Sqlite};

use super::{paging, param, timestamp, Params};
use crate::clock;
use crate::envelope::{code, ok, ApiError, ApiResult, Paging};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/transaction/list", get(list_v1))
        .route("/api/v2/transaction/list", get(list_v2))
        .route("/api/transaction/getById/{id}", get(by_id_v1))
        .route("/api/v2/transaction/getById", get(by_id_v2))
        .route("/api/transaction/monitor", get(monitor))
        .route("/api/transaction/device/{sn}", get(device_v1))
        .route("/api/v2/transaction/device/{sn}", get(device_v2))
        .route("/api/v3/transaction/device", get(device_v3))
        .route("/api/transaction/person/{pin}", get(person_v1))
        .route("/api/v2/transaction/person/{pin}", get(person_v2))
        .route("/api/v3/transaction/person", get(person_v3))
        .route(
            "/api/transaction/firstInAndLastOut/{pin}",
            get(first_last_v1),
        )
        .route(
            "/api/v2/transaction/firstInAndLastOut/{pin}",
            get(first_last_v2),
        )
        .route(
            "/api/v2/transaction/firstInAndLastOut",
            get(first_last_v2_query),
        )
}

/// The routes on which the manual's examples spell the token `acc_token=` (accepted as well).
pub fn accepts_acc_token(path: &str) -> bool {
    path.starts_with("/api/transaction/device/") || path.starts_with("/api/v2/transaction/device/")
}

/// Most rows one monitor poll returns (the oldest not yet returned; the next poll continues).
const MONITOR_LIMIT: i64 = 1000;

#[derive(Debug, FromRow)]
pub(super) struct TxRow {
    pub(super) id: String,
    pub(super) event_time: String,
    pub(super) pin: String,
    pub(super) name: String,
    pub(super) last_name: String,
    pub(super) dept_name: String,
    pub(super) area_name: String,
    pub(super) card_no: String,
    pub(super) dev_sn: String,
    pub(super) dev_name: String,
    pub(super) verify_mode_name: String,
    pub(super) event_name: String,
    pub(super) event_point_name: String,
    pub(super) reader_name: String,
    pub(super) reader_state: Option<i64>,
    pub(super) door_number: Option<i64>,
    pub(super) log_id: i64,
    pub(super) event_no: i64,
    pub(super) event_level: i64,
    pub(super) door_name: String,
    pub(super) capture_photo: String,
}

pub(super) const SELECT: &str = "SELECT id, event_time, pin, name, last_name, dept_name, area_name, card_no, dev_sn, \
     dev_name, verify_mode_name, event_name, event_point_name, reader_name, reader_state, door_number, log_id, \
     event_no, event_level, door_name, capture_photo FROM transactions";

impl TxRow {
    /// The v1 list record.
    pub(super) fn v1(&self) -> Value {
        json!({
            "id": self.id,
            "eventTime": self.event_time,
            "pin": self.pin,
            "name": self.name,
            "lastName": self.last_name,
            "deptName": self.dept_name,
            "areaName": self.area_name,
            "cardNo": self.card_no,
            "devSn": self.dev_sn,
            "verifyModeName": self.verify_mode_name,
            "eventName": self.event_name,
            "eventPointName": self.event_point_name,
            "readerName": self.reader_name,
            "accZone": null,
            "devName": self.dev_name,
            "logId": self.log_id,
        })
    }

    /// The v2 list record and the v1 `getById` record: v1 plus event number/level, door and photo.
    pub(super) fn v2(&self) -> Value {
        let mut value = self.v1();
        value["eventNo"] = json!(self.event_no);
        value["eventLevel"] = json!(self.event_level);
        value["doorName"] = json!(self.door_name);
        value["capturePhotoBase64"] = json!(self.capture_photo);
        value
    }

    /// The v2 `getById` record: adds the reader direction and door number.
    fn detail(&self) -> Value {
        let mut value = self.v2();
        value["readerState"] = json!(self.reader_state);
        value["doorNumber"] = json!(self.door_number);
        value
    }

    /// A `monitor` record: no id, log id, event number or level.
    fn monitor(&self) -> Value {
        json!({
            "eventTime": self.event_time,
            "pin": self.pin,
            "areaName": self.area_name,
            "cardNo": self.card_no,
            "devSn": self.dev_sn,
            "verifyModeName": self.verify_mode_name,
            "eventName": self.event_name,
            "eventPointName": self.event_point_name,
            "readerName": self.reader_name,
            "devName": self.dev_name,
        })
    }
}

/// The optional list filters: `personPin`, `startDate`, `endDate` ("yyyy-MM-dd HH:mm:ss").
#[derive(Debug, Default)]
pub(super) struct Filter {
    pub(super) pin: Option<String>,
    pub(super) dev_sn: Option<String>,
    pub(super) start: Option<String>,
    pub(super) end: Option<String>,
}

/// `start`/`end` as the API's date-time text, checked for format (-100) and order (-101). The manual
/// gives no format for these filters: `yyyy-MM-dd HH:mm:ss` (zero padding optional) is taken, and a
/// bare `yyyy-MM-dd` means the start (or, for `end`, the end) of that day.
pub(super) fn date_range(
    start: Option<&str>,
    end: Option<&str>,
) -> Result<(Option<String>, Option<String>), ApiError> {
    let date =
        |raw: Option<&str>, end_of_day: bool| -> Result<Option<chrono::NaiveDateTime>, ApiError> {
            raw.map(|raw| {
                clock::parse_lenient(raw)
                    .or_else(|| clock::parse_day(raw, end_of_day))
                    .ok_or_else(|| {
                        ApiError::new(
                            code::TIME_FORMAT,
                            format!("{raw} is not a date-time formatted yyyy-MM-dd HH:mm:ss"),
                        )
                    })
            })
            .transpose()
        };
    let (start, end) = (date(start, false)?, date(end, true)?);
    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            return Err(ApiError::new(
                code::TIME_ORDER,
                "the start time is later than the end time",
            ));
        }
    }
    let text = |t: chrono::NaiveDateTime| t.format(clock::FORMAT).to_string();
    Ok((start.map(text), end.map(text)))
}

impl Filter {
    fn parse(params: &Params) -> Result<Self, ApiError> {
        let (start, end) = date_range(param(params, "startDate"), param(params, "endDate"))?;
        Ok(Self {
            pin: param(params, "personPin").map(str::to_owned),
            dev_sn: None,
            start,
            end,
        })
    }

    pub(super) fn push_where<'q>(&'q self, sql: &mut QueryBuilder<'q, Sqlite>) {
        sql.push(" WHERE 1 = 1");
        if let Some(pin) = &self.pin {
            sql.push(" AND pin = ").push_bind(pin);
        }
        if let Some(sn) = &self.dev_sn {
            sql.push(" AND dev_sn = ").push_bind(sn);
        }
        // On the epoch milliseconds, so that the newest-first index answers a time window at any depth
        // (both ends are whole seconds of site-local time; the end's second is included).
        if let Some(start) = self.start.as_deref().and_then(clock::text_to_ms) {
            sql.push(" AND event_ms >= ").push_bind(start);
        }
        if let Some(end) = self.end.as_deref().and_then(clock::text_to_ms) {
            sql.push(" AND event_ms <= ").push_bind(end + 999);
        }
    }

    /// One page, newest first (ties broken by insertion order, so paging is stable).
    async fn page(&self, state: &AppState, paging: Paging) -> Result<Vec<TxRow>, ApiError> {
        let mut sql = QueryBuilder::new(SELECT);
        self.push_where(&mut sql);
        sql.push(" ORDER BY event_ms DESC, seq DESC LIMIT ")
            .push_bind(paging.limit())
            .push(" OFFSET ")
            .push_bind(paging.offset());
        Ok(sql.build_query_as().fetch_all(&state.pool).await?)
    }

    async fn total(&self, state: &AppState) -> Result<i64, ApiError> {
        let mut sql = QueryBuilder::new("SELECT COUNT(*) FROM transactions");
        self.push_where(&mut sql);
        let (total,): (i64,) = sql.build_query_as().fetch_one(&state.pool).await?;
        Ok(total)
    }
}

async fn list_v1(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let filter = Filter::parse(&params)?;
    let rows = filter.page(&state, paging).await?;
    ok(rows.iter().map(TxRow::v1).collect::<Vec<_>>())
}

async fn list_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let filter = Filter::parse(&params)?;
    let total = filter.total(&state).await?;
    let rows = filter.page(&state, paging).await?;
    ok(paging.pager(total, rows.iter().map(TxRow::v2).collect()))
}

/// The manual has no error code for an unknown id: the answer is success with `data: null`.
async fn find(state: &AppState, id: &str) -> Result<Option<TxRow>, ApiError> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&state.pool)
        .await?)
}

async fn by_id_v1(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    ok(find(&state, id.trim()).await?.as_ref().map(TxRow::v2))
}

async fn by_id_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    let id =
        param(&params, "id").ok_or_else(|| ApiError::new(code::PROGRAM_ERROR, "id is required"))?;
    ok(find(&state, id).await?.as_ref().map(TxRow::detail))
}

/// Where each `monitor` timestamp's reader left off, so that a client keeping its first timestamp (as
/// the manual allows: "no need to change after timestamp value set the first request") gets each event
/// once. Keyed by the timestamp (cvsim has one API client); the least recently used are forgotten first.
#[derive(Debug, Default)]
pub struct MonitorCursors {
    /// timestamp → (last `seq` returned, when last used)
    by_since: HashMap<i64, (i64, u64)>,
    tick: u64,
}

/// Timestamps remembered at most.
const MAX_CURSORS: usize = 1024;

impl MonitorCursors {
    fn get(&mut self, since: i64) -> Option<i64> {
        self.tick += 1;
        let tick = self.tick;
        self.by_since.get_mut(&since).map(|(seq, used)| {
            *used = tick;
            *seq
        })
    }

    fn set(&mut self, since: i64, seq: i64) {
        self.tick += 1;
        self.by_since.insert(since, (seq, self.tick));
        if self.by_since.len() > MAX_CURSORS {
            if let Some(oldest) = self
                .by_since
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(since, _)| *since)
            {
                self.by_since.remove(&oldest);
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.by_since.clear();
    }
}

/// `monitor?timestamp=ms`: events at or after `timestamp`, oldest first, at most 1000 per poll. Polling
/// again with the same timestamp continues where the last poll ended (nothing twice, nothing skipped);
/// a new timestamp starts over from it.
async fn monitor(State(state): State<AppState>, params: Params) -> ApiResult {
    let since = timestamp(&params)?;
    let cursor = state.monitor.lock().map_err(ApiError::internal)?.get(since);
    let seqs: Vec<(i64,)> = sqlx::query_as(
        "SELECT seq FROM transactions WHERE event_ms >= ? AND seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(since)
    .bind(cursor.unwrap_or(-1))
    .bind(MONITOR_LIMIT)
    .fetch_all(&state.pool)
    .await?;
    let (rows, last): (Vec<TxRow>, i64) = match (seqs.first(), seqs.last()) {
        (Some((first,)), Some((last,))) => {
            let rows = sqlx::query_as(&format!(
                "{SELECT} WHERE seq BETWEEN ? AND ? AND event_ms >= ? ORDER BY seq"
            ))
            .bind(first)
            .bind(last)
            .bind(since)
            .fetch_all(&state.pool)
            .await?;
            (rows, *last)
        }
        // Nothing new: the cursor stays (an event written meanwhile comes with the next poll).
        _ => (Vec::new(), cursor.unwrap_or(-1)),
    };
    state
        .monitor
        .lock()
        .map_err(ApiError::internal)?
        .set(since, last);
    ok(rows.iter().map(TxRow::monitor).collect::<Vec<_>>())
}

// ---- by device and by person -----------------------------------------------------------------------------

/// The device filter: the SN is required (-48) and must name a device (-102).
async fn device_filter(
    state: &AppState,
    sn: Option<&str>,
    params: &Params,
) -> Result<Filter, ApiError> {
    let sn = sn
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::new(code::DEVICE_SN_NULL, "device sn is null"))?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM devices WHERE sn = ?")
        .bind(sn)
        .fetch_optional(&state.pool)
        .await?;
    if known.is_none() {
        return Err(ApiError::new(code::DEVICE_MISSING, "device does not exist"));
    }
    let mut filter = Filter::parse(params)?;
    filter.pin = None;
    filter.dev_sn = Some(sn.to_owned());
    Ok(filter)
}

/// The person filter: records carrying `pin` (a deleted person's history included).
fn person_filter(pin: Option<&str>, params: &Params) -> Result<Filter, ApiError> {
    let mut filter = Filter::parse(params)?;
    if let Some(pin) = pin.map(str::trim).filter(|p| !p.is_empty()) {
        filter.pin = Some(pin.to_owned());
    }
    Ok(filter)
}

/// The shapes of the three list versions.
#[derive(Debug, Clone, Copy)]
enum Version {
    V1,
    V2,
    V3,
}

async fn respond(state: &AppState, params: &Params, filter: Filter, version: Version) -> ApiResult {
    let paging = paging(params)?;
    let rows = filter.page(state, paging).await?;
    match version {
        Version::V1 => ok(rows.iter().map(TxRow::v1).collect::<Vec<_>>()),
        Version::V2 | Version::V3 => {
            let total = filter.total(state).await?;
            let record = if matches!(version, Version::V2) {
                TxRow::v2
            } else {
                TxRow::detail
            };
            ok(paging.pager(total, rows.iter().map(record).collect()))
        }
    }
}

async fn device_v1(
    State(state): State<AppState>,
    Path(sn): Path<String>,
    params: Params,
) -> ApiResult {
    paging(&params)?;
    let filter = device_filter(&state, Some(&sn), &params).await?;
    respond(&state, &params, filter, Version::V1).await
}

async fn device_v2(
    State(state): State<AppState>,
    Path(sn): Path<String>,
    params: Params,
) -> ApiResult {
    paging(&params)?;
    let filter = device_filter(&state, Some(&sn), &params).await?;
    respond(&state, &params, filter, Version::V2).await
}

async fn device_v3(State(state): State<AppState>, params: Params) -> ApiResult {
    paging(&params)?;
    let filter = device_filter(&state, param(&params, "deviceSn"), &params).await?;
    respond(&state, &params, filter, Version::V3).await
}

async fn person_v1(
    State(state): State<AppState>,
    Path(pin): Path<String>,
    params: Params,
) -> ApiResult {
    let filter = person_filter(Some(&pin), &params)?;
    respond(&state, &params, filter, Version::V1).await
}

async fn person_v2(
    State(state): State<AppState>,
    Path(pin): Path<String>,
    params: Params,
) -> ApiResult {
    let filter = person_filter(Some(&pin), &params)?;
    respond(&state, &params, filter, Version::V2).await
}

/// The manual marks `pin` "not required" here: without it this is the v3 list of everyone's records.
async fn person_v3(State(state): State<AppState>, params: Params) -> ApiResult {
    let filter = person_filter(param(&params, "pin"), &params)?;
    respond(&state, &params, filter, Version::V3).await
}

// ---- first in and last out -------------------------------------------------------------------------------

/// One person's day: the first and the last successful (level 0) verification. With a single record that day
/// the "out" half is null, as in the manual's v1 example.
async fn first_last(
    state: &AppState,
    pin: Option<&str>,
    params: &Params,
) -> Result<(Paging, Vec<Value>), ApiError> {
    let paging = paging(params)?;
    let pin = pin
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))?;
    let (start, end) = date_range(param(params, "startDate"), param(params, "endDate"))?;
    let person: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT p.name, p.last_name, p.dept_code, COALESCE(d.name, '') FROM persons p \
         LEFT JOIN departments d ON d.code = p.dept_code WHERE p.pin = ?",
    )
    .bind(pin)
    .fetch_optional(&state.pool)
    .await?;
    let Some((name, last_name, dept_code, dept_name)) = person else {
        return Err(ApiError::new(code::PERSON_MISSING, "person does not exist"));
    };
    let filter = Filter {
        pin: Some(pin.to_owned()),
        dev_sn: None,
        start,
        end,
    };
    let mut sql = QueryBuilder::new(SELECT);
    filter.push_where(&mut sql);
    sql.push(" AND event_level = 0 ORDER BY event_ms, seq");
    let rows: Vec<TxRow> = sql.build_query_as().fetch_all(&state.pool).await?;
    // Days newest first; within a day rows are oldest first.
    let mut days: Vec<(&str, Vec<&TxRow>)> = Vec::new();
    for row in &rows {
        let day = &row.event_time[..10.min(row.event_time.len())];
        match days.iter_mut().find(|(d, _)| *d == day) {
            Some((_, list)) => list.push(row),
            None => days.push((day, vec![row])),
        }
    }
    days.reverse();
    let records = days
        .iter()
        .map(|(_, list)| {
            let first = list[0];
            let last = (list.len() > 1).then(|| list[list.len() - 1]);
            json!({
                "id": first.id,
                "pin": pin,
                "name": name,
                "lastName": last_name,
                "readerNameIn": first.reader_name,
                "firstInTime": first.event_time,
                "readerNameOut": last.map(|r| r.reader_name.clone()),
                "lastOutTime": last.map(|r| r.event_time.clone()),
                "deptCode": dept_code,
                "deptName": dept_name,
            })
        })
        .collect();
    Ok((paging, records))
}

/// One page of an in-memory list.
pub(super) fn page_of(paging: Paging, all: Vec<Value>) -> Vec<Value> {
    all.into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit()).unwrap_or(0))
        .collect()
}

async fn first_last_v1(
    State(state): State<AppState>,
    Path(pin): Path<String>,
    params: Params,
) -> ApiResult {
    let (paging, all) = first_last(&state, Some(&pin), &params).await?;
    ok(page_of(paging, all))
}

async fn first_last_v2(
    State(state): State<AppState>,
    Path(pin): Path<String>,
    params: Params,
) -> ApiResult {
    let (paging, all) = first_last(&state, Some(&pin), &params).await?;
    let total = all.len() as i64;
    ok(paging.pager(total, page_of(paging, all)))
}

async fn first_last_v2_query(State(state): State<AppState>, params: Params) -> ApiResult {
    let (paging, all) = first_last(&state, param(&params, "pin"), &params).await?;
    let total = all.len() as i64;
    ok(paging.pager(total, page_of(paging, all)))
}
