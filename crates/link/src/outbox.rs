//! The durable outbox (SPEC §4b): e-mails that must go out after the request that made them was answered.
//! A row is written in the same transaction as the invitation it belongs to; one worker sends what is due,
//! oldest first, and retries with back-off (2 s doubling to 10 min) until the mail server accepts it or
//! refuses it for good. Nothing is lost across restarts (the rows are the queue), and the Message-ID is
//! fixed when a row is queued, so a message is recognisable however often it was tried.

use std::sync::Arc;
use std::time::Duration;

use cvm_api::{MailState, MailStatus};
use sqlx::{FromRow, SqliteConnection, SqlitePool};
use tokio::sync::Notify;

use crate::db::now;
use crate::mail::{self, Invite, Mailer, SendError};
use crate::state::AppState;

/// The first retry's wait; each next one doubles, up to [`BACKOFF_MAX`].
const BACKOFF_FIRST: i64 = 2;
const BACKOFF_MAX: i64 = 600;
/// Rows sent per round.
const BATCH: i64 = 20;
/// What a queued row says while no mail server is configured.
pub const NOT_CONFIGURED: &str = "no mail server is configured in cvlink.toml ([smtp])";

/// Wakes the worker when something is queued.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Queues the e-mail of invitation `id` (in the caller's transaction).
pub async fn enqueue_invitation(
    tx: &mut SqliteConnection,
    id: i64,
    message_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO outbox (kind, ref_id, message_id, state, next_at, created_at)
         VALUES ('invitation_mail', ?, ?, 'queued', ?, ?)",
    )
    .bind(id)
    .bind(message_id)
    .bind(now())
    .bind(now())
    .execute(tx)
    .await
    .map(drop)
}

#[derive(Debug, Clone, FromRow)]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub ref_id: i64,
    pub message_id: String,
    pub state: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl Row {
    /// The state as the app shows it.
    pub fn status(&self, mail_configured: bool) -> MailStatus {
        let state = match self.state.as_str() {
            "sent" => MailState::Sent,
            "failed" => MailState::Failed,
            _ if !mail_configured => MailState::NotConfigured,
            _ => MailState::Queued,
        };
        MailStatus {
            state,
            attempts: self.attempts.max(0) as u32,
            last_error: match state {
                MailState::NotConfigured => Some(NOT_CONFIGURED.to_string()),
                MailState::Sent => None,
                _ => self.last_error.clone(),
            },
            next_attempt_at: (state == MailState::Queued && self.attempts > 0)
                .then(|| rfc3339(self.next_at)),
        }
    }
}

pub fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

const COLUMNS: &str =
    "id, kind, ref_id, message_id, state, attempts, next_at, last_error, created_at, sent_at";

/// The outbox row of an invitation's e-mail.
pub async fn for_invitation(db: &SqlitePool, id: i64) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE kind = 'invitation_mail' AND ref_id = ?"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Every row, newest first (`cvlink outbox list`).
pub async fn list(db: &SqlitePool, limit: i64) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// (queued, failed) counts.
pub async fn depth(db: &SqlitePool) -> sqlx::Result<(u64, u64)> {
    let (queued, failed): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(state = 'queued'), 0), COALESCE(SUM(state = 'failed'), 0) FROM outbox",
    )
    .fetch_one(db)
    .await?;
    Ok((queued.max(0) as u64, failed.max(0) as u64))
}

/// Puts failed rows (one, or all with `None`) back in the queue, due now. Returns how many.
pub async fn retry(db: &SqlitePool, id: Option<i64>) -> sqlx::Result<u64> {
    let mut sql = String::from(
        "UPDATE outbox SET state = 'queued', next_at = ?, last_error = NULL WHERE state IN ('failed', 'queued')",
    );
    if id.is_some() {
        sql.push_str(" AND id = ?");
    }
    let mut q = sqlx::query(&sql).bind(now());
    if let Some(id) = id {
        q = q.bind(id);
    }
    Ok(q.execute(db).await?.rows_affected())
}

/// Starts the worker.
pub fn spawn(state: &AppState, mailer: Option<Mailer>) {
    let state = state.clone();
    state
        .tasks
        .clone()
        .spawn("outbox", move |mut stop| async move {
            let signal = state.outbox.clone();
            loop {
                let wait = match round(&state, mailer.as_ref()).await {
                    Ok(wait) => wait,
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox round failed");
                        Duration::from_secs(5)
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = signal.0.notified() => {}
                    _ = stop.wait() => return,
                }
            }
        });
}

