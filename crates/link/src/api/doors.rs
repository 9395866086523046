//! Admin › Remote Control: doors with their live state, unlock and cancel alarm. Each action is
//! audited (refusals too) before the answer returns, and runs once per `Idempotency-Key`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use cvm_api::{Connection, Door, DoorActionResult, Problem, ReasonRequest, UnlockRequest};

use crate::auth::AuthUser;
use crate::db::{self, Audit};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;
use crate::{idempotency, site};

/// Longest reason kept with an action.
pub const REASON_MAX: usize = 200;

/// A trimmed optional reason, checked.
pub fn reason(r: Option<&str>) -> ApiResult<String> {
    let r = r.unwrap_or_default().trim();
    if r.chars().count() > REASON_MAX {
        return Err(ApiError::validation(
            "reason",
            format!("the reason is longer than {REASON_MAX} characters"),
        ));
    }
    Ok(r.to_string())
}

/// Every door with its live state, sorted by area and name.
#[utoipa::path(get, path = "/api/v1/doors", tag = "doors",
    responses((status = 200, body = [Door]), (status = 401, body = Problem), (status = 403, body = Problem), (status = 502, body = Problem)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<Door>>> {
    Ok(Json(site::doors(&state).await?))
}

/// One door's state, for an action: its connection and lockdown only (no device list needed).
async fn find(state: &AppState, id: &str) -> ApiResult<Door> {
    let (doors, mut locked) = tokio::try_join!(
        async { Ok::<_, ApiError>(state.upstream.door_states().await?) },
        async { Ok(crate::lockdown::locked_doors(&state.db).await?) }
    )?;
    let d = doors
        .iter()
        .find(|d| d.id == id)
        .ok_or(ApiError::NotFound)?;
    Ok(site::door(
        d,
        None,
        &Default::default(),
        locked.remove(id).unwrap_or_default(),
    ))
}

/// Audits a refused action and returns the refusal.
async fn refuse(
    state: &AppState,
    user: &AuthUser,
    action: &str,
    door: &str,
    reason: &str,
    e: ApiError,
) -> ApiResult<Response> {
    db::record(
        &state.db,
        &Audit {
            actor: &user.actor(),
            action,
            target: Some(door),
            reason: Some(reason),
            detail: Some(serde_json::json!({ "refused": e.problem().code.as_str() }).to_string()),
            ..Audit::default()
        },
    )
    .await?;
    Err(e)
}

fn upstream_answer<T>(r: &Result<T, crate::upstream::UpstreamError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

/// Opens an online door's lock for 1–254 seconds. Refused for offline doors (nothing is sent upstream)
/// and for doors under lockdown. With an `Idempotency-Key`, a retried request opens the door once.
#[utoipa::path(post, path = "/api/v1/doors/{id}/unlock", tag = "doors", request_body = UnlockRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DoorActionResult), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "device_offline, locked_down", body = Problem),
        (status = 422, body = Problem), (status = 502, body = Problem)))]
pub async fn unlock(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<UnlockRequest>,
) -> ApiResult<Response> {
    if !(1..=254).contains(&req.seconds) {
        return Err(ApiError::validation(
            "seconds",
            "the door opens for 1 to 254 seconds",
        ));
    }
    let why = reason(req.reason.as_deref())?;
    let key = idempotency::key(&headers)?;
    let request =
        serde_json::json!({"unlock": id, "seconds": req.seconds, "reason": why}).to_string();
    let actor = user.actor();
    idempotency::once(&state.db, &actor, key, request, || async {
        let door = find(&state, &id).await?;
        if door.connection != Connection::Online {
            return refuse(
                &state,
                &user,
                "door_unlock",
                &id,
                &why,
                ApiError::DeviceOffline,
            )
            .await;
        }
        if !door.locked_down_by.is_empty() {
            return refuse(
                &state,
                &user,
                "door_unlock",
                &id,
                &why,
                ApiError::LockedDown,
            )
            .await;
        }
        let result = state.upstream.open_door(&id, req.seconds).await;
        db::record(
            &state.db,
            &Audit {
                actor: &actor,
                action: "door_unlock",
                target: Some(&id),
                reason: Some(&why),
                upstream: Some(&upstream_answer(&result)),
                detail: Some(
                    serde_json::json!({"door": door.name, "seconds": req.seconds}).to_string(),
                ),
            },
        )
        .await?;
        result?;
        Ok(Json(DoorActionResult {
            door_id: id.clone(),
            opened_for: Some(req.seconds),
            alarms_acknowledged: None,
            not_supported: Vec::new(),
        })
        .into_response())
    })
    .await
}

/// Cancels a door's alarm as far as the vendor API allows: acknowledges the door's open alarms in cvlink
/// and closes the door upstream. CVSecurity's API has no call that resets a device's alarm output; the
/// answer says so (`not_supported: ["device_alarm_output"]`).
#[utoipa::path(post, path = "/api/v1/doors/{id}/cancel-alarm", tag = "doors", request_body = ReasonRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DoorActionResult), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "device_offline", body = Problem),
        (status = 422, body = Problem), (status = 502, body = Problem)))]
pub async fn cancel_alarm(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Response> {
    let why = reason(req.reason.as_deref())?;
    let key = idempotency::key(&headers)?;
    let request = serde_json::json!({"cancel_alarm": id, "reason": why}).to_string();
    let actor = user.actor();
    idempotency::once(&state.db, &actor, key, request, || async {
        let door = find(&state, &id).await?;
        if door.connection != Connection::Online {
            return refuse(&state, &user, "door_cancel_alarm", &id, &why, ApiError::DeviceOffline).await;
        }
        let remark = if why.is_empty() {
            "Alarm cancelled from Remote Control".to_string()
        } else {
            why.clone()
        };
        let acked = crate::alarms::ack_at_door(&state.db, &door.name, &user.subject, &remark).await?;
        let result = state.upstream.close_door(&id).await;
        db::record(
            &state.db,
            &Audit {
                actor: &actor,
                action: "door_cancel_alarm",
                target: Some(&id),
                reason: Some(&why),
                upstream: Some(&upstream_answer(&result)),
                detail: Some(
                    serde_json::json!({"door": door.name, "alarm": door.alarm, "alarms_acknowledged": acked})
                        .to_string(),
                ),
            },
        )
        .await?;
        result?;
        Ok(Json(DoorActionResult {
            door_id: id.clone(),
            opened_for: None,
            alarms_acknowledged: Some(acked as u32),
            not_supported: vec!["device_alarm_output".into()],
        })
        .into_response())
    })
    .await
}
