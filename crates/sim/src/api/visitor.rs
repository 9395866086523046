//! Visitors (manual 2.7): the visit history list and the visitor level list.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use sqlx::{FromRow, QueryBuilder};

use super::{paging, param, Params};
use crate::envelope::{ok, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/visRegistration/getTransactionList", post(visits))
        .route("/api/visLevel/list", get(levels))
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
