//! The Alarm Center's store: alarms are the stored events of kind `alarm`; cvlink adds their
//! acknowledgement. Filters, search and keyset paging (newest first) run in SQL.

use cvm_api::{Ack, Alarm, AlarmQuery, AlarmStatus, AlarmSummary, EventId, EventLevel, Page};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::error::{ApiError, ApiResult};
use crate::paging::Keyset;

/// The site-local time format of events.
pub const TIME: &str = "%Y-%m-%d %H:%M:%S";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: String,
    level: i64,
    name: String,
    device: Option<String>,
    device_sn: Option<String>,
    point: Option<String>,
    area: Option<String>,
    pin: Option<String>,
    person: Option<String>,
    has_photo: bool,
    photo: Option<String>,
    ack_at: Option<i64>,
    ack_by: Option<String>,
    ack_remark: Option<String>,
}

impl From<Row> for Alarm {
    fn from(r: Row) -> Self {
        let ack = match (r.ack_at, r.ack_by) {
            (Some(at), Some(by)) => Some(Ack {
                by,
                at: local_time(at),
                remark: r.ack_remark.unwrap_or_default(),
            }),
            _ => None,
        };
        Alarm {
            id: EventId(r.id),
            at: r.at,
            level: EventLevel::from_upstream(r.level),
            name: r.name,
            device: r.device,
            device_sn: r.device_sn,
            source: r.point,
            area: r.area,
            pin: r.pin,
            person: r.person,
            has_photo: r.has_photo,
            photo: r.photo.filter(|p| !p.is_empty()).map(|p| data_url(&p)),
            ack,
        }
    }
}

/// A base64 picture as a data URL, its type read from the first bytes (devices send JPEG; some PNG).
pub(crate) fn data_url(base64: &str) -> String {
    let mime = if base64.starts_with("iVBOR") {
        "image/png"
    } else {
        "image/jpeg"
    };
    format!("data:{mime};base64,{base64}")
}

pub fn local_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&chrono::Local).format(TIME).to_string())
        .unwrap_or_default()
}

fn select(with_photo: bool) -> String {
    format!(
        "SELECT id, at, level, name, device, device_sn, point, area, pin, person,
                (photo IS NOT NULL AND photo != '') AS has_photo, {} AS photo, ack_at, ack_by, ack_remark
         FROM events WHERE kind = 'alarm'",
        if with_photo { "photo" } else { "NULL" }
    )
}

/// A day (`yyyy-MM-dd`) or a date-time, checked, as the bound of a range over the stored text times.
pub(crate) fn bound(field: &'static str, raw: &str, end: bool) -> ApiResult<String> {
    let raw = raw.trim();
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(raw, TIME) {
        return Ok(t.format(TIME).to_string());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(format!(
            "{} {}",
            d.format("%Y-%m-%d"),
            if end { "23:59:59" } else { "00:00:00" }
        ));
    }
    Err(ApiError::validation(
        field,
        format!("{raw:?} is not a date (yyyy-MM-dd) or a date-time (yyyy-MM-dd HH:mm:ss)"),
    ))
}

