//! The login form: its fields, validation with a specific message per mistake, and picking the org
//! code out of a decoded QR image.

use cvm_api::{LoginRequest, OrgCode, OrgCodeError, Role};

use crate::message::{keys, Message, Text};

/// What the user has typed or chosen. A failed submit never clears any of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginForm {
    pub role: Option<Role>,
    pub org_code: String,
    pub account: String,
    pub password: String,
}

/// The form field an error is about (the app marks it `aria-invalid` and focuses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Role,
    OrgCode,
    Account,
    Password,
}

/// An error shown on the login screen, optionally tied to one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: Option<Field>,
    pub message: Message,
}

impl FormError {
    pub fn field(field: Field, message: Message) -> Self {
        Self {
            field: Some(field),
            message,
        }
    }

    pub fn general(message: Message) -> Self {
        Self {
            field: None,
            message,
        }
    }
}

/// A validated form: where to log in and with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub org: OrgCode,
    pub request: LoginRequest,
}

impl LoginForm {
    /// Checks the fields in screen order and reports the first problem.
    pub fn validate(&self) -> Result<Credentials, FormError> {
        let role = self
            .role
            .ok_or_else(|| FormError::field(Field::Role, Message::new(keys::ROLE_REQUIRED)))?;
        let org = OrgCode::parse(&self.org_code)
            .map_err(|e| FormError::field(Field::OrgCode, org_code_message(&e)))?;
        let account = self.account.trim();
        if account.is_empty() {
            return Err(FormError::field(
                Field::Account,
                Message::new(keys::ACCOUNT_REQUIRED),
            ));
        }
        // Passwords are taken as typed: spaces may be part of them.
        if self.password.is_empty() {
            return Err(FormError::field(
                Field::Password,
                Message::new(keys::PASSWORD_REQUIRED),
            ));
        }
        Ok(Credentials {
            org,
            request: LoginRequest {
                role,
                account: account.to_string(),
                password: self.password.clone(),
            },
        })
    }
}

/// A specific message for each way an org code can be wrong.
pub fn org_code_message(e: &OrgCodeError) -> Message {
    let m = match e {
        OrgCodeError::Empty => Message::new(keys::ORG_EMPTY),
        OrgCodeError::TooLong => Message::new(keys::ORG_TOO_LONG),
        OrgCodeError::NotOrgCode => Message::new(keys::ORG_NOT_ORG_CODE),
        OrgCodeError::UnsupportedVersion(v) => {
            Message::new(keys::ORG_UNSUPPORTED_VERSION).arg("version", v.clone())
        }
        OrgCodeError::MissingName => Message::new(keys::ORG_MISSING_NAME),
        OrgCodeError::MissingUrl => Message::new(keys::ORG_MISSING_URL),
        OrgCodeError::TooManyUrls => Message::new(keys::ORG_TOO_MANY_URLS),
        OrgCodeError::InvalidUrl(u) => Message::new(keys::ORG_INVALID_URL).arg("url", u.clone()),
        OrgCodeError::InsecureUrl(u) => Message::new(keys::ORG_INSECURE_URL).arg("url", u.clone()),
        OrgCodeError::MissingFingerprint => Message::new(keys::ORG_MISSING_FINGERPRINT),
        OrgCodeError::InvalidFingerprint => Message::new(keys::ORG_INVALID_FINGERPRINT),
    };
    m.help(Text::new(keys::ORG_HELP))
}

/// The organization named by the org code field, once it holds a valid code.
pub fn org_name(org_code: &str) -> Option<String> {
    OrgCode::parse(org_code).ok().map(|o| o.name().to_string())
}

/// Why an image gave no org code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanFailure {
    /// The file is not an image we can read.
    Unreadable,
}

