//! Visitors (manual 2.7): invitations (reservations), registration (check-in) and exit, visitor QR codes,
//! the visitor list, the visit history list and the visitor level list.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDateTime;
use serde_json::{json, Value};
use sqlx::{FromRow, QueryBuilder, SqliteConnection};

use super::{json_body, paging, param, split_list, text_field, Params};
use crate::clock;
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::qr::QrKind;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/visRegistration/getTransactionList", post(visits))
        .route("/api/visLevel/list", get(levels))
        .route("/api/visReservation/add", post(reserve))
        .route("/api/visReservation/del", post(unreserve))
        .route("/api/visRegistration/add", post(register))
        .route("/api/visRegistration/exit", post(exit))
        .route("/api/visRegistration/getQrCode/{pin}", post(qr_by_path))
        .route("/api/visRegistration/getQrCode", post(qr_by_query))
        .route(
            "/api/v2/visRegistration/getQrCodeByCertNumber",
            post(qr_by_cert),
        )
        .route("/api/visVisitor/getVisitorList", post(visitor_list))
}

#[derive(Debug, FromRow)]
struct VisitRow {
    id: String,
    pers_person_pin: String,
    cert_type: i64,
    cert_num: String,
    vis_emp_pin: String,
    vis_emp_name: String,
    vis_emp_last_name: String,
    visit_emp_phone: String,
    company: String,
    visit_reason: String,
    visitor_count: i64,
    start_time: String,
    end_time: Option<String>,
    card_no: String,
    email: String,
    car_plate: String,
    visited_emp_dept: String,
}

impl VisitRow {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "persPersonPin": self.pers_person_pin,
            "certType": self.cert_type,
            "certNum": self.cert_num,
            "visEmpName": self.vis_emp_name,
            "visitEmpPhone": self.visit_emp_phone,
            "company": self.company,
            "visitReason": self.visit_reason,
            "visitorCount": self.visitor_count,
            "startTime": self.start_time,
            "endTime": self.end_time,
            "cardNo": self.card_no,
            "visLevels": null,
            "facePhoto": null,
            "certPhoto": null,
            "signaturePhoto": null,
            "enterPlaceId": null,
            "email": self.email,
            "visEmpLastName": self.vis_emp_last_name,
            "carPlate": self.car_plate,
            "enterGoodsPhoto": null,
            "deptCode": null,
            "visEmpPin": self.vis_emp_pin,
            "visitedEmpDept": self.visited_emp_dept,
        })
    }
}

/// Visit history, newest first. Although the path says v2, the manual's example answers a bare array.
async fn visits(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let mut sql = QueryBuilder::new(
        "SELECT id, pers_person_pin, cert_type, cert_num, vis_emp_pin, vis_emp_name, vis_emp_last_name, \
         visit_emp_phone, company, visit_reason, visitor_count, start_time, end_time, card_no, email, car_plate, \
         visited_emp_dept FROM visits WHERE 1 = 1",
    );
    if let Some(cert) = param(&params, "certNum") {
        sql.push(" AND cert_num = ").push_bind(cert);
    }
    if let Some(phone) = param(&params, "phone") {
        sql.push(" AND visit_emp_phone = ").push_bind(phone);
    }
    sql.push(" ORDER BY start_time DESC, seq DESC LIMIT ")
        .push_bind(paging.limit())
        .push(" OFFSET ")
        .push_bind(paging.offset());
    let rows: Vec<VisitRow> = sql.build_query_as().fetch_all(&state.pool).await?;
    ok(rows.iter().map(VisitRow::to_json).collect::<Vec<_>>())
}

async fn levels(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM vis_levels ORDER BY seq LIMIT ? OFFSET ?")
            .bind(paging.limit())
            .bind(paging.offset())
            .fetch_all(&state.pool)
            .await?;
    ok(rows
        .into_iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect::<Vec<_>>())
}

