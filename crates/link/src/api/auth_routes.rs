//! Login, token refresh and logout.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cvm_api::{LoginRequest, LogoutRequest, Problem, RefreshRequest, Role, TokenPair};

use crate::auth::{self, create_session, refresh_session, revoke_by_refresh, verify_self_pwd};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;
use crate::upstream::UpstreamError;

/// The client's address when the server was started with connect info.
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Log in as an administrator (cvlink account) or as personnel (personnel ID + CVSecurity self-service password).
#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest, tag = "auth",
    responses(
        (status = 200, body = TokenPair),
        (status = 401, description = "invalid_credentials", body = Problem),
        (status = 403, description = "app_login_disabled", body = Problem),
        (status = 422, description = "validation", body = Problem),
        (status = 429, description = "too_many_attempts", body = Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    let account = req.account.trim();
    if account.is_empty() {
        return Err(ApiError::validation("account", "the account is empty"));
    }
    if account.len() > 64 {
        return Err(ApiError::validation(
            "account",
            "the account is longer than 64 characters",
        ));
    }
    if req.password.is_empty() {
        return Err(ApiError::validation("password", "the password is empty"));
    }
    if req.password.len() > 256 {
        return Err(ApiError::validation(
            "password",
            "the password is longer than 256 characters",
        ));
    }
    let window = Duration::from_secs(state.auth.lockout_window_secs);
    let max = state.auth.max_failures;
    let account_key = format!("{}:{}", req.role.as_str(), account.to_lowercase());
    // Loopback peers are the relay's tunnel (rathole cannot carry the client's address, so every relayed
    // phone arrives as 127.0.0.1) or a browser on the gateway itself: they are limited per account only,
    // so nobody behind the relay can lock every relayed user out.
    let ip_key =
        ip.0.filter(|ip| !ip.is_loopback())
            .map(|ip| format!("ip:{ip}"));
    // Each attempt counts as soon as it is let through, so parallel requests get no extra guesses.
    state
        .throttle
        .attempt(&account_key, max, window)
        .map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    if let Some(k) = &ip_key {
        state
            .throttle
            .attempt(k, max * 4, window)
            .map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    }

    let outcome = match req.role {
        Role::Admin => check_admin(&state, account, &req.password).await,
        Role::Personnel => check_personnel(&state, account, &req.password).await,
    };
    match outcome {
        Ok((subject, tag)) => {
            state.throttle.clear(&account_key);
            let tokens =
                create_session(&state.db, &state.auth, req.role, &subject, tag.as_deref()).await?;
            db::audit(
                &state.db,
                &format!("{}:{subject}", req.role.as_str()),
                "login",
                None,
                None,
            )
            .await?;
            Ok(no_store(tokens))
        }
        Err(e) => {
            if matches!(e, ApiError::InvalidCredentials) {
                db::audit(
                    &state.db,
                    &format!("{}:{account}", req.role.as_str()),
                    "login_failed",
                    None,
                    None,
                )
                .await?;
            }
            // CVSecurity's own words are not for anonymous callers.
            Err(match e {
                ApiError::Upstream(UpstreamError::Api { code, .. }) => {
                    ApiError::Upstream(UpstreamError::Api {
                        code,
                        message: String::new(),
                    })
                }
                e => e,
            })
        }
    }
}

/// Tokens are never cached, by the browser or anything between.
fn no_store(tokens: TokenPair) -> Response {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(tokens),
    )
        .into_response()
}

/// An admin's account name when the password is right (no credential tag: admins' passwords live here).
async fn check_admin(
    state: &AppState,
    account: &str,
    password: &str,
) -> ApiResult<(String, Option<String>)> {
    let row = db::admin_hash(&state.db, account).await?;
    let (name, hash) = match &row {
        Some((name, hash)) => (name.clone(), hash.clone()),
        // Spend the same time on unknown accounts as on known ones.
        None => (String::new(), auth::dummy_hash().to_string()),
    };
    let ok = crate::passwords::verify_hashed(state, hash, password).await?;
    if ok && row.is_some() {
        Ok((name, None))
    } else {
        Err(ApiError::InvalidCredentials)
    }
}