/// Chooses the org code among the QR payloads found in an image. Returns the text to put in the org
/// code field, and the error to show when that text is not a usable org code.
pub fn pick_org_code(
    decoded: Result<Vec<String>, ScanFailure>,
) -> (Option<String>, Option<FormError>) {
    let payloads = match decoded {
        Ok(p) => p,
        Err(ScanFailure::Unreadable) => {
            return (
                None,
                Some(FormError::field(
                    Field::OrgCode,
                    Message::new(keys::IMAGE_UNREADABLE),
                )),
            )
        }
    };
    if let Some(good) = payloads.iter().find(|p| OrgCode::parse(p).is_ok()) {
        return (Some(good.trim().to_string()), None);
    }
    match payloads.into_iter().next() {
        // Show what the picture holds, and why it is not an org code.
        Some(first) => {
            let err = OrgCode::parse(&first)
                .err()
                .map(|e| FormError::field(Field::OrgCode, org_code_message(&e)));
            (Some(first), err)
        }
        None => (
            None,
            Some(FormError::field(
                Field::OrgCode,
                Message::new(keys::NO_QR_FOUND),
            )),
        ),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn code_text() -> String {
        format!(
            "cvmobile://org?v=1&n=Demo&u=https://127.0.0.1:8443&fp={}",
            "ab".repeat(32)
        )
    }

    pub fn filled(role: Role) -> LoginForm {
        LoginForm {
            role: Some(role),
            org_code: code_text(),
            account: "admin".into(),
            password: "secret".into(),
        }
    }

    fn err(form: &LoginForm) -> FormError {
        form.validate().unwrap_err()
    }

    #[test]
    fn a_complete_form_validates() {
        let c = filled(Role::Personnel).validate().unwrap();
        assert_eq!(c.request.role, Role::Personnel);
        assert_eq!(c.request.account, "admin");
        assert_eq!(c.org.name(), "Demo");
    }

    #[test]
    fn role_must_be_chosen_first() {
        let mut f = filled(Role::Admin);
        f.role = None;
        f.account.clear();
        assert_eq!(err(&f).field, Some(Field::Role));
        assert_eq!(err(&f).message.text.key, keys::ROLE_REQUIRED);
    }

    #[test]
    fn account_and_password_are_required() {
        let mut f = filled(Role::Admin);
        f.account = "   ".into();
        assert_eq!(err(&f).field, Some(Field::Account));
        let mut f = filled(Role::Admin);
        f.password.clear();
        assert_eq!(err(&f).field, Some(Field::Password));
        assert_eq!(err(&f).message.text.key, keys::PASSWORD_REQUIRED);
    }

    #[test]
    fn each_org_code_error_has_its_own_message() {
        let fp = "ab".repeat(32);
        let cases = [
            (String::new(), keys::ORG_EMPTY),
            ("x".repeat(5000), keys::ORG_TOO_LONG),
            ("hello".into(), keys::ORG_NOT_ORG_CODE),
            (
                format!("cvmobile://org?v=9&n=a&u=https://h&fp={fp}"),
                keys::ORG_UNSUPPORTED_VERSION,
            ),
            (
                format!("cvmobile://org?v=1&u=https://h&fp={fp}"),
                keys::ORG_MISSING_NAME,
            ),
            (
                format!("cvmobile://org?v=1&n=a&fp={fp}"),
                keys::ORG_MISSING_URL,
            ),
            (
                format!("cvmobile://org?v=1&n=a&u=nope&fp={fp}"),
                keys::ORG_INVALID_URL,
            ),
            (
                format!("cvmobile://org?v=1&n=a&u=http://h&fp={fp}"),
                keys::ORG_INSECURE_URL,
            ),
            (
                "cvmobile://org?v=1&n=a&u=https://h".into(),
                keys::ORG_MISSING_FINGERPRINT,
            ),
            (
                "cvmobile://org?v=1&n=a&u=https://h&fp=12".into(),
                keys::ORG_INVALID_FINGERPRINT,
            ),
        ];
        for (text, key) in cases {
            let mut f = filled(Role::Admin);
            f.org_code = text;
            let e = err(&f);
            assert_eq!(e.field, Some(Field::OrgCode));
            assert_eq!(e.message.text.key, key);
        }
        let many = format!("cvmobile://org?v=1&n=a{}&fp={fp}", "&u=https://h".repeat(9));
        assert_eq!(
            org_code_message(&OrgCode::parse(&many).unwrap_err())
                .text
                .key,
            keys::ORG_TOO_MANY_URLS
        );
        assert_eq!(
            org_code_message(&OrgCodeError::InsecureUrl("http://h/".into()))
                .text
                .args,
            vec![("url", "http://h/".to_string())]
        );
    }

    #[test]
    fn the_org_name_shows_once_the_code_is_valid() {
        assert_eq!(org_name(&code_text()).as_deref(), Some("Demo"));
        assert_eq!(org_name("cvmobile://org?v=1"), None);
    }

    #[test]
    fn picks_the_org_code_among_payloads() {
        let (text, e) = pick_org_code(Ok(vec!["WIFI:x".into(), code_text()]));
        assert_eq!(text, Some(code_text()));
        assert_eq!(e, None);
        let (text, e) = pick_org_code(Ok(vec!["WIFI:x".into()]));
        assert_eq!(text.as_deref(), Some("WIFI:x"));
        assert_eq!(e.unwrap().message.text.key, keys::ORG_NOT_ORG_CODE);
        let (text, e) = pick_org_code(Ok(vec![]));
        assert_eq!(text, None);
        assert_eq!(e.unwrap().message.text.key, keys::NO_QR_FOUND);
        let (_, e) = pick_org_code(Err(ScanFailure::Unreadable));
        assert_eq!(e.unwrap().message.text.key, keys::IMAGE_UNREADABLE);
    }
}
