//! Admin › Visitors: a day's visits (CVSecurity's visit list, read newest first back to that day, and the
//! registrations cvlink holds that CVSecurity has not taken yet), their counts, registration through the
//! durable outbox, check-out, and visit statistics.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cvm_api::{
    HourCount, IdType, PhotoKind, TopVisitor, Visit, VisitPhoto, VisitStats, VisitStatus,
    VisitSummary, VisitorRegistration,
};
use sqlx::SqlitePool;

use crate::db::{self, now};
use crate::error::{ApiError, ApiResult};
use crate::invitations::{normal_time, upstream_time};
use crate::mail::SendError;
use crate::state::AppState;
use crate::upstream::{Registration, UpVisit, UpstreamError};

/// How long the month's visits, read for the counts and the statistics, are used before they are read
/// again (a registration or check-out through cvlink reads them again at once).
pub const COUNTS_FRESH_FOR: Duration = Duration::from_secs(10);

/// The visits since the month began, as last read, for the counts and the statistics: reading them
/// costs CVSecurity a page per thousand visits, so they are read once for many requests (one read at a
/// time; the others wait for it).
#[derive(Default)]
pub struct MonthVisits {
    cached: tokio::sync::Mutex<Option<MonthRead>>,
    /// Raised by every change made through cvlink: what was read before is stale.
    generation: AtomicU64,
}

/// One read of the month's visits.
struct MonthRead {
    at: Instant,
    /// The month start it read from.
    since: String,
    /// The [`MonthVisits::generation`] when it began.
    generation: u64,
    visits: Arc<Vec<UpVisit>>,
}

impl MonthVisits {
    /// The next request reads them again (also when a read is on its way now).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

/// The visits since the start of this month (newest first), at most [`COUNTS_FRESH_FOR`] old.
pub async fn month_visits(state: &AppState) -> ApiResult<Arc<Vec<UpVisit>>> {
    let since = format!("{}-01 00:00:00", &today()[..7]);
    let cache = &state.month_visits;
    let mut cached = cache.cached.lock().await;
    let generation = cache.generation.load(Ordering::SeqCst);
    if let Some(read) = &*cached {
        if read.since == since
            && read.generation == generation
            && read.at.elapsed() < COUNTS_FRESH_FOR
        {
            return Ok(read.visits.clone());
        }
    }
    let visits = Arc::new(state.upstream.visits_since(&since).await?);
    *cached = Some(MonthRead {
        at: Instant::now(),
        since,
        generation,
        visits: visits.clone(),
    });
    Ok(visits)
}

/// The outbox kind of a registration.
pub const OUTBOX_KIND: &str = "visitor_registration";
/// How long the worker leaves a new registration to the request that made it.
const FIRST_TRY_SECS: i64 = 30;

/// The site's today, `yyyy-MM-dd` (cvlink runs on the site's clock).
pub fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// A day given as `yyyy-MM-dd`, checked.
pub fn day(raw: Option<&str>) -> ApiResult<String> {
    match raw.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today()),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| ApiError::validation("date", "not a date (yyyy-MM-dd)")),
    }
}

/// The form field a CVSecurity visitor error is about.
pub fn field_of(code: i64) -> Option<&'static str> {
    Some(match code {
        -240 | -253 => "host",
        -241 | -250 => "id_type",
        // The block list holds ID numbers.
        -242 | -251 | -254 | -255 => "id_number",
        -243 | -261 => "name",
        -246 => "reason",
        -247 | -249 => "start",
        -252 => "end",
        -258 => "visitors",
        _ => return None,
    })
}

/// `1234567890` → `******7890`.
fn masked(id: &str) -> String {
    let n = id.chars().count();
    id.chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '*' } else { c })
        .collect()
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

#[derive(sqlx::FromRow)]
struct Held {
    id: i64,
    request: String,
    cert_num: String,
    start_at: String,
    state: String,
    last_error: Option<String>,
}

