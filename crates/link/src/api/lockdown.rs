//! Admin › Remote Lockdown: groups of doors (created and edited by admins or with `cvlink
//! lockdown-group`), activated and cancelled as one. Activation closes every door of the group upstream;
//! the poller re-closes a door found open, and remote unlock of those doors is refused, until cancelled.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cvm_api::{
    EventKind, EventLevel, LockdownGroup, LockdownGroupRequest, LockdownState, Problem,
    ReasonRequest,
};

use crate::api::doors::reason;
use crate::auth::AuthUser;
use crate::db::{self, Audit};
use crate::error::{ApiError, ApiResult};
use crate::events::NewEvent;
use crate::extract::Json;
use crate::lockdown;
use crate::state::AppState;

/// Every lockdown group and whether any is under lockdown.
#[utoipa::path(get, path = "/api/v1/lockdown", tag = "lockdown",
    responses((status = 200, body = LockdownState), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn state(State(state): State<AppState>) -> ApiResult<Json<LockdownState>> {
    let groups = lockdown::groups(&state.db).await?;
    Ok(Json(LockdownState {
        any_active: groups.iter().any(|g| g.active),
        groups,
    }))
}

async fn known_doors(state: &AppState) -> ApiResult<HashSet<String>> {
    Ok(state
        .upstream
        .door_states()
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect())
}

async fn save(
    state: &AppState,
    user: &AuthUser,
    id: Option<i64>,
    req: &LockdownGroupRequest,
) -> ApiResult<LockdownGroup> {
    lockdown::validate(&req.name, &req.doors, &known_doors(state).await?)?;
    let id = lockdown::save(&state.db, id, &req.name, &req.doors).await?;
    let group = lockdown::group(&state.db, id).await?;
    db::record(
        &state.db,
        &Audit {
            actor: &user.actor(),
            action: "lockdown_group_save",
            target: Some(&group.name),
            detail: Some(serde_json::json!({"id": id, "doors": group.doors}).to_string()),
            ..Audit::default()
        },
    )
    .await?;
    Ok(group)
}

/// Creates a lockdown group from doors of the site.
#[utoipa::path(post, path = "/api/v1/lockdown/groups", tag = "lockdown", request_body = LockdownGroupRequest,
    responses((status = 200, body = LockdownGroup), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<LockdownGroupRequest>,
) -> ApiResult<Json<LockdownGroup>> {
    Ok(Json(save(&state, &user, None, &req).await?))
}

fn group_id(raw: &str) -> ApiResult<i64> {
    raw.parse()
        .map_err(|_| ApiError::validation("group", "not a lockdown group id"))
}

/// Renames a group or changes its doors.
#[utoipa::path(put, path = "/api/v1/lockdown/groups/{id}", tag = "lockdown", request_body = LockdownGroupRequest,
    params(("id" = i64, Path)),
    responses((status = 200, body = LockdownGroup), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(req): Json<LockdownGroupRequest>,
) -> ApiResult<Json<LockdownGroup>> {
    Ok(Json(save(&state, &user, Some(group_id(&id)?), &req).await?))
}

/// Deletes a group that is not under lockdown.
#[utoipa::path(delete, path = "/api/v1/lockdown/groups/{id}", tag = "lockdown", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let group = lockdown::group(&state.db, group_id(&id)?).await?;
    if group.active {
        return Err(ApiError::validation(
            "group",
            "cancel the lockdown before deleting the group",
        ));
    }
    lockdown::remove(&state.db, group.id).await?;
    db::record(
        &state.db,
        &Audit {
            actor: &user.actor(),
            action: "lockdown_group_delete",
            target: Some(&group.name),
            ..Audit::default()
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes a lockdown change on the admins' live feed.
async fn announce(
    state: &AppState,
    group: &LockdownGroup,
    activated: bool,
    by: &str,
) -> ApiResult<()> {
    let change = if activated { "activate" } else { "cancel" };
    let e = NewEvent {
        dedup: format!(
            "lockdown\u{1f}{}\u{1f}{change}\u{1f}{}",
            group.id,
            chrono::Utc::now().timestamp_millis()
        ),
        upstream_id: None,
        at: chrono::Local::now().format(crate::alarms::TIME).to_string(),
        kind: EventKind::Lockdown,
        level: if activated {
            EventLevel::Alarm
        } else {
            EventLevel::Normal
        },
        event_no: None,
        name: change.into(),
        device: None,
        device_sn: None,
        point: Some(group.name.clone()),
        area: None,
        pin: None,
        person: Some(by.to_string()),
        verify: None,
        photo: None,
    };
    if let Some(stored) = crate::events::insert(&state.db, &e).await? {
        state.bus.publish(stored);
    }
    Ok(())
}

/// Puts a group under lockdown: every door is closed upstream, and stays closed until cancel. Activating
/// a group already under lockdown changes nothing (two admins at once make one lockdown).
#[utoipa::path(post, path = "/api/v1/lockdown/{group}/activate", tag = "lockdown", request_body = ReasonRequest,
    params(("group" = i64, Path)),
    responses((status = 200, body = LockdownGroup), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn activate(
    State(state): State<AppState>,
    user: AuthUser,
    Path(group): Path<String>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<LockdownGroup>> {
    let id = group_id(&group)?;
    let why = reason(req.reason.as_deref())?;
    if !lockdown::activate(&state.db, id, &user.subject, &why).await? {
        return Ok(Json(lockdown::group(&state.db, id).await?));
    }
    let group = lockdown::group(&state.db, id).await?;
    let closes =
        futures::future::join_all(group.doors.iter().map(|d| state.upstream.close_door(d))).await;
    let answers: Vec<serde_json::Value> = group
        .doors
        .iter()
        .zip(&closes)
        .map(|(d, r)| serde_json::json!({"door": d, "close": r.as_ref().map_or_else(|e| e.to_string(), |_| "ok".into())}))
        .collect();
    let all_ok = closes.iter().all(Result::is_ok);
    db::record(
        &state.db,
        &Audit {
            actor: &user.actor(),
            action: "lockdown_activate",
            target: Some(&group.name),
            reason: Some(&why),
            upstream: Some(if all_ok {
                "ok"
            } else {
                "some doors could not be closed"
            }),
            detail: Some(serde_json::Value::Array(answers).to_string()),
        },
    )
    .await?;
    announce(&state, &group, true, &user.subject).await?;
    Ok(Json(group))
}

/// Ends a group's lockdown: its doors can be unlocked again.
#[utoipa::path(post, path = "/api/v1/lockdown/{group}/cancel", tag = "lockdown", request_body = ReasonRequest,
    params(("group" = i64, Path)),
    responses((status = 200, body = LockdownGroup), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn cancel(
    State(state): State<AppState>,
    user: AuthUser,
    Path(group): Path<String>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<LockdownGroup>> {
    let id = group_id(&group)?;
    let why = reason(req.reason.as_deref())?;
    let changed = lockdown::cancel(&state.db, id).await?;
    let group = lockdown::group(&state.db, id).await?;
    if changed {
        db::record(
            &state.db,
            &Audit {
                actor: &user.actor(),
                action: "lockdown_cancel",
                target: Some(&group.name),
                reason: Some(&why),
                ..Audit::default()
            },
        )
        .await?;
        announce(&state, &group, false, &user.subject).await?;
    }
    Ok(Json(group))
}