/// Sends what is due; returns how long to wait before the next round.
async fn round(state: &AppState, mailer: Option<&Mailer>) -> anyhow::Result<Duration> {
    // Without a mail server the e-mails wait (and say why) until one is configured; the rest goes on.
    let kinds = if mailer.is_some() {
        "1 = 1"
    } else {
        "kind != 'invitation_mail'"
    };
    let due: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE state = 'queued' AND next_at <= ? AND {kinds}
         ORDER BY next_at, id LIMIT ?"
    ))
    .bind(now())
    .bind(BATCH)
    .fetch_all(&state.db)
    .await?;
    for row in &due {
        let outcome = match (row.kind.as_str(), mailer) {
            (crate::visitors::OUTBOX_KIND, _) => crate::visitors::deliver(state, row.ref_id).await,
            ("invitation_mail", Some(mailer)) => match compose(state, mailer, row).await {
                Ok(message) => mailer.send(message).await,
                Err(e) => Err(SendError::Permanent(format!("{e:#}"))),
            },
            (other, _) => Err(SendError::Permanent(format!("unknown outbox kind {other}"))),
        };
        settle(&state.db, row, outcome).await?;
    }
    if due.len() as i64 == BATCH {
        return Ok(Duration::ZERO);
    }
    let next: Option<(i64,)> = sqlx::query_as(&format!(
        "SELECT MIN(next_at) FROM outbox WHERE state = 'queued' AND {kinds}"
    ))
    .fetch_optional(&state.db)
    .await?;
    Ok(match next.map(|(n,)| n) {
        Some(at) => Duration::from_secs((at - now()).clamp(0, 60) as u64),
        None => Duration::from_secs(60),
    })
}

async fn settle(db: &SqlitePool, row: &Row, outcome: Result<(), SendError>) -> sqlx::Result<()> {
    let attempts = row.attempts + 1;
    match outcome {
        Ok(()) => {
            tracing::info!(id = row.id, kind = %row.kind, attempts, "outbox row delivered");
            sqlx::query(
                "UPDATE outbox SET state = 'sent', attempts = ?, sent_at = ?, last_error = NULL WHERE id = ?",
            )
            .bind(attempts)
            .bind(now())
            .bind(row.id)
            .execute(db)
            .await?;
        }
        Err(SendError::Permanent(e)) => {
            tracing::warn!(id = row.id, kind = %row.kind, error = %e, "refused for good");
            sqlx::query(
                "UPDATE outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
            )
            .bind(attempts)
            .bind(e)
            .bind(row.id)
            .execute(db)
            .await?;
        }
        Err(SendError::Transient(e)) => {
            let wait = (BACKOFF_FIRST << (attempts - 1).clamp(0, 20)).min(BACKOFF_MAX);
            tracing::info!(id = row.id, kind = %row.kind, error = %e, retry_in = wait, "not delivered; retrying later");
            sqlx::query("UPDATE outbox SET attempts = ?, last_error = ?, next_at = ? WHERE id = ?")
                .bind(attempts)
                .bind(e)
                .bind(now() + wait)
                .bind(row.id)
                .execute(db)
                .await?;
        }
    }
    Ok(())
}

async fn compose(state: &AppState, mailer: &Mailer, row: &Row) -> anyhow::Result<lettre::Message> {
    let inv = crate::invitations::get(&state.db, row.ref_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("invitation {} is gone", row.ref_id))?;
    let invite = Invite {
        org: state.org.name.clone(),
        host_name: inv.host_name.clone(),
        visitor_name: crate::upstream::records::full_name(
            Some(&inv.first_name),
            Some(&inv.last_name),
        ),
        email: inv.email.clone(),
        start: inv.start_at.clone(),
        end: inv.end_at.clone(),
        reason: inv.reason.clone(),
        visitors: inv.visitors.max(0) as u32,
        remarks: inv.remarks.clone(),
        qr: inv.qr.clone(),
        language: inv.language.clone(),
        message_id: row.message_id.clone(),
        uid: row.message_id.trim_matches(['<', '>']).to_string(),
    };
    mail::compose(&mailer.from, &invite)
}
