//! Who may call: password checks (argon2 for admins, CVSecurity's MD5 `selfPwd` for personnel), sessions
//! with short-lived access tokens and single-use refresh tokens (stored as hashes), login throttling, and
//! the `AuthUser` extractor every protected endpoint takes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use cvm_api::{Role, TokenPair};
use md5::{Digest as _, Md5};
use rand::RngCore;
use sha2::Sha256;
use sqlx::SqlitePool;

use crate::config::AuthConfig;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A fixed hash to verify against when the account does not exist, so timing does not reveal accounts.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// Compares a password with CVSecurity's self-service password hash (MD5 hex) in constant time.
pub fn verify_self_pwd(self_pwd_md5: &str, password: &str) -> bool {
    let got = hex::encode(Md5::digest(password.as_bytes()));
    let want = self_pwd_md5.trim().to_ascii_lowercase();
    got.len() == want.len()
        && got
            .bytes()
            .zip(want.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Opens a session and returns its first token pair.
pub async fn create_session(
    db: &SqlitePool,
    cfg: &AuthConfig,
    role: Role,
    subject: &str,
    credential_tag: Option<&str>,
) -> sqlx::Result<TokenPair> {
    let (access, refresh) = (new_token("cva_"), new_token("cvr_"));
    let t = now();
    sqlx::query(
        "INSERT INTO sessions (role, subject, access_hash, access_expires, refresh_hash, refresh_expires, created_at,
                               credential_tag)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(role.as_str())
    .bind(subject)
    .bind(token_hash(&access))
    .bind(t + cfg.access_ttl_secs as i64)
    .bind(token_hash(&refresh))
    .bind(t + cfg.refresh_ttl_secs as i64)
    .bind(t)
    .bind(credential_tag)
    .execute(db)
    .await?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: refresh,
        expires_in: cfg.access_ttl_secs,
        role,
    })
}

/// What a refresh found.
pub struct Refreshed {
    pub tokens: TokenPair,
    pub subject: String,
    pub session_id: i64,
    /// The credential tag kept at login (personnel).
    pub credential_tag: Option<String>,
}

/// Rotates a session's tokens. A refresh token works once: a used one presented again ends its whole
/// session (whoever holds the newer token included); a revoked, expired or too old session is refused.
pub async fn refresh_session(
    db: &SqlitePool,
    cfg: &AuthConfig,
    refresh_token: &str,
) -> ApiResult<Refreshed> {
    let hash = token_hash(refresh_token);
    let row: Option<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, role, subject, created_at, credential_tag FROM sessions
         WHERE refresh_hash = ? AND revoked_at IS NULL AND refresh_expires > ?",
    )
    .bind(&hash)
    .bind(now())
    .fetch_optional(db)
    .await?;
    let Some((id, role, subject, created_at, credential_tag)) = row else {
        let revoked: Option<(String, String)> = sqlx::query_as(
            "SELECT role, subject FROM sessions WHERE refresh_hash = ? AND revoked_at IS NOT NULL",
        )
        .bind(&hash)
        .fetch_optional(db)
        .await?;
        if let Some((role, subject)) = revoked {
            return Err(ended(db, &role, subject).await);
        }
        let reused: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, role, subject FROM sessions WHERE prev_refresh_hash = ? AND revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(db)
        .await?;
        if let Some((id, role, subject)) = reused {
            revoke_session(db, id).await?;
            tracing::warn!(
                role,
                subject,
                "a used refresh token came back; the session is ended"
            );
            crate::db::audit(
                db,
                &format!("{role}:{subject}"),
                "refresh_token_reused",
                None,
                None,
            )
            .await?;
        }
        return Err(ApiError::InvalidToken);
    };
    let role = parse_role(&role)?;
    if created_at + cfg.session_max_secs as i64 <= now() {
        revoke_session(db, id).await?;
        return Err(ApiError::InvalidToken);
    }
    let (access, refresh) = (new_token("cva_"), new_token("cvr_"));
    let t = now();
    let updated = sqlx::query(
        "UPDATE sessions SET access_hash = ?, access_expires = ?, refresh_hash = ?, refresh_expires = ?,
                             prev_refresh_hash = refresh_hash
         WHERE id = ? AND refresh_hash = ?",
    )
    .bind(token_hash(&access))
    .bind(t + cfg.access_ttl_secs as i64)
    .bind(token_hash(&refresh))
    .bind((t + cfg.refresh_ttl_secs as i64).min(created_at + cfg.session_max_secs as i64))
    .bind(id)
    .bind(&hash)
    .execute(db)
    .await?;
    if updated.rows_affected() != 1 {
        // Another request rotated it first.
        return Err(ApiError::InvalidToken);
    }
    Ok(Refreshed {
        tokens: TokenPair {
            access_token: access,
            refresh_token: refresh,
            expires_in: cfg.access_ttl_secs,
            role,
        },
        subject,
        session_id: id,
        credential_tag,
    })
}