/// Certificate types the manual lists: 2 ID card, 3 passport, 4 driver's licence, 5 work permit, 6 citizen
/// card, 7 driving licence, 8 other, 1000/1001 regional.
const CERT_TYPES: &[i64] = &[2, 3, 4, 5, 6, 7, 8, 1000, 1001];

fn err(code: i32, message: &str) -> ApiError {
    ApiError::new(code, message)
}

/// Certificate type and number, checked in the manual's order (-241 empty type, -242 empty number; -250 bad
/// type and -251 bad national ID number are checked by `cert_type_code` and `national_id` once the other
/// required fields are present).
fn cert(cert_type: Option<String>, cert_num: Option<String>) -> Result<(String, String), ApiError> {
    let cert_type = cert_type
        .filter(|t| !t.is_empty())
        .ok_or_else(|| err(code::VIS_CERT_TYPE_EMPTY, "certificate type is empty"))?;
    let cert_num = cert_num
        .filter(|n| !n.is_empty())
        .ok_or_else(|| err(code::VIS_CERT_NUM_EMPTY, "certificate number is empty"))?;
    Ok((cert_type, cert_num))
}

fn cert_type_code(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|t| CERT_TYPES.contains(t))
        .ok_or_else(|| err(code::VIS_CERT_TYPE_BAD, "certificate type is not supported"))
}

/// Certificate type 2 is a national ID card: its number is 4–20 letters and digits (`-` allowed
/// between them), else -251. Other types take any number.
fn national_id(cert_type: i64, cert_num: &str) -> Result<(), ApiError> {
    let ok = cert_type != 2
        || ((4..=20).contains(&cert_num.len())
            && cert_num
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !cert_num.starts_with('-')
            && !cert_num.ends_with('-'));
    if ok {
        Ok(())
    } else {
        Err(err(
            code::VIS_NATIONAL_ID,
            "please fill in the correct national ID number",
        ))
    }
}

/// Characters the server refuses in a visitor's name (-261).
const SPECIAL_CHARS: &[char] = &['<', '>', '"', '\'', '&', ';', '\\', '%', '/', '|', '`', '$'];

/// The certificate's type (checked) and the visitor's standing: a bad type -250, a bad national ID number
/// -251, a blocked visitor -254.
async fn checked_visitor(
    db: &mut SqliteConnection,
    cert_type: &str,
    cert_num: &str,
) -> Result<i64, ApiError> {
    let cert_type = cert_type_code(cert_type)?;
    national_id(cert_type, cert_num)?;
    let blocked: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM vis_block_list WHERE cert_num = ?")
        .bind(cert_num)
        .fetch_optional(db)
        .await?;
    if blocked.is_some() {
        return Err(err(code::VIS_BLOCKED, "the visitor is in the block list"));
    }
    Ok(cert_type)
}

/// A visit date: `yyyy-MM-dd HH:mm:ss`, or a bare `yyyy-MM-dd` meaning the start (or, for an end date, the
/// end) of that day.
fn visit_date(raw: &str, end_of_day: bool) -> Result<String, ApiError> {
    clock::parse(raw)
        .or_else(|| clock::parse_day(raw, end_of_day))
        .map(|t: NaiveDateTime| t.format(clock::FORMAT).to_string())
        .ok_or_else(|| {
            err(
                code::VIS_DATE_FORMAT,
                "date must be formatted yyyy-MM-dd HH:mm:ss",
            )
        })
}

fn required(value: Option<String>, code: i32, message: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| err(code, message))
}

/// What every visit call requires: the host, the visitor's certificate, name and visit reason.
struct VisitCore {
    host: String,
    cert_type: String,
    cert_num: String,
    name: String,
    reason: String,
}