/// Registrations of `date` that CVSecurity has not taken: waiting or refused.
async fn held(db: &SqlitePool, date: &str) -> sqlx::Result<Vec<Held>> {
    sqlx::query_as(
        "SELECT r.id, r.request, r.cert_num, r.start_at, o.state, o.last_error
         FROM visit_registrations r JOIN outbox o ON o.kind = ? AND o.ref_id = r.id
         WHERE o.state IN ('queued', 'sending', 'failed') AND r.start_at LIKE ? || '%'
         ORDER BY r.start_at DESC, r.id DESC",
    )
    .bind(OUTBOX_KIND)
    .bind(date)
    .fetch_all(db)
    .await
}

/// The photos kept for visits, by (certificate number, start `yyyy-MM-dd HH:mm`).
async fn photos(
    db: &SqlitePool,
    date: &str,
) -> sqlx::Result<HashMap<(String, String), Vec<VisitPhoto>>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT r.cert_num, r.start_at, p.kind, p.data_url FROM visit_photos p
         JOIN visit_registrations r ON r.id = p.registration_id WHERE r.start_at LIKE ? || '%'
         ORDER BY p.rowid",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    let mut out: HashMap<(String, String), Vec<VisitPhoto>> = HashMap::new();
    for (cert, start, kind, data_url) in rows {
        out.entry((cert, start)).or_default().push(VisitPhoto {
            kind: if kind == "goods" {
                PhotoKind::Goods
            } else {
                PhotoKind::Plate
            },
            data_url,
        });
    }
    Ok(out)
}

/// The person list, for hosts' names, as far as it can be read (a visit lists without them).
async fn host_names(state: &AppState) -> Hosts {
    match state.people.people(&state.upstream).await {
        Ok(people) => Hosts(Some(people)),
        Err(e) => {
            tracing::warn!(error = %e, "could not read the person list for hosts' names");
            Hosts(None)
        }
    }
}

/// Hosts' names by personnel ID.
struct Hosts(Option<Arc<crate::people::People>>);

impl Hosts {
    fn name_of(&self, pin: &str) -> Option<String> {
        self.0.as_ref()?.name_of(pin).map(str::to_owned)
    }
}

fn from_upstream(v: &UpVisit, hosts: &Hosts, photos: Vec<VisitPhoto>) -> Visit {
    let end = v.end_time.clone().filter(|e| !e.trim().is_empty());
    Visit {
        id: v.id.clone(),
        visitor: v.visitor_name(),
        phone: v.visit_emp_phone.clone(),
        company: v.company.clone(),
        id_type: IdType::from_code(&v.cert_type),
        id_number: masked(&v.cert_num),
        host_pin: v.pers_person_pin.clone(),
        host: hosts.name_of(&v.pers_person_pin),
        reason: v.visit_reason.clone().unwrap_or_default(),
        visitors: v.people(),
        start: v.start_time.trim().to_string(),
        status: if end.is_some() {
            VisitStatus::CheckedOut
        } else {
            VisitStatus::CheckedIn
        },
        end,
        waiting_reason: None,
        photos,
    }
}

fn from_held(h: &Held, hosts: &Hosts, photos: Vec<VisitPhoto>) -> Option<Visit> {
    let req: VisitorRegistration = serde_json::from_str(&h.request).ok()?;
    Some(Visit {
        id: format!("waiting:{}", h.id),
        visitor: crate::upstream::records::full_name(Some(&req.name), Some(&req.last_name)),
        phone: opt(&req.phone),
        company: None,
        id_type: req.id_type,
        id_number: masked(req.id_number.trim()),
        host_pin: req.host.trim().to_string(),
        host: hosts.name_of(req.host.trim()),
        reason: req.reason.trim().to_string(),
        visitors: req.visitors,
        start: format!("{}:00", h.start_at),
        end: None,
        status: if h.state == "failed" {
            VisitStatus::Refused
        } else {
            VisitStatus::Waiting
        },
        waiting_reason: h.last_error.clone(),
        photos,
    })
}

