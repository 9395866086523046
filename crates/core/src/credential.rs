//! My Credentials: the person's dynamic QR code, counted down on the app's own clock and fetched again
//! shortly before it expires, on a tap and when the app comes back to the foreground. Time comes in as
//! [`CredentialEvent::Tick`] (milliseconds of a clock the app chooses), so tests need no real clock.
//!
//! The rule that matters: a code is never shown as valid once its time is up. When no fresh one can be
//! had the screen says why — offline (and for how long the code on screen still works), App Login
//! switched off (the session ends), the person disabled in CVSecurity.

use std::time::Duration;

use cvm_api::{Credential, ErrorCode, Failure};

use crate::failure::FailureText;
use crate::live::Backoff;
use crate::message::{keys, Message, Text};

/// Fetch the next code this long before the shown one expires (at most a sixth of its validity).
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5);

/// What the screen may do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialEffect {
    /// Ask the gateway for a fresh code → [`CredentialEvent::Fetched`].
    Fetch,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CredentialEvent {
    /// The clock, in milliseconds.
    Tick(u64),
    /// The gateway's answer, received at `now` (milliseconds).
    Fetched {
        result: Result<Credential, Failure>,
        now: u64,
    },
    /// The user tapped the code (or *Refresh*).
    Tapped(u64),
    /// The app came back to the foreground.
    Foreground(u64),
}

/// A code on screen: what it says and, on the app's clock, until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    qr: String,
    received: u64,
    expires: u64,
}

/// Why the last attempt got no code.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// Unreachable, CVSecurity down, a bad answer: retried with back-off.
    Offline(Failure),
    /// The person is disabled in CVSecurity: retried only when asked (tap, foreground).
    Disabled,
    /// The session is over (App Login switched off, refresh refused): nothing more is fetched.
    Ended,
}

/// The state of the My Credentials screen.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialScreen {
    now: u64,
    shown: Option<Shown>,
    fetching: bool,
    problem: Option<Problem>,
    /// When an offline failure is retried.
    retry_at: Option<u64>,
    backoff: Backoff,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialView {
    /// The first code is on its way.
    Loading,
    /// A code that works now.
    Valid {
        qr: String,
        /// Whole seconds left, rounded up (the countdown).
        secs_left: u64,
        /// Time left as a share of its validity, 0–1000 (the countdown ring).
        permille: u32,
        /// Why the next code may not come (offline), while this one still works.
        warning: Option<Message>,
    },
    /// No code that works: never a stale one.
    Unavailable {
        why: Message,
        /// The user can try again (not after the session has ended).
        can_retry: bool,
    },
}

impl CredentialScreen {
    /// A new screen at `now`; it fetches its first code right away.
    pub fn new(now: u64) -> (Self, Vec<CredentialEffect>) {
        let screen = Self {
            now,
            shown: None,
            fetching: true,
            problem: None,
            retry_at: None,
            backoff: Backoff::default(),
        };
        (screen, vec![CredentialEffect::Fetch])
    }

    pub fn update(&mut self, event: CredentialEvent) -> Vec<CredentialEffect> {
        match event {
            CredentialEvent::Tick(now) => {
                self.now = self.now.max(now);
                self.maybe_fetch()
            }
            CredentialEvent::Tapped(now) | CredentialEvent::Foreground(now) => {
                self.now = self.now.max(now);
                if matches!(self.problem, Some(Problem::Ended)) || self.fetching {
                    return vec![];
                }
                self.fetch()
            }
            CredentialEvent::Fetched { result, now } => {
                self.now = self.now.max(now);
                self.fetching = false;
                self.fetched(result);
                vec![]
            }
        }
    }

