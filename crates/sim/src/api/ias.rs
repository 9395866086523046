//! Intrusion alarm event records (manual 2.12.1): `GET ias/list`, a v2 pager.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use sqlx::{FromRow, QueryBuilder, Sqlite};

use super::transaction::date_range;
use super::{paging, param, Params};
use crate::envelope::{ok, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/ias/list", get(list))
}

#[derive(Debug, FromRow)]
struct IasRow {
    id: String,
    event_time: String,
    device_name: String,
    device_ip: String,
    area_name: String,
    partition_name: String,
    point_name: String,
    event_name: String,
    event_cid: String,
    event_type: String,
}

impl IasRow {
    /// The manual's record, including the pager-entity fields (`sortName`, `sortOrder`, `equals`) it leaks.
    fn json(&self) -> Value {
        let place = if self.point_name.is_empty() {
            format!("Partition {}", self.partition_name)
        } else {
            format!("Partition {} {}", self.partition_name, self.point_name)
        };
        json!({
            "sortName": null,
            "sortOrder": null,
            "equals": false,
            "id": self.id,
            "deviceName": self.device_name,
            "deviceIp": self.device_ip,
            "eventTime": self.event_time,
            "eventName": self.event_name,
            "areaName": self.area_name,
            "partitionName": self.partition_name,
            "pointName": self.point_name,
            "eventContent": format!("{} {place} {}", self.event_time, self.event_name),
            "eventCid": self.event_cid,
            "eventTypeName": self.event_type,
        })
    }
}

/// `deviceName`, `partitionName`, `pointName` match exactly; `startTime`/`endTime` bound the event time.
async fn list(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let (start, end) = date_range(param(&params, "startTime"), param(&params, "endTime"))?;
    let push_where = |sql: &mut QueryBuilder<'_, Sqlite>| {
        sql.push(" WHERE 1 = 1");
        for (key, column) in [
            ("deviceName", "device_name"),
            ("partitionName", "partition_name"),
            ("pointName", "point_name"),
        ] {
            if let Some(value) = param(&params, key) {
                sql.push(format!(" AND {column} = "))
                    .push_bind(value.to_owned());
            }
        }
        if let Some(start) = &start {
            sql.push(" AND event_time >= ").push_bind(start.clone());
        }
        if let Some(end) = &end {
            sql.push(" AND event_time <= ").push_bind(end.clone());
        }
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM ias_events");
    push_where(&mut count);
    let (total,): (i64,) = count.build_query_as().fetch_one(&state.pool).await?;
    let mut sql = QueryBuilder::new(
        "SELECT id, event_time, device_name, device_ip, area_name, partition_name, point_name, event_name, \
         event_cid, event_type FROM ias_events",
    );
    push_where(&mut sql);
    sql.push(" ORDER BY event_ms DESC, seq DESC LIMIT ")
        .push_bind(paging.limit())
        .push(" OFFSET ")
        .push_bind(paging.offset());
    let rows: Vec<IasRow> = sql.build_query_as().fetch_all(&state.pool).await?;
    ok(paging.pager(total, rows.iter().map(IasRow::json).collect()))
}
