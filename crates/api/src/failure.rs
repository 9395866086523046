//! The one error type of talking to the gateway: cvm-client returns it, cvm-core decides what the user
//! sees for each variant (`cvm_core::FailureText`), so the app never converts between error types.

use thiserror::Error;

use crate::error::{ErrorCode, Problem};

/// Why a call to the gateway failed. Each variant is something the app shows or acts on differently.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Failure {
    /// The gateway answered with a problem (e.g. `invalid_credentials`, `app_login_disabled`). Boxed:
    /// a problem is large and errors are rare.
    #[error("{}", problem_text(.0))]
    Api(Box<Problem>),
    /// The session ended (refresh refused): the app must go back to login. The client reports it for
    /// exactly one request per expiry; requests in flight at the same time get [`Failure::NotLoggedIn`].
    #[error("the session has expired; please log in again")]
    SessionExpired,
    #[error("not logged in")]
    NotLoggedIn,
    /// None of the server's addresses could be connected (or one stopped answering).
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// TLS: the server's key is not the one pinned by the org code (both as lower-case SHA-256 hex of
    /// the SPKI).
    #[error(
        "the server's key ({got}) is not the one in the org code ({expected}); refusing to connect"
    )]
    KeyMismatch { expected: String, got: String },
    /// The server answered, but it reports another key than the org code's: the code belongs to another
    /// site (checked by the web build, which cannot pin).
    #[error("the org code is for another server: it has key {expected}, this server has {got}")]
    OtherServer { expected: String, got: String },
    /// The TLS connection failed for another reason than the key.
    #[error("secure connection failed: {0}")]
    Tls(String),
    /// The answer was not what the API contract says (usually an app/gateway version mismatch).
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

impl Failure {
    pub fn api(problem: Problem) -> Self {
        Failure::Api(Box::new(problem))
    }

    /// The gateway's problem, if this is one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Api(p) => Some(p),
            _ => None,
        }
    }

    /// The gateway's error code, if this is a problem.
    pub fn code(&self) -> Option<ErrorCode> {
        self.problem().map(|p| p.code)
    }

    /// True when the only way forward is to log in again.
    pub fn ends_session(&self) -> bool {
        match self {
            Self::SessionExpired | Self::NotLoggedIn => true,
            Self::Api(p) => matches!(
                p.code,
                ErrorCode::TokenExpired
                    | ErrorCode::InvalidToken
                    | ErrorCode::Unauthenticated
                    | ErrorCode::AppLoginDisabled
            ),
            _ => false,
        }
    }
}

fn problem_text(p: &Problem) -> String {
    match &p.detail {
        Some(d) => format!("{}: {d}", p.title),
        None => p.title.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: ErrorCode) -> Failure {
        Failure::api(Problem::new(code, "x"))
    }

    #[test]
    fn only_token_failures_end_the_session() {
        assert!(Failure::SessionExpired.ends_session());
        assert!(Failure::NotLoggedIn.ends_session());
        assert!(api(ErrorCode::TokenExpired).ends_session());
        assert!(api(ErrorCode::InvalidToken).ends_session());
        assert!(!api(ErrorCode::InvalidCredentials).ends_session());
        assert!(!Failure::Unreachable(String::new()).ends_session());
        assert!(!api(ErrorCode::Forbidden).ends_session());
        // App Login switched off ends the session; a disabled person keeps it (it may be re-enabled).
        assert!(api(ErrorCode::AppLoginDisabled).ends_session());
        assert!(!api(ErrorCode::PersonDisabled).ends_session());
    }

    #[test]
    fn problems_are_reachable_and_displayed_with_their_detail() {
        let f = Failure::api(
            Problem::new(ErrorCode::Forbidden, "Forbidden").with_detail("admins only"),
        );
        assert_eq!(f.code(), Some(ErrorCode::Forbidden));
        assert_eq!(f.to_string(), "Forbidden: admins only");
        assert_eq!(Failure::Tls("x".into()).problem(), None);
        assert!(Failure::KeyMismatch {
            expected: "aa".into(),
            got: "bb".into()
        }
        .to_string()
        .contains("bb"));
    }
}
