//! The mobile API (`/api/v1`). Each endpoint is registered once, with its `#[utoipa::path]`, in the
//! router of exactly one scope — public, any signed-in user, admin or personnel. A scope's router checks
//! the caller before any of its handlers runs and marks its endpoints in the OpenAPI document with the
//! scope's security requirement, so path, handler, role and documentation cannot drift apart, and the
//! role-matrix test reads the roles from the document.

use axum::routing::get;
use axum::Router;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{self, Scope};
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

pub mod alarms;
pub mod audit;
pub mod auth_routes;
pub mod dashboard;
pub mod doors;
pub mod events;
pub mod invitations;
pub mod lockdown;
pub mod me;
pub mod records;
pub mod visitors;

#[derive(OpenApi)]
#[openapi(
    info(title = "cvlink mobile API", description = "The API the cvmobile app uses. Errors are application/problem+json with a stable `code`. Each protected endpoint's security requirement names the role it needs: `signed_in`, `admin` or `personnel`."),
    components(schemas(cvm_api::Problem, cvm_api::ErrorCode)),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

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

/// Endpoints anyone may call.
fn public() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth_routes::login))
        .routes(routes!(auth_routes::refresh))
        .routes(routes!(auth_routes::logout))
        .routes(routes!(me::org))
}

/// Endpoints of any signed-in user.
fn signed_in() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me::me))
        .routes(routes!(me::test_notification))
        .routes(routes!(events::events))
        .routes(routes!(events::notifications))
        .routes(routes!(invitations::reasons))
}

fn admin() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dashboard::dashboard))
        .routes(routes!(dashboard::areas))
        .routes(routes!(dashboard::devices))
        .routes(routes!(alarms::list))
        .routes(routes!(alarms::summary))
        .routes(routes!(alarms::get))
        .routes(routes!(alarms::ack))
        .routes(routes!(doors::list))
        .routes(routes!(doors::unlock))
        .routes(routes!(doors::cancel_alarm))
        .routes(routes!(lockdown::state))
        .routes(routes!(lockdown::create))
        .routes(routes!(lockdown::update, lockdown::remove))
        .routes(routes!(lockdown::activate))
        .routes(routes!(lockdown::cancel))
        .routes(routes!(records::list))
        .routes(routes!(records::get))
        .routes(routes!(visitors::list, visitors::register))
        .routes(routes!(visitors::summary))
        .routes(routes!(visitors::stats))
        .routes(routes!(visitors::hosts))
        .routes(routes!(visitors::checkout))
        .routes(routes!(audit::list))
        .routes(routes!(me::status))
}

fn personnel() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me::credential))
        .routes(routes!(me::records))
        .routes(routes!(me::change_password))
        .routes(routes!(invitations::list, invitations::create))
        .routes(routes!(invitations::get))
        .routes(routes!(invitations::reinvite))
}

/// A scope's endpoints behind its authorization layer, with their security requirement documented.
fn scoped(
    routes: OpenApiRouter<AppState>,
    scope: Scope,
    state: &AppState,
) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = routes.split_for_parts();
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            op.security = Some(vec![SecurityRequirement::new("bearer", [scope.as_str()])]);
        }
    }
    if doc.paths.paths.is_empty() {
        // axum refuses a layer on a router without routes.
        return (router, doc);
    }
    let router = router.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        move |s, req, next| auth::authorize(s, scope, req, next),
    ));
    (router, doc)
}

fn operations(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// The API router and its OpenAPI document.
pub fn router(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (mut router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(public())
        .split_for_parts();
    for (routes, scope) in [
        (signed_in(), Scope::SignedIn),
        (admin(), Scope::Admin),
        (personnel(), Scope::Personnel),
    ] {
        let (r, d) = scoped(routes, scope, state);
        router = router.merge(r);
        doc.merge(d);
    }
    let served = doc.clone();
    let router = router
        .route(
            cvm_api::paths::OPENAPI,
            get(move || async move { Json(served) }),
        )
        .route("/api", axum::routing::any(not_found))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::extract::MAX_BODY,
        ));
    (router, doc)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
