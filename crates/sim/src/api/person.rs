//! Personnel (manual 2.1.1): upsert, get, delete, and the v1/v2 person lists.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use super::{json_body, param, split_list, text_field, Params};
use crate::envelope::{code, ok, ApiError, ApiResult, Paging};
use crate::qr::QrKind;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/person/add", post(add))
        .route("/api/person/get/{pin}", get(get_by_path))
        .route("/api/person/get", get(get_by_query))
        .route("/api/v2/person/get", get(get_by_query))
        .route("/api/person/delete/{pin}", delete(delete_by_path))
        .route("/api/person/delete", post(delete_by_query))
        .route("/api/person/getPersonList", post(list_v1))
        .route("/api/v2/person/getPersonList", post(list_v2))
        .route("/api/person/getQrCode/{pin}", post(qr_by_path))
        .route("/api/v2/person/getQrCode", post(qr_by_query))
}

/// The department every person falls back to (the vendor's root department code).
const ROOT_DEPT: &str = "1";

#[derive(Debug, FromRow)]
struct PersonRow {
    id: String,
    pin: String,
    dept_code: String,
    dept_name: String,
    name: String,
    last_name: String,
    gender: String,
    birthday: Option<String>,
    card_no: String,
    supply_cards: String,
    person_photo: String,
    self_pwd: String,
    is_send_mail: bool,
    mobile_phone: String,
    person_pwd: String,
    car_plate: Option<String>,
    email: String,
    ssn: Option<String>,
    acc_level_ids: String,
    acc_start_time: Option<String>,
    acc_end_time: Option<String>,
    cert_type: String,
    cert_number: String,
    hire_date: Option<String>,
    is_disabled: bool,
}

const SELECT: &str = "SELECT p.id, p.pin, p.dept_code, COALESCE(d.name, '') AS dept_name, p.name, p.last_name, \
     p.gender, p.birthday, p.card_no, p.supply_cards, p.person_photo, p.self_pwd, p.is_send_mail, p.mobile_phone, \
     p.person_pwd, p.car_plate, p.email, p.ssn, p.acc_level_ids, p.acc_start_time, p.acc_end_time, p.cert_type, \
     p.cert_number, p.hire_date, p.is_disabled FROM persons p LEFT JOIN departments d ON d.code = p.dept_code";

impl PersonRow {
    /// `person/get/{pin}`.
    fn basic(&self) -> Value {
        json!({
            "pin": self.pin,
            "deptCode": self.dept_code,
            "deptName": self.dept_name,
            "name": self.name,
            "lastName": self.last_name,
            "gender": self.gender,
            "cardNo": self.card_no,
        })
    }

    fn vislight_path(&self) -> String {
        format!("/upload/pers/user/cropface/{0}/{0}.jpg", self.pin)
    }

    /// `person/get?pin=`: the basic record plus the comparison photo.
    fn with_photo(&self) -> Value {
        let mut value = self.basic();
        value["vislightPhoto"] = json!(self.person_photo);
        value["vislightPhotoPath"] = json!(self.vislight_path());
        value
    }

    /// A row of the v1 `getPersonList`.
    fn list_item(&self) -> Value {
        let mut value = self.with_photo();
        value["personPhoto"] = json!(self.person_photo);
        value
    }

    /// The full record of the v2 `getPersonList`.
    fn full(&self) -> Value {
        json!({
            "id": self.id,
            "pin": self.pin,
            "deptCode": self.dept_code,
            "deptName": self.dept_name,
            "name": self.name,
            "lastName": self.last_name,
            "gender": self.gender,
            "birthday": self.birthday,
            "cardNo": self.card_no,
            "supplyCards": self.supply_cards,
            "personPhoto": self.person_photo,
            "selfPwd": self.self_pwd,
            "isSendMail": self.is_send_mail,
            "mobilePhone": self.mobile_phone,
            "personPwd": self.person_pwd,
            "carPlate": self.car_plate,
            "email": self.email,
            "ssn": self.ssn,
            "accLevelIds": self.acc_level_ids,
            "accStartTime": self.acc_start_time,
            "accEndTime": self.acc_end_time,
            "certType": self.cert_type,
            "certNumber": self.cert_number,
            "photoPath": "",
            "hireDate": self.hire_date,
            "isDisabled": self.is_disabled,
            "vislightPhoto": self.person_photo,
            "vislightPhotoPath": self.vislight_path(),
        })
    }
}

async fn find(state: &AppState, pin: &str) -> Result<PersonRow, ApiError> {
    sqlx::query_as::<_, PersonRow>(&format!("{SELECT} WHERE p.pin = ?"))
        .bind(pin)
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(|| ApiError::new(code::PERSON_MISSING, "person doesn't exist"))
}

fn required_pin(pin: Option<&str>) -> Result<&str, ApiError> {
    pin.map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::new(code::PIN_EMPTY, "pin is empty"))
}