/// `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of alarms matching `q`, newest first.
pub async fn list(db: &SqlitePool, q: &AlarmQuery) -> ApiResult<Page<Alarm>> {
    let keyset = Keyset::parse(q.cursor.as_deref(), q.limit)?;
    let mut range: Vec<(&str, String)> = Vec::new();
    if let Some(d) = q.date.as_deref().filter(|d| !d.trim().is_empty()) {
        range.push((">=", bound("date", d, false)?));
        range.push(("<=", bound("date", d, true)?));
    }
    if let Some(f) = q.from.as_deref().filter(|d| !d.trim().is_empty()) {
        range.push((">=", bound("from", f, false)?));
    }
    if let Some(t) = q.to.as_deref().filter(|d| !d.trim().is_empty()) {
        range.push(("<=", bound("to", t, true)?));
    }
    let text =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(like);
    let resource = q
        .resource
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());

    let sql_text = select(false);
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(&sql_text);
    for (op, value) in &range {
        sql.push(format!(" AND at {op} ")).push_bind(value.clone());
    }
    match q.status {
        Some(AlarmStatus::Unconfirmed) => {
            sql.push(" AND ack_at IS NULL");
        }
        Some(AlarmStatus::Confirmed) => {
            sql.push(" AND ack_at IS NOT NULL");
        }
        None => {}
    }
    if let Some(level) = q.level {
        sql.push(" AND level = ").push_bind(level.as_i64());
    }
    if let Some(r) = resource {
        sql.push(" AND (device = ")
            .push_bind(r)
            .push(" OR point = ")
            .push_bind(r)
            .push(")");
    }
    if let Some(t) = &text {
        sql.push(" AND (name LIKE ")
            .push_bind(t.clone())
            .push(" ESCAPE '\\' OR device LIKE ")
            .push_bind(t.clone())
            .push(" ESCAPE '\\')");
    }
    if let Some(b) = keyset.before {
        sql.push(" AND id < ").push_bind(b.0);
    }
    sql.push(" ORDER BY id DESC LIMIT ")
        .push_bind(keyset.fetch());
    let rows: Vec<Row> = sql.build_query_as().fetch_all(db).await?;
    Ok(keyset.page(rows.into_iter().map(Alarm::from).collect(), |a| a.id))
}

/// One alarm with its photo.
pub async fn get(db: &SqlitePool, id: EventId) -> ApiResult<Alarm> {
    let row: Option<Row> = sqlx::query_as(&format!("{} AND id = ?", select(true)))
        .bind(id.0)
        .fetch_optional(db)
        .await?;
    row.map(Alarm::from).ok_or(ApiError::NotFound)
}

/// The day's total, unconfirmed and confirmed alarms.
pub async fn summary(db: &SqlitePool, date: &str) -> ApiResult<AlarmSummary> {
    let (start, end) = (bound("date", date, false)?, bound("date", date, true)?);
    let (total, confirmed): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(ack_at) FROM events WHERE kind = 'alarm' AND at >= ? AND at <= ?",
    )
    .bind(&start)
    .bind(&end)
    .fetch_one(db)
    .await?;
    Ok(AlarmSummary {
        date: start[..10].to_string(),
        total: total as u64,
        unconfirmed: (total - confirmed) as u64,
        confirmed: confirmed as u64,
    })
}

/// Acknowledges an alarm. The first acknowledgement stands: acknowledging again changes nothing and
/// returns the alarm as it is (`false`).
pub async fn ack(db: &SqlitePool, id: EventId, by: &str, remark: &str) -> ApiResult<(Alarm, bool)> {
    let updated = sqlx::query(
        "UPDATE events SET ack_at = ?, ack_by = ?, ack_remark = ?
         WHERE id = ? AND kind = 'alarm' AND ack_at IS NULL",
    )
    .bind(crate::db::now())
    .bind(by)
    .bind(remark)
    .bind(id.0)
    .execute(db)
    .await?
    .rows_affected();
    Ok((get(db, id).await?, updated == 1))
}

/// Acknowledges every unconfirmed alarm at a door (cancel alarm). Returns how many.
pub async fn ack_at_door(db: &SqlitePool, door: &str, by: &str, remark: &str) -> ApiResult<u64> {
    Ok(sqlx::query(
        "UPDATE events SET ack_at = ?, ack_by = ?, ack_remark = ?
         WHERE kind = 'alarm' AND ack_at IS NULL AND point = ?",
    )
    .bind(crate::db::now())
    .bind(by)
    .bind(remark)
    .bind(door)
    .execute(db)
    .await?
    .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_take_days_and_times() {
        assert_eq!(
            bound("d", "2026-03-04", false).unwrap(),
            "2026-03-04 00:00:00"
        );
        assert_eq!(
            bound("d", "2026-03-04", true).unwrap(),
            "2026-03-04 23:59:59"
        );
        assert_eq!(
            bound("d", "2026-03-04 05:06:07", true).unwrap(),
            "2026-03-04 05:06:07"
        );
        assert!(bound("d", "04/03/2026", false).is_err());
        assert!(bound("d", "2026-02-30", false).is_err());
    }

    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(like("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
