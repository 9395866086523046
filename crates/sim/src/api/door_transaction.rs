//! The door-transaction queries (manual 2.2.5.13–15), which answer in ZKTeco's internal result shape
//! `{"ret","msg","data","i18nArgs","success"}` instead of the `code`/`message` envelope.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::{QueryBuilder, Sqlite};

use super::transaction::{date_range, Filter, TxRow, SELECT};
use super::{json_body, text_field};
use crate::envelope::{ApiError, Paging};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/transaction/getDoorTransactions", post(list_v1))
        .route("/api/v2/transaction/getDoorTransactions", post(list_v2))
        .route("/api/transaction/getDoorTransactionDetail", post(detail))
}

/// A failure in this shape: `ret` "fail" with the reason in `msg`.
fn fail(err: &ApiError) -> Json<Value> {
    Json(json!({
        "ret": "fail",
        "msg": err.message,
        "data": null,
        "i18nArgs": null,
        "success": false,
    }))
}

fn succeed(data: Value) -> Value {
    json!({
        "ret": "ok",
        "msg": "operation succeed",
        "data": data,
        "i18nArgs": null,
        "success": true,
    })
}

/// The request's fields: the manual wraps them in `{"content": {...}}` for v2 and the detail call, and
/// sends them bare in the v1 example; both are accepted everywhere.
fn content(body: &Bytes) -> Result<Value, ApiError> {
    let body = json_body(body)?;
    Ok(match body.get("content") {
        Some(inner @ Value::Object(_)) => inner.clone(),
        _ => body,
    })
}

/// The filters of the door-transaction queries.
struct Query {
    /// Person, device and time: the filters every transaction list shares.
    base: Filter,
    /// Fuzzy match on first name, last name or pin.
    filter: Option<String>,
    level: Option<i64>,
    event_no: Option<i64>,
    paging: Paging,
}

impl Query {
    fn parse(body: &Value) -> Result<Self, ApiError> {
        let field = |key: &str| text_field(body, key).filter(|v| !v.is_empty());
        // The prose says `page`, the examples `pageNo`.
        let page_no = field("pageNo").or_else(|| field("page"));
        // Neither is marked required (and the v1 example answers pageSize 10): default to page 1 of 10.
        let page_size = field("pageSize");
        let paging = Paging::parse(
            Some(page_no.as_deref().unwrap_or("1")),
            Some(page_size.as_deref().unwrap_or("10")),
        )?;
        let (start, end) = date_range(field("startTime").as_deref(), field("endTime").as_deref())?;
        let level = match field("type")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some("normal") => Some(0),
            Some("warning") => Some(1),
            Some("alarm") => Some(2),
            Some(other) => {
                return Err(ApiError::new(
                    crate::envelope::code::PROGRAM_ERROR,
                    format!("type must be normal, warning or alarm, not {other}"),
                ))
            }
        };
        let event_no = field("eventNo")
            .map(|raw| {
                raw.parse::<i64>().map_err(|_| {
                    ApiError::new(
                        crate::envelope::code::PROGRAM_ERROR,
                        "eventNo must be a number",
                    )
                })
            })
            .transpose()?;
        Ok(Self {
            base: Filter {
                pin: field("personPin"),
                dev_sn: field("devSn"),
                start,
                end,
            },
            filter: field("filter"),
            level,
            event_no,
            paging,
        })
    }

    fn push_where<'q>(&'q self, sql: &mut QueryBuilder<'q, Sqlite>) {
        self.base.push_where(sql);
        if let Some(filter) = &self.filter {
            // `%` and `_` in the filter are literal characters, not wildcards.
            let escaped = filter
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let like = format!("%{escaped}%");
            sql.push(" AND (lower(name) LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR lower(last_name) LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR lower(pin) LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
        if let Some(level) = self.level {
            sql.push(" AND event_level = ").push_bind(level);
        }
        if let Some(no) = self.event_no {
            sql.push(" AND event_no = ").push_bind(no);
        }
    }

    async fn run(&self, state: &AppState) -> Result<(i64, Vec<TxRow>), ApiError> {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM transactions");
        self.push_where(&mut count);
        let (total,): (i64,) = count.build_query_as().fetch_one(&state.pool).await?;
        let mut sql = QueryBuilder::new(SELECT);
        self.push_where(&mut sql);
        sql.push(" ORDER BY event_ms DESC, seq DESC LIMIT ")
            .push_bind(self.paging.limit())
            .push(" OFFSET ")
            .push_bind(self.paging.offset());
        Ok((total, sql.build_query_as().fetch_all(&state.pool).await?))
    }
}

impl TxRow {
    /// The v1 door-transaction record (`eventLevel` is a string there).
    fn door_v1(&self) -> Value {
        json!({
            "id": self.id,
            "eventNo": self.event_no,
            "eventName": self.event_name,
            "eventTime": self.event_time,
            "doorName": self.door_name,
            "personPin": self.pin,
            "personName": self.name,
            "areaName": self.area_name,
            "personLastName": self.last_name,
            "eventLevel": self.event_level.to_string(),
        })
    }

    /// The detail record: empty texts are null, as in the manual's remote-opening example.
    fn door_detail(&self) -> Value {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        json!({
            "id": self.id,
            "eventNo": self.event_no,
            "eventName": self.event_name,
            "eventTime": self.event_time,
            "doorName": text(&self.door_name),
            "personPin": text(&self.pin),
            "personName": text(&self.name),
            "areaName": self.area_name,
            "personLastName": text(&self.last_name),
            "devName": self.dev_name,
            "cardNo": text(&self.card_no),
            "readerName": text(&self.reader_name).unwrap_or_else(|| "others".into()),
            "verifyModeName": self.verify_mode_name,
        })
    }
}

async fn list_v1(State(state): State<AppState>, body: Bytes) -> Json<Value> {
    let run = async {
        let query = Query::parse(&content(&body)?)?;
        let (total, rows) = query.run(&state).await?;
        let mut value = succeed(rows.iter().map(TxRow::door_v1).collect());
        value["page"] = json!(query.paging.offset() / query.paging.limit() + 1);
        value["pageSize"] = json!(query.paging.limit());
        value["total"] = json!(total);
        Ok::<_, ApiError>(value)
    };
    run.await.map_or_else(|err| fail(&err), Json)
}

async fn list_v2(State(state): State<AppState>, body: Bytes) -> Json<Value> {
    let run = async {
        let query = Query::parse(&content(&body)?)?;
        let (total, rows) = query.run(&state).await?;
        let data = query
            .paging
            .pager(total, rows.iter().map(TxRow::v2).collect());
        Ok::<_, ApiError>(succeed(data))
    };
    run.await.map_or_else(|err| fail(&err), Json)
}

async fn detail(State(state): State<AppState>, body: Bytes) -> Json<Value> {
    let run = async {
        let body = content(&body)?;
        let id = text_field(&body, "id")
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ApiError::new(crate::envelope::code::PROGRAM_ERROR, "id is required"))?;
        let row: Option<TxRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
            .bind(&id)
            .fetch_optional(&state.pool)
            .await?;
        let row = row.ok_or_else(|| {
            ApiError::new(
                crate::envelope::code::PROGRAM_ERROR,
                "the event does not exist",
            )
        })?;
        Ok::<_, ApiError>(succeed(row.door_detail()))
    };
    run.await.map_or_else(|err| fail(&err), Json)
}
