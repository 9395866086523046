//! Personnel: visitor invitations end to end against a real SMTP server on loopback (the demo's sink):
//! the e-mail's recipient, language, inline QR (decoded with cvm-scan) and calendar event; the outbox
//! when the mail server is down (also across a restart), refuses, or is not configured; single use at a
//! cvsim reader; Re-Invitation; and the password change.

use std::net::SocketAddr;
use std::time::Duration;

use cvlink::config::{SmtpConfig, SmtpSecurity};
use cvlink::mailsink::MailSink;
use cvm_api::{Invitation, InvitationStatus, MailState};
use mail_parser::MimeHeaders;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;

const WAIT: Duration = Duration::from_secs(20);

fn smtp(addr: SocketAddr) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port: addr.port(),
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "Test Site <visitors@test-site.invalid>".into(),
        timeout_secs: 3,
    }
}

async fn start_mail(smtp_cfg: Option<SmtpConfig>) -> Env {
    start_tweaked(AuthConfig::default(), None, quiet_sim(), |c| {
        c.smtp = smtp_cfg
    })
    .await
}

/// A loopback port nothing listens on (yet).
fn free_port() -> SocketAddr {
    loopback().local_addr().unwrap()
}

fn tomorrow(h: u32, m: u32) -> String {
    (chrono::Local::now() + chrono::Duration::days(1))
        .format(&format!("%Y-%m-%d {h:02}:{m:02}"))
        .to_string()
}

fn today_window() -> (String, String) {
    let now = chrono::Local::now();
    (
        now.format("%Y-%m-%d 00:00").to_string(),
        now.format("%Y-%m-%d 23:59").to_string(),
    )
}

fn request(start: &str, end: &str, lang: &str) -> Value {
    json!({
        "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com",
        "mobile": "+34 600 123 456", "start": start, "end": end, "reason": "Meeting",
        "visitors": 2, "remarks": "Parking at gate B", "language": lang,
    })
}

