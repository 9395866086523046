//! Invitation e-mails: composed with lettre in the inviter's language (Fluent, `locales/*/mail.ftl`) —
//! HTML and plain text, the visitor's QR code as an inline image, an `.ics` calendar event — and sent over
//! SMTP as `[smtp]` in `cvlink.toml` says (STARTTLS, implicit TLS, or plain on loopback).

use std::time::Duration;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{SmtpConfig, SmtpSecurity};

const EN: &str = include_str!("../locales/en-US/mail.ftl");
const ES: &str = include_str!("../locales/es-ES/mail.ftl");
/// Every message id of the mail texts (the parity test checks each exists in every locale).
pub const KEYS: &[&str] = &[
    "mail-subject",
    "mail-greeting",
    "mail-invited",
    "mail-when",
    "mail-reason",
    "mail-visitors",
    "mail-remarks",
    "mail-qr-help",
    "mail-qr-alt",
    "mail-calendar",
    "mail-footer",
    "mail-event",
];

/// The languages e-mails are written in; anything else gets English.
pub fn language(code: &str) -> &'static str {
    match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("es") => "es",
        _ => "en",
    }
}

fn bundle(lang: &str) -> FluentBundle<FluentResource> {
    let (id, text) = match language(lang) {
        "es" => ("es-ES", ES),
        _ => ("en-US", EN),
    };
    let mut bundle = FluentBundle::new(vec![id.parse().expect("a valid language id")]);
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(text.to_string()).expect("mail.ftl parses");
    bundle
        .add_resource(resource)
        .expect("mail.ftl has each id once");
    bundle
}

/// Texts of one language.
struct Texts(FluentBundle<FluentResource>);

impl Texts {
    fn get(&self, key: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self.0.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.to_string());
        }
        let mut errors = Vec::new();
        self.0
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }
}

/// What an invitation e-mail says.
#[derive(Debug, Clone)]
pub struct Invite {
    pub org: String,
    pub host_name: String,
    pub visitor_name: String,
    pub email: String,
    /// Site-local `yyyy-MM-dd HH:mm`.
    pub start: String,
    pub end: String,
    pub reason: String,
    pub visitors: u32,
    pub remarks: String,
    pub qr: String,
    pub language: String,
    /// `<…@…>`, fixed when the e-mail is queued: a retry sends the same id.
    pub message_id: String,
    /// The calendar event's UID (stable per invitation).
    pub uid: String,
}

/// Builds the message: `from` → the visitor.
pub fn compose(from: &Mailbox, invite: &Invite) -> anyhow::Result<Message> {
    let t = Texts(bundle(&invite.language));
    let org = invite.org.as_str();
    let date = invite.start.get(..10).unwrap_or(&invite.start);
    let subject = t.get("mail-subject", &[("org", org), ("date", date)]);
    let greeting = t.get("mail-greeting", &[("name", &invite.visitor_name)]);
    let invited = t.get("mail-invited", &[("host", &invite.host_name), ("org", org)]);
    let when = format!("{} – {}", invite.start, invite.end);
    let mut rows = vec![
        (t.get("mail-when", &[]), when.clone()),
        (t.get("mail-reason", &[]), invite.reason.clone()),
        (t.get("mail-visitors", &[]), invite.visitors.to_string()),
    ];
    if !invite.remarks.trim().is_empty() {
        rows.push((t.get("mail-remarks", &[]), invite.remarks.clone()));
    }
    let qr_help = t.get("mail-qr-help", &[]);
    let calendar = t.get("mail-calendar", &[]);
    let footer = t.get("mail-footer", &[("org", org)]);

    let mut text = format!("{greeting}\n\n{invited}\n\n");
    for (k, v) in &rows {
        text.push_str(&format!("{k}: {v}\n"));
    }
    text.push_str(&format!("\n{qr_help}\n{calendar}\n\n-- \n{footer}\n"));

    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f2a\">\
         <p>{greeting}</p><p>{invited}</p><table>",
        lang = language(&invite.language),
        greeting = escape(&greeting),
        invited = escape(&invited),
    );
    for (k, v) in &rows {
        html.push_str(&format!(
            "<tr><th align=\"left\" style=\"padding-right:12px\">{}</th><td>{}</td></tr>",
            escape(k),
            escape(v)
        ));
    }
    html.push_str(&format!(
        "</table><p>{qr_help}</p><p><img src=\"cid:qr\" alt=\"{alt}\" width=\"280\" height=\"280\" \
         style=\"background:#fff\"></p><p>{calendar}</p><hr><p style=\"color:#667\">{footer}</p></body></html>",
        qr_help = escape(&qr_help),
        alt = escape(&t.get("mail-qr-alt", &[])),
        calendar = escape(&calendar),
        footer = escape(&footer),
    ));

    let png = cvm_scan::render_png(&invite.qr, 8)?;
    let ics = ics(invite, &t.get("mail-event", &[("org", org)]));
    let to: Mailbox = format!("{} <{}>", invite.visitor_name, invite.email.trim())
        .parse()
        .or_else(|_| invite.email.trim().parse())?;
    let body = MultiPart::mixed()
        .multipart(
            MultiPart::related()
                .multipart(MultiPart::alternative_plain_html(text, html))
                .singlepart(
                    Attachment::new_inline("qr".to_string())
                        .body(png, ContentType::parse("image/png")?),
                ),
        )
        .singlepart(Attachment::new("invitation.ics".to_string()).body(
            ics,
            ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")?,
        ));
    Ok(Message::builder()
        .message_id(Some(invite.message_id.clone()))
        .from(from.clone())
        .to(to)
        .subject(subject)
        .multipart(body)?)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The visit as an iCalendar event (local times of the site, "floating").
