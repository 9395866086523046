//! A person's app password (SPEC §4b): CVSecurity's API cannot change a self-service password, so a
//! person who changes theirs in the app gets an app password kept here (argon2) and used for their
//! logins from then on; the web portal keeps the old one. Strength is judged by zxcvbn.

use sqlx::SqlitePool;

use crate::auth;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The zxcvbn score (0–4) a new password needs.
pub const MIN_SCORE: u8 = 3;
pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 256;

/// The app password's hash of `pin`, if they set one.
pub async fn app_hash(db: &SqlitePool, pin: &str) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT hash FROM app_passwords WHERE pin = ?")
        .bind(pin)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(h,)| h))
}

/// Sets `pin`'s app password hash (in the caller's transaction).
pub async fn set<'e>(db: impl sqlx::SqliteExecutor<'e>, pin: &str, hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO app_passwords (pin, hash, changed_at) VALUES (?, ?, ?)
         ON CONFLICT(pin) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at",
    )
    .bind(pin)
    .bind(hash)
    .bind(now())
    .execute(db)
    .await
    .map(drop)
}

/// How long a check waits for a free slot before the caller is told to try again.
const PASSWORD_CHECK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Checks a password against an argon2 hash, a few at a time (each takes ~19 MiB and a core).
pub async fn verify_hashed(state: &AppState, hash: String, password: &str) -> ApiResult<bool> {
    let _permit = tokio::time::timeout(PASSWORD_CHECK_WAIT, state.password_checks.acquire())
        .await
        .map_err(|_| ApiError::TooManyAttempts { retry_after: 1 })?
        .map_err(|e| ApiError::Internal(e.into()))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || auth::verify_password(&hash, &password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))
}

/// Why `password` is too weak, or `Ok` — judged with what an attacker would try first (`hints`: the
/// person's pin and names).
pub fn strength(password: &str, hints: &[&str]) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(format!("is shorter than {MIN_LEN} characters"));
    }
    if n > MAX_LEN {
        return Err(format!("is longer than {MAX_LEN} characters"));
    }
    let estimate = zxcvbn::zxcvbn(password, hints);
    if (estimate.score() as u8) >= MIN_SCORE {
        return Ok(());
    }
    let feedback = estimate.feedback();
    let warning = feedback
        .and_then(|f| f.warning())
        .map(|w| w.to_string())
        .unwrap_or_else(|| "is too easy to guess".to_string());
    let suggestion = feedback
        .and_then(|f| f.suggestions().first().map(|s| s.to_string()))
        .unwrap_or_default();
    Err(if suggestion.is_empty() {
        warning
    } else {
        format!("{warning} {suggestion}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        assert!(strength("short", &[])
            .unwrap_err()
            .contains("shorter than 8"));
        for weak in [
            "password1",
            "12345678",
            "qwertyuiop",
            "Alice1001",
            "aaaaaaaaaaaa",
        ] {
            let why = strength(weak, &["1001", "Alice", "Walker"]);
            assert!(why.is_err(), "{weak} passed");
            assert!(!why.unwrap_err().is_empty());
        }
        assert_eq!(strength("violet-harbor-engine-47", &["1001"]), Ok(()));
    }
}
