//! Access levels (manual 2.2.4): lists and lookups, bulk add of levels and of their doors, and the levels
//! of persons. A level opens its doors; the `/sim/` readers admit a person only at doors of their levels.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::{json_body, paging, param, split_list, text_field, Params};
use crate::db::new_id;
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/accLevel/list", get(list_v1))
        .route("/api/v2/accLevel/list", get(list_v2))
        .route("/api/accLevel/getById/{id}", get(by_id_path))
        .route("/api/v2/accLevel/getById", get(by_id_query))
        .route("/api/accLevel/getByName/{name}", get(by_name_path))
        .route("/api/v2/accLevel/getByName", get(by_name_query))
        .route("/api/accLevel/getAccLevelListByDeptCode", get(by_dept))
        .route("/api/accLevel/addLevel", post(add_levels))
        .route("/api/accLevel/addLevelDoor", post(add_level_doors))
        .route("/api/accLevel/addLevelPerson", post(add_level_person))
        .route("/api/accLevel/deleteLevel", post(delete_level_person))
        .route("/api/accLevel/syncLevel", post(sync_level))
        .route("/api/accLevel/syncPerson", post(sync_person))
}

#[derive(Debug, FromRow)]
struct Level {
    id: String,
    name: String,
}

impl Level {
    fn json(&self) -> Value {
        json!({"id": self.id, "name": self.name})
    }
}

fn missing_level() -> ApiError {
    ApiError::new(code::LEVEL_MISSING, "access level does not exist")
}

async fn find(state: &AppState, column: &str, value: &str) -> Result<Option<Level>, ApiError> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, name FROM acc_levels WHERE {column} = ?"
    ))
    .bind(value)
    .fetch_optional(&state.pool)
    .await?)
}

async fn list_page(
    state: &AppState,
    params: &Params,
) -> Result<(crate::envelope::Paging, i64, Vec<Value>), ApiError> {
    let paging = paging(params)?;
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM acc_levels")
        .fetch_one(&state.pool)
        .await?;
    let rows: Vec<Level> =
        sqlx::query_as("SELECT id, name FROM acc_levels ORDER BY seq LIMIT ? OFFSET ?")
            .bind(paging.limit())
            .bind(paging.offset())
            .fetch_all(&state.pool)
            .await?;
    Ok((paging, total, rows.iter().map(Level::json).collect()))
}

async fn list_v1(State(state): State<AppState>, params: Params) -> ApiResult {
    let (_, _, rows) = list_page(&state, &params).await?;
    ok(rows)
}

async fn list_v2(State(state): State<AppState>, params: Params) -> ApiResult {
    let (paging, total, rows) = list_page(&state, &params).await?;
    ok(paging.pager(total, rows))
}

async fn lookup(state: &AppState, column: &str, value: Option<&str>) -> ApiResult {
    let value = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::new(code::LEVEL_ID_NULL, format!("level {column} is null")))?;
    let level = find(state, column, value)
        .await?
        .ok_or_else(missing_level)?;
    ok(level.json())
}

async fn by_id_path(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    lookup(&state, "id", Some(&id)).await
}

async fn by_id_query(State(state): State<AppState>, params: Params) -> ApiResult {
    lookup(&state, "id", param(&params, "id")).await
}

async fn by_name_path(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    lookup(&state, "name", Some(&name)).await
}

async fn by_name_query(State(state): State<AppState>, params: Params) -> ApiResult {
    lookup(&state, "name", param(&params, "name")).await
}

/// The levels bound to a department. The manual's example shows one object under `data` for a paged call;
/// this answers the page as a bare array, like `accLevel/list`.
async fn by_dept(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let dept = param(&params, "deptCode")
        .ok_or_else(|| ApiError::new(code::DEPT_EMPTY, "deptCode is empty"))?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM departments WHERE code = ?")
        .bind(dept)
        .fetch_optional(&state.pool)
        .await?;
    if known.is_none() {
        return Err(ApiError::new(
            code::DEPT_MISSING,
            "department does not exist",
        ));
    }
    let rows: Vec<Level> = sqlx::query_as(
        "SELECT l.id, l.name FROM acc_levels l JOIN dept_levels d ON d.level_id = l.id \
         WHERE d.dept_code = ? ORDER BY l.seq LIMIT ? OFFSET ?",
    )
    .bind(dept)
    .bind(paging.limit())
    .bind(paging.offset())
    .fetch_all(&state.pool)
    .await?;
    ok(rows.iter().map(Level::json).collect::<Vec<_>>())
}

/// A JSON array body (bulk calls).
fn array_body(body: &Bytes) -> Result<Vec<Value>, ApiError> {
    match json_body(body)? {
        Value::Array(items) => Ok(items),
        Value::Object(_) => Ok(vec![json_body(body)?]),
        _ => Err(ApiError::new(
            code::PROGRAM_ERROR,
            "the body must be a JSON array",
        )),
    }
}

