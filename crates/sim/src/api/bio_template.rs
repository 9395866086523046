//! Fingerprint templates (manual 2.1.4): add one finger of a person, list and delete a person's fingers.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::{json_body, param, text_field, Params};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::AppState;

/// `validType` 1: a normal finger; 3: a duress finger (opens and raises an alarm).
const VALID_TYPES: [i64; 2] = [1, 3];
/// `bioType` of a fingerprint.
const BIO_TYPE_FINGERPRINT: i64 = 1;
/// The fingerprint algorithm version the site's readers use.
const VERSION: &str = "10";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/bioTemplate/add", post(add))
        .route("/api/bioTemplate/getFgListByPin/{pin}", get(list_by_path))
        .route("/api/v2/bioTemplate/getFgListByPin", get(list_by_query))
        .route("/api/bioTemplate/delete/{pin}", post(delete_by_path))
        .route("/api/v2/bioTemplate/deleteByPin", post(delete_by_query))
        // The manual writes `person/delete/{pin}{templateNo}`: two path segments (`person/delete/{pin}`
        // alone, with DELETE, removes the person).
        .route(
            "/api/person/delete/{pin}/{template_no}",
            post(delete_finger_by_path),
        )
        .route("/api/v2/person/delete", post(delete_finger_by_query))
}

#[derive(FromRow)]
struct Template {
    id: String,
    pin: String,
    valid_type: i64,
    template: String,
    template_no: i64,
}

impl Template {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "pin": self.pin,
            // Strings, as in the manual's example (bioType is a number there).
            "validType": self.valid_type.to_string(),
            "bioType": BIO_TYPE_FINGERPRINT,
            "version": VERSION,
            "template": self.template,
            "templateNo": self.template_no.to_string(),
            "templateNoIndex": 0,
        })
    }
}

fn required_pin(pin: Option<&str>) -> Result<&str, ApiError> {
    pin.map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))
}

/// A `templateNo`: a finger 0–9, else -33.
fn finger(raw: Option<&str>) -> Result<i64, ApiError> {
    raw.and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| (0..=9).contains(v))
        .ok_or_else(|| ApiError::new(code::BIO_TEMPLATE_NO, "templateNo must be 0-9"))
}

async fn person_exists(state: &AppState, pin: &str) -> Result<(), ApiError> {
    let exists: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM persons WHERE pin = ?")
        .bind(pin)
        .fetch_optional(&state.pool)
        .await?;
    exists
        .map(|_| ())
        .ok_or_else(|| ApiError::new(code::PERSON_MISSING, "person does not exist"))
}

/// `bioTemplate/add {personId, validType, template, templateNo}`: the field checks in the order of the
/// manual's codes, then the person (-22) and the finger already enrolled (-31).
async fn add(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = text_field(&body, "personId");
    let pin = required_pin(pin.as_deref())?;
    let valid_type = text_field(&body, "validType")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| VALID_TYPES.contains(v))
        .ok_or_else(|| {
            ApiError::new(
                code::BIO_VALID_TYPE,
                "validType must be 1 (normal) or 3 (duress)",
            )
        })?;
    let template_no = finger(text_field(&body, "templateNo").as_deref())?;
    let template = text_field(&body, "template")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(code::BIO_TEMPLATE_MISSING, "template is empty"))?;
    person_exists(&state, pin).await?;
    let done = sqlx::query(
        "INSERT INTO bio_templates (id, pin, valid_type, template, template_no) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (pin, template_no) DO NOTHING",
    )
    .bind(crate::db::new_id())
    .bind(pin)
    .bind(valid_type)
    .bind(&template)
    .bind(template_no)
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::new(
            code::BIO_EXISTS,
            "the fingerprint already exists",
        ));
    }
    ok(Value::Null)
}

async fn list(state: &AppState, pin: Option<&str>) -> ApiResult {
    let pin = required_pin(pin)?;
    person_exists(state, pin).await?;
    let rows: Vec<Template> = sqlx::query_as(
        "SELECT id, pin, valid_type, template, template_no FROM bio_templates WHERE pin = ? \
         ORDER BY template_no",
    )
    .bind(pin)
    .fetch_all(&state.pool)
    .await?;
    ok(rows.iter().map(Template::to_json).collect::<Vec<_>>())
}

async fn list_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    list(&state, Some(&pin)).await
}

async fn list_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    list(&state, param(&params, "pin")).await
}

/// Deletes every finger of the person (none enrolled is not an error).
async fn remove(state: &AppState, pin: Option<&str>) -> ApiResult {
    let pin = required_pin(pin)?;
    person_exists(state, pin).await?;
    sqlx::query("DELETE FROM bio_templates WHERE pin = ?")
        .bind(pin)
        .execute(&state.pool)
        .await?;
    ok(Value::Null)
}

async fn delete_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    remove(&state, Some(&pin)).await
}

async fn delete_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    remove(&state, param(&params, "pin")).await
}

/// Deletes one finger: no pin -20, no `templateNo` -34, not 0–9 -33, unknown person -22, that finger
/// not enrolled -34.
async fn remove_finger(
    state: &AppState,
    pin: Option<&str>,
    template_no: Option<&str>,
) -> ApiResult {
    let pin = required_pin(pin)?;
    let template_no = template_no
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(code::BIO_TEMPLATE_MISSING, "templateNo is empty"))?;
    let template_no = finger(Some(template_no))?;
    person_exists(state, pin).await?;
    let done = sqlx::query("DELETE FROM bio_templates WHERE pin = ? AND template_no = ?")
        .bind(pin)
        .bind(template_no)
        .execute(&state.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::new(
            code::BIO_TEMPLATE_MISSING,
            "no fingerprint with that templateNo",
        ));
    }
    ok(Value::Null)
}

async fn delete_finger_by_path(
    State(state): State<AppState>,
    Path((pin, template_no)): Path<(String, String)>,
) -> ApiResult {
    remove_finger(&state, Some(&pin), Some(&template_no)).await
}

async fn delete_finger_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    remove_finger(&state, param(&params, "pin"), param(&params, "templateNo")).await
}
