//! The one API error type of cvlink, answered as `application/problem+json` with a stable code.
//! Internal detail is logged, never returned.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cvm_api::{ErrorCode, Problem};

use crate::upstream::UpstreamError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("access token expired")]
    TokenExpired,
    #[error("invalid token")]
    InvalidToken,
    #[error("wrong account or password")]
    InvalidCredentials,
    #[error("app login is not enabled for {0}")]
    AppLoginDisabled(String),
    #[error("too many failed attempts")]
    TooManyAttempts { retry_after: u64 },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("the door's device is offline")]
    DeviceOffline,
    #[error("the door is under lockdown")]
    LockedDown,
    #[error("the person is disabled in CVSecurity or no longer there")]
    PersonDisabled,
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("the first request with this idempotency key was cut short by a restart")]
    OutcomeUnknown,
    /// CVSecurity refused a form because of one of its fields (its visitor errors).
    #[error("CVSecurity refused {field}: {code} {message}")]
    UpstreamField {
        field: &'static str,
        code: i64,
        message: String,
    },
    #[error("invalid {field}: {message}")]
    Validation {
        field: Cow<'static, str>,
        message: String,
    },
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl ApiError {
    pub fn validation(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        ApiError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn problem(&self) -> Problem {
        match self {
            ApiError::Unauthenticated => Problem::new(ErrorCode::Unauthenticated, "Authentication required")
                .with_detail("Send `Authorization: Bearer <access token>`."),
            ApiError::TokenExpired => Problem::new(ErrorCode::TokenExpired, "Access token expired")
                .with_detail("Refresh it with POST /api/v1/auth/refresh."),
            ApiError::InvalidToken => Problem::new(ErrorCode::InvalidToken, "Invalid or revoked token"),
            ApiError::InvalidCredentials => {
                Problem::new(ErrorCode::InvalidCredentials, "Wrong account or password")
            }
            ApiError::AppLoginDisabled(pin) => Problem::new(ErrorCode::AppLoginDisabled, "Unauthorized APP login")
                .with_detail(format!(
                    "App Login is not enabled for personnel ID {pin}. An administrator can enable it with `cvlink app-login enable {pin}`."
                )),
            ApiError::TooManyAttempts { retry_after } => {
                let mut p = Problem::new(ErrorCode::TooManyAttempts, "Too many failed attempts")
                    .with_detail(format!("Try again in {retry_after} seconds."));
                p.retry_after = Some(*retry_after);
                p
            }
            ApiError::Forbidden => Problem::new(ErrorCode::Forbidden, "Not allowed for your role"),
            ApiError::NotFound => Problem::new(ErrorCode::NotFound, "Not found"),
            ApiError::DeviceOffline => Problem::new(ErrorCode::DeviceOffline, "The door's device is offline")
                .with_detail("The device is offline or disabled in CVSecurity; nothing was sent to it."),
            ApiError::LockedDown => Problem::new(ErrorCode::LockedDown, "The door is under lockdown")
                .with_detail("Remote unlock is refused until the lockdown is cancelled."),
            ApiError::PersonDisabled => Problem::new(ErrorCode::PersonDisabled, "Your access is disabled in CVSecurity")
                .with_detail("CVSecurity lists this person as disabled (or no longer lists them): no credential is issued. An administrator can enable the person there."),
            ApiError::PayloadTooLarge(max) => Problem::new(ErrorCode::PayloadTooLarge, "Request body too large")
                .with_detail(format!("The gateway accepts request bodies of at most {max} bytes.")),
            ApiError::OutcomeUnknown => Problem::new(ErrorCode::OutcomeUnknown, "Outcome unknown")
                .with_detail("The gateway restarted while it was carrying out this request; whether it acted is unknown. Check before trying again as a new request."),
            ApiError::UpstreamField { field, code, message } => {
                let mut p = Problem::new(ErrorCode::Validation, "CVSecurity refused a field")
                    .with_detail(format!("CVSecurity error {code}: {message}"))
                    .with_field(field.to_string());
                p.upstream_code = Some(*code);
                p
            }
            ApiError::Validation { field, message } => {
                Problem::new(ErrorCode::Validation, "Invalid request").with_detail(message.clone()).with_field(field.to_string())
            }
            ApiError::Upstream(UpstreamError::Unavailable(_)) => {
                Problem::new(ErrorCode::UpstreamUnavailable, "CVSecurity is unreachable")
                    .with_detail("The gateway could not reach the CVSecurity server. Try again later.")
            }
            ApiError::Upstream(UpstreamError::Api { code, message }) => {
                let detail = if message.is_empty() {
                    format!("CVSecurity error {code}")
                } else {
                    format!("CVSecurity error {code}: {message}")
                };
                let mut p = Problem::new(ErrorCode::UpstreamError, "CVSecurity refused the request")
                    .with_detail(detail);
                p.upstream_code = Some(*code);
                p
            }
            ApiError::Upstream(UpstreamError::Garbage(_)) => {
                Problem::new(ErrorCode::UpstreamError, "CVSecurity sent an unreadable answer")
            }
            ApiError::Internal(_) => Problem::new(ErrorCode::Internal, "Internal error"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Upstream(e) => tracing::warn!(error = %e, "upstream error"),
            _ => {}
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(problem)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::TooManyAttempts { retry_after } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
