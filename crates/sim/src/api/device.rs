//! Access-control devices, doors and readers (manual 2.2.1–2.2.3), door state and remote open/close.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::{paging, param, timestamp, Params};
use crate::db::{Connect, DoorCtx};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::events::remote_tx;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/device/accList", get(device_list_v1))
        .route("/api/v2/device/list", get(device_list_v2))
        .route("/api/device/getAcc", get(device_by_query))
        .route("/api/device/getAcc/{sn}", get(device_by_path))
        .route("/api/door/list", get(door_list_v1))
        .route("/api/v2/door/list", get(door_list_v2))
        .route("/api/door/get", get(door_get))
        .route("/api/door/allDoorState", get(all_door_state))
        .route("/api/door/doorStateById", get(door_state_by_id))
        .route("/api/door/doorStateBySn", get(door_state_by_sn))
        .route("/api/door/remoteOpenById", post(open_by_id))
        .route("/api/door/remoteOpenByName", post(open_by_name))
        // The manual titles these remoteClose* but prints remoteoff*; real servers answer remoteClose*.
        .route("/api/door/remoteCloseById", post(close_by_id))
        .route("/api/door/remoteoffById", post(close_by_id))
        .route("/api/door/remoteCloseByName", post(close_by_name))
        .route("/api/door/remoteoffByName", post(close_by_name))
        .route("/api/reader/accList", get(reader_list_v1))
        .route("/api/v2/reader/list", get(reader_list_v2))
        .route("/api/reader/getAcc", get(reader_get))
}

#[derive(Debug, FromRow)]
struct DeviceRow {
    id: String,
    sn: String,
    name: String,
    dev_type: String,
    state: String,
    module: String,
}

impl DeviceRow {
    /// v1 record (`state`); the manual's v2 example spells the same field `status`.
    fn to_json(&self, state_key: &str) -> Value {
        let mut value = json!({
            "id": self.id,
            "sn": self.sn,
            "name": self.name,
            "type": self.dev_type,
            "module": self.module,
        });
        value[state_key] = json!(self.state);
        value
    }
}

const DEVICE_SELECT: &str = "SELECT id, sn, name, dev_type, state, module FROM devices";

async fn device_page(state: &AppState, params: &Params, v2: bool) -> ApiResult {
    let paging = paging(params)?;
    let rows: Vec<DeviceRow> =
        sqlx::query_as(&format!("{DEVICE_SELECT} ORDER BY seq LIMIT ? OFFSET ?"))
            .bind(paging.limit())
            .bind(paging.offset())
            .fetch_all(&state.pool)
            .await?;
    if v2 {
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM devices")
            .fetch_one(&state.pool)
            .await?;
        ok(paging.pager(total, rows.iter().map(|d| d.to_json("status")).collect()))
    } else {
        ok(rows.iter().map(|d| d.to_json("state")).collect::<Vec<_>>())
    }
}

async fn device_list_v1(State(state): State<AppState>, params: Params) -> ApiResult {
    device_page(&state, &params, false).await
}

async fn device_list_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    device_page(&state, &params, true).await
}

async fn device_by_sn(state: &AppState, sn: Option<&str>) -> ApiResult {
    let sn = sn
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::new(code::DEVICE_SN_NULL, "device sn is null"))?;
    let row: DeviceRow = sqlx::query_as(&format!("{DEVICE_SELECT} WHERE sn = ?"))
        .bind(sn)
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| ApiError::new(code::DEVICE_MISSING, "device doesn't exist"))?;
    ok(row.to_json("state"))
}

async fn device_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    device_by_sn(&state, param(&params, "sn")).await
}

async fn device_by_path(State(state): State<AppState>, Path(sn): Path<String>) -> ApiResult {
    device_by_sn(&state, Some(&sn)).await
}

fn door_info(door: &DoorCtx) -> Value {
    json!({ "id": door.door_id, "name": door.door_name, "deviceId": door.device_id })
}

async fn door_page(state: &AppState, params: &Params, v2: bool) -> ApiResult {
    let paging = paging(params)?;
    let doors = DoorCtx::all(&state.pool).await?;
    let total = doors.len() as i64;
    let page: Vec<Value> = doors
        .iter()
        .skip(paging.offset() as usize)
        .take(paging.limit() as usize)
        .map(door_info)
        .collect();
    if v2 {
        ok(paging.pager(total, page))
    } else {
        ok(page)
    }
}

async fn door_list_v1(State(state): State<AppState>, params: Params) -> ApiResult {
    door_page(&state, &params, false).await
}

async fn door_list_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    door_page(&state, &params, true).await
}

fn door_missing() -> ApiError {
    ApiError::new(code::DOOR_MISSING, "door doesn't exist")
}

async fn door_by_id(state: &AppState, id: Option<&str>) -> Result<DoorCtx, ApiError> {
    let id = id.ok_or_else(|| ApiError::new(code::DOOR_ID_NULL, "door id is null"))?;
    DoorCtx::by_id(&state.pool, id)
        .await?
        .ok_or_else(door_missing)
}

async fn door_by_name(state: &AppState, name: Option<&str>) -> Result<DoorCtx, ApiError> {
    let name = name.ok_or_else(|| ApiError::new(code::DOOR_NAME_NULL, "door name is null"))?;
    DoorCtx::by_name(&state.pool, name)
        .await?
        .ok_or_else(door_missing)
}

async fn door_get(State(state): State<AppState>, params: Params) -> ApiResult {
    ok(door_info(&door_by_id(&state, param(&params, "id")).await?))
}

