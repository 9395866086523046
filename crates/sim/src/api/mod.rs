//! The HTTP surface: every `/api/...` route (and `/sim/` when enabled), the `access_token` check, and request-parameter helpers.

mod bio_template;
mod card;
mod department;
mod device;
mod door_transaction;
mod ias;
mod level;
mod person;
mod person_extra;
mod transaction;
mod visitor;
mod zone;

pub use transaction::MonitorCursors;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

use crate::envelope::{code, ApiError, Paging};
use crate::AppState;

/// The whole emulator as an axum router (state included).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(person::routes())
        .merge(department::routes())
        .merge(device::routes())
        .merge(transaction::routes())
        .merge(door_transaction::routes())
        .merge(ias::routes())
        .merge(card::routes())
        .merge(bio_template::routes())
        .merge(level::routes())
        .merge(person_extra::routes())
        .merge(visitor::routes())
        .merge(zone::routes())
        // `route_layer`: unknown paths get a plain 404 before any token check, like a servlet container.
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::faults::apply,
        ));
    // The control API sits beside the vendor's, outside the token check; when it is off, `/sim/` is a 404.
    let api = if state.control_api {
        api.merge(crate::control::routes())
    } else {
        api
    };
    api.fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

/// Rejects a missing or wrong `access_token` query parameter with the vendor's -40 (HTTP 200).
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let acc_token = transaction::accepts_acc_token(request.uri().path());
    let given = Query::<HashMap<String, String>>::try_from_uri(request.uri())
        .ok()
        .and_then(|Query(mut params)| {
            params
                .remove("access_token")
                .or_else(|| acc_token.then(|| params.remove("acc_token")).flatten())
        });
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), state.token.as_bytes()) => {
            next.run(request).await
        }
        _ => ApiError::new(code::AUTH_FAILED, "authorize access failure").into_response(),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Query-string parameters.
type Params = Query<HashMap<String, String>>;

/// A parameter's trimmed value; empty counts as absent, as the vendor's "required" checks do.
fn param<'a>(params: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// `pageNo`/`pageSize` from the query string.
fn paging(params: &HashMap<String, String>) -> Result<Paging, ApiError> {
    Paging::parse(param(params, "pageNo"), param(params, "pageSize"))
}

/// A JSON request body; an empty body is `Value::Null`.
fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body)
        .map_err(|err| ApiError::new(code::PROGRAM_ERROR, format!("invalid JSON body: {err}")))
}

/// A body field as text: strings as they are, numbers and booleans printed; `None` for null or absent.
fn text_field(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A comma-separated list parameter ("1,2,3"), without empty items.
fn split_list(raw: Option<&str>) -> Vec<String> {
    raw.map(|raw| {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

/// The millisecond `timestamp` that state and monitor polls must carry.
fn timestamp(params: &HashMap<String, String>) -> Result<i64, ApiError> {
    param(params, "timestamp")
        .and_then(|raw| raw.parse::<i64>().ok())
        .ok_or_else(|| ApiError::new(code::TIME_FORMAT, "timestamp (milliseconds) is required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"ABCD", b"ABCD"));
        assert!(!constant_time_eq(b"ABCD", b"ABCE"));
        assert!(!constant_time_eq(b"ABCD", b"ABC"));
    }

    #[test]
    fn list_and_text_helpers() {
        assert_eq!(split_list(Some(" 1, ,2,")), vec!["1", "2"]);
        let body = serde_json::json!({"pin": 12, "name": " Ann ", "x": null});
        assert_eq!(text_field(&body, "pin").as_deref(), Some("12"));
        assert_eq!(text_field(&body, "name").as_deref(), Some("Ann"));
        assert_eq!(text_field(&body, "x"), None);
        assert_eq!(json_body(&Bytes::from_static(b"  ")).unwrap(), Value::Null);
    }
}
