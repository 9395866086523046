//! Admin › Visitors: a day's visits and counts, registration (check-in) through the durable outbox,
//! check-out, the hosts to choose from, and visit statistics.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cvm_api::{
    Host, HostQuery, Problem, Visit, VisitList, VisitQuery, VisitStats, VisitStatus, VisitSummary,
    VisitorRegistration,
};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::extract::{Json, Query};
use crate::idempotency;
use crate::state::AppState;
use crate::visitors;

/// Hosts a search lists at most.
const HOSTS_MAX: usize = 10;

/// A day's visits (today by default), newest first; `q` finds text in the visitor's name, `status` keeps
/// one state. Registrations cvlink still holds (CVSecurity unreachable) are listed as `waiting`; while
/// CVSecurity cannot be reached, only those are listed and `unavailable` says why.
#[utoipa::path(get, path = "/api/v1/visitors", tag = "visitors", params(VisitQuery),
    responses((status = 200, body = VisitList), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem), (status = 502, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<VisitQuery>,
) -> ApiResult<Json<VisitList>> {
    let date = visitors::day(q.date.as_deref())?;
    let text =
        q.q.as_deref()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty());
    let (visits, unavailable) = visitors::day_visits_held_first(&state, &date).await?;
    Ok(Json(VisitList {
        visits: visits
            .into_iter()
            .filter(|v| q.status.is_none_or(|s| v.status == s))
            .filter(|v| {
                text.as_ref()
                    .is_none_or(|t| v.visitor.to_lowercase().contains(t.as_str()))
            })
            .collect(),
        unavailable: unavailable.map(|e| e.to_string()),
    }))
}

/// A day's counts (today by default): visits, not checked out, checked out, waiting, people. This
/// month's counts may be up to 10 s behind changes made outside cvlink.
#[utoipa::path(get, path = "/api/v1/visitors/summary", tag = "visitors", params(VisitQuery),
    responses((status = 200, body = VisitSummary), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 502, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    Query(q): Query<VisitQuery>,
) -> ApiResult<Json<VisitSummary>> {
    let date = visitors::day(q.date.as_deref())?;
    let visits = visitors::counted_day_visits(&state, &date).await?;
    Ok(Json(visitors::summary(&date, &visits)))
}

/// Today's visitor flow by hour and the month's top 5 visitors (up to 10 s behind changes made outside
/// cvlink).
#[utoipa::path(get, path = "/api/v1/visitors/stats", tag = "visitors",
    responses((status = 200, body = VisitStats), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 502, body = Problem)))]
pub async fn stats(State(state): State<AppState>) -> ApiResult<Json<VisitStats>> {
    Ok(Json(visitors::stats(&state).await?))
}

/// Persons who can host a visit, by name or the start of their personnel ID (at most 10), from a
/// person list cvlink keeps and refreshes (no keystroke reads CVSecurity's person list).
#[utoipa::path(get, path = "/api/v1/hosts", tag = "visitors", params(HostQuery),
    responses((status = 200, body = Vec<Host>), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 502, body = Problem)))]
pub async fn hosts(
    State(state): State<AppState>,
    Query(q): Query<HostQuery>,
) -> ApiResult<Json<Vec<Host>>> {
    let people = state.people.people(&state.upstream).await?;
    Ok(Json(
        crate::people::search(&people.list, &q.q, HOSTS_MAX)
            .into_iter()
            .map(|p| Host {
                pin: p.pin.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
            })
            .collect(),
    ))
}

/// Registers (checks in) a visitor. 201 with the visit once CVSecurity has it; 202 with a `waiting` visit
/// when CVSecurity cannot be reached (kept in the outbox and registered as soon as it answers); 422 with
/// the field when CVSecurity refuses it (e.g. block list, with `upstream_code`). Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/visitors", tag = "visitors", request_body = VisitorRegistration,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = Visit), (status = 202, description = "accepted, waiting for CVSecurity", body = Visit),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, description = "validation: a form field (also CVSecurity's visitor errors, with upstream_code)", body = Problem)))]
pub async fn register(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    Json(req): Json<VisitorRegistration>,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let request = serde_json::to_string(&req).unwrap_or_default();
    idempotency::once(&state, &user.actor(), key, request, || async {
        let visit = visitors::register(&state, &user.actor(), &req).await?;
        let status = if visit.status == VisitStatus::Waiting {
            StatusCode::ACCEPTED
        } else {
            StatusCode::CREATED
        };
        Ok((status, Json(visit)).into_response())
    })
    .await
}

/// Checks a visitor out (audited); the visit as it now stands. Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/visitors/{id}/checkout", tag = "visitors",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Visit), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem)))]
pub async fn checkout(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    idempotency::once(
        &state,
        &user.actor(),
        key,
        format!("checkout {id}"),
        || async {
            let visit = visitors::checkout(&state, &user.actor(), &id).await?;
            Ok((StatusCode::OK, Json(visit)).into_response())
        },
    )
    .await
}
