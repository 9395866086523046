//! What the `cvlink` subcommands do, beyond parsing their arguments (which stays in `main.rs`).

use std::collections::HashSet;

use anyhow::Context;

use crate::config::Config;
use crate::upstream::Upstream;
use crate::{db, lockdown};

pub enum LockdownCommand {
    Add { name: String, doors: Vec<String> },
    Remove { name: String },
    List,
    Doors,
}

/// `cvlink lockdown-group add|remove|list|doors`; prints what it did.
pub async fn lockdown_group(cfg: &Config, cmd: LockdownCommand) -> anyhow::Result<()> {
    crate::tls::init_crypto();
    let pool = db::open(&cfg.db_path()).await?;
    match cmd {
        LockdownCommand::Add { name, doors } => {
            let doors: Vec<String> = doors
                .iter()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect();
            let upstream = Upstream::new(&cfg.upstream)?;
            let known: HashSet<String> = upstream
                .door_states()
                .await
                .context("reading the site's doors from CVSecurity")?
                .into_iter()
                .map(|d| d.id)
                .collect();
            lockdown::validate(&name, &doors, &known)
                .map_err(|e| anyhow::anyhow!("{}", e.problem().detail.unwrap_or_default()))?;
            let existing = lockdown::group_by_name(&pool, &name).await?;
            let id = lockdown::save(&pool, existing.as_ref().map(|g| g.id), &name, &doors)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            db::record(
                &pool,
                &db::Audit {
                    actor: "cli",
                    action: "lockdown_group_save",
                    target: Some(name.trim()),
                    detail: Some(serde_json::json!({"id": id, "doors": doors}).to_string()),
                    ..db::Audit::default()
                },
            )
            .await?;
            println!(
                "{} lockdown group {} with {} door(s)",
                if existing.is_some() {
                    "Updated"
                } else {
                    "Created"
                },
                name.trim(),
                doors.len()
            );
        }
        LockdownCommand::Remove { name } => {
            let group = lockdown::group_by_name(&pool, &name)
                .await?
                .with_context(|| format!("there is no lockdown group {name:?}"))?;
            anyhow::ensure!(
                !group.active,
                "{} is under lockdown: cancel it in the app first",
                group.name
            );
            lockdown::remove(&pool, group.id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            db::record(
                &pool,
                &db::Audit {
                    actor: "cli",
                    action: "lockdown_group_delete",
                    target: Some(&group.name),
                    ..db::Audit::default()
                },
            )
            .await?;
            println!("Removed lockdown group {}", group.name);
        }
        LockdownCommand::List => {
            for g in lockdown::groups(&pool).await? {
                let state = if g.active {
                    format!("UNDER LOCKDOWN since {}", g.since.unwrap_or_default())
                } else {
                    "normal".into()
                };
                println!("{}\t{}\t{}", g.name, state, g.doors.join(","));
            }
        }
        LockdownCommand::Doors => {
            let upstream = Upstream::new(&cfg.upstream)?;
            for d in upstream
                .door_states()
                .await
                .context("reading the doors from CVSecurity")?
            {
                let state = match d.connect.as_str() {
                    "1" => "online",
                    "2" => "disabled",
                    _ => "offline",
                };
                println!("{}\t{}\t{state}", d.id, d.name);
            }
        }
    }
    Ok(())
}

/// `cvlink sessions revoke`: ends the sessions now (their next request is refused) and audits it.
pub async fn revoke_sessions(cfg: &Config, whose: db::Sessions<'_>) -> anyhow::Result<()> {
    let pool = db::open(&cfg.db_path()).await?;
    let target = match whose {
        db::Sessions::Admin(a) => format!("admin:{a}"),
        db::Sessions::Personnel(p) => format!("personnel:{p}"),
        db::Sessions::Everyone => "everyone".to_string(),
    };
    let n = db::revoke_sessions(&pool, whose).await?;
    db::audit(
        &pool,
        "cli",
        "sessions_revoked",
        Some(&target),
        Some(&format!("{{\"sessions\":{n}}}")),
    )
    .await?;
    println!("Ended {n} session(s) of {target}");
    Ok(())
}

/// `cvlink user add-admin`: creates an administrator, or sets a new password for an existing one (which
/// ends their sessions). Without `password` one is generated and printed.
pub async fn add_admin(cfg: &Config, name: &str, password: Option<String>) -> anyhow::Result<()> {
    let name = name.trim().to_string();
    anyhow::ensure!(
        !name.is_empty() && name.len() <= 64,
        "the account name must be 1 to 64 characters"
    );
    let generated = password.is_none();
    let password = password.unwrap_or_else(generate_password);
    anyhow::ensure!(
        password.chars().count() >= 10,
        "the password must have at least 10 characters"
    );
    let pool = db::open(&cfg.db_path()).await?;
    let hash = crate::auth::hash_password(&password)?;
    let created = db::upsert_admin(&pool, &name, &hash).await?;
    let action = if created {
        "admin_created"
    } else {
        "admin_password_set"
    };
    db::audit(&pool, "cli", action, Some(&name), None).await?;
    println!(
        "{} administrator {name}",
        if created { "Created" } else { "Updated" }
    );
    if generated {
        println!("Password: {password}");
    }
    Ok(())
}

/// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// `cvlink user remove`: deletes an administrator and ends their sessions.
pub async fn remove_admin(cfg: &Config, name: &str) -> anyhow::Result<()> {
    let pool = db::open(&cfg.db_path()).await?;
    let name = name.trim();
    let removed = sqlx::query("DELETE FROM admins WHERE account = ?")
        .bind(name)
        .execute(&pool)
        .await?
        .rows_affected();
    anyhow::ensure!(removed == 1, "there is no administrator {name:?}");
    db::revoke_sessions(&pool, db::Sessions::Admin(name)).await?;
    db::audit(&pool, "cli", "admin_removed", Some(name), None).await?;
    println!("Removed administrator {name}");
    Ok(())
}

/// `cvlink status`: CVSecurity reachable, the outbox, and the relay tunnel as the running gateway last
/// reported it.
pub async fn status(cfg: &Config) -> anyhow::Result<()> {
    crate::tls::init_crypto();
    let upstream = Upstream::new(&cfg.upstream)?;
    match upstream.person_count().await {
        Ok(n) => println!(
            "CVSecurity   reachable ({n} persons) at {}",
            cfg.upstream.url
        ),
        Err(e) => println!("CVSecurity   NOT reachable at {}: {e}", cfg.upstream.url),
    }
    let pool = db::open(&cfg.db_path()).await?;
    let (queued, failed) = crate::outbox::depth(&pool).await?;
    println!("Outbox       {queued} queued, {failed} failed");
    println!("Org code     {}", cfg.org_urls().join("  then  "));
    match (&cfg.relay, crate::relay::saved_state(cfg)) {
        (None, _) => println!("Relay        not configured"),
        (Some(r), None) => println!(
            "Relay        {} (cvlink serve is not running)",
            r.public_url
        ),
        (Some(r), Some(saved)) => {
            let s = saved.relay;
            let state = match s.state {
                cvm_api::RelayState::Online => "ONLINE",
                cvm_api::RelayState::Connecting => "connecting",
                cvm_api::RelayState::Offline => "OFFLINE",
                cvm_api::RelayState::NotConfigured => "not configured",
            };
            println!(
                "Relay        {state} since {} via {} ({} restart(s))",
                s.since.as_deref().unwrap_or("-"),
                r.public_url,
                s.restarts
            );
            if s.state != cvm_api::RelayState::Online {
                if let Some(e) = s.last_error {
                    println!("             last error: {e}");
                }
            }
        }
    }
    Ok(())
}

/// `cvlink rotate-key`: retires the TLS key (kept in `tls/retired/`), makes a new one and returns the
/// new org code. Audited with both fingerprints.
pub async fn rotate_key(cfg: &Config) -> anyhow::Result<cvm_api::OrgCode> {
    crate::tls::init_crypto();
    let old = crate::server::tls_identity(cfg)?;
    let tls_dir = cfg.site.data_dir.join("tls");
    let retired = tls_dir.join("retired");
    crate::files::private_dir(&retired)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    for name in ["key.pem", "cert.pem"] {
        let from = tls_dir.join(name);
        let to = retired.join(format!("{stamp}-{name}"));
        std::fs::rename(&from, &to)
            .with_context(|| format!("moving {} to {}", from.display(), to.display()))?;
    }
    let new = crate::server::tls_identity(cfg)?;
    let pool = db::open(&cfg.db_path()).await?;
    db::audit(
        &pool,
        "cli",
        "tls_key_rotated",
        None,
        Some(
            &serde_json::json!({"old": old.fingerprint.to_hex(), "new": new.fingerprint.to_hex()})
                .to_string(),
        ),
    )
    .await?;
    crate::server::org_code(cfg, &new)
}
