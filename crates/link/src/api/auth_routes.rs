//! Login, token refresh and logout.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cvm_api::{paths, LoginRequest, LogoutRequest, Problem, RefreshRequest, Role, TokenPair};

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
    cookie: RefreshCookie,
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
            Ok(cookie.answer(tokens, state.auth.refresh_ttl_secs))
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

/// The gateway's plain-HTTP listener marks its requests with this (the refresh cookie cannot be
/// `Secure` there: that listener serves only loopback, see `listen.http`).
#[derive(Clone, Copy)]
pub struct PlainHttp;

/// Where a browser keeps its refresh token: an `HttpOnly`, `SameSite=Strict` cookie sent only to
/// `/api/v1/auth`, which the page's scripts (and so an injected script) cannot read. A request opts in
/// with the [`paths::REFRESH_IN_COOKIE`] header; without it tokens travel in the bodies as before (the
/// native apps keep them in the platform's keystore).
pub struct RefreshCookie {
    wanted: bool,
    secure: bool,
    token: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for RefreshCookie {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == paths::REFRESH_COOKIE)
            .map(|(_, value)| value.to_string())
            .filter(|v| !v.is_empty());
        Ok(Self {
            wanted: parts.headers.contains_key(paths::REFRESH_IN_COOKIE),
            secure: parts.extensions.get::<PlainHttp>().is_none(),
            token,
        })
    }
}

impl RefreshCookie {
    /// The refresh token of a refresh or logout: the body's, or the cookie's when the body has none and
    /// the caller asked for the cookie (a cross-site page cannot add that header without CORS, which the
    /// gateway does not grant).
    fn token<'a>(&'a self, body: &'a str) -> &'a str {
        match &self.token {
            Some(cookie) if body.is_empty() && self.wanted => cookie,
            _ => body,
        }
    }

    /// The answer with new tokens: never cached; for a browser the refresh token moves to the cookie.
    fn answer(&self, mut tokens: TokenPair, max_age: u64) -> Response {
        let mut headers = vec![(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))];
        if self.wanted {
            let refresh = std::mem::take(&mut tokens.refresh_token);
            headers.push((header::SET_COOKIE, self.cookie(&refresh, max_age)));
        }
        let mut resp = Json(tokens).into_response();
        resp.headers_mut().extend(headers);
        resp
    }

    /// Forgets the browser's cookie (logout, or a refresh token the gateway refused).
    fn forget(&self, resp: &mut Response) {
        if self.wanted || self.token.is_some() {
            resp.headers_mut()
                .insert(header::SET_COOKIE, self.cookie("", 0));
        }
    }

    fn cookie(&self, value: &str, max_age: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let text = format!(
            "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            paths::REFRESH_COOKIE,
            paths::AUTH_PREFIX,
        );
        // Tokens are URL-safe text; anything else is dropped rather than sent broken.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }
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
    cookie: RefreshCookie,
    Json(req): Json<RefreshRequest>,
) -> ApiResult<Response> {
    match refresh_tokens(&state, &cookie, &req).await {
        Ok(tokens) => Ok(cookie.answer(tokens, state.auth.refresh_ttl_secs)),
        Err(e) => {
            let mut resp = e.into_response();
            // A refused token is of no more use: the browser drops it (a gateway in trouble keeps it).
            if matches!(
                resp.status(),
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ) {
                cookie.forget(&mut resp);
            }
            Ok(resp)
        }
    }
}

async fn refresh_tokens(
    state: &AppState,
    cookie: &RefreshCookie,
    req: &RefreshRequest,
) -> ApiResult<TokenPair> {
    let r = refresh_session(&state.db, &state.auth, cookie.token(&req.refresh_token)).await?;
    if r.tokens.role == Role::Personnel {
        if let Some(why) = personnel_gone(state, &r.subject, r.credential_tag.as_deref()).await? {
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
    Ok(r.tokens)
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
    cookie: RefreshCookie,
    Json(req): Json<LogoutRequest>,
) -> ApiResult<Response> {
    revoke_by_refresh(&state.db, cookie.token(&req.refresh_token)).await?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    cookie.forget(&mut resp);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(secure: bool, wanted: bool, token: Option<&str>) -> RefreshCookie {
        RefreshCookie {
            wanted,
            secure,
            token: token.map(String::from),
        }
    }

    #[test]
    fn the_cookie_is_secure_except_on_the_loopback_http_listener() {
        let https = cookie(true, true, None).cookie("cvr_x", 60);
        assert_eq!(
            https,
            "cvm_refresh=cvr_x; Path=/api/v1/auth; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
        let http = cookie(false, true, None).cookie("cvr_x", 60);
        assert!(!http.to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn the_body_token_wins_and_the_cookie_counts_only_when_asked_for() {
        assert_eq!(cookie(true, true, Some("c")).token("b"), "b");
        assert_eq!(cookie(true, true, Some("c")).token(""), "c");
        assert_eq!(cookie(true, false, Some("c")).token(""), "");
        assert_eq!(cookie(true, true, None).token(""), "");
    }
}