/// Every visit of `date`, newest first: CVSecurity's, and the registrations still held by cvlink.
pub async fn day_visits(state: &AppState, date: &str) -> ApiResult<Vec<Visit>> {
    let (visits, unavailable) = day_visits_held_first(state, date).await?;
    match unavailable {
        Some(e) => Err(e.into()),
        None => Ok(visits),
    }
}

/// A day's visits for its counts: this month's days from the visits read for the counts
/// ([`month_visits`]), other days read now.
pub async fn counted_day_visits(state: &AppState, date: &str) -> ApiResult<Vec<Visit>> {
    if !date.starts_with(&today()[..7]) {
        return day_visits(state, date).await;
    }
    let (month, hosts) = tokio::join!(month_visits(state), host_names(state));
    let day: Vec<UpVisit> = month?
        .iter()
        .filter(|v| v.start_time.trim().starts_with(date))
        .cloned()
        .collect();
    Ok(merge_day(state, date, day, hosts).await?)
}

/// [`day_visits`], or when CVSecurity cannot be reached, the registrations cvlink holds and why.
pub async fn day_visits_held_first(
    state: &AppState,
    date: &str,
) -> ApiResult<(Vec<Visit>, Option<UpstreamError>)> {
    let since = format!("{date} 00:00:00");
    let (upstream, hosts) = tokio::join!(state.upstream.visits_since(&since), host_names(state));
    let (upstream, unavailable) = match upstream {
        Ok(v) => (v, None),
        Err(e @ (UpstreamError::Unavailable(_) | UpstreamError::Garbage(_))) => {
            (Vec::new(), Some(e))
        }
        Err(e) => return Err(e.into()),
    };
    Ok((merge_day(state, date, upstream, hosts).await?, unavailable))
}

/// CVSecurity's visits of `date` with the registrations cvlink still holds and the photos it keeps,
/// newest first.
async fn merge_day(
    state: &AppState,
    date: &str,
    upstream: Vec<UpVisit>,
    hosts: Hosts,
) -> sqlx::Result<Vec<Visit>> {
    let mut photos = photos(&state.db, date).await?;
    let held = held(&state.db, date).await?;
    let mut out: Vec<Visit> = held
        .iter()
        .filter_map(|h| {
            let p = photos
                .remove(&(h.cert_num.clone(), h.start_at.clone()))
                .unwrap_or_default();
            from_held(h, &hosts, p)
        })
        .collect();
    out.extend(
        upstream
            .iter()
            .filter(|v| v.start_time.trim().starts_with(date))
            .map(|v| {
                let start: String = v.start_time.trim().chars().take(16).collect();
                let p = photos
                    .remove(&(v.cert_num.clone(), start))
                    .unwrap_or_default();
                from_upstream(v, &hosts, p)
            }),
    );
    out.sort_by(|a, b| b.start.cmp(&a.start));
    Ok(out)
}

/// The counts of a day's visits.
pub fn summary(date: &str, visits: &[Visit]) -> VisitSummary {
    let count = |s: VisitStatus| visits.iter().filter(|v| v.status == s).count() as u32;
    VisitSummary {
        date: date.to_string(),
        visits: visits
            .iter()
            .filter(|v| matches!(v.status, VisitStatus::CheckedIn | VisitStatus::CheckedOut))
            .count() as u32,
        checked_in: count(VisitStatus::CheckedIn),
        checked_out: count(VisitStatus::CheckedOut),
        waiting: count(VisitStatus::Waiting),
        people: visits
            .iter()
            .filter(|v| matches!(v.status, VisitStatus::CheckedIn | VisitStatus::CheckedOut))
            .map(|v| v.visitors)
            .sum(),
    }
}

/// Today's flow by hour and the month's top 5 visitors, from the visits since the month began.
pub async fn stats(state: &AppState) -> ApiResult<VisitStats> {
    let visits = month_visits(state).await?;
    Ok(stats_of(&today(), &visits))
}

