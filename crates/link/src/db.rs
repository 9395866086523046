//! cvlink's SQLite database: opening it with migrations, and the small queries on accounts, App Login
//! switches, learned device areas and the audit log.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub async fn open(path: &Path) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent() {
        crate::files::private_dir(dir)?;
    }
    // SQLite gives its -wal and -shm files the database file's mode: create it private.
    if !path.exists() {
        crate::files::write_private(path, b"")?;
    }
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("migrating the database")?;
    // Databases made by an older cvlink, with the umask's mode.
    for suffix in ["", "-wal", "-shm"] {
        crate::files::restrict(&std::path::PathBuf::from(format!(
            "{}{suffix}",
            path.display()
        )))?;
    }
    Ok(pool)
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub async fn admin_hash(db: &SqlitePool, account: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT account, password_hash FROM admins WHERE account = ?")
        .bind(account)
        .fetch_optional(db)
        .await
}

/// Creates or replaces an admin account; a new password ends the account's sessions. Returns true when it
/// was new.
pub async fn upsert_admin(
    db: &SqlitePool,
    account: &str,
    password_hash: &str,
) -> sqlx::Result<bool> {
    let existed = admin_hash(db, account).await?.is_some();
    sqlx::query(
        "INSERT INTO admins (account, password_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT(account) DO UPDATE SET password_hash = excluded.password_hash",
    )
    .bind(account)
    .bind(password_hash)
    .bind(now())
    .execute(db)
    .await?;
    if existed {
        revoke_sessions(db, Sessions::Admin(account)).await?;
    }
    Ok(!existed)
}

/// Whose sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Sessions<'a> {
    /// An administrator's (account names compare without case, as at login).
    Admin(&'a str),
    /// A person's, by pin.
    Personnel(&'a str),
    Everyone,
}

/// Ends sessions now: their next request is refused. Returns how many were open.
pub async fn revoke_sessions<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    whose: Sessions<'_>,
) -> sqlx::Result<u64> {
    let (sql, subject) = match whose {
        Sessions::Admin(a) => (
            "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND role = 'admin' AND subject = ? COLLATE NOCASE",
            Some(a),
        ),
        Sessions::Personnel(p) => (
            "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND role = 'personnel' AND subject = ?",
            Some(p),
        ),
        Sessions::Everyone => ("UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL", None),
    };
    let mut q = sqlx::query(sql).bind(now());
    if let Some(subject) = subject {
        q = q.bind(subject);
    }
    Ok(q.execute(db).await?.rows_affected())
}

pub async fn app_login_enabled(db: &SqlitePool, pin: &str) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT enabled FROM app_login WHERE pin = ?")
        .bind(pin)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some_and(|(e,)| e != 0))
}

/// Switches App Login for a person. Disabling also ends their open sessions.
pub async fn set_app_login(db: &SqlitePool, pin: &str, enabled: bool) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO app_login (pin, enabled, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(pin) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(pin)
    .bind(enabled as i64)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if !enabled {
        revoke_sessions(&mut *tx, Sessions::Personnel(pin)).await?;
    }
    tx.commit().await
}

/// One row of the audit log.
#[derive(Debug, Clone, Default)]
pub struct Audit<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// The upstream's answer: `ok` or its error.
    pub upstream: Option<&'a str>,
    /// Further facts, JSON text.
    pub detail: Option<String>,
}

pub async fn record(db: &SqlitePool, a: &Audit<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit (at, actor, action, target, detail, reason, upstream) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(now())
    .bind(a.actor)
    .bind(a.action)
    .bind(a.target)
    .bind(&a.detail)
    .bind(a.reason)
    .bind(a.upstream)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn audit(
    db: &SqlitePool,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: Option<&str>,
) -> sqlx::Result<()> {
    record(
        db,
        &Audit {
            actor,
            action,
            target,
            detail: detail.map(str::to_string),
            ..Audit::default()
        },
    )
    .await
}

pub async fn device_areas(db: &SqlitePool) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT sn, area FROM device_areas")
        .fetch_all(db)
        .await
}

pub async fn learn_device_area(db: &SqlitePool, sn: &str, area: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO device_areas (sn, area, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(sn) DO UPDATE SET area = excluded.area, updated_at = excluded.updated_at",
    )
    .bind(sn)
    .bind(area)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}
