//! Visitor invitations by personnel: the reservation made upstream (`visReservation/add`, the visitor
//! identified by an invitation number of certificate type 8, "other"), the visitor's QR code, and the
//! invitation stored with its e-mail queued in the outbox in one transaction.

use cvm_api::{Invitation, InvitationRequest, InvitationStatus};
use rand::RngCore;
use sqlx::{FromRow, SqlitePool};

use crate::db::{self, now};
use crate::error::{ApiError, ApiResult};
use crate::outbox;
use crate::state::AppState;
use crate::upstream::{Reservation, UpstreamError};

#[derive(Debug, Clone, FromRow)]
pub struct Row {
    pub id: i64,
    pub inviter: String,
    pub host_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub mobile: String,
    pub start_at: String,
    pub end_at: String,
    pub reason: String,
    pub visitors: i64,
    pub remarks: String,
    pub language: String,
    pub cert_num: String,
    pub visitor_pin: String,
    pub qr: String,
    pub reinvite_of: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, inviter, host_name, first_name, last_name, email, mobile, start_at, end_at, \
     reason, visitors, remarks, language, cert_num, visitor_pin, qr, reinvite_of, created_at";

pub async fn get(db: &SqlitePool, id: i64) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM invitations WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// One of `inviter`'s invitations (`None` for anybody else's).
pub async fn get_mine(db: &SqlitePool, inviter: &str, id: i64) -> sqlx::Result<Option<Row>> {
    Ok(get(db, id).await?.filter(|r| r.inviter == inviter))
}

/// `inviter`'s invitations, newest first, older than `before`.
pub async fn page(
    db: &SqlitePool,
    inviter: &str,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invitations WHERE inviter = ? AND id < ? ORDER BY id DESC LIMIT ?"
    ))
    .bind(inviter)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// The invitation as its inviter sees it: used once the visitor's code opened a door, expired once its
/// end passed unused; with its e-mail's state.
pub async fn view(state: &AppState, row: Row) -> ApiResult<Invitation> {
    let used: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM events WHERE pin = ? AND kind = 'access' LIMIT 1")
            .bind(&row.visitor_pin)
            .fetch_optional(&state.db)
            .await?;
    let local_now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let status = if used.is_some() {
        InvitationStatus::Used
    } else if row.end_at.as_str() < local_now.as_str() {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    };
    let mail = outbox::for_invitation(&state.db, row.id)
        .await?
        .map(|o| o.status(state.mail_configured))
        .ok_or_else(|| anyhow::anyhow!("invitation {} has no outbox row", row.id))?;
    Ok(Invitation {
        id: row.id,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        mobile: row.mobile,
        start: row.start_at,
        end: row.end_at,
        reason: row.reason,
        visitors: row.visitors.max(0) as u32,
        remarks: row.remarks,
        qr: row.qr,
        status,
        mail,
        created_at: outbox::rfc3339(row.created_at),
        reinvite_of: row.reinvite_of,
    })
}

/// `yyyy-MM-dd HH:mm` (the form's time, seconds dropped) as CVSecurity takes it.
pub(crate) fn upstream_time(t: &str) -> String {
    format!("{}:00", &normal_time(t))
}

/// The form's time as stored: `yyyy-MM-dd HH:mm`.
pub(crate) fn normal_time(t: &str) -> String {
    t.trim().replace('T', " ").chars().take(16).collect()
}

/// The form field a CVSecurity visitor error is about, where it names one.
fn field_of(code: i64) -> Option<&'static str> {
    Some(match code {
        -243 | -261 => "first_name",
        -244 | -245 | -247 | -249 => "start",
        -252 => "end",
        -246 => "reason",
        -254 => "email",
        -258 => "visitors",
        _ => return None,
    })
}