pub fn stats_of(date: &str, visits: &[UpVisit]) -> VisitStats {
    let month = date.get(..7).unwrap_or(date).to_string();
    let mut hours: Vec<HourCount> = (0..24).map(|hour| HourCount { hour, people: 0 }).collect();
    let mut by_visitor: HashMap<(String, String), (String, u32)> = HashMap::new();
    for v in visits {
        let start = v.start_time.trim();
        if !start.starts_with(&month) {
            continue;
        }
        if start.starts_with(date) {
            if let Some(h) = start.get(11..13).and_then(|h| h.parse::<usize>().ok()) {
                if let Some(slot) = hours.get_mut(h) {
                    slot.people += v.people();
                }
            }
        }
        let entry = by_visitor
            .entry((v.cert_type.clone(), v.cert_num.clone()))
            .or_insert_with(|| (v.visitor_name(), 0));
        entry.1 += 1;
    }
    let mut top: Vec<TopVisitor> = by_visitor
        .into_values()
        .map(|(visitor, visits)| TopVisitor { visitor, visits })
        .collect();
    top.sort_by(|a, b| {
        b.visits
            .cmp(&a.visits)
            .then_with(|| a.visitor.cmp(&b.visitor))
    });
    top.truncate(5);
    VisitStats {
        date: date.to_string(),
        hours,
        month,
        top,
    }
}

/// Registers a visitor: checked, written with its outbox row, then tried at once. CVSecurity taking it
/// gives the visit (checked in); CVSecurity refusing it removes it and says which field (the form stays
/// on the phone); CVSecurity unreachable leaves it waiting in the outbox, retried until it answers.
pub async fn register(
    state: &AppState,
    actor: &str,
    req: &VisitorRegistration,
) -> ApiResult<Visit> {
    crate::invitations::check_form(state, req.problems(), &req.reason)?;
    let start = normal_time(&req.start);
    let stored = VisitorRegistration {
        photos: Vec::new(),
        ..req.clone()
    };
    let request = serde_json::to_string(&stored).unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO visit_registrations (registered_by, request, cert_type, cert_num, start_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(actor)
    .bind(&request)
    .bind(req.id_type.code())
    .bind(req.id_number.trim())
    .bind(&start)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for p in &req.photos {
        sqlx::query("INSERT INTO visit_photos (registration_id, kind, data_url) VALUES (?, ?, ?)")
            .bind(id)
            .bind(match p.kind {
                PhotoKind::Plate => "plate",
                PhotoKind::Goods => "goods",
            })
            .bind(&p.data_url)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO outbox (kind, ref_id, message_id, state, next_at, created_at)
         VALUES (?, ?, ?, 'queued', ?, ?)",
    )
    .bind(OUTBOX_KIND)
    .bind(id)
    .bind(format!("visit-{id}-{}", uuid::Uuid::new_v4()))
    .bind(now() + FIRST_TRY_SECS)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    let outcome = try_register(state, &stored).await;
    let name = crate::upstream::records::full_name(Some(&req.name), Some(&req.last_name));
    let detail = serde_json::json!({"registration": id, "host": req.host.trim(), "start": start})
        .to_string();
    let reason = req.reason.trim();
    let audit = |upstream| registration_audit(actor, &name, reason, upstream, &detail);
    match outcome {
        Ok(()) => {
            db::record(&state.db, &audit("ok")).await?;
            mark(&state.db, id, "sent", None).await?;
            state.month_visits.invalidate();
            let visits = day_visits(state, &start[..10]).await?;
            visits
                .into_iter()
                .find(|v| {
                    v.status == VisitStatus::CheckedIn
                        && v.start.starts_with(&start)
                        && v.id_number == masked(req.id_number.trim())
                })
                .ok_or_else(|| {
                    UpstreamError::Garbage("the registered visit is not listed".into()).into()
                })
        }
        Err(UpstreamError::Api { code, message }) => {
            let said = format!("error {code}: {message}");
            db::record(&state.db, &audit(&said)).await?;
            sqlx::query("DELETE FROM outbox WHERE kind = ? AND ref_id = ?")
                .bind(OUTBOX_KIND)
                .bind(id)
                .execute(&state.db)
                .await?;
            sqlx::query("DELETE FROM visit_registrations WHERE id = ?")
                .bind(id)
                .execute(&state.db)
                .await?;
            Err(match field_of(code) {
                Some(field) => ApiError::UpstreamField {
                    field,
                    code,
                    message,
                },
                None => UpstreamError::Api { code, message }.into(),
            })
        }
        Err(e) => {
            let why = e.to_string();
            let said = format!("waiting: {why}");
            db::record(&state.db, &audit(&said)).await?;
            sqlx::query(
                "UPDATE outbox SET attempts = 1, last_error = ?, next_at = ? WHERE kind = ? AND ref_id = ?",
            )
            .bind(&why)
            .bind(now() + 2)
            .bind(OUTBOX_KIND)
            .bind(id)
            .execute(&state.db)
            .await?;
            state.outbox.wake();
            // What was just written, as a day's list shows it.
            let held = Held {
                id,
                request,
                cert_num: req.id_number.trim().to_string(),
                start_at: start,
                state: "queued".into(),
                last_error: Some(why),
            };
            from_held(&held, &Hosts(None), req.photos.clone()).ok_or(ApiError::NotFound)
        }
    }
}

fn registration_audit<'a>(
    actor: &'a str,
    name: &'a str,
    reason: &'a str,
    upstream: &'a str,
    detail: &str,
) -> db::Audit<'a> {
    db::Audit {
        actor,
        action: "visitor_registration",
        target: Some(name),
        reason: Some(reason),
        upstream: Some(upstream),
        detail: Some(detail.to_string()),
    }
}

