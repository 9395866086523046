//! Person cards (manual 2.1.3): the main card (`cardType` "0") and secondary cards ("1") of a person.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use super::{json_body, param, split_list, text_field, Params};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/card/getCards/{pin}", get(cards_by_path))
        .route("/api/card/getCards", get(cards_by_query))
        .route("/api/v2/card/getCards", get(cards_by_query))
        .route("/api/card/set", post(set))
}

async fn cards(state: &AppState, pin: Option<&str>) -> ApiResult {
    let pin = pin
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))?;
    let person: Option<(String, String)> =
        sqlx::query_as("SELECT card_no, supply_cards FROM persons WHERE pin = ?")
            .bind(pin)
            .fetch_optional(&state.pool)
            .await?;
    let (main, supply) =
        person.ok_or_else(|| ApiError::new(code::PERSON_MISSING, "person does not exist"))?;
    let main = (!main.is_empty()).then(|| json!({"pin": pin, "cardNo": main, "cardType": "0"}));
    let supply = split_list(Some(&supply))
        .into_iter()
        .map(|card| json!({"pin": pin, "cardNo": card, "cardType": "1"}));
    ok(main.into_iter().chain(supply).collect::<Vec<_>>())
}

async fn cards_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    cards(&state, Some(&pin)).await
}

async fn cards_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    cards(&state, param(&params, "pin")).await
}

/// `card/set {pin, cardNo, cardType}`: sets the main card. The site runs without the multi-card option,
/// under which the manual says a secondary card (`cardType` "1") "is invalid": it is accepted and ignored.
async fn set(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = text_field(&body, "pin")
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))?;
    let card = text_field(&body, "cardNo")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::new(code::PROGRAM_ERROR, "cardNo is required"))?;
    let exists: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM persons WHERE pin = ?")
        .bind(&pin)
        .fetch_optional(&state.pool)
        .await?;
    if exists.is_none() {
        return Err(ApiError::new(code::PERSON_MISSING, "person does not exist"));
    }
    let holder: Option<(String,)> =
        sqlx::query_as("SELECT pin FROM persons WHERE card_no = ? AND pin <> ?")
            .bind(&card)
            .bind(&pin)
            .fetch_optional(&state.pool)
            .await?;
    if holder.is_some() {
        return Err(ApiError::new(code::CARD_USED, "card number is in use"));
    }
    if text_field(&body, "cardType").as_deref().unwrap_or("0") == "0" {
        sqlx::query("UPDATE persons SET card_no = ? WHERE pin = ?")
            .bind(&card)
            .bind(&pin)
            .execute(&state.pool)
            .await?;
    }
    ok(())
}
