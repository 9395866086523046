//! The session lifecycle — logged out → logging in → admin / personnel — as `update(event, model)`
//! returning the effects the app must run. Expiry leads back to the login screen exactly once.

use cvm_api::{Failure, LoginRequest, Me, OrgCode, OrgInfo, Role, TokenPair};
use serde::{Deserialize, Serialize};

use crate::failure::{self, FailureText};
use crate::login::{pick_org_code, Credentials, FormError, LoginForm, ScanFailure};
use crate::message::{keys, Text};

/// What the app keeps between launches (web: localStorage; native: the OS keyring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    /// The org code as text (`cvmobile://org?...`).
    pub org_code: String,
    pub tokens: TokenPair,
}

/// Where a login attempt is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginStep {
    /// Asking the server who it is (and, on the web, comparing its key with the org code).
    CheckingServer,
    SigningIn,
    LoadingProfile,
}

/// A logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Active {
    pub role: Role,
    pub org: OrgCode,
    pub me: Me,
    pub server: OrgInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Session {
    /// Before the stored session has been looked at.
    #[default]
    Starting,
    /// Checking a stored session with the server.
    Restoring,
    LoggedOut,
    LoggingIn {
        step: LoginStep,
        credentials: Credentials,
        server: Option<OrgInfo>,
        role: Option<Role>,
    },
    Active(Active),
}

