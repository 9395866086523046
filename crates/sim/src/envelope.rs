//! The vendor's response envelope, its error codes and its two list shapes (v1 bare array, v2 pager).

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

/// Largest `pageSize` the API accepts.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Vendor error codes used by the emulator (manual appendix 3.1).
pub mod code {
    pub const PROGRAM_ERROR: i32 = -1;
    pub const DEPT_EMPTY: i32 = -10;
    pub const DEPT_NAME_EXISTS: i32 = -12;
    pub const DEPT_MISSING: i32 = -13;
    pub const DEPT_NOT_PARENT: i32 = -14;
    pub const DEPT_UNDELETABLE: i32 = -15;
    pub const PIN_EMPTY: i32 = -20;
    pub const PERSON_MISSING: i32 = -22;
    pub const CARD_USED: i32 = -23;
    pub const LEVEL_MISSING: i32 = -24;
    /// "No person under the access level": `deleteLevel` for levels the person does not hold.
    pub const NO_PERSON_UNDER_LEVEL: i32 = -25;
    pub const PASSWORD_USED: i32 = -26;
    pub const PHOTO_INVALID: i32 = -27;
    pub const PIN_EXCEPTION: i32 = -29;
    pub const BIO_EXISTS: i32 = -31;
    pub const BIO_VALID_TYPE: i32 = -32;
    pub const BIO_TEMPLATE_NO: i32 = -33;
    pub const BIO_TEMPLATE_MISSING: i32 = -34;
    pub const AUTH_FAILED: i32 = -40;
    pub const PIN_OR_LEVEL_NULL: i32 = -42;
    pub const LEVEL_ID_NULL: i32 = -43;
    pub const DOOR_ID_NULL: i32 = -44;
    pub const DOOR_INTERVAL: i32 = -45;
    pub const DOOR_NAME_NULL: i32 = -46;
    pub const DOOR_MISSING: i32 = -47;
    pub const DEVICE_SN_NULL: i32 = -48;
    pub const AREA_MISSING: i32 = -80;
    pub const PINS_NULL: i32 = -81;
    pub const PINS_TOO_MANY: i32 = -82;
    pub const AREA_ID_NULL: i32 = -83;
    pub const PAGE_NOT_POSITIVE: i32 = -90;
    pub const PAGE_TOO_LARGE: i32 = -91;
    pub const PAGE_MISSING: i32 = -92;
    pub const TIME_FORMAT: i32 = -100;
    pub const TIME_ORDER: i32 = -101;
    pub const DEVICE_MISSING: i32 = -102;
    pub const DEVICE_OFFLINE: i32 = -103;
    // Visitors, in the order of the manual's list.
    pub const VIS_HOST_PIN_EMPTY: i32 = -240;
    pub const VIS_CERT_TYPE_EMPTY: i32 = -241;
    pub const VIS_CERT_NUM_EMPTY: i32 = -242;
    pub const VIS_NAME_EMPTY: i32 = -243;
    pub const VIS_ALREADY_RESERVED: i32 = -244;
    /// "No need to make a reservation during the visit": the visitor is checked in.
    pub const VIS_DURING_VISIT: i32 = -245;
    pub const VIS_REASON_EMPTY: i32 = -246;
    pub const VIS_DATE_EMPTY: i32 = -247;
    pub const VIS_NO_RESERVATION: i32 = -248;
    pub const VIS_DATE_FORMAT: i32 = -249;
    pub const VIS_CERT_TYPE_BAD: i32 = -250;
    pub const VIS_NATIONAL_ID: i32 = -251;
    /// "Please fill in the correct date": a visit that ends before it starts.
    pub const VIS_DATE_WRONG: i32 = -252;
    /// "The employee does not exist": the host.
    pub const VIS_HOST_MISSING: i32 = -253;
    pub const VIS_BLOCKED: i32 = -254;
    pub const VIS_ALREADY_REGISTERED: i32 = -255;
    pub const VIS_NOT_REGISTERED: i32 = -256;
    pub const VIS_VISITOR_MISSING: i32 = -257;
    pub const VIS_COUNT: i32 = -258;
    pub const VIS_SPECIAL_CHARS: i32 = -261;
    pub const READER_ID_EMPTY: i32 = -263;
    pub const READER_MISSING: i32 = -264;
}

