//! Request extractors whose rejections are the API's own errors: a body or query that does not parse is
//! answered as `application/problem+json` with code `validation` and the field at fault, never as axum's
//! text/plain rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ApiError;

/// The largest request body the API reads (visitor photos arrive downscaled, well below it).
pub const MAX_BODY: usize = 1 << 20;

/// A JSON body in, a JSON body out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::validation(
                "body",
                "expected a JSON body with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(MAX_BODY)
            } else {
                ApiError::validation("body", e.body_text())
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| {
            v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
        })
}

/// Parses a JSON body, naming the field at fault (`a.b[2].c`, or `body` for a syntax error).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = field_of(e.path());
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("the body is not valid JSON: {inner}")
        } else {
            inner.to_string()
        };
        let field = field
            .or_else(|| missing_field(&message))
            .unwrap_or_else(|| "body".into());
        ApiError::validation(field, message)
    })
}

/// The query string, parsed into `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Query)
    }
}

/// Parses a query string, naming the parameter at fault.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = field_of(e.path());
        let message = e.into_inner().to_string();
        // serde names a missing field in the message, not in the path.
        let field = field
            .or_else(|| missing_field(&message))
            .unwrap_or_else(|| "query".into());
        ApiError::validation(field, message)
    })
}

fn field_of(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (text != "." && text != "?" && !text.is_empty()).then_some(text)
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        role: cvm_api::Role,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn field(e: ApiError) -> String {
        match e {
            ApiError::Validation { field, .. } => field.into_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_errors_name_the_field() {
        assert_eq!(
            field(parse_json::<Body>(br#"{"role": "boss"}"#).unwrap_err()),
            "role"
        );
        assert_eq!(
            field(parse_json::<Body>(br#"{"role": "admin", "inner": {"n": -1}}"#).unwrap_err()),
            "inner.n"
        );
        assert_eq!(field(parse_json::<Body>(b"{nope").unwrap_err()), "body");
        assert_eq!(field(parse_json::<Body>(b"{}").unwrap_err()), "role");
        assert!(parse_json::<Body>(br#"{"role": "admin"}"#).is_ok());
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Q {
        state: Option<cvm_api::DeviceState>,
        limit: Option<u32>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(
            field(parse_query::<Q>("state=broken").unwrap_err()),
            "state"
        );
        assert_eq!(field(parse_query::<Q>("limit=ten").unwrap_err()), "limit");
        assert!(parse_query::<Q>("state=online&limit=5&other=1").is_ok());
    }

    proptest::proptest! {
        /// Request bodies and queries are untrusted: anything gives a value or a validation error.
        #[test]
        fn any_body_or_query_gives_a_value_or_a_validation_error(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
            query in ".{0,120}",
        ) {
            for r in [
                parse_json::<cvm_api::LoginRequest>(&bytes).map(drop),
                parse_json::<cvm_api::UnlockRequest>(&bytes).map(drop),
                parse_json::<cvm_api::LockdownGroupRequest>(&bytes).map(drop),
                parse_query::<cvm_api::AlarmQuery>(&query).map(drop),
                parse_query::<cvm_api::DeviceQuery>(&query).map(drop),
            ] {
                if let Err(e) = r {
                    let is_validation = matches!(e, ApiError::Validation { .. });
                    proptest::prop_assert!(is_validation, "{:?}", e);
                }
            }
        }
    }

    #[test]
    fn json_content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!is_json(&h));
    }
}
