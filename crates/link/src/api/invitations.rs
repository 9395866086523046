//! Personnel: visitor invitations (`/invitations`, `/visit-reasons`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cvm_api::{Invitation, InvitationRequest, Page, PageQuery, Problem, ReinviteRequest};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::idempotency;
use crate::invitations;
use crate::paging::Keyset;
use crate::state::AppState;

/// The caller's invitations, newest first, each with its status and its e-mail's state.
#[utoipa::path(get, path = "/api/v1/invitations", tag = "personnel", params(PageQuery),
    responses((status = 200, body = Page<Invitation>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<Invitation>>> {
    let keyset = Keyset::parse(q.cursor.as_deref(), q.limit)?;
    let rows = invitations::page(
        &state.db,
        &user.subject,
        keyset.before.map(|b| b.0),
        keyset.fetch(),
    )
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(invitations::view(&state, row).await?);
    }
    Ok(Json(keyset.page(items, |i| cvm_api::EventId(i.id))))
}

/// One of the caller's invitations (404 for anybody else's).
#[utoipa::path(get, path = "/api/v1/invitations/{id}", tag = "personnel",
    params(("id" = i64, Path)),
    responses((status = 200, body = Invitation), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Invitation>> {
    let row = invitations::get_mine(&state.db, &user.subject, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(invitations::view(&state, row).await?))
}

/// Invites a visitor: the reservation is made in CVSecurity, the invitation stored and its e-mail queued
/// (sent at once when the mail server is up; otherwise retried, never lost). The answer holds the
/// visitor's QR code and says what happened to the e-mail. Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "personnel", request_body = InvitationRequest,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = Invitation),
        (status = 422, description = "validation: a form field (also CVSecurity's visitor errors, with upstream_code)", body = Problem),
        (status = 502, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    Json(req): Json<InvitationRequest>,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let request = serde_json::to_string(&req).unwrap_or_default();
    idempotency::once(&state, &user.actor(), key, request, || async {
        let inv = invitations::create(&state, &user.subject, &req, None).await?;
        Ok((StatusCode::CREATED, Json(inv)).into_response())
    })
    .await
}

/// Re-Invitation: the same visitor and details with new times, a new invitation with a new code.
#[utoipa::path(post, path = "/api/v1/invitations/{id}/reinvite", tag = "personnel", request_body = ReinviteRequest,
    params(("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = Invitation), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn reinvite(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(req): Json<ReinviteRequest>,
) -> ApiResult<Response> {
    let key = idempotency::key(&headers)?;
    let request = format!("{id} {}", serde_json::to_string(&req).unwrap_or_default());
    idempotency::once(&state, &user.actor(), key, request, || async {
        let old = invitations::get_mine(&state.db, &user.subject, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let again = InvitationRequest {
            first_name: old.first_name,
            last_name: old.last_name,
            email: old.email,
            mobile: old.mobile,
            start: req.start.clone(),
            end: req.end.clone(),
            reason: old.reason,
            visitors: old.visitors.clamp(0, 99) as u32,
            remarks: old.remarks,
            language: if req.language.is_empty() {
                old.language
            } else {
                req.language.clone()
            },
        };
        let inv = invitations::create(&state, &user.subject, &again, Some(id)).await?;
        Ok((StatusCode::CREATED, Json(inv)).into_response())
    })
    .await
}

/// The visit reasons to choose from (`[visitors] reasons` in `cvlink.toml`).
#[utoipa::path(get, path = "/api/v1/visit-reasons", tag = "personnel",
    responses((status = 200, body = Vec<String>)))]
pub async fn reasons(State(state): State<AppState>) -> Json<Vec<String>> {
    Json(state.visit_reasons.as_ref().clone())
}