impl Session {
    pub fn active(&self) -> Option<&Active> {
        match self {
            Session::Active(a) => Some(a),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.active().map(|a| a.role)
    }

    /// What the login in flight is doing, for the submit button.
    pub fn progress(&self) -> Option<Text> {
        let key = match self {
            Session::Starting | Session::Restoring => keys::STEP_RESTORING,
            Session::LoggingIn { step, .. } => match step {
                LoginStep::CheckingServer => keys::STEP_CHECKING_SERVER,
                LoginStep::SigningIn => keys::STEP_SIGNING_IN,
                LoginStep::LoadingProfile => keys::STEP_LOADING_PROFILE,
            },
            Session::LoggedOut | Session::Active(_) => return None,
        };
        Some(Text::new(key))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    pub form: LoginForm,
    /// The message on the login screen: a validation error, a failed login or "session expired".
    pub login_error: Option<FormError>,
    pub session: Session,
    /// The stored session could not be checked because the server was out of reach at start: it is
    /// kept, and the login screen offers to try it again ([`Event::RetryRestore`]).
    pub resumable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The app started; this is what storage held.
    Started(Option<StoredSession>),
    RoleChosen(Role),
    OrgCodeEdited(String),
    AccountEdited(String),
    PasswordEdited(String),
    /// QR payloads decoded from an image the user picked.
    OrgImageDecoded(Result<Vec<String>, ScanFailure>),
    Submitted,
    ServerChecked(Result<OrgInfo, Failure>),
    SignedIn(Result<TokenPair, Failure>),
    ProfileLoaded(Result<Me, Failure>),
    Restored(Result<(OrgInfo, Me), Failure>),
    /// "Try again" after the server was out of reach at start; this is what storage holds now.
    RetryRestore(Option<StoredSession>),
    /// The client changed its tokens by itself (a refresh; or `None`: logout, expiry). The new pair
    /// must be stored, as a refresh token works once.
    TokensChanged(Option<TokenPair>),
    /// Any request failed because the session is over (refresh refused, App Login switched off); the
    /// failure says which, for the notice on the login screen.
    SessionEnded(Failure),
    LogoutRequested,
}

/// Work for the app's services. Each answer comes back as an [`Event`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Make a client for this org code and fetch the server's org info → [`Event::ServerChecked`].
    CheckServer(OrgCode),
    /// → [`Event::SignedIn`].
    SignIn(LoginRequest),
    /// → [`Event::ProfileLoaded`].
    LoadProfile,
    /// Make a client for the org code with these tokens; fetch org info and me → [`Event::Restored`].
    Restore { org: OrgCode, tokens: TokenPair },
    /// Save (or with `None`, forget) the session. The only way the stored session is written.
    Store(Option<StoredSession>),
    /// Revoke the tokens on the server (best effort) and drop the client.
    SignOut,
    /// Drop the client without talking to the server (its tokens are already dead).
    Disconnect,
}

/// Applies one event. Events that make no sense in the current state (late answers, double taps)
/// change nothing.
pub fn update(event: Event, model: &mut Model) -> Vec<Effect> {
    match event {
        Event::Started(stored) => start(stored, model),
        Event::RoleChosen(role) => {
            model.form.role = Some(role);
            vec![]
        }
        Event::OrgCodeEdited(text) => {
            model.form.org_code = text;
            vec![]
        }
        Event::AccountEdited(text) => {
            model.form.account = text;
            vec![]
        }
        Event::PasswordEdited(text) => {
            model.form.password = text;
            vec![]
        }
        Event::OrgImageDecoded(decoded) => {
            let (text, error) = pick_org_code(decoded);
            if let Some(text) = text {
                model.form.org_code = text;
            }
            model.login_error = error;
            vec![]
        }
        Event::Submitted => submit(model),
        Event::ServerChecked(result) => server_checked(result, model),
        Event::SignedIn(result) => signed_in(result, model),
        Event::ProfileLoaded(result) => profile_loaded(result, model),
        Event::Restored(result) => restored(result, model),
        Event::RetryRestore(stored) => {
            if model.session != Session::LoggedOut || !model.resumable {
                return vec![];
            }
            model.resumable = false;
            model.login_error = None;
            model.session = Session::Starting;
            start(stored, model)
        }
        Event::TokensChanged(tokens) => tokens_changed(tokens, model),
        Event::SessionEnded(why) => {
            let Session::Active(active) = &model.session else {
                // Already handled: several requests may fail at once, the user sees it once.
                return vec![];
            };
            let notice = failure::session_ended(&why, &active.me.account);
            model.session = Session::LoggedOut;
            model.form.password.clear();
            model.login_error = Some(FormError::general(notice));
            vec![Effect::Store(None), Effect::Disconnect]
        }
        Event::LogoutRequested => {
            if !matches!(model.session, Session::Active(_)) {
                return vec![];
            }
            model.session = Session::LoggedOut;
            model.form.password.clear();
            model.login_error = None;
            vec![Effect::Store(None), Effect::SignOut]
        }
    }
}

/// Stores the pair of a refresh for the session it belongs to. A cleared pair needs nothing: the
/// transition that ended the session (logout, expiry, failed login) already forgot the stored one.
fn tokens_changed(tokens: Option<TokenPair>, model: &Model) -> Vec<Effect> {
    let Some(tokens) = tokens else {
        return vec![];
    };
    let org_code = match &model.session {
        Session::Active(a) => a.org.to_uri(),
        Session::LoggingIn {
            step: LoginStep::LoadingProfile,
            credentials,
            ..
        } => credentials.org.to_uri(),
        // The stored session being checked: its text is in the form.
        Session::Restoring => model.form.org_code.clone(),
        // Signing in: `SignedIn` stores the pair. Logged out: a late notice of a session that is over.
        _ => return vec![],
    };
    vec![Effect::Store(Some(StoredSession { org_code, tokens }))]
}

fn start(stored: Option<StoredSession>, model: &mut Model) -> Vec<Effect> {
    if model.session != Session::Starting {
        return vec![];
    }
    let Some(stored) = stored else {
        model.session = Session::LoggedOut;
        return vec![];
    };
    model.form.role = Some(stored.tokens.role);
    model.form.org_code = stored.org_code.clone();
    match OrgCode::parse(&stored.org_code) {
        Ok(org) => {
            model.session = Session::Restoring;
            vec![Effect::Restore {
                org,
                tokens: stored.tokens,
            }]
        }
        Err(_) => {
            model.session = Session::LoggedOut;
            vec![Effect::Store(None)]
        }
    }
}

fn submit(model: &mut Model) -> Vec<Effect> {
    if !matches!(model.session, Session::LoggedOut) {
        return vec![];
    }
    match model.form.validate() {
        Err(e) => {
            model.login_error = Some(e);
            vec![]
        }
        Ok(credentials) => {
            model.login_error = None;
            let org = credentials.org.clone();
            model.session = Session::LoggingIn {
                step: LoginStep::CheckingServer,
                credentials,
                server: None,
                role: None,
            };
            vec![Effect::CheckServer(org)]
        }
    }
}

/// Fails the login in progress: back to the form, every field kept.
fn fail(model: &mut Model, failure: Failure) -> Vec<Effect> {
    model.session = Session::LoggedOut;
    model.login_error = Some(FormError::general(failure.message(&model.form.account)));
    vec![Effect::Disconnect]
}

fn server_checked(result: Result<OrgInfo, Failure>, model: &mut Model) -> Vec<Effect> {
    let Session::LoggingIn {
        step: step @ LoginStep::CheckingServer,
        credentials,
        server,
        ..
    } = &mut model.session
    else {
        return vec![];
    };
    let info = match result {
        Ok(info) => info,
        Err(f) => return fail(model, f),
    };
    if let Err(f) = check_fingerprint(&credentials.org, &info) {
        return fail(model, f);
    }
    *step = LoginStep::SigningIn;
    *server = Some(info);
    vec![Effect::SignIn(credentials.request.clone())]
}

/// The web build cannot pin TLS keys, so it compares the key the server reports with the org code's.
pub fn check_fingerprint(org: &OrgCode, info: &OrgInfo) -> Result<(), Failure> {
    let expected = org.fingerprint().to_hex();
    if info.fingerprint.trim().eq_ignore_ascii_case(&expected) {
        Ok(())
    } else {
        Err(Failure::OtherServer {
            expected,
            got: info.fingerprint.clone(),
        })
    }
}

fn signed_in(result: Result<TokenPair, Failure>, model: &mut Model) -> Vec<Effect> {
    let Session::LoggingIn {
        step: step @ LoginStep::SigningIn,
        credentials,
        role,
        ..
    } = &mut model.session
    else {
        return vec![];
    };
    match result {
        Err(f) => fail(model, f),
        Ok(tokens) => {
            *step = LoginStep::LoadingProfile;
            *role = Some(tokens.role);
            let stored = StoredSession {
                org_code: credentials.org.to_uri(),
                tokens,
            };
            vec![Effect::Store(Some(stored)), Effect::LoadProfile]
        }
    }
}

fn profile_loaded(result: Result<Me, Failure>, model: &mut Model) -> Vec<Effect> {
    let Session::LoggingIn {
        step: LoginStep::LoadingProfile,
        credentials,
        server: Some(server),
        role: Some(role),
    } = &model.session
    else {
        return vec![];
    };
    match result {
        Err(f) => {
            let mut effects = vec![Effect::Store(None)];
            effects.extend(fail(model, f));
            effects
        }
        Ok(me) => {
            model.resumable = false;
            model.session = Session::Active(Active {
                role: *role,
                org: credentials.org.clone(),
                me,
                server: server.clone(),
            });
            model.form.password.clear();
            model.login_error = None;
            vec![]
        }
    }
}

fn restored(result: Result<(OrgInfo, Me), Failure>, model: &mut Model) -> Vec<Effect> {
    if model.session != Session::Restoring {
        return vec![];
    }
    let org = OrgCode::parse(&model.form.org_code);
    match (result, org) {
        (Ok((server, me)), Ok(org)) => {
            if let Err(f) = check_fingerprint(&org, &server) {
                model.session = Session::LoggedOut;
                model.login_error = Some(FormError::general(f.message("")));
                return vec![Effect::Store(None), Effect::Disconnect];
            }
            model.resumable = false;
            model.session = Session::Active(Active {
                role: me.role,
                org,
                me,
                server,
            });
            vec![]
        }
        (Err(f), _) if f.ends_session() => {
            model.session = Session::LoggedOut;
            let account = model.form.account.clone();
            model.login_error = Some(FormError::general(failure::session_ended(&f, &account)));
            vec![Effect::Store(None), Effect::Disconnect]
        }
        // Offline at start: say so, and keep the stored session to try again (or at the next launch).
        (Err(f), _) => {
            model.session = Session::LoggedOut;
            model.resumable = true;
            model.login_error = Some(FormError::general(f.message("")));
            vec![Effect::Disconnect]
        }
        (Ok(_), Err(_)) => {
            model.session = Session::LoggedOut;
            vec![Effect::Store(None), Effect::Disconnect]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::tests::{code_text, filled};
    use cvm_api::{ErrorCode, Problem};

    fn info() -> OrgInfo {
        OrgInfo {
            name: "Demo".into(),
            version: "0.1.0".into(),
            fingerprint: "AB".repeat(32),
        }
    }

    fn tokens(role: Role) -> TokenPair {
        TokenPair {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_in: 900,
            role,
        }
    }

    fn me(role: Role) -> Me {
        Me {
            role,
            account: "admin".into(),
            name: "Admin".into(),
            department: None,
            org_name: "Demo".into(),
        }
    }

    fn logged_out() -> Model {
        let mut m = Model::default();
        assert_eq!(update(Event::Started(None), &mut m), vec![]);
        assert_eq!(m.session, Session::LoggedOut);
        m
    }

    fn log_in(role: Role) -> Model {
        let mut m = logged_out();
        m.form = filled(role);
        let fx = update(Event::Submitted, &mut m);
        assert!(matches!(fx.as_slice(), [Effect::CheckServer(_)]));
        let fx = update(Event::ServerChecked(Ok(info())), &mut m);
        assert!(matches!(fx.as_slice(), [Effect::SignIn(r)] if r.role == role));
        let fx = update(Event::SignedIn(Ok(tokens(role))), &mut m);
        assert!(matches!(
            fx.as_slice(),
            [Effect::Store(Some(_)), Effect::LoadProfile]
        ));
        let fx = update(Event::ProfileLoaded(Ok(me(role))), &mut m);
        assert_eq!(fx, vec![]);
        m
    }

    #[test]
    fn logs_in_as_admin_and_personnel() {
        for role in [Role::Admin, Role::Personnel] {
            let m = log_in(role);
            assert_eq!(m.session.role(), Some(role));
            assert!(
                m.form.password.is_empty(),
                "the password is not kept around"
            );
            assert_eq!(m.login_error, None);
        }
    }

    #[test]
    fn invalid_form_shows_the_error_and_starts_nothing() {
        let mut m = logged_out();
        m.form = filled(Role::Admin);
        m.form.role = None;
        assert_eq!(update(Event::Submitted, &mut m), vec![]);
        assert_eq!(m.session, Session::LoggedOut);
        assert_eq!(
            m.login_error.as_ref().unwrap().message.text.key,
            keys::ROLE_REQUIRED
        );
    }

    #[test]
    fn failed_login_keeps_every_field() {
        let mut m = logged_out();
        m.form = filled(Role::Personnel);
        let before = m.form.clone();
        update(Event::Submitted, &mut m);
        update(Event::ServerChecked(Ok(info())), &mut m);
        let fx = update(
            Event::SignedIn(Err(Failure::api(Problem::new(
                ErrorCode::AppLoginDisabled,
                "Unauthorized APP login",
            )))),
            &mut m,
        );
        assert_eq!(fx, vec![Effect::Disconnect]);
        assert_eq!(m.session, Session::LoggedOut);
        assert_eq!(m.form, before);
        let e = m.login_error.unwrap();
        assert_eq!(e.message.text.key, keys::APP_LOGIN_DISABLED);
        assert!(e.message.help.is_some());
    }

    #[test]
    fn a_code_of_another_server_is_refused() {
        let mut m = logged_out();
        m.form = filled(Role::Admin);
        update(Event::Submitted, &mut m);
        let mut other = info();
        other.fingerprint = "cd".repeat(32);
        let fx = update(Event::ServerChecked(Ok(other)), &mut m);
        assert_eq!(fx, vec![Effect::Disconnect]);
        assert_eq!(m.login_error.unwrap().message.text.key, keys::OTHER_SERVER);
        assert_eq!(m.form.org_code, code_text());
    }

    #[test]
    fn progress_names_the_step() {
        let mut m = logged_out();
        assert_eq!(m.session.progress(), None);
        m.form = filled(Role::Admin);
        update(Event::Submitted, &mut m);
        assert_eq!(
            m.session.progress().unwrap().key,
            keys::STEP_CHECKING_SERVER
        );
        update(Event::ServerChecked(Ok(info())), &mut m);
        assert_eq!(m.session.progress().unwrap().key, keys::STEP_SIGNING_IN);
        update(Event::SignedIn(Ok(tokens(Role::Admin))), &mut m);
        assert_eq!(
            m.session.progress().unwrap().key,
            keys::STEP_LOADING_PROFILE
        );
        update(Event::ProfileLoaded(Ok(me(Role::Admin))), &mut m);
        assert_eq!(m.session.progress(), None);
    }

    #[test]
    fn double_submit_and_late_answers_are_ignored() {
        let mut m = logged_out();
        m.form = filled(Role::Admin);
        update(Event::Submitted, &mut m);
        assert_eq!(update(Event::Submitted, &mut m), vec![]);
        assert_eq!(
            update(Event::SignedIn(Ok(tokens(Role::Admin))), &mut m),
            vec![]
        );
        assert!(m.session.progress().is_some(), "still logging in");
    }

    #[test]
    fn expiry_returns_to_login_exactly_once() {
        let mut m = log_in(Role::Admin);
        let fx = update(Event::SessionEnded(Failure::SessionExpired), &mut m);
        assert_eq!(fx, vec![Effect::Store(None), Effect::Disconnect]);
        assert_eq!(m.session, Session::LoggedOut);
        assert_eq!(
            m.login_error.as_ref().unwrap().message.text.key,
            keys::SESSION_EXPIRED
        );
        // More failing requests arrive: nothing more happens, no retry.
        for _ in 0..3 {
            assert_eq!(
                update(Event::SessionEnded(Failure::SessionExpired), &mut m),
                vec![]
            );
        }
        assert_eq!(m.form.role, Some(Role::Admin), "role and org code are kept");
        assert_eq!(m.form.org_code, code_text());
    }

    #[test]
    fn a_refreshed_pair_is_stored_for_the_session_it_belongs_to() {
        let mut m = log_in(Role::Admin);
        let mut pair = tokens(Role::Admin);
        pair.refresh_token = "r2".into();
        let fx = update(Event::TokensChanged(Some(pair.clone())), &mut m);
        assert_eq!(
            fx,
            vec![Effect::Store(Some(StoredSession {
                org_code: m.session.active().unwrap().org.to_uri(),
                tokens: pair.clone(),
            }))]
        );
        // Cleared tokens: the transition that ended the session forgets the stored one.
        assert_eq!(update(Event::TokensChanged(None), &mut m), vec![]);
        // After logout a late refresh notice must not bring the session back.
        update(Event::LogoutRequested, &mut m);
        assert_eq!(
            update(Event::TokensChanged(Some(pair.clone())), &mut m),
            vec![]
        );
    }

    #[test]
    fn a_refresh_while_restoring_or_signing_in_is_stored_once() {
        let mut m = Model::default();
        update(Event::Started(Some(stored(Role::Admin))), &mut m);
        let fx = update(Event::TokensChanged(Some(tokens(Role::Admin))), &mut m);
        assert!(matches!(fx.as_slice(), [Effect::Store(Some(s))] if s.org_code == code_text()));

        let mut m = logged_out();
        m.form = filled(Role::Admin);
        update(Event::Submitted, &mut m);
        update(Event::ServerChecked(Ok(info())), &mut m);
        // The login's own pair: `SignedIn` stores it, not the listener's notice.
        assert_eq!(
            update(Event::TokensChanged(Some(tokens(Role::Admin))), &mut m),
            vec![]
        );
    }

    #[test]
    fn logout_forgets_the_session() {
        let mut m = log_in(Role::Personnel);
        let fx = update(Event::LogoutRequested, &mut m);
        assert_eq!(fx, vec![Effect::Store(None), Effect::SignOut]);
        assert_eq!(m.session, Session::LoggedOut);
        assert_eq!(m.login_error, None);
        assert_eq!(update(Event::LogoutRequested, &mut m), vec![]);
    }

    fn stored(role: Role) -> StoredSession {
        StoredSession {
            org_code: code_text(),
            tokens: tokens(role),
        }
    }

    #[test]
    fn restores_a_stored_session() {
        let mut m = Model::default();
        let fx = update(Event::Started(Some(stored(Role::Personnel))), &mut m);
        assert!(matches!(fx.as_slice(), [Effect::Restore { .. }]));
        assert_eq!(m.session, Session::Restoring);
        update(Event::Restored(Ok((info(), me(Role::Personnel)))), &mut m);
        assert_eq!(m.session.role(), Some(Role::Personnel));
    }

    #[test]
    fn a_refused_refresh_at_start_goes_to_login_once() {
        let mut m = Model::default();
        update(Event::Started(Some(stored(Role::Admin))), &mut m);
        let fx = update(Event::Restored(Err(Failure::SessionExpired)), &mut m);
        assert_eq!(fx, vec![Effect::Store(None), Effect::Disconnect]);
        assert_eq!(
            m.login_error.as_ref().unwrap().message.text.key,
            keys::SESSION_EXPIRED
        );
        assert_eq!(
            update(Event::SessionEnded(Failure::SessionExpired), &mut m),
            vec![]
        );
        assert_eq!(update(Event::Started(None), &mut m), vec![]);
    }

    #[test]
    fn offline_at_start_keeps_the_stored_session() {
        let mut m = Model::default();
        update(Event::Started(Some(stored(Role::Admin))), &mut m);
        let fx = update(
            Event::Restored(Err(Failure::Unreachable("x".into()))),
            &mut m,
        );
        assert_eq!(fx, vec![Effect::Disconnect]);
        assert_eq!(
            m.login_error.as_ref().unwrap().message.text.key,
            keys::UNREACHABLE
        );
        assert!(m.resumable);

        // "Try again": the stored session is checked again, and this time it works.
        let fx = update(Event::RetryRestore(Some(stored(Role::Admin))), &mut m);
        assert!(matches!(fx.as_slice(), [Effect::Restore { .. }]));
        assert_eq!(m.session, Session::Restoring);
        assert_eq!(m.login_error, None);
        assert!(!m.resumable);
        // A second tap while it is being checked does nothing.
        assert_eq!(
            update(Event::RetryRestore(Some(stored(Role::Admin))), &mut m),
            vec![]
        );
        update(Event::Restored(Ok((info(), me(Role::Admin)))), &mut m);
        assert_eq!(m.session.role(), Some(Role::Admin));
        assert!(!m.resumable);
    }

    #[test]
    fn try_again_after_an_offline_start() {
        // Still offline: the same message, and it can be tried again.
        let mut m = Model::default();
        update(Event::Started(Some(stored(Role::Personnel))), &mut m);
        let offline = || Event::Restored(Err(Failure::Unreachable("x".into())));
        update(offline(), &mut m);
        update(Event::RetryRestore(Some(stored(Role::Personnel))), &mut m);
        update(offline(), &mut m);
        assert!(m.resumable);
        assert_eq!(m.session, Session::LoggedOut);

        // The stored session is gone by now (forgotten elsewhere): back to a plain login form.
        assert_eq!(update(Event::RetryRestore(None), &mut m), vec![]);
        assert_eq!(m.session, Session::LoggedOut);
        assert!(!m.resumable);
        assert_eq!(m.login_error, None);

        // Never offered without an offline start: a logged-out user who taps nothing stays so.
        let mut m = logged_out();
        assert_eq!(
            update(Event::RetryRestore(Some(stored(Role::Admin))), &mut m),
            vec![]
        );
        assert_eq!(m.session, Session::LoggedOut);

        // A refused session at the retry ends it like at start.
        let mut m = Model::default();
        update(Event::Started(Some(stored(Role::Admin))), &mut m);
        update(offline(), &mut m);
        update(Event::RetryRestore(Some(stored(Role::Admin))), &mut m);
        let fx = update(Event::Restored(Err(Failure::SessionExpired)), &mut m);
        assert_eq!(fx, vec![Effect::Store(None), Effect::Disconnect]);
        assert!(!m.resumable);
    }

    #[test]
    fn a_corrupt_stored_code_is_dropped() {
        let mut m = Model::default();
        let mut s = stored(Role::Admin);
        s.org_code = "junk".into();
        assert_eq!(
            update(Event::Started(Some(s)), &mut m),
            vec![Effect::Store(None)]
        );
        assert_eq!(m.session, Session::LoggedOut);
    }

    #[test]
    fn stored_session_serializes() {
        let s = stored(Role::Admin);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<StoredSession>(&json).unwrap(), s);
    }
}