/// Ends one session.
pub async fn revoke_session(db: &SqlitePool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// What identifies a person's password at login without keeping it: SHA-256 of CVSecurity's hash.
pub fn credential_tag(self_pwd: &str) -> String {
    hex::encode(Sha256::digest(
        self_pwd.trim().to_ascii_lowercase().as_bytes(),
    ))
}

pub async fn revoke_by_refresh(db: &SqlitePool, refresh_token: &str) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE refresh_hash = ? AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(token_hash(refresh_token))
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

fn parse_role(s: &str) -> ApiResult<Role> {
    match s {
        "admin" => Ok(Role::Admin),
        "personnel" => Ok(Role::Personnel),
        other => Err(ApiError::Internal(anyhow::anyhow!(
            "unknown role {other:?} in sessions"
        ))),
    }
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The session the token belongs to.
    pub session_id: i64,
    pub role: Role,
    /// Admin account name or personnel pin.
    pub subject: String,
    /// When the access token expires (unix seconds): long-lived streams end then.
    pub expires_at: i64,
}

impl AuthUser {
    /// How the audit log names this caller.
    pub fn actor(&self) -> String {
        format!("{}:{}", self.role.as_str(), self.subject)
    }
}

/// Who may call the endpoints of a router. Every endpoint is registered in exactly one scope's router
/// (see `api::router`), whose layer checks the caller before any handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Any signed-in user.
    SignedIn,
    Admin,
    Personnel,
}

impl Scope {
    /// The name of the scope in the OpenAPI document's security requirement.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::SignedIn => "signed_in",
            Scope::Admin => "admin",
            Scope::Personnel => "personnel",
        }
    }

    pub fn allows(self, role: Role) -> bool {
        match self {
            Scope::SignedIn => true,
            Scope::Admin => role == Role::Admin,
            Scope::Personnel => role == Role::Personnel,
        }
    }
}

/// The caller of a request with a bearer token, checked against the sessions.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> ApiResult<AuthUser> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthenticated)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthenticated)?;
    let row: Option<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, role, subject, access_expires, revoked_at FROM sessions WHERE access_hash = ?",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.db)
    .await?;
    let (session_id, role, subject, expires_at, revoked_at) = row.ok_or(ApiError::InvalidToken)?;
    if revoked_at.is_some() {
        return Err(ended(&state.db, &role, subject).await);
    }
    if expires_at <= now() {
        return Err(ApiError::TokenExpired);
    }
    Ok(AuthUser {
        session_id,
        role: parse_role(&role)?,
        subject,
        expires_at,
    })
}

/// Why a revoked session's token is refused: a person whose App Login was switched off is told so
/// (the app shows how to get it back), anyone else gets `invalid_token`.
async fn ended(db: &SqlitePool, role: &str, subject: String) -> ApiError {
    if role == "personnel" && matches!(crate::db::app_login_enabled(db, &subject).await, Ok(false))
    {
        return ApiError::AppLoginDisabled(subject);
    }
    ApiError::InvalidToken
}

