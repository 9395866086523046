//! Admin › Activity: the audit log, newest first.

use axum::extract::State;
use cvm_api::{AuditEntry, EventId, Page, PageQuery, Problem};

use crate::error::ApiResult;
use crate::extract::{Json, Query};
use crate::paging::Keyset;
use crate::state::AppState;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    target: Option<String>,
    reason: Option<String>,
    upstream: Option<String>,
    detail: Option<String>,
}

/// Who did what, when, why, and what the upstream answered.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(PageQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<AuditEntry>>> {
    let keyset = Keyset::parse(q.cursor.as_deref(), q.limit)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor, action, target, reason, upstream, detail FROM audit
         WHERE id < ? ORDER BY id DESC LIMIT ?",
    )
    .bind(keyset.before.map_or(i64::MAX, |b| b.0))
    .bind(keyset.fetch())
    .fetch_all(&state.db)
    .await?;
    let entries = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: crate::alarms::local_time(r.at),
            actor: r.actor,
            action: r.action,
            target: r.target,
            reason: r.reason.filter(|s| !s.is_empty()),
            upstream: r.upstream,
            detail: r.detail,
        })
        .collect();
    Ok(Json(keyset.page(entries, |e| EventId(e.id))))
}