async fn get_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    ok(find(&state, required_pin(Some(&pin))?).await?.basic())
}

async fn get_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    ok(find(&state, required_pin(param(&params, "pin"))?)
        .await?
        .with_photo())
}

async fn delete_by_path(State(state): State<AppState>, Path(pin): Path<String>) -> ApiResult {
    remove(&state, required_pin(Some(&pin))?).await
}

async fn delete_by_query(State(state): State<AppState>, params: Params) -> ApiResult {
    remove(&state, required_pin(param(&params, "pin"))?).await
}

async fn remove(state: &AppState, pin: &str) -> ApiResult {
    let done = sqlx::query("DELETE FROM persons WHERE pin = ?")
        .bind(pin)
        .execute(&state.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::new(code::PERSON_MISSING, "person doesn't exist"));
    }
    // A deleted person's fingers go with them (a new person under the pin starts without any).
    sqlx::query("DELETE FROM bio_templates WHERE pin = ?")
        .bind(pin)
        .execute(&state.pool)
        .await?;
    ok(Value::Null)
}

/// `person/add`: add or edit. Omitted fields keep their values; an unknown `deptCode` lands in the root
/// department (what real servers were observed to do).
async fn add(State(state): State<AppState>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut tx = state.pool.begin().await?;
    upsert(&mut tx, &body).await?;
    tx.commit().await?;
    ok(Value::Null)
}

/// Adds or edits one person from a request body (`person/add`, `addPersonnelBasicInfo`, `reinstated`,
/// `v2/person/addPersons`): every documented field, omitted ones kept (`cardNo: ""` removes the card).
pub(super) async fn upsert(tx: &mut SqliteConnection, body: &Value) -> Result<(), ApiError> {
    let field = |key: &str| text_field(body, key);
    let pin = field("pin");
    let pin = required_pin(pin.as_deref())?.to_owned();

    let existing: Option<(String,)> = sqlx::query_as("SELECT dept_code FROM persons WHERE pin = ?")
        .bind(&pin)
        .fetch_optional(&mut *tx)
        .await?;
    let dept_code = match field("deptCode").filter(|c| !c.is_empty()) {
        Some(code) => {
            let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM departments WHERE code = ?")
                .bind(&code)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_some() {
                code
            } else {
                ROOT_DEPT.to_owned()
            }
        }
        None => existing
            .as_ref()
            .map_or_else(|| ROOT_DEPT.to_owned(), |(code,)| code.clone()),
    };
    let card_no = field("cardNo");
    // Cards, and passwords (which open doors at keypads on their own), belong to one person each.
    let unique = [
        (
            card_no.clone(),
            "card_no",
            code::CARD_USED,
            "card number is already in use",
        ),
        (
            field("personPwd"),
            "person_pwd",
            code::PASSWORD_USED,
            "the password has been used",
        ),
    ];
    for (value, column, code, message) in unique {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        let used: Option<(String,)> = sqlx::query_as(&format!(
            "SELECT pin FROM persons WHERE {column} = ? AND pin <> ?"
        ))
        .bind(&value)
        .bind(&pin)
        .fetch_optional(&mut *tx)
        .await?;
        if used.is_some() {
            return Err(ApiError::new(code, message));
        }
    }
    // The comparison photo is checked like `detectFace` (-27, -50xx); level ids must exist (-24).
    if let Some(photo) = field("personPhoto").filter(|p| !p.is_empty()) {
        crate::photo::check_face(&photo).map_err(super::person_extra::photo_error)?;
    }
    for level in super::split_list(field("accLevelIds").as_deref()) {
        let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM acc_levels WHERE id = ?")
            .bind(&level)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(ApiError::new(
                code::LEVEL_MISSING,
                "the access level does not exist",
            ));
        }
    }
    let gender = field("gender").filter(|g| g == "M" || g == "F");
    let flag = |key: &str| field(key).map(|v| v == "true" || v == "1");

    if existing.is_none() {
        sqlx::query("INSERT INTO persons (id, pin, dept_code) VALUES (?, ?, ?)")
            .bind(crate::db::new_id())
            .bind(&pin)
            .bind(&dept_code)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "UPDATE persons SET dept_code = ?, name = COALESCE(?, name), last_name = COALESCE(?, last_name), \
         gender = COALESCE(?, gender), card_no = COALESCE(?, card_no), \
         person_photo = COALESCE(?, person_photo), acc_level_ids = COALESCE(?, acc_level_ids), \
         acc_start_time = COALESCE(?, acc_start_time), acc_end_time = COALESCE(?, acc_end_time), \
         mobile_phone = COALESCE(?, mobile_phone), email = COALESCE(?, email), \
         birthday = COALESCE(?, birthday), supply_cards = COALESCE(?, supply_cards), \
         is_send_mail = COALESCE(?, is_send_mail), person_pwd = COALESCE(?, person_pwd), \
         car_plate = COALESCE(?, car_plate), ssn = COALESCE(?, ssn), cert_type = COALESCE(?, cert_type), \
         cert_number = COALESCE(?, cert_number), hire_date = COALESCE(?, hire_date), \
         is_disabled = COALESCE(?, is_disabled) WHERE pin = ?",
    )
    .bind(&dept_code)
    .bind(field("name"))
    .bind(field("lastName"))
    .bind(gender)
    .bind(card_no)
    .bind(field("personPhoto"))
    .bind(field("accLevelIds"))
    .bind(field("accStartTime"))
    .bind(field("accEndTime"))
    .bind(field("mobilePhone"))
    .bind(field("email"))
    .bind(field("birthday"))
    .bind(field("supplyCards"))
    .bind(flag("isSendMail"))
    .bind(field("personPwd"))
    .bind(field("carPlate"))
    .bind(field("ssn"))
    .bind(field("certType"))
    .bind(field("certNumber"))
    // The manual's example writes " 2019-06-10" with a leading space; text_field trims it.
    .bind(field("hireDate"))
    .bind(flag("isDisabled"))
    .bind(&pin)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The list request: body `{pins, deptCodes, pageNo, pageSize}`; paging may also come in the query string.
