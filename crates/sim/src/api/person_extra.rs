//! Personnel beyond add/get/delete (manual 2.1.1.9–16): resignation and reinstatement, basic information,
//! photo update, bulk add and delete, and the face-photo check.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::Value;

use super::person::upsert;
use super::{json_body, param, split_list, text_field, Params};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::photo;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/person/leave", post(leave))
        .route("/api/person/reinstated", post(reinstated))
        .route("/api/person/addPersonnelBasicInfo", post(basic_info))
        .route("/api/person/updatePersonnelPhoto", post(update_photo))
        .route("/api/v2/person/addPersons", post(add_persons))
        .route("/api/v2/person/deleteByPins", post(delete_by_pins))
        .route("/api/v2/person/detectFace", post(detect_face))
}

/// Most pins one `deleteByPins` takes.
const MAX_PINS: usize = 500;

/// The `persons` columns a resignation moves aside and a reinstatement brings back.
const PERSON_COLUMNS: &str = "seq, id, pin, dept_code, name, last_name, gender, birthday, card_no, \
     supply_cards, person_photo, self_pwd, is_send_mail, mobile_phone, person_pwd, car_plate, email, ssn, \
     acc_level_ids, acc_start_time, acc_end_time, cert_type, cert_number, hire_date, is_disabled";

fn required_pin(body: &Value) -> Result<String, ApiError> {
    text_field(body, "pin")
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))
}

pub(super) fn photo_error((code, message): photo::PhotoRejection) -> ApiError {
    ApiError::new(code, message)
}

/// `person/leave {pin*, leaveDate, leaveType}`: the person leaves the personnel list (get, lists, readers)
/// for the resigned list until reinstated. `leaveDate` is `yyyy-MM-dd` (-100 otherwise; today when absent).
async fn leave(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = required_pin(&body)?;
    let date = match text_field(&body, "leaveDate").filter(|d| !d.is_empty()) {
        Some(date) => chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| {
                ApiError::new(code::TIME_FORMAT, "leaveDate must be formatted yyyy-MM-dd")
            })?
            .to_string(),
        None => chrono::Local::now().date_naive().to_string(),
    };
    let mut tx = state.pool.begin().await?;
    let moved = sqlx::query(&format!(
        "INSERT INTO resigned_persons ({PERSON_COLUMNS}, leave_date, leave_type) \
         SELECT {PERSON_COLUMNS}, ?, ? FROM persons WHERE pin = ?"
    ))
    .bind(&date)
    .bind(text_field(&body, "leaveType").unwrap_or_default())
    .bind(&pin)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Err(ApiError::new(code::PERSON_MISSING, "person doesn't exist"));
    }
    sqlx::query("DELETE FROM persons WHERE pin = ?")
        .bind(&pin)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// `person/reinstated {pin*, ...the person/add fields}`: a resigned person returns with their record, edited
/// by the body; a card taken by someone meanwhile is dropped. A pin neither resigned nor current is -22.
async fn reinstated(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = required_pin(&body)?;
    let mut tx = state.pool.begin().await?;
    let restored = sqlx::query(&format!(
        "INSERT INTO persons ({PERSON_COLUMNS}) SELECT {PERSON_COLUMNS} FROM resigned_persons WHERE pin = ?"
    ))
    .bind(&pin)
    .execute(&mut *tx)
    .await?;
    if restored.rows_affected() == 0 {
        let current: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM persons WHERE pin = ?")
            .bind(&pin)
            .fetch_optional(&mut *tx)
            .await?;
        if current.is_none() {
            return Err(ApiError::new(code::PERSON_MISSING, "person doesn't exist"));
        }
    } else {
        sqlx::query("DELETE FROM resigned_persons WHERE pin = ?")
            .bind(&pin)
            .execute(&mut *tx)
            .await?;
        // A card or password someone else took meanwhile is dropped (each belongs to one person).
        for column in ["card_no", "person_pwd"] {
            sqlx::query(&format!(
                "UPDATE persons SET {column} = '' WHERE pin = ? AND {column} <> '' AND EXISTS \
                 (SELECT 1 FROM persons o WHERE o.{column} = persons.{column} AND o.pin <> persons.pin)"
            ))
            .bind(&pin)
            .execute(&mut *tx)
            .await?;
        }
    }
    upsert(&mut tx, &body).await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// `person/addPersonnelBasicInfo`: add or edit without photo or levels; `cardNo: ""` removes the card.
async fn basic_info(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let mut body = json_body(&body)?;
    if let Value::Object(fields) = &mut body {
        for ignored in ["personPhoto", "accLevelIds", "accStartTime", "accEndTime"] {
            fields.remove(ignored);
        }
    }
    let mut tx = state.pool.begin().await?;
    upsert(&mut tx, &body).await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// `person/updatePersonnelPhoto {pin*, personPhoto}`: no photo, nothing done; a photo without a usable face
/// is refused with `detectFace`'s codes.
async fn update_photo(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = required_pin(&body)?;
    let exists: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM persons WHERE pin = ?")
        .bind(&pin)
        .fetch_optional(&state.pool)
        .await?;
    if exists.is_none() {
        return Err(ApiError::new(code::PERSON_MISSING, "person doesn't exist"));
    }
    if let Some(photo) = text_field(&body, "personPhoto").filter(|p| !p.is_empty()) {
        photo::check_face(&photo).map_err(photo_error)?;
        sqlx::query("UPDATE persons SET person_photo = ? WHERE pin = ?")
            .bind(photo)
            .bind(&pin)
            .execute(&state.pool)
            .await?;
    }
    ok(Value::Null)
}

/// `v2/person/addPersons [{pin*, ...}]`: the `person/add` upsert for each item, all or nothing.
async fn add_persons(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let Value::Array(items) = json_body(&body)? else {
        return Err(ApiError::new(
            code::PROGRAM_ERROR,
            "the body must be a JSON array",
        ));
    };
    let mut tx = state.pool.begin().await?;
    for item in &items {
        upsert(&mut tx, item).await?;
    }
    tx.commit().await?;
    ok(Value::Null)
}

/// `v2/person/deleteByPins?pins=a,b`: -81 without pins, -82 over 500; unknown pins are skipped.
async fn delete_by_pins(State(state): State<AppState>, params: Params) -> ApiResult {
    let pins = split_list(param(&params, "pins"));
    if pins.is_empty() {
        return Err(ApiError::new(code::PINS_NULL, "pins is null"));
    }
    if pins.len() > MAX_PINS {
        return Err(ApiError::new(code::PINS_TOO_MANY, "more than 500 pins"));
    }
    let mut tx = state.pool.begin().await?;
    for pin in &pins {
        for sql in [
            "DELETE FROM persons WHERE pin = ?",
            "DELETE FROM bio_templates WHERE pin = ?",
        ] {
            sqlx::query(sql).bind(pin).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    ok(Value::Null)
}

/// `v2/person/detectFace {personPhoto*}`: code 0 when a face could be extracted.
async fn detect_face(body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let photo = text_field(&body, "personPhoto")
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PHOTO_INVALID, "personPhoto is required"))?;
    photo::check_face(&photo).map_err(photo_error)?;
    ok(Value::Null)
}
