//! The logged-in user and public facts about the site.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat, Utc};
use cvm_api::{
    Credential, EventId, EventKind, EventLevel, GatewayStatus, LiveEvent, Me, OrgInfo, Page,
    PageQuery, PasswordChange, Problem, Role,
};

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

/// A notification self-test: a `test` event goes to the caller's own open event streams (and nobody
/// else's) at once, so a user can tell a silent site from a phone that does not get events. Nothing is
/// stored. Answers the event sent.
#[utoipa::path(post, path = "/api/v1/me/test-notification", tag = "events",
    responses((status = 202, body = LiveEvent), (status = 401, body = Problem)))]
pub async fn test_notification(
    State(state): State<AppState>,
    user: AuthUser,
) -> (StatusCode, Json<LiveEvent>) {
    let at = chrono::Local::now().format(crate::alarms::TIME).to_string();
    let event = LiveEvent {
        to: Some(user.actor()),
        ..LiveEvent::new(
            EventId(0),
            at,
            EventKind::Test,
            EventLevel::Normal,
            "test notification",
        )
    };
    state.bus.publish(event.clone());
    (StatusCode::ACCEPTED, Json(event))
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

/// Changes the caller's password for the app. CVSecurity's API cannot change a self-service password, so
/// the new one becomes the person's app password (argon2, kept by cvlink) and the web portal keeps the
/// old one. Throttled like login; a weak password is refused with the reason (field `new`). The person's
/// other sessions end; this one goes on.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "personnel", request_body = PasswordChange,
    responses((status = 204, description = "changed"), (status = 401, body = Problem),
        (status = 422, description = "validation: `current` is wrong, or `new` is too weak (with the reason)", body = Problem),
        (status = 429, body = Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<PasswordChange>,
) -> ApiResult<StatusCode> {
    let pin = user.subject.clone();
    let window = std::time::Duration::from_secs(state.auth.lockout_window_secs);
    let key = format!("password:{pin}");
    state
        .throttle
        .attempt(&key, state.auth.max_failures, window)
        .map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    let person = state
        .upstream
        .person(&pin)
        .await?
        .ok_or(ApiError::PersonDisabled)?;
    let current_ok = match crate::passwords::app_hash(&state.db, &pin).await? {
        Some(hash) => crate::passwords::verify_hashed(&state, hash, &req.current).await?,
        None => person
            .self_pwd
            .as_deref()
            .is_some_and(|p| !p.is_empty() && crate::auth::verify_self_pwd(p, &req.current)),
    };
    if !current_ok {
        db::audit(
            &state.db,
            &user.actor(),
            "password_change_failed",
            None,
            None,
        )
        .await?;
        return Err(ApiError::validation(
            "current",
            "the current password is wrong",
        ));
    }
    state.throttle.clear(&key);
    if req.new == req.current {
        return Err(ApiError::validation(
            "new",
            "is the same as the current password",
        ));
    }
    let first = person.name.clone().unwrap_or_default();
    let last = person.last_name.clone().unwrap_or_default();
    crate::passwords::strength(&req.new, &[&pin, &first, &last])
        .map_err(|why| ApiError::validation("new", why))?;
    let new = req.new.clone();
    let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&new))
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
    let mut tx = state.db.begin().await?;
    crate::passwords::set(&mut *tx, &pin, &hash).await?;
    // Every other session of the person ends; this one carries the new password's tag.
    sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND role = 'personnel' AND subject = ? AND id <> ?",
    )
    .bind(db::now())
    .bind(&pin)
    .bind(user.session_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE sessions SET credential_tag = ? WHERE id = ?")
        .bind(crate::auth::credential_tag(&hash))
        .bind(user.session_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    db::audit(&state.db, &user.actor(), "password_change", None, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an integrator checks first: CVSecurity reachable, the poller's lag, the outbox, mail, relay.
#[utoipa::path(get, path = "/api/v1/status", tag = "admin",
    responses((status = 200, body = GatewayStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn status(State(state): State<AppState>) -> ApiResult<Json<GatewayStatus>> {
    let (upstream_reachable, upstream_error) = match state.upstream.person_count().await {
        Ok(_) => (true, None),
        Err(e) => (false, Some(e.to_string())),
    };
    let (outbox_queued, outbox_failed) = crate::outbox::depth(&state.db).await?;
    let poller_lag_secs = crate::poller::last_poll_age(&state);
    Ok(Json(GatewayStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        upstream_reachable,
        upstream_error,
        poller_lag_secs,
        outbox_queued,
        outbox_failed,
        mail_configured: state.mail_configured,
        relay: state.relay.borrow().clone(),
    }))
}
