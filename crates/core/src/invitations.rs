//! Visitor Invitation (personnel): the new-invitation form and Re-Invitation, checked with the same rules
//! cvlink applies (`cvm_api::InvitationRequest::problems`), the gateway's refusals put next to their
//! field, the form kept whatever fails; the password change form; and the words for an invitation's
//! state and its e-mail's.

use cvm_api::{
    ErrorCode, Failure, FieldRule, Invitation, InvitationRequest, InvitationStatus, MailState,
    MailStatus, PasswordChange, ReinviteRequest,
};

use crate::failure::FailureText;
use crate::message::{keys, Message, Text};

/// A field of the invitation form, by its request name.
pub type InviteField = &'static str;

/// The fields in screen order.
pub const INVITE_FIELDS: &[InviteField] = &[
    "first_name",
    "last_name",
    "email",
    "mobile",
    "start",
    "end",
    "reason",
    "visitors",
    "remarks",
];

/// What the form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteSubmit {
    New(InvitationRequest),
    /// Re-Invitation of an invitation: the same visitor, new times.
    Again(i64, ReinviteRequest),
}

/// The new-invitation (or Re-Invitation) form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub mobile: String,
    /// `yyyy-MM-ddTHH:mm` (a `datetime-local` input) or `yyyy-MM-dd HH:mm`.
    pub start: String,
    pub end: String,
    pub reason: String,
    /// As typed.
    pub visitors: String,
    pub remarks: String,
    /// Set for a Re-Invitation: only the times can change.
    pub reinvite_of: Option<i64>,
    /// A message per field, in screen order.
    pub errors: Vec<(InviteField, Text)>,
    /// What failed that is no field's (CVSecurity down, the session ended…).
    pub general: Option<Message>,
    pub submitting: bool,
    /// The idempotency key of the submit in progress: a retry after an unclear failure reuses it.
    key: Option<String>,
}

impl InviteForm {
    /// An empty form with these times (the app proposes the next full hour, two hours long).
    pub fn new(start: String, end: String) -> Self {
        Self {
            start,
            end,
            visitors: "1".into(),
            ..Self::default()
        }
    }

    /// Re-Invitation of `inv`: its visitor and details, new times.
    pub fn reinvite(inv: &Invitation, start: String, end: String) -> Self {
        Self {
            first_name: inv.first_name.clone(),
            last_name: inv.last_name.clone(),
            email: inv.email.clone(),
            mobile: inv.mobile.clone(),
            start,
            end,
            reason: inv.reason.clone(),
            visitors: inv.visitors.to_string(),
            remarks: inv.remarks.clone(),
            reinvite_of: Some(inv.id),
            ..Self::default()
        }
    }

    pub fn set(&mut self, field: InviteField, value: String) {
        let slot = match field {
            "first_name" => &mut self.first_name,
            "last_name" => &mut self.last_name,
            "email" => &mut self.email,
            "mobile" => &mut self.mobile,
            "start" => &mut self.start,
            "end" => &mut self.end,
            "reason" => &mut self.reason,
            "visitors" => &mut self.visitors,
            "remarks" => &mut self.remarks,
            _ => return,
        };
        *slot = value;
        // The message of a field goes once it is edited.
        self.errors.retain(|(f, _)| *f != field);
    }

    pub fn get(&self, field: InviteField) -> &str {
        match field {
            "first_name" => &self.first_name,
            "last_name" => &self.last_name,
            "email" => &self.email,
            "mobile" => &self.mobile,
            "start" => &self.start,
            "end" => &self.end,
            "reason" => &self.reason,
            "visitors" => &self.visitors,
            "remarks" => &self.remarks,
            _ => "",
        }
    }

    /// The field's message, if any.
    pub fn error(&self, field: InviteField) -> Option<&Text> {
        field_error(&self.errors, field)
    }

    /// Whether a field can be edited (a Re-Invitation changes the times only).
    pub fn editable(&self, field: InviteField) -> bool {
        self.reinvite_of.is_none() || matches!(field, "start" | "end")
    }

    fn request(&self, language: &str) -> InvitationRequest {
        InvitationRequest {
            first_name: self.first_name.trim().into(),
            last_name: self.last_name.trim().into(),
            email: self.email.trim().into(),
            mobile: self.mobile.trim().into(),
            start: self.start.trim().replace('T', " "),
            end: self.end.trim().replace('T', " "),
            reason: self.reason.trim().into(),
            // Not a number: 0, which the rules refuse with the count's own message.
            visitors: self.visitors.trim().parse().unwrap_or(0),
            remarks: self.remarks.trim().into(),
            language: language.into(),
        }
    }