/// A person's pin and the tag of their password when it is right.
async fn check_personnel(
    state: &AppState,
    pin: &str,
    password: &str,
) -> ApiResult<(String, Option<String>)> {
    let person = state
        .upstream
        .person(pin)
        .await?
        .ok_or(ApiError::InvalidCredentials)?;
    // A person who changed their password in the app logs in with that one from then on.
    let tag = match crate::passwords::app_hash(&state.db, &person.pin).await? {
        Some(hash) => {
            if !crate::passwords::verify_hashed(state, hash.clone(), password).await? {
                return Err(ApiError::InvalidCredentials);
            }
            auth::credential_tag(&hash)
        }
        None => {
            let self_pwd = person.self_pwd.as_deref().unwrap_or_default();
            if self_pwd.is_empty() || !verify_self_pwd(self_pwd, password) {
                return Err(ApiError::InvalidCredentials);
            }
            auth::credential_tag(self_pwd)
        }
    };
    if !db::app_login_enabled(&state.db, &person.pin).await? {
        return Err(ApiError::AppLoginDisabled(person.pin));
    }
    Ok((person.pin, Some(tag)))
}

/// Exchange a refresh token for a new token pair. Each refresh token works once; one used twice ends its
/// session. A person's session also ends when App Login is switched off, when they are no longer in
/// CVSecurity (resigned, deleted) or when their password there has changed.
#[utoipa::path(post, path = "/api/v1/auth/refresh", request_body = RefreshRequest, tag = "auth",
    responses((status = 200, body = TokenPair), (status = 401, description = "invalid_token", body = Problem),
        (status = 403, description = "app_login_disabled: the person's App Login was switched off", body = Problem)))]
pub async fn refresh(
    State(state): State<AppState>,
    Json(req): Json<RefreshRequest>,
) -> ApiResult<Response> {
    let r = refresh_session(&state.db, &state.auth, &req.refresh_token).await?;
    if r.tokens.role == Role::Personnel {
        if let Some(why) = personnel_gone(&state, &r.subject, r.credential_tag.as_deref()).await? {
            auth::revoke_session(&state.db, r.session_id).await?;
            db::audit(
                &state.db,
                &format!("personnel:{}", r.subject),
                "session_ended",
                None,
                Some(why),
            )
            .await?;
            return Err(if why == APP_LOGIN_OFF {
                ApiError::AppLoginDisabled(r.subject)
            } else {
                ApiError::InvalidToken
            });
        }
    }
    Ok(no_store(r.tokens))
}

const APP_LOGIN_OFF: &str = "app login disabled";

/// Why a person may no longer have a session, if so. When CVSecurity cannot be reached the session goes
/// on (the person is checked at the next refresh); only a clear answer ends it.
async fn personnel_gone(
    state: &AppState,
    pin: &str,
    tag: Option<&str>,
) -> ApiResult<Option<&'static str>> {
    if !db::app_login_enabled(&state.db, pin).await? {
        return Ok(Some(APP_LOGIN_OFF));
    }
    match state.upstream.person(pin).await {
        Ok(None) => Ok(Some("no longer in CVSecurity")),
        Ok(Some(p)) => {
            let now = match crate::passwords::app_hash(&state.db, pin).await? {
                Some(hash) => Some(auth::credential_tag(&hash)),
                None => p.self_pwd.as_deref().map(auth::credential_tag),
            };
            Ok(
                (tag.is_some() && now.as_deref() != tag)
                    .then_some("password changed in CVSecurity"),
            )
        }
        Err(crate::upstream::UpstreamError::Unavailable(e)) => {
            tracing::warn!(error = %e, pin, "CVSecurity unreachable at refresh; the session goes on");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// End the session of this refresh token.
#[utoipa::path(post, path = "/api/v1/auth/logout", request_body = LogoutRequest, tag = "auth",
    responses((status = 204, description = "logged out (also when the token was already invalid)")))]
pub async fn logout(
    State(state): State<AppState>,
    Json(req): Json<LogoutRequest>,
) -> ApiResult<StatusCode> {
    revoke_by_refresh(&state.db, &req.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