/// The layer of a scope's router: authenticates the caller, refuses other roles, and hands the
/// caller to the handler.
pub async fn authorize(
    State(state): State<AppState>,
    scope: Scope,
    mut req: Request,
    next: Next,
) -> Response {
    match authenticate(&state, req.headers()).await {
        Ok(user) if scope.allows(user.role) => {
            req.extensions_mut().insert(user);
            next.run(req).await
        }
        Ok(_) => ApiError::Forbidden.into_response(),
        Err(e) => e.into_response(),
    }
}

/// Handlers take the caller from their scope's layer. A handler outside a scoped router has no caller
/// and fails closed.
impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<AuthUser>().cloned().ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "{} takes the caller but is not in a scoped router",
                parts.uri.path()
            ))
        })
    }
}

/// Counts login attempts per key in a sliding window. An attempt counts when it is let through, before
/// its password is checked, so parallel requests cannot get more guesses than the limit; a successful
/// login clears its key.
#[derive(Default)]
pub struct Throttle {
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Keys remembered at most; past it the key whose last attempt is oldest is forgotten first (never all
/// at once, which would lift every lockout).
const THROTTLE_KEYS: usize = 100_000;

impl Throttle {
    /// `Err(seconds to wait)` while `key` has `max` or more attempts within `window`; otherwise the
    /// attempt is counted and `Ok`.
    pub fn attempt(&self, key: &str, max: u32, window: Duration) -> Result<(), u64> {
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some(q) = map.get_mut(key) {
            while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
                q.pop_front();
            }
            if q.len() >= max as usize {
                let oldest = *q.front().expect("non-empty");
                let wait = window.saturating_sub(now.duration_since(oldest));
                return Err(wait.as_secs().max(1));
            }
        }
        if !map.contains_key(key) && map.len() >= THROTTLE_KEYS {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
            if map.len() >= THROTTLE_KEYS {
                if let Some(stalest) = map
                    .iter()
                    .min_by_key(|(_, q)| q.back().copied())
                    .map(|(k, _)| k.clone())
                {
                    map.remove(&stalest);
                }
            }
        }
        map.entry(key.to_string()).or_default().push_back(now);
        Ok(())
    }

    pub fn clear(&self, key: &str) {
        self.attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2_round_trip() {
        let h = hash_password("s3cret!").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "s3cret!"));
        assert!(!verify_password(&h, "s3cret"));
        assert!(!verify_password("garbage", "s3cret!"));
    }

    #[test]
    fn self_pwd_is_md5_hex_any_case() {
        // The manual's example selfPwd: MD5("123456").
        assert!(verify_self_pwd(
            "e10adc3949ba59abbe56e057f20f883e",
            "123456"
        ));
        assert!(verify_self_pwd(
            "E10ADC3949BA59ABBE56E057F20F883E",
            "123456"
        ));
        assert!(!verify_self_pwd(
            "e10adc3949ba59abbe56e057f20f883e",
            "1234567"
        ));
        assert!(!verify_self_pwd("", ""));
    }

    #[test]
    fn throttle_counts_attempts_up_to_max_and_clears() {
        let t = Throttle::default();
        let w = Duration::from_secs(60);
        for _ in 0..3 {
            assert!(t.attempt("k", 3, w).is_ok());
        }
        let wait = t.attempt("k", 3, w).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(t.attempt("other", 3, w).is_ok());
        t.clear("k");
        assert!(t.attempt("k", 3, w).is_ok());
    }

    #[test]
    fn throttle_window_expires() {
        let t = Throttle::default();
        let w = Duration::from_millis(50);
        assert!(t.attempt("k", 1, w).is_ok());
        assert!(t.attempt("k", 1, w).is_err());
        std::thread::sleep(Duration::from_millis(60));
        assert!(t.attempt("k", 1, w).is_ok());
    }

    #[test]
    fn tokens_are_unique_and_prefixed() {
        let a = new_token("cva_");
        let b = new_token("cva_");
        assert_ne!(a, b);
        assert!(a.starts_with("cva_") && a.len() == 4 + 43);
    }
}
