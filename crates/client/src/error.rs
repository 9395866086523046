//! The one error type of the client: each variant is something the app shows or acts on differently.

use cvm_api::{ErrorCode, Problem};
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum ClientError {
    /// The gateway answered with a problem (e.g. `invalid_credentials`, `app_login_disabled`).
    #[error("{}", problem_text(.0))]
    Api(Problem),
    /// The session ended (refresh refused): the app must go back to login. Reported by exactly one
    /// request per expiry; requests in flight at the same time get [`ClientError::NotLoggedIn`].
    #[error("the session has expired; please log in again")]
    SessionExpired,
    #[error("not logged in")]
    NotLoggedIn,
    /// None of the server's addresses could be connected.
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The server's key is not the one in the org code (both as lower-case SHA-256 hex of the SPKI).
    #[error(
        "the server's key ({got}) is not the one in the org code ({expected}); refusing to connect"
    )]
    KeyMismatch { expected: String, got: String },
    /// The TLS connection failed for another reason than the key.
    #[error("secure connection failed: {0}")]
    Tls(String),
    /// The answer was not what the API contract says.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

impl ClientError {
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
}

fn problem_text(p: &Problem) -> String {
    match &p.detail {
        Some(d) => format!("{}: {d}", p.title),
        None => p.title.clone(),
    }
}