/// Reads the [`VisitCore`] fields; the visitor's name is taken from the first of `name_keys` present.
fn visit_core(
    field: &impl Fn(&str) -> Option<String>,
    name_keys: [&str; 2],
) -> Result<VisitCore, ApiError> {
    let host = required(
        field("persPersonPin"),
        code::VIS_HOST_PIN_EMPTY,
        "host pin is empty",
    )?;
    let (cert_type, cert_num) = cert(field("certType"), field("certNum"))?;
    let name = required(
        field(name_keys[0]).or_else(|| field(name_keys[1])),
        code::VIS_NAME_EMPTY,
        "visitor name is empty",
    )?;
    if name.contains(SPECIAL_CHARS) {
        return Err(err(
            code::VIS_SPECIAL_CHARS,
            "the visitor name contains special characters",
        ));
    }
    let reason = required(
        field("visitReason"),
        code::VIS_REASON_EMPTY,
        "visit reason is empty",
    )?;
    Ok(VisitCore {
        host,
        cert_type,
        cert_num,
        name,
        reason,
    })
}

/// A visit's start and end from two fields (key, message when empty); the start may not be later.
fn period(
    field: &impl Fn(&str) -> Option<String>,
    (start_key, start_missing): (&str, &str),
    (end_key, end_missing): (&str, &str),
) -> Result<(String, String), ApiError> {
    let start = required(field(start_key), code::VIS_DATE_EMPTY, start_missing)?;
    let end = required(field(end_key), code::VIS_DATE_EMPTY, end_missing)?;
    let (start, end) = (visit_date(&start, false)?, visit_date(&end, true)?);
    if start > end {
        return Err(err(
            code::VIS_DATE_WRONG,
            "please fill in the correct date: the visit ends before it starts",
        ));
    }
    Ok((start, end))
}

/// The host's department name; -253 when the host is not a person of the site.
async fn host_dept(db: &mut SqliteConnection, pin: &str) -> Result<String, ApiError> {
    let host: Option<(String,)> = sqlx::query_as(
        "SELECT COALESCE(d.name, '') FROM persons p LEFT JOIN departments d ON d.code = p.dept_code \
         WHERE p.pin = ?",
    )
    .bind(pin)
    .fetch_optional(db)
    .await?;
    host.map(|(dept,)| dept)
        .ok_or_else(|| err(code::VIS_HOST_MISSING, "the visited employee doesn't exist"))
}

/// The visitor's contact details as a request gives them.
struct VisitorInput {
    cert_type: i64,
    cert_num: String,
    name: String,
    last_name: String,
    phone: String,
    company: String,
    email: String,
    car_plate: String,
}

/// Finds the visitor by certificate (updating the details given) or adds one with the next visitor pin.
async fn upsert_visitor(db: &mut SqliteConnection, v: &VisitorInput) -> Result<String, ApiError> {
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT pin FROM visitors WHERE cert_type = ? AND cert_number = ?")
            .bind(v.cert_type)
            .bind(&v.cert_num)
            .fetch_optional(&mut *db)
            .await?;
    if let Some((pin,)) = existing {
        sqlx::query(
            "UPDATE visitors SET name = ?, last_name = CASE WHEN ? = '' THEN last_name ELSE ? END, \
             phone = CASE WHEN ? = '' THEN phone ELSE ? END, company = CASE WHEN ? = '' THEN company ELSE ? END, \
             email = CASE WHEN ? = '' THEN email ELSE ? END, \
             car_plate = CASE WHEN ? = '' THEN car_plate ELSE ? END WHERE pin = ?",
        )
        .bind(&v.name)
        .bind(&v.last_name)
        .bind(&v.last_name)
        .bind(&v.phone)
        .bind(&v.phone)
        .bind(&v.company)
        .bind(&v.company)
        .bind(&v.email)
        .bind(&v.email)
        .bind(&v.car_plate)
        .bind(&v.car_plate)
        .bind(&pin)
        .execute(&mut *db)
        .await?;
        return Ok(pin);
    }
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(CAST(pin AS INTEGER)), 800000000) + 1 FROM visitors")
            .fetch_one(&mut *db)
            .await?;
    let pin = next.to_string();
    sqlx::query(
        "INSERT INTO visitors (id, pin, name, last_name, cert_type, cert_number, company, car_plate, phone, \
         email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::db::new_id())
    .bind(&pin)
    .bind(&v.name)
    .bind(&v.last_name)
    .bind(v.cert_type)
    .bind(&v.cert_num)
    .bind(&v.company)
    .bind(&v.car_plate)
    .bind(&v.phone)
    .bind(&v.email)
    .execute(&mut *db)
    .await?;
    Ok(pin)
}

