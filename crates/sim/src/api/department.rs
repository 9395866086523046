//! Departments (manual 2.1.2): upsert, get, delete (both spellings) and the paged list.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::{json_body, paging, param, text_field, Params};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/department/add", post(add))
        .route("/api/department/get/{code}", get(get_by_path))
        .route("/api/department/get", get(get_by_query))
        .route("/api/v2/department/get", get(get_by_query))
        .route("/api/department/delete/{code}", delete(delete_by_path))
        .route("/api/department/delete", post(delete_by_query))
        .route("/api/v2/department/delete", post(delete_by_query))
        .route("/api/department/getDepartmentList", post(list).get(list))
}

/// The root department, which cannot be deleted or re-parented.
const ROOT: &str = "1";

#[derive(Debug, FromRow)]
struct DeptRow {
    code: String,
    name: String,
    parent_code: Option<String>,
    sort_no: i64,
}

fn required_code(code: Option<&str>) -> Result<&str, ApiError> {
    code.map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::new(code::DEPT_EMPTY, "department number is empty"))
}

fn missing() -> ApiError {
    ApiError::new(code::DEPT_MISSING, "department number doesn't exist")
}

async fn find(state: &AppState, code: &str) -> Result<Option<DeptRow>, ApiError> {
    Ok(
        sqlx::query_as("SELECT code, name, parent_code, sort_no FROM departments WHERE code = ?")
            .bind(code)
            .fetch_optional(&state.pool)
            .await?,
    )
}

async fn show(state: &AppState, code: &str) -> ApiResult {
    let dept = find(state, code).await?.ok_or_else(missing)?;
    ok(json!({ "name": dept.name, "code": dept.code, "parentCode": dept.parent_code }))
}

async fn get_by_path(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    show(&state, required_code(Some(&code))?).await
}

async fn get_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    show(&state, required_code(param(&params, "code"))?).await
}

async fn add(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let (Some(name), Some(code)) = (
        text_field(&body, "name").filter(|s| !s.is_empty()),
        text_field(&body, "code").filter(|s| !s.is_empty()),
    ) else {
        return Err(ApiError::new(
            code::DEPT_EMPTY,
            "department number or name is empty",
        ));
    };
    let same_name: Option<(String,)> =
        sqlx::query_as("SELECT code FROM departments WHERE name = ? AND code <> ?")
            .bind(&name)
            .bind(&code)
            .fetch_optional(&state.pool)
            .await?;
    if same_name.is_some() {
        return Err(ApiError::new(
            code::DEPT_NAME_EXISTS,
            "department name already exists",
        ));
    }
    let parent = if code == ROOT {
        None
    } else {
        let parent = text_field(&body, "parentCode")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ROOT.to_owned());
        if parent == code {
            return Err(ApiError::new(
                code::DEPT_NOT_PARENT,
                "a department cannot be its own parent",
            ));
        }
        find(&state, &parent).await?.ok_or_else(missing)?;
        // Neither the department itself nor one of its sub-departments can become its parent.
        let cycle: Option<(i64,)> = sqlx::query_as(
            "WITH RECURSIVE up(code) AS (SELECT ? UNION SELECT d.parent_code FROM departments d              JOIN up ON d.code = up.code WHERE d.parent_code IS NOT NULL)              SELECT 1 FROM up WHERE code = ?",
        )
        .bind(&parent)
        .bind(&code)
        .fetch_optional(&state.pool)
        .await?;
        if cycle.is_some() {
            return Err(ApiError::new(
                code::DEPT_NOT_PARENT,
                "a department cannot be its own parent or its sub-department's child",
            ));
        }
        Some(parent)
    };
    sqlx::query(
        "INSERT INTO departments (code, name, parent_code) VALUES (?, ?, ?) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code",
    )
    .bind(&code)
    .bind(&name)
    .bind(parent)
    .execute(&state.pool)
    .await?;
    ok(Value::Null)
}

async fn delete_by_path(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    remove(&state, required_code(Some(&code))?).await
}

async fn delete_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    remove(&state, required_code(param(&params, "code"))?).await
}

/// Deletes an empty leaf department; the root, parents and departments with people stay (-15).
async fn remove(state: &AppState, code: &str) -> ApiResult {
    find(state, code).await?.ok_or_else(missing)?;
    let (people, children): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM persons WHERE dept_code = ?1), \
                (SELECT COUNT(*) FROM departments WHERE parent_code = ?1)",
    )
    .bind(code)
    .fetch_one(&state.pool)
    .await?;
    if code == ROOT || people > 0 || children > 0 {
        return Err(ApiError::new(
            code::DEPT_UNDELETABLE,
            "the department cannot be deleted",
        ));
    }
    sqlx::query("DELETE FROM departments WHERE code = ?")
        .bind(code)
        .execute(&state.pool)
        .await?;
    ok(Value::Null)
}

/// `getDepartmentList`: the manual shows the v2 pager although the path has no `/v2/`.
async fn list(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM departments")
        .fetch_one(&state.pool)
        .await?;
    let rows: Vec<DeptRow> = sqlx::query_as(
        "SELECT code, name, parent_code, sort_no FROM departments ORDER BY seq LIMIT ? OFFSET ?",
    )
    .bind(paging.limit())
    .bind(paging.offset())
    .fetch_all(&state.pool)
    .await?;
    let data = rows
        .into_iter()
        .map(|d| json!({ "name": d.name, "code": d.code, "sortNo": d.sort_no, "parentCode": d.parent_code }))
        .collect();
    ok(paging.pager(total, data))
}
