//! Faults of a server in trouble, switched on through the control API (`POST /sim/faults`) so the
//! gateway's tests can see what a slow, broken or vanishing CVSecurity does to it.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// How the vendor API answers while a fault is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Every answer comes after this long.
    Slow(Duration),
    /// HTTP 200 with an HTML page instead of JSON.
    Garbage,
    /// HTTP 500 with a JSON body that would otherwise parse as success.
    ServerError,
    /// The connection breaks after the headers.
    Drop,
}

impl Fault {
    /// `{"mode": "none|slow|garbage|5xx|drop", "ms": N}`.
    pub fn parse(mode: &str, ms: Option<u64>) -> Option<Self> {
        Some(match mode {
            "none" => Self::None,
            "slow" => Self::Slow(Duration::from_millis(ms.unwrap_or(5000))),
            "garbage" => Self::Garbage,
            "5xx" => Self::ServerError,
            "drop" => Self::Drop,
            _ => return None,
        })
    }
}

/// The layer on the vendor API that applies the current fault.
pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let fault = *state.fault.lock().unwrap_or_else(|e| e.into_inner());
    match fault {
        Fault::None => next.run(request).await,
        Fault::Slow(d) => {
            tokio::time::sleep(d).await;
            next.run(request).await
        }
        Fault::Garbage => (
            StatusCode::OK,
            "<html><body>Service temporarily unavailable</body></html>",
        )
            .into_response(),
        Fault::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(serde_json::json!({"code": 0, "message": "success", "data": []})),
        )
            .into_response(),
        Fault::Drop => {
            let broken = futures::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "simulated drop",
                ))
            });
            Response::builder()
                .status(StatusCode::OK)
                .header("content-type", "application/json")
                .body(Body::from_stream(broken))
                .unwrap_or_default()
        }
    }
}