async fn mark(db: &SqlitePool, id: i64, state: &str, error: Option<&str>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE outbox SET state = ?, last_error = ?, sent_at = ? WHERE kind = ? AND ref_id = ?",
    )
    .bind(state)
    .bind(error)
    .bind(now())
    .bind(OUTBOX_KIND)
    .bind(id)
    .execute(db)
    .await
    .map(drop)
}

async fn try_register(state: &AppState, req: &VisitorRegistration) -> Result<(), UpstreamError> {
    let (start, end) = (upstream_time(&req.start), upstream_time(&req.end));
    state
        .upstream
        .register_visit(&Registration {
            host_pin: req.host.trim(),
            cert_type: req.id_type.code(),
            cert_num: req.id_number.trim(),
            name: req.name.trim(),
            last_name: req.last_name.trim(),
            phone: req.phone.trim(),
            reason: req.reason.trim(),
            visitors: req.visitors,
            start: &start,
            end: &end,
        })
        .await
}

/// The outbox's delivery of registration `id`: CVSecurity taking it (or already holding it, after an
/// attempt whose answer was lost) is done; refusing it is final; unreachable is tried again later.
pub async fn deliver(state: &AppState, id: i64) -> Result<(), SendError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT request FROM visit_registrations WHERE id = ?")
            .bind(id)
            .fetch_optional(&state.db)
            .await
            .map_err(|e| SendError::Transient(e.to_string()))?;
    let Some((request,)) = row else {
        return Err(SendError::Permanent(format!("registration {id} is gone")));
    };
    let req: VisitorRegistration = serde_json::from_str(&request)
        .map_err(|e| SendError::Permanent(format!("registration {id}: {e}")))?;
    let outcome = match try_register(state, &req).await {
        Ok(()) => Ok(()),
        // Registered by an earlier attempt whose answer was lost.
        Err(UpstreamError::Api { code: -255, .. }) => Ok(()),
        Err(UpstreamError::Api { code, message }) => Err(SendError::Permanent(format!(
            "CVSecurity refused the registration (error {code}: {message})"
        ))),
        Err(e) => Err(SendError::Transient(e.to_string())),
    };
    if outcome.is_ok() {
        state.month_visits.invalidate();
    }
    let _ = db::record(
        &state.db,
        &db::Audit {
            actor: "cvlink:outbox",
            action: "visitor_registration",
            target: Some(req.name.trim()),
            reason: Some(req.reason.trim()),
            upstream: Some(match &outcome {
                Ok(()) => "ok",
                Err(e) => e.text(),
            }),
            detail: Some(serde_json::json!({"registration": id}).to_string()),
        },
    )
    .await;
    outcome
}