struct ListQuery {
    pins: Vec<String>,
    dept_codes: Vec<String>,
    paging: Paging,
}

impl ListQuery {
    fn parse(params: &Params, body: &Bytes) -> Result<Self, ApiError> {
        let body = json_body(body)?;
        let from_body_or_query =
            |key: &str| text_field(&body, key).or_else(|| param(params, key).map(str::to_owned));
        let paging = Paging::parse(
            from_body_or_query("pageNo").as_deref(),
            from_body_or_query("pageSize").as_deref(),
        )?;
        Ok(Self {
            pins: split_list(from_body_or_query("pins").as_deref()),
            dept_codes: split_list(from_body_or_query("deptCodes").as_deref()),
            paging,
        })
    }

    fn filter<'q>(&'q self, sql: &mut QueryBuilder<'q, Sqlite>) {
        sql.push(" WHERE 1 = 1");
        for (column, values) in [("p.pin", &self.pins), ("p.dept_code", &self.dept_codes)] {
            if !values.is_empty() {
                sql.push(format!(" AND {column} IN ("));
                let mut list = sql.separated(", ");
                for value in values {
                    list.push_bind(value);
                }
                sql.push(")");
            }
        }
    }

    async fn fetch(&self, state: &AppState) -> Result<(i64, Vec<PersonRow>), ApiError> {
        let mut count = QueryBuilder::new(
            "SELECT COUNT(*) FROM persons p LEFT JOIN departments d ON d.code = p.dept_code",
        );
        self.filter(&mut count);
        let (total,): (i64,) = count.build_query_as().fetch_one(&state.pool).await?;

        let mut rows = QueryBuilder::new(SELECT);
        self.filter(&mut rows);
        rows.push(" ORDER BY p.seq LIMIT ")
            .push_bind(self.paging.limit())
            .push(" OFFSET ")
            .push_bind(self.paging.offset());
        let rows = rows.build_query_as().fetch_all(&state.pool).await?;
        Ok((total, rows))
    }
}

async fn list_v1(State(state): State<AppState>, params: Params, body: Bytes) -> ApiResult {
    let query = ListQuery::parse(&params, &body)?;
    let (_, rows) = query.fetch(&state).await?;
    ok(rows.iter().map(PersonRow::list_item).collect::<Vec<_>>())
}

async fn list_v2(State(state): State<AppState>, params: Params, body: Bytes) -> ApiResult {
    let query = ListQuery::parse(&params, &body)?;
    let (total, rows) = query.fetch(&state).await?;
    ok(query
        .paging
        .pager(total, rows.iter().map(PersonRow::full).collect()))
}

async fn qr_by_path(
    State(state): State<AppState>,
    Path(pin): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_body(&body)?;
    let pin = Some(pin)
        .filter(|p| !p.trim().is_empty())
        .or_else(|| text_field(&body, "pin"));
    issue_qr(&state, pin.as_deref()).await
}

async fn qr_by_query(State(state): State<AppState>, params: Params, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let pin = param(&params, "pin")
        .map(str::to_owned)
        .or_else(|| text_field(&body, "pin"));
    issue_qr(&state, pin.as_deref()).await
}

/// `getQrCode`: a fresh dynamic QR value for an existing person (manual 2.1.1; the format is the sim's own).
async fn issue_qr(state: &AppState, pin: Option<&str>) -> ApiResult {
    let pin = required_pin(pin)?;
    find(state, pin).await?;
    let value = state
        .qr
        .issue(QrKind::Person, pin, state.clock.now_ms())
        .ok_or_else(|| ApiError::new(code::PIN_EXCEPTION, "pin is too long for a QR code"))?;
    ok(value)
}
