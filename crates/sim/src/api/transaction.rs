//! Access transactions (manual 2.2.5): v1/v2 lists with filters, lookup by id, and the real-time monitor poll.

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
}

/// Most rows one monitor poll returns (the newest ones).
const MONITOR_LIMIT: i64 = 1000;

#[derive(Debug, FromRow)]
struct TxRow {
    id: String,
    event_time: String,
    pin: String,
    name: String,
    last_name: String,
    dept_name: String,
    area_name: String,
    card_no: String,
    dev_sn: String,
    dev_name: String,
    verify_mode_name: String,
    event_name: String,
    event_point_name: String,
    reader_name: String,
    reader_state: Option<i64>,
    door_number: Option<i64>,
    log_id: i64,
    event_no: i64,
    event_level: i64,
    door_name: String,
    capture_photo: String,
}

const SELECT: &str = "SELECT id, event_time, pin, name, last_name, dept_name, area_name, card_no, dev_sn, \
     dev_name, verify_mode_name, event_name, event_point_name, reader_name, reader_state, door_number, log_id, \
     event_no, event_level, door_name, capture_photo FROM transactions";

impl TxRow {
    /// The v1 list record.
    fn v1(&self) -> Value {
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
    fn v2(&self) -> Value {
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
struct Filter {
    pin: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

impl Filter {
    fn parse(params: &Params) -> Result<Self, ApiError> {
        let date = |key: &str| -> Result<Option<chrono::NaiveDateTime>, ApiError> {
            param(params, key)
                .map(|raw| {
                    clock::parse(raw).ok_or_else(|| {
                        ApiError::new(
                            code::TIME_FORMAT,
                            format!("{key} must be formatted yyyy-MM-dd HH:mm:ss"),
                        )
                    })
                })
                .transpose()
        };
        let (start, end) = (date("startDate")?, date("endDate")?);
        if let (Some(start), Some(end)) = (start, end) {
            if start > end {
                return Err(ApiError::new(
                    code::TIME_ORDER,
                    "the start time is later than the end time",
                ));
            }
        }
        let text = |t: chrono::NaiveDateTime| t.format(clock::FORMAT).to_string();
        Ok(Self {
            pin: param(params, "personPin").map(str::to_owned),
            start: start.map(text),
            end: end.map(text),
        })
    }

    fn push_where<'q>(&'q self, sql: &mut QueryBuilder<'q, Sqlite>) {
        sql.push(" WHERE 1 = 1");
        if let Some(pin) = &self.pin {
            sql.push(" AND pin = ").push_bind(pin);
        }
        // The fixed-width date format compares correctly as text.
        if let Some(start) = &self.start {
            sql.push(" AND event_time >= ").push_bind(start);
        }
        if let Some(end) = &self.end {
            sql.push(" AND event_time <= ").push_bind(end);
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

/// `monitor?timestamp=ms`: events that happened at or after `timestamp`, oldest first. Keeping the first
/// timestamp (as the manual allows) returns earlier events again, so clients de-duplicate.
async fn monitor(State(state): State<AppState>, params: Params) -> ApiResult {
    let since = timestamp(&params)?;
    let mut rows: Vec<TxRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE event_ms >= ? ORDER BY event_ms DESC, seq DESC LIMIT ?"
    ))
    .bind(since)
    .bind(MONITOR_LIMIT)
    .fetch_all(&state.pool)
    .await?;
    rows.reverse();
    ok(rows.iter().map(TxRow::monitor).collect::<Vec<_>>())
}
