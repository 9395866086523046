//! The message the user sees for each [`Failure`] of talking to the gateway. The failure itself is the
//! contract's one error type (`cvm_api::Failure`, returned by cvm-client); which words explain it and
//! how to fix it is the core's decision.

use cvm_api::{ErrorCode, Failure, Problem};

use crate::message::{keys, Message, Text};

/// The user-facing text of a failure.
pub trait FailureText {
    /// The message for this failure. `account` is what the user typed as account or personnel ID; it
    /// goes into the fix for a disabled App Login.
    fn message(&self, account: &str) -> Message;
}

impl FailureText for Failure {
    fn message(&self, account: &str) -> Message {
        match self {
            Failure::SessionExpired | Failure::NotLoggedIn => session_expired(),
            Failure::Unreachable(_) => {
                Message::new(keys::UNREACHABLE).help(Text::new(keys::UNREACHABLE_HELP))
            }
            Failure::KeyMismatch { .. } => {
                Message::new(keys::KEY_MISMATCH).help(Text::new(keys::KEY_MISMATCH_HELP))
            }
            Failure::OtherServer { .. } => {
                Message::new(keys::OTHER_SERVER).help(Text::new(keys::OTHER_SERVER_HELP))
            }
            Failure::Tls(detail) => Message::new(keys::TLS).arg("detail", detail.clone()),
            Failure::Decode(_) => Message::new(keys::DECODE),
            Failure::Api(p) => problem_message(p, account),
        }
    }
}

/// The notice on the login screen after the session ended by itself: App Login switched off is said
/// as such (with how to get it back), anything else as an expired session.
pub fn session_ended(why: &Failure, account: &str) -> Message {
    match why.code() {
        Some(ErrorCode::AppLoginDisabled) => why.message(account),
        _ => session_expired(),
    }
}

/// The notice shown once on the login screen after a session ends by itself.
pub fn session_expired() -> Message {
    Message::new(keys::SESSION_EXPIRED).help(Text::new(keys::SESSION_EXPIRED_HELP))
}

fn problem_message(p: &Problem, account: &str) -> Message {
    match p.code {
        ErrorCode::InvalidCredentials => {
            Message::new(keys::INVALID_CREDENTIALS).help(Text::new(keys::INVALID_CREDENTIALS_HELP))
        }
        ErrorCode::AppLoginDisabled => Message::new(keys::APP_LOGIN_DISABLED)
            .help(Text::new(keys::APP_LOGIN_DISABLED_HELP).arg("id", account.trim().to_string())),
        ErrorCode::TooManyAttempts => match p.retry_after {
            Some(secs) => {
                Message::new(keys::TOO_MANY_ATTEMPTS_WAIT).arg("seconds", secs.to_string())
            }
            None => Message::new(keys::TOO_MANY_ATTEMPTS),
        },
        ErrorCode::TokenExpired | ErrorCode::InvalidToken | ErrorCode::Unauthenticated => {
            session_expired()
        }
        ErrorCode::Forbidden => Message::new(keys::FORBIDDEN),
        ErrorCode::NotFound => Message::new(keys::NOT_FOUND),
        ErrorCode::Validation => {
            Message::new(keys::VALIDATION).arg("field", p.field.clone().unwrap_or_default())
        }
        ErrorCode::UpstreamUnavailable => Message::new(keys::UPSTREAM_UNAVAILABLE),
        ErrorCode::UpstreamError => Message::new(keys::UPSTREAM_ERROR).arg(
            "code",
            p.upstream_code.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ErrorCode::UpstreamUnsupported => Message::new(keys::UPSTREAM_UNSUPPORTED),
        ErrorCode::DeviceOffline => Message::new(keys::DEVICE_OFFLINE),
        ErrorCode::LockedDown => Message::new(keys::LOCKED_DOWN),
        ErrorCode::PayloadTooLarge => Message::new(keys::PAYLOAD_TOO_LARGE),
        ErrorCode::OutcomeUnknown => Message::new(keys::OUTCOME_UNKNOWN),
        ErrorCode::PersonDisabled => {
            Message::new(keys::PERSON_DISABLED).help(Text::new(keys::PERSON_DISABLED_HELP))
        }
        ErrorCode::Internal | ErrorCode::Unknown => Message::new(keys::INTERNAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: ErrorCode) -> Failure {
        Failure::Api(Box::new(Problem::new(code, "x")))
    }

    #[test]
    fn wrong_password_names_the_credentials() {
        let m = api(ErrorCode::InvalidCredentials).message("alice");
        assert_eq!(m.text.key, keys::INVALID_CREDENTIALS);
    }

    #[test]
    fn app_login_disabled_says_how_to_fix_with_the_id() {
        let m = api(ErrorCode::AppLoginDisabled).message(" 1001 ");
        assert_eq!(m.text.key, keys::APP_LOGIN_DISABLED);
        let help = m.help.unwrap();
        assert_eq!(help.key, keys::APP_LOGIN_DISABLED_HELP);
        assert_eq!(help.args, vec![("id", "1001".to_string())]);
    }

    #[test]
    fn too_many_attempts_tells_how_long_to_wait() {
        let mut p = Problem::new(ErrorCode::TooManyAttempts, "slow down");
        p.retry_after = Some(30);
        let m = Failure::Api(Box::new(p)).message("a");
        assert_eq!(m.text.key, keys::TOO_MANY_ATTEMPTS_WAIT);
        assert_eq!(m.text.args, vec![("seconds", "30".to_string())]);
        assert_eq!(
            api(ErrorCode::TooManyAttempts).message("a").text.key,
            keys::TOO_MANY_ATTEMPTS
        );
    }

    #[test]
    fn transport_failures_are_distinct() {
        let cases = [
            (Failure::Unreachable("refused".into()), keys::UNREACHABLE),
            (
                Failure::KeyMismatch {
                    expected: "a".into(),
                    got: "b".into(),
                },
                keys::KEY_MISMATCH,
            ),
            (
                Failure::OtherServer {
                    expected: "a".into(),
                    got: "b".into(),
                },
                keys::OTHER_SERVER,
            ),
            (Failure::Tls("x".into()), keys::TLS),
            (Failure::Decode("x".into()), keys::DECODE),
            (Failure::SessionExpired, keys::SESSION_EXPIRED),
        ];
        for (f, key) in cases {
            assert_eq!(f.message("a").text.key, key, "{f:?}");
        }
        assert!(Failure::KeyMismatch {
            expected: "a".into(),
            got: "b".into()
        }
        .message("a")
        .help
        .is_some());
    }
}