/// `visReservation/add`: an invitation. Its visitor's QR admits once while the invitation is valid.
async fn reserve(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let field = |key: &str| text_field(&body, key);
    let VisitCore {
        host,
        cert_type,
        cert_num,
        name,
        reason,
    } = visit_core(&field, ["visitEmpName", "visEmpName"])?;
    let (date, end_date) = period(
        &field,
        ("visitDate", "visit date is empty"),
        ("visitEndDate", "visit end date is empty"),
    )?;
    let mut tx = state.pool.begin().await?;
    let cert_type = checked_visitor(&mut tx, &cert_type, &cert_num).await?;
    host_dept(&mut tx, &host).await?;
    if checked_in(&mut tx, cert_type, &cert_num).await? {
        return Err(err(
            code::VIS_DURING_VISIT,
            "no need to make a reservation during the visit",
        ));
    }
    let clash: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM reservations WHERE cert_type = ? AND cert_num = ? AND visit_date = ?",
    )
    .bind(cert_type)
    .bind(&cert_num)
    .bind(&date)
    .fetch_optional(&mut *tx)
    .await?;
    if clash.is_some() {
        return Err(err(
            code::VIS_ALREADY_RESERVED,
            "the visitor is already reserved for that time",
        ));
    }
    let visitor = VisitorInput {
        cert_type,
        cert_num: cert_num.clone(),
        name,
        last_name: field("lastName").unwrap_or_default(),
        phone: field("visitEmpPhone").unwrap_or_default(),
        company: field("company").unwrap_or_default(),
        email: field("email").unwrap_or_default(),
        car_plate: field("carPlate").unwrap_or_default(),
    };
    let pin = upsert_visitor(&mut tx, &visitor).await?;
    sqlx::query(
        "INSERT INTO reservations (id, visitor_pin, pers_person_pin, cert_type, cert_num, visit_reason, \
         visit_date, visit_end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::db::new_id())
    .bind(&pin)
    .bind(&host)
    .bind(cert_type)
    .bind(&cert_num)
    .bind(&reason)
    .bind(&date)
    .bind(&end_date)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// `visReservation/del?certType=&certNum=&visitDate=`.
async fn unreserve(State(state): State<AppState>, params: Params) -> ApiResult {
    let text = |key: &str| param(&params, key).map(str::to_owned);
    let (cert_type, cert_num) = cert(text("certType"), text("certNum"))?;
    let date = required(
        text("visitDate"),
        code::VIS_DATE_EMPTY,
        "visit date is empty",
    )?;
    // A bare `yyyy-MM-dd` names the day: it removes that day's invitations, whatever their time.
    let whole_day = date.trim().len() <= "yyyy-MM-dd".len();
    let date = visit_date(&date, false)?;
    let cert_type = cert_type_code(&cert_type)?;
    let sql = if whole_day {
        "DELETE FROM reservations WHERE cert_type = ? AND cert_num = ? AND substr(visit_date, 1, 10) = substr(?, 1, 10)"
    } else {
        "DELETE FROM reservations WHERE cert_type = ? AND cert_num = ? AND visit_date = ?"
    };
    let done = sqlx::query(sql)
        .bind(cert_type)
        .bind(&cert_num)
        .bind(&date)
        .execute(&state.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(err(
            code::VIS_NO_RESERVATION,
            "no reservation for that visitor and date",
        ));
    }
    ok(Value::Null)
}

/// `visRegistration/add`: check a visitor in. They pass readers with their QR until they sign out.
async fn register(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let field = |key: &str| text_field(&body, key);
    // The manual's prose says visitEmpName, its table visEmpName: accept both.
    let VisitCore {
        host,
        cert_type,
        cert_num,
        name,
        reason,
    } = visit_core(&field, ["visEmpName", "visitEmpName"])?;
    let count = match field("visitorCount") {
        None => 1,
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| err(code::VIS_COUNT, "visitor count must be greater than 0"))?,
    };
    let (start, end) = period(
        &field,
        ("startTime", "start time is empty"),
        ("endTime", "end time is empty"),
    )?;
    let levels = split_list(field("visLevels").as_deref());
    let mut tx = state.pool.begin().await?;
    let cert_type = checked_visitor(&mut tx, &cert_type, &cert_num).await?;
    let dept = host_dept(&mut tx, &host).await?;
    for level in &levels {
        let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM vis_levels WHERE id = ?")
            .bind(level)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(err(
                code::LEVEL_MISSING,
                "the visitor level group does not exist",
            ));
        }
    }
    if checked_in(&mut tx, cert_type, &cert_num).await? {
        return Err(err(
            code::VIS_ALREADY_REGISTERED,
            "the visitor is already registered",
        ));
    }
    let visitor = VisitorInput {
        cert_type,
        cert_num: cert_num.clone(),
        name: name.clone(),
        last_name: field("visEmpLastName").unwrap_or_default(),
        phone: field("visitEmpPhone").unwrap_or_default(),
        company: field("company").unwrap_or_default(),
        email: field("email").unwrap_or_default(),
        car_plate: field("carPlate").unwrap_or_default(),
    };
    let pin = upsert_visitor(&mut tx, &visitor).await?;
    sqlx::query(
        "INSERT INTO visits (id, pers_person_pin, cert_type, cert_num, vis_emp_pin, vis_emp_name, \
         vis_emp_last_name, visit_emp_phone, company, visit_reason, visitor_count, start_time, \
         planned_end_time, card_no, email, car_plate, visited_emp_dept) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::db::new_id())
    .bind(&host)
    .bind(cert_type)
    .bind(&cert_num)
    .bind(&pin)
    .bind(&name)
    .bind(&visitor.last_name)
    .bind(&visitor.phone)
    .bind(&visitor.company)
    .bind(&reason)
    .bind(count)
    .bind(&start)
    .bind(&end)
    .bind(field("cardNo").unwrap_or_default())
    .bind(&visitor.email)
    .bind(&visitor.car_plate)
    .bind(&dept)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// Whether the visitor with this certificate is checked in (registered and not signed out).
async fn checked_in(
    db: &mut SqliteConnection,
    cert_type: i64,
    cert_num: &str,
) -> Result<bool, ApiError> {
    let open: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM visits WHERE cert_type = ? AND cert_num = ? AND end_time IS NULL",
    )
    .bind(cert_type)
    .bind(cert_num)
    .fetch_optional(db)
    .await?;
    Ok(open.is_some())
}