pub fn ics(invite: &Invite, summary: &str) -> String {
    let stamp = |t: &str| -> String {
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        format!(
            "{}T{}00",
            &digits[..8.min(digits.len())],
            digits.get(8..12).unwrap_or("0000")
        )
    };
    let now = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let text = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//cvmobile//cvlink//EN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", invite.uid),
        format!("DTSTAMP:{now}"),
        format!("DTSTART:{}", stamp(&invite.start)),
        format!("DTEND:{}", stamp(&invite.end)),
        format!("SUMMARY:{}", text(summary)),
        format!("DESCRIPTION:{}", text(&invite.reason)),
        format!("LOCATION:{}", text(&invite.org)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ] {
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try later: the server is down, busy, or the network failed.
    Transient(String),
    /// The server refused it for good (no such mailbox, message rejected).
    Permanent(String),
}

impl SendError {
    pub fn text(&self) -> &str {
        match self {
            Self::Transient(s) | Self::Permanent(s) => s,
        }
    }
}

/// The SMTP client of `[smtp]`.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    pub from: Mailbox,
}

impl Mailer {
    pub fn new(cfg: &SmtpConfig) -> anyhow::Result<Self> {
        let builder = match cfg.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)?,
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)?
            }
            SmtpSecurity::None => {
                let loopback = matches!(cfg.host.as_str(), "localhost" | "127.0.0.1" | "::1");
                anyhow::ensure!(
                    loopback,
                    "[smtp] security = \"none\" sends mail in clear text: only for a server on this machine (localhost)"
                );
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host)
            }
        };
        let mut builder = builder
            .port(cfg.port)
            .timeout(Some(Duration::from_secs(cfg.timeout_secs)));
        if let (Some(user), Some(password)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            from: cfg.from.parse()?,
        })
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(error_text(&e))),
            Err(e) => Err(SendError::Transient(error_text(&e))),
        }
    }
}

fn error_text(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite(lang: &str) -> Invite {
        Invite {
            org: "Demo Campus".into(),
            host_name: "Alice Walker".into(),
            visitor_name: "Grace Hopper".into(),
            email: "grace@example.com".into(),
            start: "2026-12-03 09:00".into(),
            end: "2026-12-03 11:30".into(),
            reason: "Meeting, planning".into(),
            visitors: 2,
            remarks: "Gate <B>".into(),
            qr: "2#QUJDREVGRw==".into(),
            language: lang.into(),
            message_id: "<invitation-7.abc@cvlink.local>".into(),
            uid: "invitation-7.abc@cvlink.local".into(),
        }
    }

    #[test]
    fn every_locale_has_every_mail_text() {
        for lang in ["en", "es"] {
            let b = bundle(lang);
            for key in KEYS {
                assert!(b.get_message(key).is_some(), "{lang} lacks {key}");
            }
        }
        assert_eq!(language("es-ES"), "es");
        assert_eq!(language("fr"), "en");
        assert_eq!(language(""), "en");
    }

    #[test]
    fn the_message_has_both_bodies_the_inline_qr_and_the_event() {
        let from: Mailbox = "Demo Campus <visitors@demo.invalid>".parse().unwrap();
        let m = compose(&from, &invite("es")).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(
            raw.contains("Message-ID: <invitation-7.abc@cvlink.local>"),
            "{raw}"
        );
        assert!(
            raw.contains("Subject: =?utf-8?")
                || raw.contains("Subject: Su visita a Demo Campus el 2026-12-03"),
            "{raw}"
        );
        assert!(raw.contains("multipart/related"), "{raw}");
        assert!(raw.contains("Content-ID: <qr>"), "{raw}");
        assert!(raw.contains("image/png"), "{raw}");
        assert!(raw.contains("text/calendar"), "{raw}");
        assert!(raw.contains("Gate &lt;B&gt;"), "HTML escaped: {raw}");
        let ics = ics(&invite("en"), "Visit to Demo Campus");
        assert!(ics.contains("DTSTART:20261203T090000\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261203T113000\r\n"), "{ics}");
        assert!(ics.contains("DESCRIPTION:Meeting\\, planning\r\n"), "{ics}");
    }

    #[test]
    fn clear_text_smtp_only_to_this_machine() {
        let cfg = SmtpConfig {
            host: "mail.example.org".into(),
            port: 25,
            security: SmtpSecurity::None,
            username: None,
            password: None,
            from: "a@b.co".into(),
            timeout_secs: 5,
        };
        assert!(Mailer::new(&cfg).is_err());
        let local = SmtpConfig {
            host: "127.0.0.1".into(),
            ..cfg
        };
        assert!(Mailer::new(&local).is_ok());
    }
}
