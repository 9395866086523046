//! Lockdown groups and their state, kept by cvlink (the vendor API can neither list a level's doors nor
//! lock a door down). Activating is one conditional update, so two admins at once make one lockdown.

use std::collections::{BTreeMap, HashSet};

use cvm_api::LockdownGroup;
use sqlx::SqlitePool;

use crate::db::now;
use crate::error::{ApiError, ApiResult};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    active_since: Option<i64>,
    active_by: Option<String>,
    active_reason: Option<String>,
}

pub async fn groups(db: &SqlitePool) -> sqlx::Result<Vec<LockdownGroup>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, active_since, active_by, active_reason FROM lockdown_groups ORDER BY name",
    )
    .fetch_all(db)
    .await?;
    let members: Vec<(i64, String)> =
        sqlx::query_as("SELECT group_id, door_id FROM lockdown_doors ORDER BY door_id")
            .fetch_all(db)
            .await?;
    let mut doors: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (g, d) in members {
        doors.entry(g).or_default().push(d);
    }
    Ok(rows
        .into_iter()
        .map(|r| LockdownGroup {
            doors: doors.remove(&r.id).unwrap_or_default(),
            active: r.active_since.is_some(),
            since: r.active_since.map(crate::alarms::local_time),
            by: r.active_by,
            reason: r.active_reason,
            id: r.id,
            name: r.name,
        })
        .collect())
}

pub async fn group(db: &SqlitePool, id: i64) -> ApiResult<LockdownGroup> {
    groups(db)
        .await?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or(ApiError::NotFound)
}

pub async fn group_by_name(db: &SqlitePool, name: &str) -> sqlx::Result<Option<LockdownGroup>> {
    Ok(groups(db)
        .await?
        .into_iter()
        .find(|g| g.name.eq_ignore_ascii_case(name.trim())))
}

/// The doors of every group under lockdown, with the groups' names.
pub async fn locked_doors(db: &SqlitePool) -> sqlx::Result<BTreeMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT d.door_id, g.name FROM lockdown_doors d JOIN lockdown_groups g ON g.id = d.group_id
         WHERE g.active_since IS NOT NULL ORDER BY g.name",
    )
    .fetch_all(db)
    .await?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (door, group) in rows {
        out.entry(door).or_default().push(group);
    }
    Ok(out)
}

/// Checks a group's name and doors (`known`: the site's door ids).
pub fn validate(name: &str, doors: &[String], known: &HashSet<String>) -> ApiResult<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(ApiError::validation(
            "name",
            "the name must be 1 to 64 characters",
        ));
    }
    if doors.is_empty() {
        return Err(ApiError::validation(
            "doors",
            "a lockdown group needs at least one door",
        ));
    }
    if let Some(d) = doors.iter().find(|d| !known.contains(d.as_str())) {
        return Err(ApiError::validation(
            "doors",
            format!("there is no door {d:?}"),
        ));
    }
    Ok(())
}

/// Creates a group, or replaces the doors of the group `id`. Returns the group's id.
pub async fn save(
    db: &SqlitePool,
    id: Option<i64>,
    name: &str,
    doors: &[String],
) -> ApiResult<i64> {
    let mut tx = db.begin().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM lockdown_groups WHERE name = ?")
        .bind(name.trim())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some_and(|(other,)| Some(other) != id) {
        return Err(ApiError::validation(
            "name",
            "another lockdown group has this name",
        ));
    }
    let id = match id {
        Some(id) => {
            let n = sqlx::query("UPDATE lockdown_groups SET name = ? WHERE id = ?")
                .bind(name.trim())
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(ApiError::NotFound);
            }
            sqlx::query("DELETE FROM lockdown_doors WHERE group_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO lockdown_groups (name, created_at) VALUES (?, ?) RETURNING id",
            )
            .bind(name.trim())
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    for d in doors.iter().collect::<HashSet<_>>() {
        sqlx::query("INSERT INTO lockdown_doors (group_id, door_id) VALUES (?, ?)")
            .bind(id)
            .bind(d)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn remove(db: &SqlitePool, id: i64) -> ApiResult<()> {
    let n = sqlx::query("DELETE FROM lockdown_groups WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Puts a group under lockdown. `false` when it already was (by whoever came first).
pub async fn activate(db: &SqlitePool, id: i64, by: &str, reason: &str) -> ApiResult<bool> {
    let n = sqlx::query(
        "UPDATE lockdown_groups SET active_since = ?, active_by = ?, active_reason = ?
         WHERE id = ? AND active_since IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    if n == 0 {
        group(db, id).await?;
    }
    Ok(n == 1)
}

/// Ends a group's lockdown. `false` when it was not under lockdown.
pub async fn cancel(db: &SqlitePool, id: i64) -> ApiResult<bool> {
    let n = sqlx::query(
        "UPDATE lockdown_groups SET active_since = NULL, active_by = NULL, active_reason = NULL
         WHERE id = ? AND active_since IS NOT NULL",
    )
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    if n == 0 {
        group(db, id).await?;
    }
    Ok(n == 1)
}