/// A vendor error: HTTP 200 with a negative `code`, like the real server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: i32,
    pub message: String,
}

impl ApiError {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Internal failure: the detail goes to the log, the client sees only "program error".
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, "internal error");
        Self::new(code::PROGRAM_ERROR, "program error")
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Json(json!({ "code": self.code, "message": self.message, "data": null })).into_response()
    }
}

pub type ApiResult = Result<Json<Value>, ApiError>;

/// The success envelope around `data`.
pub fn ok(data: impl Serialize) -> ApiResult {
    let data = serde_json::to_value(data).map_err(ApiError::internal)?;
    Ok(Json(
        json!({ "code": 0, "message": "success", "data": data }),
    ))
}

/// Validated `pageNo` (1-based) and `pageSize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    page_no: u32,
    page_size: u32,
}

impl Paging {
    /// Checks the raw parameters in the vendor's order: missing (-92), not positive (-90), too large (-91).
    pub fn parse(page_no: Option<&str>, page_size: Option<&str>) -> Result<Self, ApiError> {
        let (Some(no), Some(size)) = (non_empty(page_no), non_empty(page_size)) else {
            return Err(ApiError::new(
                code::PAGE_MISSING,
                "pageNo and pageSize are required",
            ));
        };
        let positive = |raw: &str| raw.trim().parse::<i64>().ok().filter(|n| *n > 0);
        let (Some(no), Some(size)) = (positive(no), positive(size)) else {
            return Err(ApiError::new(
                code::PAGE_NOT_POSITIVE,
                "pageNo and pageSize must be greater than 0",
            ));
        };
        if size > i64::from(MAX_PAGE_SIZE) {
            return Err(ApiError::new(
                code::PAGE_TOO_LARGE,
                "pageSize must not be greater than 1000",
            ));
        }
        let page_no = u32::try_from(no)
            .map_err(|_| ApiError::new(code::PAGE_NOT_POSITIVE, "pageNo is out of range"))?;
        Ok(Self {
            page_no,
            page_size: size as u32,
        })
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        (i64::from(self.page_no) - 1) * i64::from(self.page_size)
    }

    /// The v2 "With Total Number" wrapper, Spring-pager style (`page` is 0-based).
    pub fn pager(&self, total: i64, data: Vec<Value>) -> Value {
        json!({
            "page": self.page_no - 1,
            "size": self.page_size,
            "total": total,
            "data": data,
            "offset": self.offset(),
            "lastPage": self.offset() + self.limit() >= total,
        })
    }
}

fn non_empty(raw: Option<&str>) -> Option<&str> {
    raw.filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_errors_follow_vendor_codes() {
        let err = |no, size| Paging::parse(no, size).unwrap_err().code;
        assert_eq!(err(None, Some("10")), code::PAGE_MISSING);
        assert_eq!(err(Some("1"), Some("")), code::PAGE_MISSING);
        assert_eq!(err(Some("0"), Some("10")), code::PAGE_NOT_POSITIVE);
        assert_eq!(err(Some("1"), Some("-5")), code::PAGE_NOT_POSITIVE);
        assert_eq!(err(Some("x"), Some("5")), code::PAGE_NOT_POSITIVE);
        assert_eq!(err(Some("1"), Some("1001")), code::PAGE_TOO_LARGE);
        let ok = Paging::parse(Some("3"), Some("1000")).unwrap();
        assert_eq!((ok.offset(), ok.limit()), (2000, 1000));
    }

    #[test]
    fn pager_reports_zero_based_page_and_last_page() {
        let paging = Paging::parse(Some("2"), Some("2")).unwrap();
        let value = paging.pager(4, vec![json!(1), json!(2)]);
        assert_eq!(value["page"], 1);
        assert_eq!(value["offset"], 2);
        assert_eq!(value["lastPage"], true);
        assert_eq!(paging.pager(5, vec![])["lastPage"], false);
    }
}