    /// Checks the form; when it passes, returns what to send and the idempotency key to send it with
    /// (`new_key` makes one; a retry after a failure that may have reached the gateway keeps it).
    pub fn submit(
        &mut self,
        language: &str,
        new_key: impl FnOnce() -> String,
    ) -> Option<(InviteSubmit, String)> {
        if self.submitting {
            return None;
        }
        let req = self.request(language);
        self.general = None;
        self.errors = req
            .problems()
            .into_iter()
            .map(|(field, rule)| (field, rule_text(rule)))
            .collect();
        if self.reason.trim().is_empty() && self.error("reason").is_none() {
            self.errors.push(("reason", Text::new(keys::INV_REQUIRED)));
        }
        if !self.errors.is_empty() {
            return None;
        }
        self.submitting = true;
        let key = self.key.get_or_insert_with(new_key).clone();
        let submit = match self.reinvite_of {
            Some(id) => InviteSubmit::Again(
                id,
                ReinviteRequest {
                    start: req.start,
                    end: req.end,
                    language: req.language,
                },
            ),
            None => InviteSubmit::New(req),
        };
        Some((submit, key))
    }

    /// The gateway's answer. On success the form is done (the app shows the invitation); a failure keeps
    /// every field and puts the message next to the field it is about.
    pub fn answered(&mut self, result: &Result<Invitation, Failure>) {
        self.submitting = false;
        let Err(f) = result else {
            self.key = None;
            return;
        };
        // A refusal is final: the next submit is a new request. A failure on the way (unreachable) may
        // have been carried out: the next submit repeats it under the same key.
        if f.problem().is_some() {
            self.key = None;
        }
        match field_failure(f, INVITE_FIELDS) {
            Ok(error) => self.errors = vec![error],
            Err(general) => self.general = Some(general),
        }
    }
}

/// The message of `field` among a form's messages.
pub fn field_error<'a>(errors: &'a [(&'static str, Text)], field: &str) -> Option<&'a Text> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, t)| t)
}

