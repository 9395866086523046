//! Acting requests with an `Idempotency-Key` (SPEC §2b): the first answer is stored with the key, per
//! caller; a retry with the same key and request gets that answer again, and the action runs once. A
//! retry that arrives while the first is still running waits for its answer.

use std::future::Future;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::SqlitePool;

use crate::db::now;
use crate::error::{ApiError, ApiResult};

/// How long answers are kept for retries.
pub const KEEP_SECS: i64 = 24 * 3600;
/// How long a retry waits for the first request's answer.
const WAIT: Duration = Duration::from_secs(30);

/// The `Idempotency-Key` header, checked.
pub fn key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let k = v.to_str().map(str::trim).unwrap_or_default();
    if k.is_empty() || k.len() > 128 || !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::validation(
            "Idempotency-Key",
            "an idempotency key is 1 to 128 printable ASCII characters",
        ));
    }
    Ok(Some(k.to_string()))
}

/// Runs `act` once per (`actor`, `key`); `request` describes the request (a retry must repeat it).
pub async fn once<F, Fut>(
    state: &crate::state::AppState,
    actor: &str,
    key: Option<String>,
    request: String,
    act: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ApiResult<Response>>,
{
    let Some(key) = key else {
        return act().await;
    };
    let db = &state.db;
    let claimed = sqlx::query(
        "INSERT INTO idempotency (actor, key, request, created_at, boot) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(actor, key) DO NOTHING",
    )
    .bind(actor)
    .bind(&key)
    .bind(&request)
    .bind(now())
    .bind(state.boot.as_ref())
    .execute(db)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return replay(db, &state.boot, actor, &key, &request).await;
    }
    let response = match act().await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading an answer to keep: {e}")))?;
    sqlx::query("UPDATE idempotency SET status = ?, body = ? WHERE actor = ? AND key = ?")
        .bind(i64::from(parts.status.as_u16()))
        .bind(bytes.to_vec())
        .bind(actor)
        .bind(&key)
        .execute(db)
        .await?;
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

/// A stored claim: the request, its answer's status and body once answered, and the run that claimed it.
type Claim = (String, Option<i64>, Option<Vec<u8>>, Option<String>);

async fn replay(
    db: &SqlitePool,
    boot: &str,
    actor: &str,
    key: &str,
    request: &str,
) -> ApiResult<Response> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let row: Option<Claim> = sqlx::query_as(
            "SELECT request, status, body, boot FROM idempotency WHERE actor = ? AND key = ?",
        )
        .bind(actor)
        .bind(key)
        .fetch_optional(db)
        .await?;
        let Some((first, status, body, claimed_by)) = row else {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "idempotency row vanished"
            )));
        };
        if first != request {
            return Err(ApiError::validation(
                "Idempotency-Key",
                "this idempotency key was used for another request",
            ));
        }
        if let (Some(status), Some(body)) = (status, body) {
            let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
            let kind = if status.is_success() {
                "application/json"
            } else {
                "application/problem+json"
            };
            let mut resp = (status, Bytes::from(body)).into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            resp.headers_mut()
                .insert("idempotent-replay", HeaderValue::from_static("true"));
            return Ok(resp);
        }
        // Claimed by an earlier run of the gateway that stopped before answering: it may or may not
        // have acted upstream, and it never will answer. Say so; acting again could act twice.
        if claimed_by.as_deref() != Some(boot) {
            return Err(ApiError::OutcomeUnknown);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "the first request with this idempotency key has not finished"
            )));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Forgets answers older than [`KEEP_SECS`].
pub async fn prune(db: &SqlitePool) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM idempotency WHERE created_at < ?")
        .bind(now() - KEEP_SECS)
        .execute(db)
        .await?
        .rows_affected())
}
