//! The logged-in user and public facts about the site.

use axum::extract::State;
use cvm_api::{Me, OrgInfo, Problem, Role};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// The caller's account (any role).
#[utoipa::path(get, path = "/api/v1/me", tag = "account", 
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Me>> {
    let org_name = state.org.name.clone();
    Ok(Json(match user.role {
        Role::Admin => Me {
            role: Role::Admin,
            name: user.subject.clone(),
            account: user.subject,
            department: None,
            org_name,
        },
        Role::Personnel => {
            let person = state
                .upstream
                .person(&user.subject)
                .await?
                .ok_or(ApiError::InvalidToken)?;
            Me {
                role: Role::Personnel,
                name: person.full_name(),
                department: person.dept_name.clone().filter(|d| !d.is_empty()),
                account: person.pin,
                org_name,
            }
        }
    }))
}

/// The organization's name, the gateway version and its key fingerprint. No login needed.
#[utoipa::path(get, path = "/api/v1/org", tag = "account", responses((status = 200, body = OrgInfo)))]
pub async fn org(State(state): State<AppState>) -> Json<OrgInfo> {
    Json(OrgInfo {
        name: state.org.name.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        fingerprint: state.org.fingerprint.to_hex(),
    })
}