/// Checks a visitor out (audited).
pub async fn checkout(state: &AppState, actor: &str, id: &str) -> ApiResult<Visit> {
    if id.starts_with("waiting:") {
        return Err(ApiError::validation(
            "id",
            "this registration is not in CVSecurity yet: it cannot be checked out",
        ));
    }
    // A visit is looked for back to the start of last month (visits last a day or so).
    let since = chrono::Local::now().date_naive() - chrono::Duration::days(62);
    let visits = state
        .upstream
        .visits_since(&format!("{} 00:00:00", since.format("%Y-%m-%d")))
        .await?;
    let v = visits
        .iter()
        .find(|v| v.id == id)
        .ok_or(ApiError::NotFound)?;
    if v.end_time.as_deref().is_some_and(|e| !e.trim().is_empty()) {
        return Err(ApiError::validation(
            "id",
            "the visitor has already checked out",
        ));
    }
    let result = state.upstream.exit_visit(&v.cert_type, &v.cert_num).await;
    db::record(
        &state.db,
        &db::Audit {
            actor,
            action: "visitor_checkout",
            target: Some(&v.visitor_name()),
            reason: None,
            upstream: Some(&match &result {
                Ok(()) => "ok".to_string(),
                Err(e) => e.to_string(),
            }),
            detail: Some(serde_json::json!({"visit": id}).to_string()),
        },
    )
    .await?;
    result?;
    state.month_visits.invalidate();
    let date: String = v.start_time.trim().chars().take(10).collect();
    day_visits(state, &date)
        .await?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or(ApiError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(start: &str, cert: &str, name: &str, people: i64) -> UpVisit {
        UpVisit {
            id: format!("{cert}-{start}"),
            start_time: start.into(),
            cert_type: "2".into(),
            cert_num: cert.into(),
            vis_emp_name: Some(name.into()),
            visitor_count: Some(people),
            ..UpVisit::default()
        }
    }

    #[test]
    fn stats_count_todays_people_by_hour_and_the_months_visitors() {
        let visits = [
            visit("2026-12-02 09:10:00", "A", "Ann", 2),
            visit("2026-12-02 09:50:00", "B", "Ben", 1),
            visit("2026-12-02 14:00:00", "A", "Ann", 1),
            visit("2026-12-01 08:00:00", "C", "Cid", 1),
            visit("2026-12-01 10:00:00", "B", "Ben", 1),
            visit("2026-11-30 10:00:00", "D", "Dee", 5),
        ];
        let s = stats_of("2026-12-02", &visits);
        assert_eq!(s.hours.len(), 24);
        assert_eq!(
            (s.hours[9].people, s.hours[14].people, s.hours[8].people),
            (3, 1, 0)
        );
        assert_eq!(s.month, "2026-12");
        let top: Vec<(&str, u32)> = s
            .top
            .iter()
            .map(|t| (t.visitor.as_str(), t.visits))
            .collect();
        assert_eq!(top, [("Ann", 2), ("Ben", 2), ("Cid", 1)]);
    }

    #[test]
    fn ids_are_masked_but_for_the_last_four() {
        assert_eq!(masked("X1234567"), "****4567");
        assert_eq!(masked("123"), "123");
    }

    #[test]
    fn upstream_errors_land_on_their_fields() {
        assert_eq!(field_of(-254), Some("id_number"));
        assert_eq!(field_of(-253), Some("host"));
        assert_eq!(field_of(-251), Some("id_number"));
        assert_eq!(field_of(-1), None);
    }
}