    fn fetched(&mut self, result: Result<Credential, Failure>) {
        match result {
            Ok(c) => {
                let valid = u64::from(c.valid_secs.max(1)) * 1000;
                self.shown = Some(Shown {
                    qr: c.qr,
                    received: self.now,
                    expires: self.now + valid,
                });
                self.problem = None;
                self.retry_at = None;
                self.backoff.reset();
            }
            Err(f) if f.ends_session() => {
                self.shown = None;
                self.problem = Some(Problem::Ended);
                self.retry_at = None;
            }
            Err(f) if f.code() == Some(ErrorCode::PersonDisabled) => {
                // Readers refuse a disabled person: the old code is of no use either.
                self.shown = None;
                self.problem = Some(Problem::Disabled);
                self.retry_at = None;
            }
            Err(f) => {
                let delay = self.backoff.next_delay().as_millis() as u64;
                self.retry_at = Some(self.now + delay);
                self.problem = Some(Problem::Offline(f));
            }
        }
    }

    fn fetch(&mut self) -> Vec<CredentialEffect> {
        self.fetching = true;
        self.retry_at = None;
        vec![CredentialEffect::Fetch]
    }

    /// Fetches when the shown code nears its end, or when an offline retry is due.
    fn maybe_fetch(&mut self) -> Vec<CredentialEffect> {
        if self.fetching {
            return vec![];
        }
        match (&self.problem, self.retry_at) {
            (Some(Problem::Ended | Problem::Disabled), _) => vec![],
            (Some(Problem::Offline(_)), Some(at)) if self.now >= at => self.fetch(),
            (Some(Problem::Offline(_)), _) => vec![],
            (None, _) => match &self.shown {
                Some(s) if self.now >= s.refresh_at() => self.fetch(),
                Some(_) => vec![],
                None => self.fetch(),
            },
        }
    }

    /// True while a fetch is on its way.
    pub fn fetching(&self) -> bool {
        self.fetching
    }

    /// The shown code, while it works.
    fn valid(&self) -> Option<&Shown> {
        self.shown.as_ref().filter(|s| self.now < s.expires)
    }

    pub fn view(&self) -> CredentialView {
        if let Some(s) = self.valid() {
            let left = s.expires - self.now;
            let total = (s.expires - s.received).max(1);
            let warning = match &self.problem {
                Some(Problem::Offline(f)) => Some(offline_warning(f, left)),
                _ => None,
            };
            return CredentialView::Valid {
                qr: s.qr.clone(),
                secs_left: left.div_ceil(1000),
                permille: (left * 1000 / total) as u32,
                warning,
            };
        }
        match &self.problem {
            Some(Problem::Offline(f)) => CredentialView::Unavailable {
                why: Message::new(keys::CRED_NO_CODE).help(f.message("").text),
                can_retry: true,
            },
            Some(Problem::Disabled) => CredentialView::Unavailable {
                why: Message::new(keys::PERSON_DISABLED)
                    .help(Text::new(keys::PERSON_DISABLED_HELP)),
                can_retry: true,
            },
            Some(Problem::Ended) => CredentialView::Unavailable {
                why: crate::failure::session_expired(),
                can_retry: false,
            },
            None if self.shown.is_some() => CredentialView::Unavailable {
                // Expired while its successor is on the way.
                why: Message::new(keys::CRED_EXPIRED),
                can_retry: !self.fetching,
            },
            None => CredentialView::Loading,
        }
    }
}

impl Shown {
    fn refresh_at(&self) -> u64 {
        let validity = self.expires - self.received;
        let margin = (REFRESH_MARGIN.as_millis() as u64).min(validity / 6);
        self.expires - margin
    }
}