async fn all_door_state(State(state): State<AppState>, params: Params) -> ApiResult {
    timestamp(&params)?;
    let now = state.clock.now_ms();
    let doors = DoorCtx::all(&state.pool).await?;
    ok(doors.iter().map(|d| d.state_json(now)).collect::<Vec<_>>())
}

async fn door_state_by_id(State(state): State<AppState>, params: Params) -> ApiResult {
    let door = door_by_id(&state, param(&params, "doorId")).await?;
    timestamp(&params)?;
    ok(door.state_json(state.clock.now_ms()))
}

/// `doorStateBySn`: the manual prints one object; a multi-door controller has several, so this is a list.
async fn door_state_by_sn(State(state): State<AppState>, params: Params) -> ApiResult {
    let sn = param(&params, "deviceSn")
        .ok_or_else(|| ApiError::new(code::DEVICE_SN_NULL, "device sn is null"))?;
    timestamp(&params)?;
    let now = state.clock.now_ms();
    let doors: Vec<Value> = DoorCtx::all(&state.pool)
        .await?
        .iter()
        .filter(|d| d.dev_sn == sn)
        .map(|d| d.state_json(now))
        .collect();
    if doors.is_empty() {
        return Err(ApiError::new(code::DEVICE_MISSING, "device doesn't exist"));
    }
    ok(doors)
}

/// The open duration: required, whole seconds 1–254 (-45).
fn interval(params: &HashMap<String, String>) -> Result<i64, ApiError> {
    param(params, "interval")
        .and_then(|raw| raw.parse::<i64>().ok())
        .filter(|s| (1..=254).contains(s))
        .ok_or_else(|| {
            ApiError::new(
                code::DOOR_INTERVAL,
                "door open duration must be between 1 and 254 seconds",
            )
        })
}

/// Opens (`Some(seconds)`) or closes (`None`) the door's relay and records the remote operation.
async fn operate(state: &AppState, door: DoorCtx, open_for: Option<i64>) -> ApiResult {
    if door.connect() != Connect::Online {
        return Err(ApiError::new(
            code::DEVICE_OFFLINE,
            "device is offline or disabled",
        ));
    }
    let record = remote_tx(open_for.is_some(), state.clock.now_ms());
    let relay_until = open_for.map_or(0, |secs| record.event_ms + secs * 1000);
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE doors SET relay_until_ms = ? WHERE id = ?")
        .bind(relay_until)
        .bind(&door.door_id)
        .execute(&mut *tx)
        .await?;
    record.insert(&mut *tx, &door).await?;
    tx.commit().await?;
    ok(Value::Null)
}

async fn open_by_id(State(state): State<AppState>, params: Params) -> ApiResult {
    let id = param(&params, "doorId")
        .ok_or_else(|| ApiError::new(code::DOOR_ID_NULL, "door id is null"))?;
    let seconds = interval(&params)?;
    let door = door_by_id(&state, Some(id)).await?;
    operate(&state, door, Some(seconds)).await
}

async fn open_by_name(State(state): State<AppState>, params: Params) -> ApiResult {
    let name = param(&params, "doorName")
        .ok_or_else(|| ApiError::new(code::DOOR_NAME_NULL, "door name is null"))?;
    let seconds = interval(&params)?;
    let door = door_by_name(&state, Some(name)).await?;
    operate(&state, door, Some(seconds)).await
}

async fn close_by_id(State(state): State<AppState>, params: Params) -> ApiResult {
    let door = door_by_id(&state, param(&params, "doorId")).await?;
    operate(&state, door, None).await
}

async fn close_by_name(State(state): State<AppState>, params: Params) -> ApiResult {
    let door = door_by_name(&state, param(&params, "doorName")).await?;
    operate(&state, door, None).await
}

#[derive(Debug, FromRow)]
struct ReaderRow {
    id: String,
    door_id: String,
    name: String,
    reader_no: i64,
    reader_state: i64,
}

impl ReaderRow {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "doorId": self.door_id,
            "name": self.name,
            "readerNo": self.reader_no,
            "readerState": self.reader_state,
        })
    }
}

const READER_SELECT: &str = "SELECT id, door_id, name, reader_no, reader_state FROM readers";

async fn reader_page(state: &AppState, params: &Params, v2: bool) -> ApiResult {
    let paging = paging(params)?;
    let rows: Vec<ReaderRow> =
        sqlx::query_as(&format!("{READER_SELECT} ORDER BY seq LIMIT ? OFFSET ?"))
            .bind(paging.limit())
            .bind(paging.offset())
            .fetch_all(&state.pool)
            .await?;
    let data: Vec<Value> = rows.iter().map(ReaderRow::to_json).collect();
    if v2 {
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM readers")
            .fetch_one(&state.pool)
            .await?;
        ok(paging.pager(total, data))
    } else {
        ok(data)
    }
}

async fn reader_list_v1(State(state): State<AppState>, params: Params) -> ApiResult {
    reader_page(&state, &params, false).await
}

async fn reader_list_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    reader_page(&state, &params, true).await
}

/// `reader/getAcc?id=`: the appendix's reader codes, -263 no id and -264 unknown reader.
async fn reader_get(State(state): State<AppState>, params: Params) -> ApiResult {
    let id = param(&params, "id")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::new(code::READER_ID_EMPTY, "reader id cannot be empty"))?;
    let row: ReaderRow = sqlx::query_as(&format!("{READER_SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| ApiError::new(code::READER_MISSING, "did not exist this reader"))?;
    ok(row.to_json())
}
