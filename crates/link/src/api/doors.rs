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

/// What a door action did: the upstream's answer, facts for the audit log, and the answer to the app.
struct Done {
    upstream: Result<(), crate::upstream::UpstreamError>,
    detail: serde_json::Value,
    result: DoorActionResult,
}

/// One action on a door: run once per idempotency key, refused for an offline door (and, for unlock,
/// a door under lockdown) before anything goes upstream, and audited — refusals too — before the answer.
struct DoorAction<'a> {
    state: &'a AppState,
    user: &'a AuthUser,
    door_id: &'a str,
    /// The audit log's name of the action.
    action: &'static str,
    reason: &'a str,
    refused_under_lockdown: bool,
}

impl DoorAction<'_> {
    async fn run<F, Fut>(
        self,
        headers: &HeaderMap,
        request: serde_json::Value,
        act: F,
    ) -> ApiResult<Response>
    where
        F: FnOnce(Door) -> Fut,
        Fut: std::future::Future<Output = ApiResult<Done>>,
    {
        let key = idempotency::key(headers)?;
        let actor = self.user.actor();
        idempotency::once(self.state, &actor, key, request.to_string(), || async {
            let door = find(self.state, self.door_id).await?;
            if door.connection != Connection::Online {
                return self.refuse(&actor, ApiError::DeviceOffline).await;
            }
            if self.refused_under_lockdown && !door.locked_down_by.is_empty() {
                return self.refuse(&actor, ApiError::LockedDown).await;
            }
            let done = act(door).await?;
            let answer = match &done.upstream {
                Ok(()) => "ok".to_string(),
                Err(e) => e.to_string(),
            };
            db::record(
                &self.state.db,
                &Audit {
                    actor: &actor,
                    action: self.action,
                    target: Some(self.door_id),
                    reason: Some(self.reason),
                    upstream: Some(&answer),
                    detail: Some(done.detail.to_string()),
                },
            )
            .await?;
            done.upstream?;
            Ok(Json(done.result).into_response())
        })
        .await
    }

    /// Audits a refused action and returns the refusal.
    async fn refuse(&self, actor: &str, e: ApiError) -> ApiResult<Response> {
        db::record(
            &self.state.db,
            &Audit {
                actor,
                action: self.action,
                target: Some(self.door_id),
                reason: Some(self.reason),
                detail: Some(
                    serde_json::json!({ "refused": e.problem().code.as_str() }).to_string(),
                ),
                ..Audit::default()
            },
        )
        .await?;
        Err(e)
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
    let action = DoorAction {
        state: &state,
        user: &user,
        door_id: &id,
        action: "door_unlock",
        reason: &why,
        refused_under_lockdown: true,
    };
    let request = serde_json::json!({"unlock": id, "seconds": req.seconds, "reason": why});
    let (state, id, seconds) = (&state, &id, req.seconds);
    action
        .run(&headers, request, |door| async move {
            Ok(Done {
                upstream: state.upstream.open_door(id, seconds).await,
                detail: serde_json::json!({"door": door.name, "seconds": seconds}),
                result: DoorActionResult {
                    door_id: id.clone(),
                    opened_for: Some(seconds),
                    alarms_acknowledged: None,
                    not_supported: Vec::new(),
                },
            })
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
    let action = DoorAction {
        state: &state,
        user: &user,
        door_id: &id,
        action: "door_cancel_alarm",
        reason: &why,
        refused_under_lockdown: false,
    };
    let request = serde_json::json!({"cancel_alarm": id, "reason": why});
    let (state, id, why, user) = (&state, &id, &why, &user);
    action
        .run(&headers, request, |door| async move {
            let remark = if why.is_empty() {
                "Alarm cancelled from Remote Control"
            } else {
                why.as_str()
            };
            let acked = crate::alarms::ack_at_door(&state.db, &door.name, &user.subject, remark).await?;
            Ok(Done {
                upstream: state.upstream.close_door(id).await,
                detail: serde_json::json!({"door": door.name, "alarm": door.alarm, "alarms_acknowledged": acked}),
                result: DoorActionResult {
                    door_id: id.clone(),
                    opened_for: None,
                    alarms_acknowledged: Some(acked as u32),
                    not_supported: vec!["device_alarm_output".into()],
                },
            })
        })
        .await
}