/// A visitor form's first broken rule, or a reason that is not one of `[visitors] reasons`, as the
/// validation problem of its field.
pub fn check_form(
    state: &AppState,
    problems: Vec<cvm_api::FieldError>,
    reason: &str,
) -> ApiResult<()> {
    if let Some((field, rule)) = problems.into_iter().next() {
        return Err(ApiError::validation(field, rule.describe()));
    }
    if !state.visit_reasons.iter().any(|r| r == reason.trim()) {
        return Err(ApiError::validation(
            "reason",
            "is not one of the visit reasons (GET /visit-reasons)",
        ));
    }
    Ok(())
}

/// Makes an invitation: checks the request, reserves upstream, fetches the visitor's code, stores the
/// invitation and queues its e-mail in one transaction, and audits it. Nothing is stored when
/// CVSecurity refuses or cannot be reached (the form is kept on the phone).
pub async fn create(
    state: &AppState,
    inviter: &str,
    req: &InvitationRequest,
    reinvite_of: Option<i64>,
) -> ApiResult<Invitation> {
    check_form(state, req.problems(), &req.reason)?;
    let host = state
        .upstream
        .person(inviter)
        .await?
        .ok_or(ApiError::PersonDisabled)?;
    let mut random = [0u8; 6];
    rand::thread_rng().fill_bytes(&mut random);
    let cert_num = format!("INV{}", hex::encode_upper(random));
    let (start, end) = (normal_time(&req.start), normal_time(&req.end));
    let actor = format!("personnel:{inviter}");
    let reserved = state
        .upstream
        .reserve(&Reservation {
            host_pin: inviter,
            cert_num: &cert_num,
            first_name: req.first_name.trim(),
            last_name: req.last_name.trim(),
            phone: req.mobile.trim(),
            email: req.email.trim(),
            reason: req.reason.trim(),
            start: &upstream_time(&start),
            end: &upstream_time(&end),
        })
        .await;
    if let Err(e) = reserved {
        db::record(
            &state.db,
            &db::Audit {
                actor: &actor,
                action: "invitation",
                target: Some(req.email.trim()),
                upstream: Some(&e.to_string()),
                ..db::Audit::default()
            },
        )
        .await?;
        return Err(match e {
            UpstreamError::Api { code, message } => match field_of(code) {
                Some(field) => ApiError::UpstreamField {
                    field,
                    code,
                    message,
                },
                None => UpstreamError::Api { code, message }.into(),
            },
            other => other.into(),
        });
    }
    let pin = state
        .upstream
        .visitor_pin(&cert_num)
        .await?
        .ok_or_else(|| {
            UpstreamError::Garbage(format!("the invited visitor {cert_num} is not listed"))
        })?;
    let qr = state.upstream.visitor_qr(&pin).await?;

    let mut tx = state.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO invitations (inviter, host_name, first_name, last_name, email, mobile, start_at, end_at,
             reason, visitors, remarks, language, cert_num, visitor_pin, qr, reinvite_of, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(inviter)
    .bind(host.full_name())
    .bind(req.first_name.trim())
    .bind(req.last_name.trim())
    .bind(req.email.trim())
    .bind(req.mobile.trim())
    .bind(&start)
    .bind(&end)
    .bind(req.reason.trim())
    .bind(i64::from(req.visitors))
    .bind(req.remarks.trim())
    .bind(crate::mail::language(&req.language))
    .bind(&cert_num)
    .bind(&pin)
    .bind(&qr)
    .bind(reinvite_of)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let message_id = format!(
        "<invitation-{id}.{}@cvlink.invalid>",
        cert_num.to_ascii_lowercase()
    );
    outbox::enqueue_invitation(&mut tx, id, &message_id).await?;
    tx.commit().await?;
    db::record(
        &state.db,
        &db::Audit {
            actor: &actor,
            action: "invitation",
            target: Some(req.email.trim()),
            upstream: Some("ok"),
            detail: Some(
                serde_json::json!({"invitation": id, "start": start, "end": end}).to_string(),
            ),
            ..db::Audit::default()
        },
    )
    .await?;
    state.outbox.wake();
    let row = get(&state.db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("invitation {id} vanished"))?;
    view(state, row).await
}
