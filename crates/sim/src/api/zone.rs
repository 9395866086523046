//! Who is inside (manual 2.2.6, `accAdvanced/...`): the anti-passback zones of the site and who is in them.
//!
//! The site's zones are its areas, one zone per area, coded by the initials of the area's name ("Main
//! Building" = `MB`, "Dormitory" = `D`; a code already taken gets the zone's number appended). A person is
//! inside a zone when their latest granted transaction at a reader of the zone's doors was at an "-In" reader
//! (`readerState` 0).

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::{paging, param, Params};
use crate::envelope::{code, ok, ApiError, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/accAdvanced/getWhoIsInsideByZone", get(by_zone))
        .route(
            "/api/accAdvanced/getWhoIsInsideByZoneList",
            post(by_zone_list),
        )
        // The manual's heading calls it `getWhoIsInsideZoneList`; its URL has `ByZoneList`.
        .route(
            "/api/accAdvanced/getWhoIsInsideZoneList",
            post(by_zone_list),
        )
}

/// One zone: an area of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub id: String,
    pub code: String,
    pub area_name: String,
}

/// The code of each area name, in the order given (the order of the areas' first devices).
fn zone_codes(area_names: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::with_capacity(area_names.len());
    for (i, area) in area_names.iter().enumerate() {
        let initials: String = area
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        let initials = if initials.is_empty() {
            "Z".to_owned()
        } else {
            initials
        };
        let code = if codes.contains(&initials) {
            format!("{initials}{}", i + 1)
        } else {
            initials
        };
        codes.push(code);
    }
    codes
}

/// The site's zones, in the order of the areas' first devices.
pub async fn zones(state: &AppState) -> Result<Vec<Zone>, sqlx::Error> {
    let areas: Vec<(String,)> =
        sqlx::query_as("SELECT area_name FROM devices GROUP BY area_name ORDER BY MIN(seq)")
            .fetch_all(&state.pool)
            .await?;
    let areas: Vec<String> = areas.into_iter().map(|(area,)| area).collect();
    let codes = zone_codes(&areas);
    Ok(areas
        .into_iter()
        .zip(codes)
        .map(|(area_name, code)| Zone {
            id: crate::seed::md5_hex(&format!("zone {area_name}")),
            code,
            area_name,
        })
        .collect())
}

/// `[{zoneId, zoneName, pin}]` of the persons inside `zone`, by pin.
async fn inside(state: &AppState, zone: &Zone) -> Result<Vec<Value>, sqlx::Error> {
    let pins: Vec<(String,)> = sqlx::query_as(
        "SELECT pin FROM ( \
           SELECT pin, reader_state, \
                  ROW_NUMBER() OVER (PARTITION BY pin ORDER BY event_ms DESC, seq DESC) AS newest \
           FROM transactions \
           WHERE event_level = 0 AND pin <> '' AND reader_state IS NOT NULL \
             AND dev_sn IN (SELECT sn FROM devices WHERE area_name = ?) \
         ) WHERE newest = 1 AND reader_state = 0 ORDER BY length(pin), pin",
    )
    .bind(&zone.area_name)
    .fetch_all(&state.pool)
    .await?;
    Ok(pins
        .into_iter()
        .map(|(pin,)| json!({"zoneId": zone.id, "zoneName": zone.area_name, "pin": pin}))
        .collect())
}

/// `getWhoIsInsideByZone?code=`: no code -83, unknown code -80.
async fn by_zone(State(state): State<AppState>, params: Params) -> ApiResult {
    let wanted = param(&params, "code")
        .ok_or_else(|| ApiError::new(code::AREA_ID_NULL, "area code is empty"))?;
    let zone = zones(&state)
        .await?
        .into_iter()
        .find(|zone| zone.code == wanted)
        .ok_or_else(|| ApiError::new(code::AREA_MISSING, "area doesn't exist"))?;
    ok(inside(&state, &zone).await?)
}

/// `getWhoIsInsideByZoneList?pageNo&pageSize`: every zone's rows, zone by zone, in a v2 pager.
async fn by_zone_list(State(state): State<AppState>, params: Params) -> ApiResult {
    let paging = paging(&params)?;
    let mut rows = Vec::new();
    for zone in zones(&state).await? {
        rows.extend(inside(&state, &zone).await?);
    }
    let total = rows.len() as i64;
    let page = rows
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit()).unwrap_or(0))
        .collect();
    ok(paging.pager(total, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_codes_are_initials_made_unique() {
        let names = [
            "Main Building",
            "Sports Hall",
            "Dormitory",
            "main bridge",
            "",
        ]
        .map(str::to_owned);
        assert_eq!(zone_codes(&names), vec!["MB", "SH", "D", "MB4", "Z"]);
    }
}
