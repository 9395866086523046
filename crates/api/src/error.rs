//! Stable error codes of the mobile API and the `application/problem+json` body that carries them.

use serde::{Deserialize, Serialize};

/// A machine-readable error code. The app maps each to a translated message; the string form is the
/// contract (`snake_case`), so variants may be added but never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No or malformed `Authorization` header.
    Unauthenticated,
    /// The access token has expired; refresh it.
    TokenExpired,
    /// The access or refresh token is unknown, revoked or forged.
    InvalidToken,
    /// Account or password is wrong.
    InvalidCredentials,
    /// The person exists but App Login is not enabled for them in cvlink.
    AppLoginDisabled,
    /// Too many failed logins; retry after `retry_after` seconds.
    TooManyAttempts,
    /// The caller's role may not use this endpoint.
    Forbidden,
    NotFound,
    /// The request is malformed or a field is invalid (see `field`).
    Validation,
    /// CVSecurity could not be reached.
    UpstreamUnavailable,
    /// CVSecurity answered with an error (its code is in `upstream_code`).
    UpstreamError,
    /// The CVSecurity server lacks a capability this feature needs.
    UpstreamUnsupported,
    /// The door's device is offline or disabled: nothing was sent to it.
    DeviceOffline,
    /// The door is under lockdown: remote unlock is refused until the lockdown is cancelled.
    LockedDown,
    /// The person is disabled in CVSecurity (or no longer listed there): no credential is issued.
    PersonDisabled,
    /// The request body is larger than the gateway accepts.
    PayloadTooLarge,
    /// A retried acting request whose first attempt was cut short by a gateway restart: whether it acted
    /// is unknown, and it is not done again.
    OutcomeUnknown,
    Internal,
    /// A code this build of the app does not know (sent by a newer gateway).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::TokenExpired => "token_expired",
            Self::InvalidToken => "invalid_token",
            Self::InvalidCredentials => "invalid_credentials",
            Self::AppLoginDisabled => "app_login_disabled",
            Self::TooManyAttempts => "too_many_attempts",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Validation => "validation",
            Self::UpstreamUnavailable => "upstream_unavailable",
            Self::UpstreamError => "upstream_error",
            Self::UpstreamUnsupported => "upstream_unsupported",
            Self::DeviceOffline => "device_offline",
            Self::LockedDown => "locked_down",
            Self::PersonDisabled => "person_disabled",
            Self::PayloadTooLarge => "payload_too_large",
            Self::OutcomeUnknown => "outcome_unknown",
            Self::Internal => "internal",
            Self::Unknown => "unknown",
        }
    }

    /// The HTTP status the gateway answers with for this code.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Unauthenticated
            | Self::TokenExpired
            | Self::InvalidToken
            | Self::InvalidCredentials => 401,
            Self::AppLoginDisabled | Self::PersonDisabled | Self::Forbidden => 403,
            Self::TooManyAttempts => 429,
            Self::PayloadTooLarge => 413,
            Self::NotFound => 404,
            Self::Validation => 422,
            Self::UpstreamUnavailable | Self::UpstreamError => 502,
            Self::UpstreamUnsupported => 501,
            Self::DeviceOffline | Self::LockedDown | Self::OutcomeUnknown => 409,
            Self::Internal | Self::Unknown => 500,
        }
    }
}

/// RFC 9457 problem details with our stable `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type", default = "about_blank")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    /// The request field a validation error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait before retrying (throttling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The CVSecurity error code behind an `upstream_error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_code: Option<i64>,
}

fn about_blank() -> String {
    "about:blank".into()
}

impl Problem {
    pub fn new(code: ErrorCode, title: impl Into<String>) -> Self {
        Self {
            type_: format!("https://cvmobile.dev/problems/{}", code.as_str()),
            title: title.into(),
            status: code.http_status(),
            detail: None,
            code,
            field: None,
            retry_after: None,
            upstream_code: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_as_snake_case() {
        let p = Problem::new(ErrorCode::AppLoginDisabled, "Unauthorized APP login");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["code"], "app_login_disabled");
        assert_eq!(json["status"], 403);
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn unknown_codes_from_newer_gateways_do_not_fail_parsing() {
        let p: Problem =
            serde_json::from_str(r#"{"title":"x","status":500,"code":"brand_new_code"}"#).unwrap();
        assert_eq!(p.code, ErrorCode::Unknown);
    }

    #[test]
    fn as_str_matches_serde() {
        for c in [
            ErrorCode::Unauthenticated,
            ErrorCode::TokenExpired,
            ErrorCode::InvalidToken,
            ErrorCode::InvalidCredentials,
            ErrorCode::AppLoginDisabled,
            ErrorCode::TooManyAttempts,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::UpstreamUnavailable,
            ErrorCode::UpstreamError,
            ErrorCode::UpstreamUnsupported,
            ErrorCode::DeviceOffline,
            ErrorCode::LockedDown,
            ErrorCode::PersonDisabled,
            ErrorCode::PayloadTooLarge,
            ErrorCode::OutcomeUnknown,
            ErrorCode::Internal,
        ] {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
