//! The mobile REST API (`/api/v1`): one router per module, merged here, and the OpenAPI document derived
//! from the handlers.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::error::ApiError;
use crate::state::AppState;

pub mod auth;
pub mod dashboard;
pub mod me;

#[derive(OpenApi)]
#[openapi(
    info(title = "cvlink mobile API", description = "The API the cvmobile app uses. Errors are application/problem+json with a stable `code`."),
    paths(
        auth::login, auth::refresh, auth::logout, me::me, me::org,
        dashboard::dashboard, dashboard::areas, dashboard::devices,
    ),
    components(schemas(
        cvm_api::LoginRequest, cvm_api::TokenPair, cvm_api::RefreshRequest, cvm_api::LogoutRequest,
        cvm_api::Role, cvm_api::Me, cvm_api::OrgInfo, cvm_api::Dashboard, cvm_api::Area, cvm_api::Device,
        cvm_api::DeviceState, cvm_api::Problem, cvm_api::ErrorCode,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(me::router())
        .merge(dashboard::router())
        .route(cvm_api::paths::OPENAPI, get(openapi))
        .route("/api", axum::routing::any(not_found))
        .route("/api/{*rest}", axum::routing::any(not_found))
}
