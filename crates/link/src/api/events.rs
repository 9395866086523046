//! Live events for the signed-in user: `GET /events` (server-sent events; `Last-Event-ID` resumes from
//! the database, then the bus takes over) and `GET /notifications` (the same events, paged).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use cvm_api::{EventId, LiveEvent, Page, PageQuery, Problem};
use futures::stream::{self, Stream};
use futures::StreamExt;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::AuthUser;
use crate::bus::visible_to;
use crate::error::{ApiError, ApiResult};
use crate::events;
use crate::extract::{Json, Query};
use crate::paging::Keyset;
use crate::state::AppState;

/// Events read from the database per round trip when a stream resumes.
const BACKLOG_BATCH: u32 = 500;
/// How often an idle stream sends a comment, so proxies and the relay keep it open.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// The caller's live events as `text/event-stream`: `id:` the event id, `event:` its kind, `data:` the
/// event as JSON. With `Last-Event-ID`, every later event the caller may see is sent first, each once.
/// The stream ends when the access token expires (the client refreshes and resumes) and for a client
/// too slow to keep up (it resumes where it was).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(("Last-Event-ID" = Option<i64>, Header, description = "The id of the last event received")),
    responses(
        (status = 200, description = "text/event-stream of LiveEvent", content_type = "text/event-stream", body = LiveEvent),
        (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn events(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let resume = match headers.get("last-event-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.parse::<EventId>().ok())
                .ok_or_else(|| ApiError::validation("Last-Event-ID", "not an event id"))?,
        ),
    };
    // Subscribe before reading the backlog, so nothing stored meanwhile falls between the two.
    let live = state.bus.subscribe();
    let stream_state = StreamState {
        db: state.db.clone(),
        user: Arc::new(user),
        cursor: resume,
        backlog: resume.is_some(),
        live,
        stop: state.tasks.shutdown_signal(),
        next_check: tokio::time::Instant::now() + SESSION_CHECK,
    };
    let stream = stream::unfold(stream_state, next_batch).flat_map(stream::iter);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("ping")))
}

struct StreamState {
    db: sqlx::SqlitePool,
    user: Arc<AuthUser>,
    /// The last event sent (or the client's `Last-Event-ID`).
    cursor: Option<EventId>,
    /// Still sending stored events after the cursor.
    backlog: bool,
    live: tokio::sync::broadcast::Receiver<Arc<LiveEvent>>,
    stop: crate::tasks::Shutdown,
    /// When to check next that the session has not been ended (revoked, App Login off, new password).
    next_check: tokio::time::Instant,
}

/// How often an open stream checks that its session still stands.
pub const SESSION_CHECK: Duration = Duration::from_secs(10);

/// Whether the session is over (revoked, or gone).
async fn session_ended(db: &sqlx::SqlitePool, id: i64) -> bool {
    let row: Result<Option<(Option<i64>,)>, _> =
        sqlx::query_as("SELECT revoked_at FROM sessions WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await;
    // A database error is not a reason to cut a stream; the next check sees again.
    matches!(row, Ok(None) | Ok(Some((Some(_),))))
}

fn sse(e: &LiveEvent) -> Result<Event, Infallible> {
    let event = Event::default();
    // A test notification carries no id: it is not a place to resume from.
    let event = if e.kind == cvm_api::EventKind::Test {
        event
    } else {
        event.id(e.id.to_string())
    };
    Ok(event
        .event(e.kind.as_str())
        .json_data(e)
        .unwrap_or_else(|_| Event::default().comment("unserializable event")))
}

/// The next events to send, or `None` to end the stream.
async fn next_batch(mut s: StreamState) -> Option<(Vec<Result<Event, Infallible>>, StreamState)> {
    let user = s.user.clone();
    if s.backlog {
        let after = s.cursor.unwrap_or(EventId(0));
        match events::after(&s.db, user.role, &user.subject, after, BACKLOG_BATCH).await {
            Ok(rows) => {
                if (rows.len() as u32) < BACKLOG_BATCH {
                    s.backlog = false;
                }
                if let Some(last) = rows.last() {
                    s.cursor = Some(last.id);
                }
                if !rows.is_empty() {
                    return Some((rows.iter().map(sse).collect(), s));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading the event backlog failed; ending the stream");
                return None;
            }
        }
    }
    let expires_in = (user.expires_at - crate::db::now()).max(0) as u64;
    let expiry = tokio::time::sleep(Duration::from_secs(expires_in));
    tokio::pin!(expiry);
    loop {
        let received = tokio::select! {
            r = s.live.recv() => r,
            _ = &mut expiry => return None,
            _ = s.stop.wait() => return None,
            // A session ended elsewhere (`cvlink sessions revoke`, App Login off, a new password) ends
            // its open streams too, not only its next request.
            _ = tokio::time::sleep_until(s.next_check) => {
                if session_ended(&s.db, user.session_id).await {
                    return None;
                }
                s.next_check = tokio::time::Instant::now() + SESSION_CHECK;
                continue;
            }
        };
        match received {
            // A test notification: to its one user, and it does not move the resume point.
            Ok(e) if e.kind == cvm_api::EventKind::Test => {
                if visible_to(user.role, &user.subject, &e) {
                    return Some((vec![sse(&e)], s));
                }
            }
            Ok(e) => {
                // Already sent from the backlog, or not the caller's.
                if s.cursor.is_some_and(|c| e.id <= c) || !visible_to(user.role, &user.subject, &e)
                {
                    continue;
                }
                s.cursor = Some(e.id);
                return Some((vec![sse(&e)], s));
            }
            // Too slow: end the stream; the client resumes from its last id.
            Err(RecvError::Lagged(n)) => {
                tracing::info!(skipped = n, who = %user.actor(), "slow event stream dropped");
                return None;
            }
            Err(RecvError::Closed) => return None,
        }
    }
}

/// The caller's events, newest first (admins: alarms and state changes; personnel: their own access
/// records). `cursor` is the previous page's `next_cursor`.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "events", params(PageQuery),
    responses((status = 200, body = Page<LiveEvent>), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn notifications(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<LiveEvent>>> {
    page_of(&state, user.role, &user.subject, &q).await
}

/// One page of the stored events `role` and `subject` may see, newest first.
pub async fn page_of(
    state: &AppState,
    role: cvm_api::Role,
    subject: &str,
    q: &PageQuery,
) -> ApiResult<Json<Page<LiveEvent>>> {
    let keyset = Keyset::parse(q.cursor.as_deref(), q.limit)?;
    let rows = events::page(&state.db, role, subject, keyset.before, keyset.fetch()).await?;
    Ok(Json(keyset.page(rows, |e| e.id)))
}