/// "Offline: this code still works for N s", with the reason.
fn offline_warning(f: &Failure, left_ms: u64) -> Message {
    Message::new(keys::CRED_OFFLINE)
        .arg("seconds", left_ms.div_ceil(1000).to_string())
        .help(f.message("").text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::Problem as ApiProblem;

    fn code(qr: &str, secs: u32) -> Result<Credential, Failure> {
        Ok(Credential {
            qr: qr.into(),
            issued_at: "2026-12-02T10:00:00.000Z".into(),
            expires_at: "2026-12-02T10:00:30.000Z".into(),
            valid_secs: secs,
        })
    }

    fn api(code: ErrorCode) -> Failure {
        Failure::api(ApiProblem::new(code, "x"))
    }

    /// A screen showing `qr` (30 s) received at t = 0.
    fn showing(qr: &str) -> CredentialScreen {
        let (mut s, fx) = CredentialScreen::new(0);
        assert_eq!(fx, vec![CredentialEffect::Fetch]);
        assert_eq!(s.view(), CredentialView::Loading);
        s.update(CredentialEvent::Fetched {
            result: code(qr, 30),
            now: 0,
        });
        s
    }

    #[test]
    fn counts_down_and_fetches_shortly_before_expiry() {
        let mut s = showing("A");
        assert!(matches!(
            s.view(),
            CredentialView::Valid {
                secs_left: 30,
                permille: 1000,
                ..
            }
        ));
        assert_eq!(s.update(CredentialEvent::Tick(10_400)), vec![]);
        assert!(
            matches!(s.view(), CredentialView::Valid { ref qr, secs_left: 20, .. } if qr == "A")
        );
        // 5 s before the end the next one is asked for, once.
        assert_eq!(
            s.update(CredentialEvent::Tick(25_000)),
            vec![CredentialEffect::Fetch]
        );
        assert_eq!(s.update(CredentialEvent::Tick(26_000)), vec![]);
        // The old one still shows while the new one comes.
        assert!(matches!(
            s.view(),
            CredentialView::Valid { secs_left: 4, .. }
        ));
        s.update(CredentialEvent::Fetched {
            result: code("B", 30),
            now: 26_500,
        });
        assert!(
            matches!(s.view(), CredentialView::Valid { ref qr, secs_left: 30, .. } if qr == "B")
        );
    }

    #[test]
    fn an_expired_code_is_never_shown_as_valid() {
        let mut s = showing("A");
        s.update(CredentialEvent::Tick(25_000));
        // The answer is late: at 30 s the code is gone from the screen.
        s.update(CredentialEvent::Tick(30_000));
        assert_eq!(
            s.view(),
            CredentialView::Unavailable {
                why: Message::new(keys::CRED_EXPIRED),
                can_retry: false
            }
        );
    }

    #[test]
    fn offline_keeps_the_code_while_it_works_says_how_long_and_retries_with_back_off() {
        let mut s = showing("A");
        s.update(CredentialEvent::Tick(25_000));
        s.update(CredentialEvent::Fetched {
            result: Err(Failure::Unreachable("refused".into())),
            now: 25_000,
        });
        match s.view() {
            CredentialView::Valid {
                qr,
                warning: Some(w),
                secs_left: 5,
                ..
            } => {
                assert_eq!(qr, "A");
                assert_eq!(w.text.key, keys::CRED_OFFLINE);
                assert_eq!(w.text.args, vec![("seconds", "5".to_string())]);
                assert_eq!(w.help.unwrap().key, keys::UNREACHABLE);
            }
            other => panic!("{other:?}"),
        }
        // First retry after 1 s, not before.
        assert_eq!(s.update(CredentialEvent::Tick(25_500)), vec![]);
        assert_eq!(
            s.update(CredentialEvent::Tick(26_000)),
            vec![CredentialEffect::Fetch]
        );
        s.update(CredentialEvent::Fetched {
            result: Err(api(ErrorCode::UpstreamUnavailable)),
            now: 26_000,
        });
        // The next after 2 s.
        assert_eq!(s.update(CredentialEvent::Tick(27_000)), vec![]);
        assert_eq!(
            s.update(CredentialEvent::Tick(28_000)),
            vec![CredentialEffect::Fetch]
        );
        s.update(CredentialEvent::Fetched {
            result: Err(api(ErrorCode::UpstreamUnavailable)),
            now: 28_100,
        });
        // Past its end: no code, and why.
        s.update(CredentialEvent::Tick(30_000));
        match s.view() {
            CredentialView::Unavailable { why, can_retry } => {
                assert_eq!(why.text.key, keys::CRED_NO_CODE);
                assert_eq!(why.help.unwrap().key, keys::UPSTREAM_UNAVAILABLE);
                assert!(can_retry);
            }
            other => panic!("{other:?}"),
        }
        // Back online: the next retry brings a code.
        assert_eq!(
            s.update(CredentialEvent::Tick(32_100)),
            vec![CredentialEffect::Fetch]
        );
        s.update(CredentialEvent::Fetched {
            result: code("B", 30),
            now: 32_200,
        });
        assert!(
            matches!(s.view(), CredentialView::Valid { ref qr, warning: None, .. } if qr == "B")
        );
    }

    #[test]
    fn a_disabled_person_gets_no_code_and_no_retries_until_asked() {
        let mut s = showing("A");
        s.update(CredentialEvent::Tapped(1_000));
        s.update(CredentialEvent::Fetched {
            result: Err(api(ErrorCode::PersonDisabled)),
            now: 1_000,
        });
        match s.view() {
            CredentialView::Unavailable { why, can_retry } => {
                assert_eq!(why.text.key, keys::PERSON_DISABLED);
                assert!(can_retry);
            }
            other => panic!("{other:?}"),
        }
        for t in (2..120).map(|s| s * 1000) {
            assert_eq!(s.update(CredentialEvent::Tick(t)), vec![]);
        }
        assert_eq!(
            s.update(CredentialEvent::Foreground(130_000)),
            vec![CredentialEffect::Fetch]
        );
    }

    #[test]
    fn once_the_session_ends_nothing_more_is_fetched() {
        let mut s = showing("A");
        s.update(CredentialEvent::Tick(25_000));
        s.update(CredentialEvent::Fetched {
            result: Err(api(ErrorCode::AppLoginDisabled)),
            now: 25_000,
        });
        assert!(matches!(
            s.view(),
            CredentialView::Unavailable {
                can_retry: false,
                ..
            }
        ));
        for t in (26..200).map(|s| s * 1000) {
            assert_eq!(s.update(CredentialEvent::Tick(t)), vec![]);
        }
        assert_eq!(s.update(CredentialEvent::Tapped(300_000)), vec![]);
        assert_eq!(s.update(CredentialEvent::Foreground(300_000)), vec![]);
    }

    #[test]
    fn tap_and_foreground_fetch_at_once_but_not_twice_at_a_time() {
        let mut s = showing("A");
        assert_eq!(
            s.update(CredentialEvent::Tapped(3_000)),
            vec![CredentialEffect::Fetch]
        );
        assert!(s.fetching());
        assert_eq!(s.update(CredentialEvent::Tapped(3_100)), vec![]);
        assert_eq!(s.update(CredentialEvent::Foreground(3_200)), vec![]);
        s.update(CredentialEvent::Fetched {
            result: code("B", 30),
            now: 3_300,
        });
        assert_eq!(
            s.update(CredentialEvent::Foreground(4_000)),
            vec![CredentialEffect::Fetch]
        );
    }

    #[test]
    fn short_validities_refresh_within_their_last_sixth() {
        let (mut s, _) = CredentialScreen::new(0);
        s.update(CredentialEvent::Fetched {
            result: code("A", 6),
            now: 0,
        });
        assert_eq!(s.update(CredentialEvent::Tick(4_900)), vec![]);
        assert_eq!(
            s.update(CredentialEvent::Tick(5_000)),
            vec![CredentialEffect::Fetch]
        );
    }

    #[test]
    fn a_clock_going_back_does_not_revive_a_code() {
        let mut s = showing("A");
        s.update(CredentialEvent::Tick(31_000));
        s.update(CredentialEvent::Tick(1_000));
        assert!(!matches!(s.view(), CredentialView::Valid { .. }));
    }
}