/// `visRegistration/exit?certType=&certNum=`: sign a checked-in visitor out.
async fn exit(State(state): State<AppState>, params: Params) -> ApiResult {
    let text = |key: &str| param(&params, key).map(str::to_owned);
    let (cert_type, cert_num) = cert(text("certType"), text("certNum"))?;
    let cert_type = cert_type_code(&cert_type)?;
    let done = sqlx::query(
        "UPDATE visits SET end_time = ? WHERE cert_type = ? AND cert_num = ? AND end_time IS NULL",
    )
    .bind(clock::format_ms(state.clock.now_ms()))
    .bind(cert_type)
    .bind(&cert_num)
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(err(
            code::VIS_NOT_REGISTERED,
            "the visitor is not registered, so cannot sign out",
        ));
    }
    ok(Value::Null)
}

fn visitor_missing() -> ApiError {
    err(code::VIS_VISITOR_MISSING, "visitor doesn't exist")
}

async fn issue_visitor_qr(state: &AppState, pin: Option<&str>) -> ApiResult {
    let pin = pin
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| err(code::PIN_EMPTY, "pin is empty"))?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM visitors WHERE pin = ?")
        .bind(pin)
        .fetch_optional(&state.pool)
        .await?;
    known.ok_or_else(visitor_missing)?;
    let value = state
        .qr
        .issue(QrKind::Visitor, pin, state.clock.now_ms())
        .ok_or_else(visitor_missing)?;
    ok(value)
}

