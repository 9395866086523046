//! Admin › Access Records: the site's access records from CVSecurity, newest first, keyset-paged by time
//! (see [`crate::records`]), with search and filters; one record's details with its photo.

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use cvm_api::{AccessRecord, Page, Problem, RecordQuery};

use crate::alarms::bound;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::paging;
use crate::records::{self, Cursor, Matcher, Window};
use crate::state::AppState;
use crate::upstream::RecordSource;

/// Longest search text.
const Q_MAX: usize = 100;
/// Most sources (persons, devices) a search reads side by side; a search matching more reads the whole
/// site's list and keeps the matches.
const MAX_SOURCES: usize = 12;

/// Access records, newest first. `q` finds text in the person's name or ID, the door, the device; `door`,
/// `from` and `to` narrow; all combine. A search may return a short page with a `next_cursor`.
#[utoipa::path(get, path = "/api/v1/records", tag = "records", params(RecordQuery),
    responses((status = 200, body = Page<AccessRecord>), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, description = "validation: `cursor`, `limit`, `from`, `to`, `q` or `door`", body = Problem),
        (status = 502, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<RecordQuery>,
) -> ApiResult<Json<Page<AccessRecord>>> {
    let limit = paging::limit(q.limit)?;
    let cursor = q.cursor.as_deref().map(Cursor::decode).transpose()?;
    let set = |o: &Option<String>| {
        o.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let window = Window {
        from: set(&q.from).map(|f| bound("from", &f, false)).transpose()?,
        to: set(&q.to).map(|t| bound("to", &t, true)).transpose()?,
    };
    if let (Some(from), Some(to)) = (&window.from, &window.to) {
        if from > to {
            return Err(ApiError::validation(
                "to",
                "the end of the range is before its start",
            ));
        }
    }
    let text = set(&q.q).map(|t| t.to_lowercase());
    if text.as_ref().is_some_and(|t| t.chars().count() > Q_MAX) {
        return Err(ApiError::validation(
            "q",
            format!("search for at most {Q_MAX} characters"),
        ));
    }
    let mut matcher = Matcher {
        text,
        ..Matcher::default()
    };
    let sources = if let Some(door_id) = set(&q.door) {
        let doors = crate::site::doors(&state).await?;
        let door = doors
            .into_iter()
            .find(|d| d.id == door_id)
            .ok_or_else(|| ApiError::validation("door", "no door has this id"))?;
        let sn = door
            .device_sn
            .ok_or_else(|| ApiError::validation("door", "the door's device is unknown"))?;
        matcher.door = Some((sn.clone(), door.name));
        vec![RecordSource::Device(sn)]
    } else if let Some(text) = matcher.text.clone() {
        search_sources(&state, &text, &mut matcher).await?
    } else {
        vec![RecordSource::All]
    };
    let upstream = &state.upstream;
    let page = records::page(
        |source, from, to, size| async move {
            upstream
                .transactions_window(&source, from.as_deref(), to.as_deref(), size)
                .await
        },
        &sources,
        &matcher,
        &window,
        cursor,
        limit,
    )
    .await?;
    Ok(Json(page))
}

/// The persons and devices whose records can match `text`, or the whole site when there are too many.
async fn search_sources(
    state: &AppState,
    text: &str,
    matcher: &mut Matcher,
) -> ApiResult<Vec<RecordSource>> {
    let (people, devices, doors) = tokio::try_join!(
        async {
            state
                .people
                .people(&state.upstream)
                .await
                .map_err(ApiError::from)
        },
        async { state.upstream.devices().await.map_err(ApiError::from) },
        async { state.upstream.door_states().await.map_err(ApiError::from) },
    )?;
    let persons = crate::people::search(&people.list, text, MAX_SOURCES + 1);
    matcher.pins = persons.iter().map(|p| p.pin.clone()).collect();
    let contains = |s: &str| s.to_lowercase().contains(text);
    let mut sns: BTreeSet<String> = devices
        .iter()
        .filter(|d| contains(&d.sn) || d.name.as_deref().is_some_and(contains))
        .map(|d| d.sn.clone())
        .collect();
    for door in doors.iter().filter(|d| contains(&d.name)) {
        if let Some(dev) = devices.iter().find(|dev| dev.id == door.device_id) {
            sns.insert(dev.sn.clone());
        }
    }
    if persons.len() + sns.len() > MAX_SOURCES {
        return Ok(vec![RecordSource::All]);
    }
    Ok(persons
        .iter()
        .map(|p| RecordSource::Person(p.pin.clone()))
        .chain(sns.into_iter().map(RecordSource::Device))
        .collect())
}

/// One access record with every field CVSecurity keeps, the captured photo included. `id` is the
/// record's id from the list, or `event:N` for a live event (`GET /events`) that is an access record.
#[utoipa::path(get, path = "/api/v1/records/{id}", tag = "records",
    params(("id" = String, Path, description = "the record's id, or `event:N` for live event N")),
    responses((status = 200, body = AccessRecord), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 502, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<AccessRecord>> {
    let id = match id.strip_prefix("event:") {
        Some(n) => {
            let n: i64 = n.parse().map_err(|_| ApiError::NotFound)?;
            live_record_id(&state, n).await?.ok_or(ApiError::NotFound)?
        }
        None => id,
    };
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::NotFound);
    }
    let t = state
        .upstream
        .transaction(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(records::record(&t, true)))
}

/// CVSecurity's id of a stored live access record: kept when the poller saw it, else found among the
/// records of its second by the same content.
async fn live_record_id(state: &AppState, event: i64) -> ApiResult<Option<String>> {
    let row: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT dedup, upstream_id, at FROM events WHERE id = ? AND kind IN ('access', 'alarm')",
    )
    .bind(event)
    .fetch_optional(&state.db)
    .await?;
    let Some((dedup, upstream_id, at)) = row else {
        return Ok(None);
    };
    if let Some(id) = upstream_id.filter(|i| !i.is_empty()) {
        return Ok(Some(id));
    }
    let rows = state
        .upstream
        .transactions_window(&RecordSource::All, Some(&at), Some(&at), 1000)
        .await?;
    Ok(rows
        .into_iter()
        .find(|t| crate::events::record_dedup(t) == dedup)
        .and_then(|t| t.id))
}