impl Env {
    async fn invite(&self, token: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{}", self.base, cvm_api::paths::INVITATIONS))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    async fn invitation(&self, token: &str, id: i64) -> Invitation {
        let r = self.get(&cvm_api::paths::invitation(id), Some(token)).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn await_mail(&self, token: &str, id: i64, state: MailState) -> Invitation {
        let end = tokio::time::Instant::now() + WAIT;
        loop {
            let inv = self.invitation(token, id).await;
            if inv.mail.state == state {
                return inv;
            }
            assert!(
                tokio::time::Instant::now() < end,
                "the e-mail of {id} never became {state:?}: {:?}",
                inv.mail
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

async fn await_messages(sink: &MailSink, n: usize) -> Vec<Vec<u8>> {
    let end = tokio::time::Instant::now() + WAIT;
    while sink.messages().len() < n {
        assert!(
            tokio::time::Instant::now() < end,
            "{n} e-mail(s) never arrived"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sink.messages()
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default().parse(raw).unwrap()
}

#[tokio::test]
async fn an_invitation_is_mailed_once_in_the_inviters_language_with_its_code_and_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let sink = MailSink::start(loopback(), dir.path(), &[]).unwrap();
    let env = start_mail(Some(smtp(sink.addr))).await;
    let person = env.personnel().await.access_token;

    let reasons: Vec<String> = env
        .get(cvm_api::paths::VISIT_REASONS, Some(&person))
        .await
        .json()
        .await
        .unwrap();
    assert!(reasons.contains(&"Meeting".to_string()), "{reasons:?}");

    let (start, end) = today_window();
    let submitted = std::time::Instant::now();
    let (s, body) = env.invite(&person, request(&start, &end, "es")).await;
    eprintln!("POST /invitations answered in {:?}", submitted.elapsed());
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let inv: Invitation = serde_json::from_value(body).unwrap();
    assert!(inv.qr.starts_with("2#"), "{}", inv.qr);
    assert_eq!(inv.status, InvitationStatus::Pending);
    assert_eq!(inv.start, start);

    let raw = await_messages(&sink, 1).await;
    eprintln!(
        "the e-mail reached the SMTP server {:?} after the submit",
        submitted.elapsed()
    );
    let m = parse(&raw[0]);
    assert_eq!(
        m.to().unwrap().first().unwrap().address().unwrap(),
        "grace@example.com"
    );
    let date = &start[..10];
    assert_eq!(
        m.subject().unwrap(),
        format!("Su visita a Test Site el {date}")
    );
    let text = m.body_text(0).unwrap();
    assert!(text.contains("Hola Grace Hopper"), "{text}");
    assert!(text.contains("Alice Walker"), "the host is named: {text}");
    let html = m.body_html(0).unwrap();
    assert!(html.contains("cid:qr"), "{html}");
    // The inline picture is the invitation's code.
    let png = m
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.c_type == "image" && c.subtype() == Some("png"))
        })
        .expect("an inline PNG");
    let decoded = cvm_scan::decode_bytes(png.contents()).unwrap();
    assert_eq!(decoded, vec![inv.qr.clone()]);
    // The calendar event.
    let ics = m
        .attachments()
        .find(|a| a.attachment_name() == Some("invitation.ics"))
        .expect("the .ics");
    let ics = String::from_utf8_lossy(ics.contents()).to_string();
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    assert!(
        ics.contains(&format!("DTSTART:{}T000000", date.replace('-', ""))),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Visita a Test Site"), "{ics}");

    let sent = env.await_mail(&person, inv.id, MailState::Sent).await;
    assert_eq!(sent.mail.attempts, 1);
    // Exactly once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sink.messages().len(), 1);

    // The code admits once at a cvsim reader.
    let reader = {
        let readers = env
            .sim(
                reqwest::Method::GET,
                "/api/reader/accList?pageNo=1&pageSize=200",
                None,
            )
            .await;
        readers[0]["id"].as_str().unwrap().to_string()
    };
    let first = env
        .control(
            &format!("/sim/readers/{reader}/present"),
            json!({"qr": inv.qr}),
        )
        .await;
    assert_eq!(first["granted"], true, "{first}");
    let second = env
        .control(
            &format!("/sim/readers/{reader}/present"),
            json!({"qr": inv.qr}),
        )
        .await;
    assert_eq!(second["reason"], "QR code already used");
    // Once the poller has the record, the invitation says it was used.
    let end_at = tokio::time::Instant::now() + WAIT;
    while env.invitation(&person, inv.id).await.status != InvitationStatus::Used {
        assert!(tokio::time::Instant::now() < end_at, "never marked used");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Re-Invitation: a new invitation with a new code and the new times.
    let r = env
        .http
        .post(format!("{}{}", env.base, cvm_api::paths::reinvite(inv.id)))
        .bearer_auth(&person)
        .json(&json!({"start": tomorrow(9, 0), "end": tomorrow(10, 0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let again: Invitation = r.json().await.unwrap();
    assert_ne!(again.id, inv.id);
    assert_ne!(again.qr, inv.qr);
    assert_eq!(again.reinvite_of, Some(inv.id));
    assert_eq!(again.email, inv.email);
    assert_eq!(again.start, tomorrow(9, 0));
    await_messages(&sink, 2).await;
    let list: cvm_api::Page<Invitation> = env
        .get(cvm_api::paths::INVITATIONS, Some(&person))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        list.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![again.id, inv.id],
        "newest first"
    );
    // Another person's invitations are not there for them; an admin has none at all.
    let admin = env.admin().await.access_token;
    let (s, _) = problem(
        env.get(&cvm_api::paths::invitation(inv.id), Some(&admin))
            .await,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_mail_server_down_at_submit_then_up_after_a_restart_delivers_exactly_once() {
    let port = free_port();
    let env = start_mail(Some(smtp(port))).await;
    let person = env.personnel().await.access_token;
    let (start, end) = today_window();
    let (s, body) = env.invite(&person, request(&start, &end, "en")).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    // The invitation exists; its e-mail waits, and says why.
    let end_at = tokio::time::Instant::now() + WAIT;
    let waiting = loop {
        let inv = env.invitation(&person, id).await;
        if inv.mail.attempts > 0 {
            break inv;
        }
        assert!(tokio::time::Instant::now() < end_at, "never tried");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(waiting.mail.state, MailState::Queued);
    assert!(waiting.mail.last_error.is_some(), "{:?}", waiting.mail);
    assert!(waiting.mail.next_attempt_at.is_some());
    let out = env.cli(&["outbox", "list"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("queued"),
        "{out:?}"
    );

    // cvlink stops; the mail server comes up on that port; cvlink starts again and sends it, once.
    let dir = tempfile::tempdir().unwrap();
    let restarted = std::time::Instant::now();
    let (env, sink) = super::events::restart_with(env, |_, _| async {
        MailSink::start(std::net::TcpListener::bind(port).unwrap(), dir.path(), &[]).unwrap()
    })
    .await;
    let raw = await_messages(&sink, 1).await;
    eprintln!(
        "mail server down at submit: {} attempt(s) before the restart; delivered {:?} after it",
        waiting.mail.attempts,
        restarted.elapsed()
    );
    assert!(parse(&raw[0])
        .message_id()
        .unwrap()
        .starts_with(&format!("invitation-{id}.")));
    let sent = env.await_mail(&person, id, MailState::Sent).await;
    assert!(sent.mail.attempts >= 2, "{:?}", sent.mail);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.messages().len(), 1, "delivered exactly once");
}

#[tokio::test]
async fn without_a_mail_server_the_invitation_is_kept_and_the_e_mail_waits_saying_why() {
    let env = start_mail(None).await;
    let person = env.personnel().await.access_token;
    let (start, end) = today_window();
    let (s, body) = env.invite(&person, request(&start, &end, "en")).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["mail"]["state"], "not_configured");
    assert!(body["mail"]["last_error"]
        .as_str()
        .unwrap()
        .contains("[smtp]"));
    let admin = env.admin().await.access_token;
    let status: Value = env
        .get(cvm_api::paths::STATUS, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["mail_configured"], false);
    assert_eq!(status["outbox_queued"], 1);
    assert_eq!(status["upstream_reachable"], true);
}

#[tokio::test]
async fn a_refused_recipient_fails_for_good_and_can_be_queued_again() {
    let dir = tempfile::tempdir().unwrap();
    let sink = MailSink::start(loopback(), dir.path(), &["nobody@example.com"]).unwrap();
    let env = start_mail(Some(smtp(sink.addr))).await;
    let person = env.personnel().await.access_token;
    let (start, end) = today_window();
    let mut body = request(&start, &end, "en");
    body["email"] = json!("nobody@example.com");
    let (s, body) = env.invite(&person, body).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let failed = env.await_mail(&person, id, MailState::Failed).await;
    assert!(
        failed.mail.last_error.as_deref().unwrap().contains("550"),
        "{:?}",
        failed.mail
    );
    assert!(sink.messages().is_empty());
    let out = env.cli(&["outbox", "retry", "--all"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 row(s) queued again"),
        "{out:?}"
    );
}

#[tokio::test]
async fn the_form_is_checked_field_by_field_and_nothing_is_stored_on_a_refusal() {
    let env = start_mail(None).await;
    let person = env.personnel().await.access_token;
    let (start, end) = today_window();
    for (change, field) in [
        (json!({"email": "grace.example.com"}), "email"),
        (json!({"end": start.clone()}), "end"),
        (json!({"reason": "Party"}), "reason"),
        (json!({"visitors": 0}), "visitors"),
        (json!({"first_name": ""}), "first_name"),
        (json!({"start": "tomorrow"}), "start"),
    ] {
        let mut body = request(&start, &end, "en");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, p) = env.invite(&person, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{change}: {p}");
        assert_eq!(p["field"], field, "{change}: {p}");
    }
    // CVSecurity down: nothing stored, the phone keeps the form.
    env.control("/sim/faults", json!({"mode": "5xx"})).await;
    let (s, p) = env.invite(&person, request(&start, &end, "en")).await;
    assert_eq!(s, StatusCode::BAD_GATEWAY, "{p}");
    env.control("/sim/faults", json!({"mode": "none"})).await;
    let list: cvm_api::Page<Invitation> = env
        .get(cvm_api::paths::INVITATIONS, Some(&person))
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
}

#[tokio::test]
async fn a_new_password_works_here_the_old_one_not_other_sessions_end_weak_ones_are_refused() {
    let env = start().await;
    let this = env.personnel().await;
    let other = env.personnel().await;
    let change = |current: &str, new: &str| {
        env.http
            .post(format!("{}{}", env.base, cvm_api::paths::ME_PASSWORD))
            .bearer_auth(&this.access_token)
            .json(&json!({"current": current, "new": new}))
            .send()
    };
    let (s, p) = problem(change("wrong", "violet-harbor-engine-47").await.unwrap()).await;
    assert_eq!(
        (s, p.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("current"))
    );
    let (s, p) = problem(
        change(cvsim::demo::PERSONNEL_PASSWORD, "password1")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, p.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("new"))
    );
    assert!(
        p.detail.is_some_and(|d| !d.is_empty()),
        "the reason is given"
    );

    let r = change(cvsim::demo::PERSONNEL_PASSWORD, "violet-harbor-engine-47")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // This session goes on (and refreshes); the other one ended.
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&this.access_token))
            .await
            .status(),
        StatusCode::OK
    );
    let (s, _) = env
        .post(
            cvm_api::paths::REFRESH,
            json!({"refresh_token": this.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, p) = problem(env.get(cvm_api::paths::ME, Some(&other.access_token)).await).await;
    assert_eq!(p.code, ErrorCode::InvalidToken);
    // The new password logs in, the old one does not.
    let pin = cvsim::demo::PERSONNEL_PIN;
    let old = env
        .login(Role::Personnel, pin, cvsim::demo::PERSONNEL_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(old.code, ErrorCode::InvalidCredentials);
    env.login(Role::Personnel, pin, "violet-harbor-engine-47")
        .await
        .unwrap();
}