/// A refusal of one of `fields` (the gateway's validation, or CVSecurity's visitor errors) as the
/// message next to that field; anything else as the form's general message.
pub fn field_failure(
    f: &Failure,
    fields: &[&'static str],
) -> Result<(&'static str, Text), Message> {
    let field = f
        .problem()
        .filter(|p| p.code == ErrorCode::Validation)
        .and_then(|p| p.field.as_deref())
        .and_then(|name| fields.iter().copied().find(|f| *f == name));
    match (field, f.problem()) {
        (Some(field), Some(p)) => Ok((
            field,
            match p.upstream_code {
                Some(code) => upstream_text(code),
                None => {
                    Text::new(keys::INV_REFUSED).arg("detail", p.detail.clone().unwrap_or_default())
                }
            },
        )),
        _ => Err(f.message("")),
    }
}

/// The words for a rule of `cvm_api::InvitationRequest::problems`.
pub fn rule_text(rule: FieldRule) -> Text {
    match rule {
        FieldRule::Required => Text::new(keys::INV_REQUIRED),
        FieldRule::TooLong(n) => Text::new(keys::INV_TOO_LONG).arg("max", n.to_string()),
        FieldRule::NotEmail => Text::new(keys::INV_NOT_EMAIL),
        FieldRule::NotPhone => Text::new(keys::INV_NOT_PHONE),
        FieldRule::NotTime => Text::new(keys::INV_NOT_TIME),
        FieldRule::EndNotAfterStart => Text::new(keys::INV_END_BEFORE_START),
        FieldRule::VisitorCount => Text::new(keys::INV_VISITOR_COUNT),
        FieldRule::SpecialChars => Text::new(keys::INV_SPECIAL_CHARS),
        FieldRule::TooMany(n) => Text::new(keys::FORM_TOO_MANY).arg("max", n.to_string()),
        FieldRule::NotPicture => Text::new(keys::FORM_NOT_PICTURE),
        FieldRule::TooLarge(kib) => Text::new(keys::FORM_TOO_LARGE).arg("max", kib.to_string()),
    }
}

/// CVSecurity's visitor errors (-240..-266) in words, next to their field.
pub fn upstream_text(code: i64) -> Text {
    let key = match code {
        -244 => keys::INV_UP_ALREADY_RESERVED,
        -245 => keys::INV_UP_DURING_VISIT,
        -252 => keys::INV_UP_DATE_WRONG,
        -254 => keys::INV_UP_BLOCKED,
        -253 => keys::VIS_UP_HOST_MISSING,
        -255 => keys::VIS_UP_ALREADY_IN,
        -251 => keys::VIS_UP_BAD_ID,
        -261 => keys::INV_SPECIAL_CHARS,
        _ => return Text::new(keys::INV_UP_OTHER).arg("code", code.to_string()),
    };
    Text::new(key)
}

pub fn status_text(status: InvitationStatus) -> Text {
    Text::new(match status {
        InvitationStatus::Pending => keys::INV_STATUS_PENDING,
        InvitationStatus::Used => keys::INV_STATUS_USED,
        InvitationStatus::Expired => keys::INV_STATUS_EXPIRED,
    })
}

/// What happened to the e-mail, said plainly (never "system error"), with the reason when it waits.
pub fn mail_message(mail: &MailStatus) -> Message {
    let m = match mail.state {
        MailState::Sent => Message::new(keys::INV_MAIL_SENT),
        MailState::Queued if mail.attempts == 0 => Message::new(keys::INV_MAIL_QUEUED),
        MailState::Queued => Message::new(keys::INV_MAIL_RETRYING),
        MailState::Failed => Message::new(keys::INV_MAIL_FAILED),
        MailState::NotConfigured => Message::new(keys::INV_MAIL_NOT_CONFIGURED),
    };
    match (&mail.last_error, mail.state) {
        (Some(e), MailState::Queued | MailState::Failed) => {
            m.help(Text::new(keys::INV_MAIL_REASON).arg("reason", e.clone()))
        }
        _ => m,
    }
}

/// The password change form: current, new, new again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordForm {
    pub current: String,
    pub new: String,
    pub again: String,
    /// (field, message): `current`, `new` or `again`.
    pub error: Option<(&'static str, Text)>,
    pub general: Option<Message>,
    pub submitting: bool,
    pub done: bool,
}

impl PasswordForm {
    pub fn submit(&mut self) -> Option<PasswordChange> {
        if self.submitting {
            return None;
        }
        self.general = None;
        self.done = false;
        self.error = if self.current.is_empty() {
            Some(("current", Text::new(keys::INV_REQUIRED)))
        } else if self.new.is_empty() {
            Some(("new", Text::new(keys::INV_REQUIRED)))
        } else if self.new != self.again {
            Some(("again", Text::new(keys::PW_MISMATCH)))
        } else {
            None
        };
        if self.error.is_some() {
            return None;
        }
        self.submitting = true;
        Some(PasswordChange {
            current: self.current.clone(),
            new: self.new.clone(),
        })
    }

    /// The answer: on success the fields are cleared; a refusal says why next to its field (a weak
    /// password with the estimator's reason).
    pub fn answered(&mut self, result: &Result<(), Failure>) {
        self.submitting = false;
        match result {
            Ok(()) => {
                *self = Self {
                    done: true,
                    ..Self::default()
                };
            }
            Err(f) => {
                let problem = f.problem().filter(|p| p.code == ErrorCode::Validation);
                match problem.and_then(|p| p.field.as_deref()) {
                    Some("current") => {
                        self.error = Some(("current", Text::new(keys::PW_CURRENT_WRONG)));
                    }
                    Some("new") => {
                        let why = problem.and_then(|p| p.detail.clone()).unwrap_or_default();
                        self.error = Some(("new", Text::new(keys::PW_WEAK).arg("reason", why)));
                    }
                    _ => self.general = Some(f.message("")),
                }
            }
        }
    }

    pub fn error_for(&self, field: &str) -> Option<&Text> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::Problem;

    fn filled() -> InviteForm {
        let mut f = InviteForm::new("2026-12-03T09:00".into(), "2026-12-03T11:00".into());
        f.set("first_name", "Grace".into());
        f.set("email", "grace@example.com".into());
        f.set("reason", "Meeting".into());
        f
    }

    fn invitation() -> Invitation {
        Invitation {
            id: 7,
            first_name: "Grace".into(),
            last_name: "Hopper".into(),
            email: "grace@example.com".into(),
            mobile: String::new(),
            start: "2026-12-03 09:00".into(),
            end: "2026-12-03 11:00".into(),
            reason: "Meeting".into(),
            visitors: 2,
            remarks: String::new(),
            qr: "2#AAAA".into(),
            status: InvitationStatus::Pending,
            mail: MailStatus {
                state: MailState::Sent,
                attempts: 1,
                last_error: None,
                next_attempt_at: None,
            },
            created_at: "2026-12-02T10:00:00Z".into(),
            reinvite_of: None,
        }
    }

    #[test]
    fn a_complete_form_sends_the_request_with_a_key_once() {
        let mut f = filled();
        let (submit, key) = f.submit("es", || "k1".into()).unwrap();
        let InviteSubmit::New(req) = submit else {
            panic!()
        };
        assert_eq!(req.start, "2026-12-03 09:00");
        assert_eq!(req.visitors, 1);
        assert_eq!(req.language, "es");
        assert_eq!(key, "k1");
        // A double tap sends nothing more.
        assert!(f.submit("es", || "k2".into()).is_none());
    }

    #[test]
    fn problems_go_next_to_their_fields_and_nothing_is_lost() {
        let mut f = InviteForm::new("2026-12-03T11:00".into(), "2026-12-03T09:00".into());
        f.set("email", "nope".into());
        f.set("visitors", "many".into());
        assert!(f.submit("en", || "k".into()).is_none());
        assert_eq!(f.error("first_name"), Some(&Text::new(keys::INV_REQUIRED)));
        assert_eq!(f.error("email"), Some(&Text::new(keys::INV_NOT_EMAIL)));
        assert_eq!(f.error("end"), Some(&Text::new(keys::INV_END_BEFORE_START)));
        assert_eq!(
            f.error("visitors"),
            Some(&Text::new(keys::INV_VISITOR_COUNT))
        );
        assert_eq!(f.error("reason"), Some(&Text::new(keys::INV_REQUIRED)));
        assert_eq!(f.email, "nope", "what was typed stays");
        // Editing a field clears its message only.
        f.set("email", "grace@example.com".into());
        assert_eq!(f.error("email"), None);
        assert!(f.error("end").is_some());
    }

    #[test]
    fn the_gateways_refusals_land_on_their_field_and_keep_the_form() {
        let mut f = filled();
        f.submit("en", || "k1".into()).unwrap();
        let mut p = Problem::new(ErrorCode::Validation, "x").with_field("email");
        p.upstream_code = Some(-254);
        f.answered(&Err(Failure::api(p)));
        assert!(!f.submitting);
        assert_eq!(f.error("email"), Some(&Text::new(keys::INV_UP_BLOCKED)));
        assert_eq!(f.first_name, "Grace");
        // A refusal is final: the next submit gets a new key.
        let (_, key) = f.submit("en", || "k2".into()).unwrap();
        assert_eq!(key, "k2");
        // Unreachable: said generally, and the retry repeats the same request (same key).
        f.answered(&Err(Failure::Unreachable("x".into())));
        assert_eq!(f.general.as_ref().unwrap().text.key, keys::UNREACHABLE);
        let (_, key) = f.submit("en", || "k3".into()).unwrap();
        assert_eq!(key, "k2");
        f.answered(&Ok(invitation()));
        assert!(f.general.is_none());
    }

    #[test]
    fn re_invitation_keeps_the_visitor_and_changes_the_times() {
        let mut f = InviteForm::reinvite(
            &invitation(),
            "2026-12-04T09:00".into(),
            "2026-12-04T10:00".into(),
        );
        assert!(!f.editable("email"));
        assert!(f.editable("start") && f.editable("end"));
        assert_eq!(f.visitors, "2");
        let (submit, _) = f.submit("en", || "k".into()).unwrap();
        assert_eq!(
            submit,
            InviteSubmit::Again(
                7,
                ReinviteRequest {
                    start: "2026-12-04 09:00".into(),
                    end: "2026-12-04 10:00".into(),
                    language: "en".into()
                }
            )
        );
    }

    #[test]
    fn the_e_mail_state_is_said_plainly_with_its_reason() {
        let mut mail = invitation().mail;
        assert_eq!(mail_message(&mail).text.key, keys::INV_MAIL_SENT);
        mail.state = MailState::Queued;
        mail.attempts = 3;
        mail.last_error = Some("Connection refused".into());
        let m = mail_message(&mail);
        assert_eq!(m.text.key, keys::INV_MAIL_RETRYING);
        assert_eq!(
            m.help,
            Some(Text::new(keys::INV_MAIL_REASON).arg("reason", "Connection refused"))
        );
        mail.state = MailState::NotConfigured;
        assert_eq!(mail_message(&mail).text.key, keys::INV_MAIL_NOT_CONFIGURED);
    }

    #[test]
    fn the_password_form_checks_the_repeat_and_shows_the_strength_reason() {
        let mut f = PasswordForm {
            current: "old".into(),
            new: "violet-harbor-engine-47".into(),
            again: "violet-harbor-engine-48".into(),
            ..PasswordForm::default()
        };
        assert!(f.submit().is_none());
        assert_eq!(f.error_for("again"), Some(&Text::new(keys::PW_MISMATCH)));
        f.again = f.new.clone();
        let req = f.submit().unwrap();
        assert_eq!(req.new, "violet-harbor-engine-47");
        let p = Problem::new(ErrorCode::Validation, "x")
            .with_field("new")
            .with_detail("This is a top-10 common password.");
        f.answered(&Err(Failure::api(p)));
        assert_eq!(
            f.error_for("new"),
            Some(&Text::new(keys::PW_WEAK).arg("reason", "This is a top-10 common password."))
        );
        assert_eq!(f.current, "old", "kept");
        f.submit().unwrap();
        f.answered(&Ok(()));
        assert!(f.done);
        assert!(f.current.is_empty() && f.new.is_empty());
    }
}
