//! Admin › Alarm Center: alarms with filters and search, one day's counts, details with the photo, and
//! acknowledgement with a remark (who and when kept, audited).

use axum::extract::{Path, State};
use cvm_api::{AckRequest, Alarm, AlarmQuery, AlarmSummary, EventId, Page, Problem, SummaryQuery};

use crate::alarms;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Longest remark kept with an acknowledgement.
const REMARK_MAX: usize = 500;

/// Alarms, newest first; filters combine. `cursor` is the previous page's `next_cursor`.
#[utoipa::path(get, path = "/api/v1/alarms", tag = "alarms", params(AlarmQuery),
    responses((status = 200, body = Page<Alarm>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<AlarmQuery>,
) -> ApiResult<Json<Page<Alarm>>> {
    Ok(Json(alarms::list(&state.db, &q).await?))
}

/// One day's total, unconfirmed and confirmed alarms (today when `date` is absent).
#[utoipa::path(get, path = "/api/v1/alarms/summary", tag = "alarms", params(SummaryQuery),
    responses((status = 200, body = AlarmSummary), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    Query(q): Query<SummaryQuery>,
) -> ApiResult<Json<AlarmSummary>> {
    let date = q
        .date
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string());
    Ok(Json(alarms::summary(&state.db, &date).await?))
}

fn alarm_id(raw: &str) -> ApiResult<EventId> {
    raw.parse()
        .map_err(|_| ApiError::validation("id", "not an alarm id"))
}

/// One alarm with its captured photo and acknowledgement.
#[utoipa::path(get, path = "/api/v1/alarms/{id}", tag = "alarms", params(("id" = i64, Path)),
    responses((status = 200, body = Alarm), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Alarm>> {
    Ok(Json(alarms::get(&state.db, alarm_id(&id)?).await?))
}

/// Acknowledges an alarm with a remark. The first acknowledgement stands; acknowledging again returns
/// the alarm unchanged, with who acknowledged it first.
#[utoipa::path(post, path = "/api/v1/alarms/{id}/ack", tag = "alarms", params(("id" = i64, Path)),
    request_body = AckRequest,
    responses((status = 200, body = Alarm), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn ack(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(req): Json<AckRequest>,
) -> ApiResult<Json<Alarm>> {
    let id = alarm_id(&id)?;
    let remark = req.remark.trim();
    if remark.chars().count() > REMARK_MAX {
        return Err(ApiError::validation(
            "remark",
            format!("the remark is longer than {REMARK_MAX} characters"),
        ));
    }
    let (alarm, acked) = alarms::ack(&state.db, id, &user.subject, remark).await?;
    if acked {
        db::audit(
            &state.db,
            &user.actor(),
            "alarm_ack",
            Some(&id.to_string()),
            Some(
                &serde_json::json!({"remark": remark, "alarm": alarm.name, "at": alarm.at})
                    .to_string(),
            ),
        )
        .await?;
    }
    Ok(Json(alarm))
}