/// `[{name*, timeSegName*, areaName*}]`: adds levels, or edits the area and time zone of existing names.
/// Everything is checked before anything is written.
async fn add_levels(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let items = array_body(&body)?;
    let mut levels = Vec::with_capacity(items.len());
    for item in &items {
        let field = |key: &str| {
            text_field(item, key)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| ApiError::new(code::PROGRAM_ERROR, format!("{key} is required")))
        };
        let (name, time_seg, area) = (field("name")?, field("timeSegName")?, field("areaName")?);
        let known: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM devices WHERE area_name = ? LIMIT 1")
                .bind(&area)
                .fetch_optional(&state.pool)
                .await?;
        if known.is_none() {
            return Err(ApiError::new(
                code::AREA_MISSING,
                format!("area {area} does not exist"),
            ));
        }
        levels.push((name, time_seg, area));
    }
    let mut tx = state.pool.begin().await?;
    for (name, time_seg, area) in levels {
        sqlx::query(
            "INSERT INTO acc_levels (id, name, area_name, time_seg_name) VALUES (?, ?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET area_name = excluded.area_name, time_seg_name = excluded.time_seg_name",
        )
        .bind(new_id())
        .bind(name)
        .bind(area)
        .bind(time_seg)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    ok(())
}

/// `[{levelName*, doorName*}]`: adds doors to existing levels.
async fn add_level_doors(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let items = array_body(&body)?;
    let mut pairs = Vec::with_capacity(items.len());
    for item in &items {
        let level = text_field(item, "levelName")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::new(code::LEVEL_ID_NULL, "levelName is null"))?;
        let door = text_field(item, "doorName")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::new(code::DOOR_NAME_NULL, "doorName is null"))?;
        let level = find(&state, "name", &level)
            .await?
            .ok_or_else(missing_level)?;
        let door: Option<(String,)> = sqlx::query_as("SELECT id FROM doors WHERE name = ?")
            .bind(&door)
            .fetch_optional(&state.pool)
            .await?;
        let (door,) =
            door.ok_or_else(|| ApiError::new(code::DOOR_MISSING, "door does not exist"))?;
        pairs.push((level.id, door));
    }
    let mut tx = state.pool.begin().await?;
    for (level, door) in pairs {
        sqlx::query("INSERT OR IGNORE INTO acc_level_doors (level_id, door_id) VALUES (?, ?)")
            .bind(level)
            .bind(door)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    ok(())
}

/// `pin` and `levelIds` of the person-level calls, checked: both present (-42), the person (-22) and every
/// level (-24) existing. Returns the person's current level ids and the requested ones.
async fn person_levels(
    state: &AppState,
    params: &Params,
) -> Result<(String, Vec<String>, Vec<String>), ApiError> {
    let (Some(pin), Some(raw)) = (param(params, "pin"), param(params, "levelIds")) else {
        return Err(ApiError::new(
            code::PIN_OR_LEVEL_NULL,
            "pin or levelIds is null",
        ));
    };
    let wanted = split_list(Some(raw));
    let current: Option<(String,)> =
        sqlx::query_as("SELECT acc_level_ids FROM persons WHERE pin = ?")
            .bind(pin)
            .fetch_optional(&state.pool)
            .await?;
    let (current,) =
        current.ok_or_else(|| ApiError::new(code::PERSON_MISSING, "person does not exist"))?;
    for id in &wanted {
        find(state, "id", id).await?.ok_or_else(missing_level)?;
    }
    Ok((pin.to_owned(), split_list(Some(&current)), wanted))
}

async fn store_person_levels(
    state: &AppState,
    pin: &str,
    levels: &[String],
) -> Result<(), ApiError> {
    sqlx::query("UPDATE persons SET acc_level_ids = ? WHERE pin = ?")
        .bind(levels.join(","))
        .bind(pin)
        .execute(&state.pool)
        .await?;
    Ok(())
}

async fn add_level_person(State(state): State<AppState>, params: Params) -> ApiResult {
    let (pin, mut levels, wanted) = person_levels(&state, &params).await?;
    for id in wanted {
        if !levels.contains(&id) {
            levels.push(id);
        }
    }
    store_person_levels(&state, &pin, &levels).await?;
    ok(())
}

async fn delete_level_person(State(state): State<AppState>, params: Params) -> ApiResult {
    let (pin, mut levels, gone) = person_levels(&state, &params).await?;
    if !levels.iter().any(|id| gone.contains(id)) {
        return Err(ApiError::new(
            code::NO_PERSON_UNDER_LEVEL,
            "the person is not under these access levels",
        ));
    }
    levels.retain(|id| !gone.contains(id));
    store_person_levels(&state, &pin, &levels).await?;
    ok(())
}

/// Devices take the site's levels at once here, so syncing only checks its arguments.
async fn sync_level(State(state): State<AppState>, params: Params) -> ApiResult {
    let id = param(&params, "levelId")
        .ok_or_else(|| ApiError::new(code::LEVEL_ID_NULL, "levelId is null"))?;
    find(&state, "id", id).await?.ok_or_else(missing_level)?;
    ok(())
}

async fn sync_person(State(state): State<AppState>, params: Params) -> ApiResult {
    person_levels(&state, &params).await?;
    ok(())
}
