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