async fn qr_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    issue_visitor_qr(&state, Some(&pin)).await
}

async fn qr_by_query(State(state): State<AppState>, params: Params, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = param(&params, "pin")
        .map(str::to_owned)
        .or_else(|| text_field(&body, "pin"));
    issue_visitor_qr(&state, pin.as_deref()).await
}

/// `getQrCodeByCertNumber?certNumber=&certType=&phone=`: the visitor found by certificate (and phone).
async fn qr_by_cert(State(state): State<AppState>, params: Params) -> ApiResult {
    let cert_num = param(&params, "certNumber")
        .ok_or_else(|| err(code::VIS_CERT_NUM_EMPTY, "certificate number is empty"))?;
    let mut sql = QueryBuilder::new("SELECT pin FROM visitors WHERE cert_number = ");
    sql.push_bind(cert_num);
    if let Some(cert_type) = param(&params, "certType") {
        sql.push(" AND cert_type = ")
            .push_bind(cert_type_code(cert_type)?);
    }
    if let Some(phone) = param(&params, "phone") {
        sql.push(" AND phone = ").push_bind(phone);
    }
    sql.push(" ORDER BY seq DESC LIMIT 1");
    let pin: Option<(String,)> = sql.build_query_as().fetch_optional(&state.pool).await?;
    let (pin,) = pin.ok_or_else(visitor_missing)?;
    issue_visitor_qr(&state, Some(&pin)).await
}

#[derive(Debug, FromRow)]
struct VisitorRow {
    id: String,
    pin: String,
    name: String,
    last_name: String,
    cert_type: i64,
    cert_number: String,
    company: String,
    car_plate: String,
    phone: String,
    email: String,
    checked_in: bool,
}

/// `visVisitor/getVisitorList?certNumbers=&names=&pageNo&pageSize` (bare array). `status` is "1" while the
/// visitor is checked in, "0" otherwise.
async fn visitor_list(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let certs = split_list(param(&params, "certNumbers"));
    let names = split_list(param(&params, "names"));
    let mut sql = QueryBuilder::new(
        "SELECT v.id, v.pin, v.name, v.last_name, v.cert_type, v.cert_number, v.company, v.car_plate, v.phone, \
         v.email, EXISTS (SELECT 1 FROM visits s WHERE s.vis_emp_pin = v.pin AND s.end_time IS NULL) \
         AS checked_in FROM visitors v WHERE 1 = 1",
    );
    for (column, values) in [("v.cert_number", &certs), ("v.name", &names)] {
        if !values.is_empty() {
            sql.push(format!(" AND {column} IN ("));
            let mut list = sql.separated(", ");
            for value in values {
                list.push_bind(value);
            }
            sql.push(")");
        }
    }
    sql.push(" ORDER BY v.seq LIMIT ")
        .push_bind(paging.limit())
        .push(" OFFSET ")
        .push_bind(paging.offset());
    let rows: Vec<VisitorRow> = sql.build_query_as().fetch_all(&state.pool).await?;
    ok(rows
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "pin": v.pin,
                "name": v.name,
                "lastName": v.last_name,
                "certType": v.cert_type.to_string(),
                "certNumber": v.cert_number,
                "company": v.company,
                "carPlate": v.car_plate,
                "phone": v.phone,
                "email": v.email,
                "status": if v.checked_in { "1" } else { "0" },
                "enabled": true,
                "nationality": null,
                "gender": "",
            })
        })
        .collect::<Vec<_>>())
}
