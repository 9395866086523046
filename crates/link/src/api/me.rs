//! The logged-in user and public facts about the site.

use axum::extract::State;
use chrono::{Duration, SecondsFormat, Utc};
use cvm_api::{Credential, LiveEvent, Me, OrgInfo, Page, PageQuery, Problem, Role};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::{db, upstream::UpstreamError};

/// The caller's account (any role).
#[utoipa::path(get, path = "/api/v1/me", tag = "account", 
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Me>> {
    let org_name = state.org.name.clone();
    Ok(Json(match user.role {
        Role::Admin => Me {
            role: Role::Admin,
            name: user.subject.clone(),
            account: user.subject,
            department: None,
            org_name,
        },
        Role::Personnel => {
            let person = state
                .upstream
                .person(&user.subject)
                .await?
                .ok_or(ApiError::InvalidToken)?;
            Me {
                role: Role::Personnel,
                name: person.full_name(),
                department: person.dept_name.clone().filter(|d| !d.is_empty()),
                account: person.pin,
                org_name,
            }
        }
    }))
}

/// The organization's name, the gateway version and its key fingerprint. No login needed.
#[utoipa::path(get, path = "/api/v1/org", tag = "account", responses((status = 200, body = OrgInfo)))]
pub async fn org(State(state): State<AppState>) -> Json<OrgInfo> {
    Json(OrgInfo {
        name: state.org.name.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        fingerprint: state.org.fingerprint.to_hex(),
    })
}

/// A fresh dynamic QR credential for the caller, from CVSecurity's `getQrCode`, with its validity.
/// Refused with `app_login_disabled` once App Login is switched off and `person_disabled` while
/// CVSecurity lists the person as disabled (or not at all); nothing is cached, every call is a new code.
#[utoipa::path(get, path = "/api/v1/me/credential", tag = "personnel",
    responses((status = 200, body = Credential), (status = 401, body = Problem),
        (status = 403, description = "app_login_disabled, person_disabled or forbidden (admins)", body = Problem),
        (status = 502, description = "upstream_unavailable: no fresh code can be had now", body = Problem)))]
pub async fn credential(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Credential>> {
    let pin = user.subject;
    if !db::app_login_enabled(&state.db, &pin).await? {
        return Err(ApiError::AppLoginDisabled(pin));
    }
    match state.upstream.person(&pin).await? {
        Some(p) if !p.disabled() => {}
        _ => return Err(ApiError::PersonDisabled),
    }
    let qr = match state.upstream.qr_code(&pin).await {
        Ok(qr) => qr,
        // Removed between the two calls.
        Err(UpstreamError::Api { code: -22, .. }) => return Err(ApiError::PersonDisabled),
        Err(e) => return Err(e.into()),
    };
    let valid_secs = state.upstream.qr_validity_secs();
    let issued = Utc::now();
    let expires = issued + Duration::seconds(i64::from(valid_secs));
    Ok(Json(Credential {
        qr,
        issued_at: issued.to_rfc3339_opts(SecondsFormat::Millis, true),
        expires_at: expires.to_rfc3339_opts(SecondsFormat::Millis, true),
        valid_secs,
    }))
}

/// The caller's own access records (granted and denied), newest first, from what the event poller
/// stored; `cursor` is the previous page's `next_cursor`. Nobody else's record is ever listed.
#[utoipa::path(get, path = "/api/v1/me/records", tag = "personnel", params(PageQuery),
    responses((status = 200, body = Page<LiveEvent>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn records(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<LiveEvent>>> {
    super::events::page_of(&state, Role::Personnel, &user.subject, &q).await
}
