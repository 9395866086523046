//! The deterministic demo site: the same seed gives the same departments, people, devices, doors, visits and
//! history on every run (times are relative to start-up).

use std::collections::HashSet;

use md5::{Digest, Md5};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::clock;
use crate::db::{DoorCtx, PersonBrief};
use crate::demo;
use crate::events::{random_tx, EventKind};
use crate::Site;

pub(crate) const DAY_MS: i64 = 86_400_000;

/// Departments: (code, name, parent code).
pub(crate) const DEPARTMENTS: &[(&str, &str, Option<&str>)] = &[
    ("1", "Greenfield School", None),
    ("2", "Administration", Some("1")),
    ("3", "Teachers", Some("1")),
    ("4", "Students", Some("1")),
    ("5", "Security", Some("1")),
    ("6", "Facilities", Some("1")),
];

/// Devices: (name, serial number, model, door count, area, online).
const DEVICES: &[(&str, &str, &str, i64, &str, bool)] = &[
    (
        "10.8.14.101",
        "0564140100101",
        "inBIO460",
        4,
        "Main Building",
        true,
    ),
    (
        "10.8.14.102",
        "CJI4200960102",
        "SpeedFace-V5L",
        1,
        "Main Building",
        true,
    ),
    (
        "10.8.14.103",
        "CJI4200960103",
        "SpeedFace-V5L",
        1,
        "Main Building",
        true,
    ),
    (
        "10.8.14.111",
        "0566141900111",
        "inBIO260",
        2,
        "Sports Hall",
        true,
    ),
    (
        "10.8.14.112",
        "CJI4200960112",
        "SpeedFace-V5L",
        1,
        "Sports Hall",
        true,
    ),
    (
        "10.8.14.121",
        "0564140100121",
        "inBIO460",
        4,
        "Dormitory",
        true,
    ),
    (
        "10.8.14.122",
        "0566141900122",
        "inBIO260",
        2,
        "Dormitory",
        false,
    ),
    (
        "10.8.14.123",
        "CJI4200960123",
        "SpeedFace-V5L",
        1,
        "Dormitory",
        true,
    ),
];

pub(crate) const FEMALE: &[&str] = &[
    "Maria", "Sofia", "Emma", "Olivia", "Lucia", "Chloe", "Amara", "Yuki", "Fatima", "Elena",
    "Grace", "Nadia", "Isabel", "Hannah", "Priya", "Zoe",
];
pub(crate) const MALE: &[&str] = &[
    "James", "Lucas", "Mateo", "Noah", "Daniel", "Omar", "Kenji", "David", "Samuel", "Leo",
    "Arjun", "Hugo", "Ethan", "Pablo", "Tomas", "Victor",
];
pub(crate) const LAST: &[&str] = &[
    "Garcia",
    "Smith",
    "Martinez",
    "Johnson",
    "Lopez",
    "Brown",
    "Rossi",
    "Tanaka",
    "Khan",
    "Silva",
    "Novak",
    "Dubois",
    "Okafor",
    "Nguyen",
    "Fernandez",
    "Muller",
    "Costa",
    "Ibrahim",
    "Kim",
    "Santos",
];
const VISIT_REASONS: &[&str] = &[
    "Meeting",
    "Delivery",
    "Maintenance",
    "Parent visit",
    "Interview",
];
const COMPANIES: &[&str] = &["", "ACME Supplies", "City Water", "Northwind", ""];

/// Persons in the small site.
const SMALL_PERSONS: usize = 200;
/// Historic transactions in the small site.
const SMALL_HISTORY: usize = 360;
/// Days of history.
const HISTORY_DAYS: i64 = 7;

/// Lower-case MD5 hex, the form of the API's `selfPwd`.
pub fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

pub(crate) fn rand_id(rng: &mut impl Rng) -> String {
    format!("{:032x}", rng.gen::<u128>())
}

/// Fills an empty database with `site`; does nothing when devices already exist (a reused `--db` file).
pub async fn seed_if_empty(pool: &SqlitePool, site: Site, seed: u64) -> Result<bool, sqlx::Error> {
    let (devices,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM devices")
        .fetch_one(pool)
        .await?;
    if devices > 0 {
        // A site seeded before the alarm panels existed gets their history now.
        let (ias,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ias_events")
            .fetch_one(pool)
            .await?;
        if ias == 0 {
            let mut tx = pool.begin().await?;
            crate::ias::seed(&mut tx, clock::now_ms()).await?;
            tx.commit().await?;
        }
        let (levels,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM acc_levels")
            .fetch_one(pool)
            .await?;
        if levels == 0 {
            let mut tx = pool.begin().await?;
            seed_levels(&mut tx).await?;
            tx.commit().await?;
        }
        return Ok(false);
    }
    match site {
        Site::Small => {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut tx = pool.begin().await?;
            seed_small(&mut tx, &mut rng).await?;
            tx.commit().await?;
        }
        Site::Large => crate::large::seed(pool, seed, crate::large::Scale::FULL).await?,
    }
    Ok(true)
}

async fn seed_small(tx: &mut Transaction<'_, Sqlite>, rng: &mut StdRng) -> Result<(), sqlx::Error> {
    for (sort_no, (code, name, parent)) in DEPARTMENTS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO departments (code, name, parent_code, sort_no) VALUES (?, ?, ?, ?)",
        )
        .bind(code)
        .bind(name)
        .bind(parent)
        .bind(sort_no as i64 + 1)
        .execute(&mut **tx)
        .await?;
    }

    let general_level = rand_id(rng);
    seed_persons(tx, rng, &general_level).await?;
    seed_devices(tx, rng).await?;

    for name in ["public level group", "Main Building visitors"] {
        sqlx::query("INSERT INTO vis_levels (id, name) VALUES (?, ?)")
            .bind(rand_id(rng))
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }

    let people = PersonBrief::all(&mut **tx).await?;
    seed_visits(tx, rng, &people).await?;
    seed_visitors(tx).await?;
    seed_history(tx, rng, &people).await?;
    crate::ias::seed(tx, clock::now_ms()).await?;
    seed_levels(tx).await
}

/// The access levels: "General" (the level every seeded person holds) opens every door; one level per area
/// opens that area's doors. Every department is bound to "General". Ids other than General's derive from the
/// names, so the generator's draws (and thus the rest of the site) stay as they were.
pub(crate) async fn seed_levels(tx: &mut Transaction<'_, Sqlite>) -> Result<(), sqlx::Error> {
    let general: Option<(String,)> = sqlx::query_as(
        "SELECT acc_level_ids FROM persons WHERE acc_level_ids <> '' AND instr(acc_level_ids, ',') = 0 \
         ORDER BY seq LIMIT 1",
    )
    .fetch_optional(&mut **tx)
    .await?;
    let general = general.map_or_else(|| md5_hex("level General"), |(id,)| id);
    sqlx::query(
        "INSERT INTO acc_levels (id, name, area_name) VALUES (?, 'General', 'Main Building')",
    )
    .bind(&general)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO acc_level_doors (level_id, door_id) SELECT ?, id FROM doors ORDER BY seq",
    )
    .bind(&general)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO dept_levels (dept_code, level_id) SELECT code, ? FROM departments ORDER BY seq")
        .bind(&general)
        .execute(&mut **tx)
        .await?;
    let areas: Vec<(String,)> =
        sqlx::query_as("SELECT area_name FROM devices GROUP BY area_name ORDER BY MIN(seq)")
            .fetch_all(&mut **tx)
            .await?;
    for (area,) in areas {
        let id = md5_hex(&format!("level {area}"));
        sqlx::query("INSERT INTO acc_levels (id, name, area_name) VALUES (?, ?, ?)")
            .bind(&id)
            .bind(&area)
            .bind(&area)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO acc_level_doors (level_id, door_id) SELECT ?, d.id FROM doors d \
             JOIN devices v ON v.id = d.device_id WHERE v.area_name = ? ORDER BY d.seq",
        )
        .bind(&id)
        .bind(&area)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The visitors of the seeded visits, with ids derived from their pins (no draw from the generator, so
/// sites seeded before visitors existed stay the same).
pub(crate) async fn seed_visitors(tx: &mut Transaction<'_, Sqlite>) -> Result<(), sqlx::Error> {
    let pins: Vec<(String,)> = sqlx::query_as("SELECT vis_emp_pin FROM visits ORDER BY seq")
        .fetch_all(&mut **tx)
        .await?;
    for (pin,) in pins {
        sqlx::query(
            "INSERT OR IGNORE INTO visitors (id, pin, name, last_name, cert_type, cert_number, company, \
             car_plate, phone, email) SELECT ?, vis_emp_pin, vis_emp_name, vis_emp_last_name, cert_type, \
             cert_num, company, car_plate, visit_emp_phone, email FROM visits WHERE vis_emp_pin = ?",
        )
        .bind(md5_hex(&format!("visitor {pin}")))
        .bind(&pin)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Empties the database and seeds `site` again (the control API's reset).
pub async fn reset(pool: &SqlitePool, site: Site, seed: u64) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for table in [
        "transactions",
        "readers",
        "doors",
        "devices",
        "persons",
        "departments",
        "reservations",
        "visitors",
        "visits",
        "vis_levels",
        "ias_events",
        "acc_levels",
        "acc_level_doors",
        "dept_levels",
        "resigned_persons",
        "bio_templates",
        "vis_block_list",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    seed_if_empty(pool, site, seed).await?;
    Ok(())
}

async fn seed_persons(
    tx: &mut Transaction<'_, Sqlite>,
    rng: &mut StdRng,
    level: &str,
) -> Result<(), sqlx::Error> {
    let mut cards = HashSet::new();
    for i in 0..SMALL_PERSONS {
        let pin = (1001 + i).to_string();
        let is_demo = pin == demo::PERSONNEL_PIN;
        let female = rng.gen_bool(0.5);
        let (mut name, mut gender) = if female {
            (*FEMALE.choose(rng).unwrap_or(&"Ana"), "F")
        } else {
            (*MALE.choose(rng).unwrap_or(&"Juan"), "M")
        };
        let mut last_name = *LAST.choose(rng).unwrap_or(&"Perez");
        // Two in three are students; the rest spread over staff departments.
        let mut dept = if rng.gen_range(0..3) < 2 {
            "4"
        } else {
            ["2", "3", "3", "5", "6"]
                .choose(rng)
                .copied()
                .unwrap_or("3")
        };
        let mut password = format!("{:06}", rng.gen_range(0..1_000_000));
        if is_demo {
            name = demo::PERSONNEL_NAME;
            last_name = demo::PERSONNEL_LAST_NAME;
            dept = "3";
            gender = "F";
            password = demo::PERSONNEL_PASSWORD.to_owned();
        }
        let card = loop {
            let card = rng.gen_range(10_000_000u32..99_999_999).to_string();
            if cards.insert(card.clone()) {
                break card;
            }
        };
        let birthday = format!(
            "{}-{:02}-{:02}",
            if dept == "4" {
                rng.gen_range(2008..2014)
            } else {
                rng.gen_range(1965..2000)
            },
            rng.gen_range(1..=12),
            rng.gen_range(1..=28)
        );
        sqlx::query(
            "INSERT INTO persons (id, pin, dept_code, name, last_name, gender, birthday, card_no, self_pwd, \
             mobile_phone, email, acc_level_ids, hire_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(rand_id(rng))
        .bind(&pin)
        .bind(dept)
        .bind(name)
        .bind(last_name)
        .bind(gender)
        .bind(birthday)
        .bind(card)
        .bind(md5_hex(&password))
        .bind(format!("555{:07}", rng.gen_range(0..10_000_000)))
        .bind(format!("{}.{}{}@greenfield.example", name.to_lowercase(), last_name.to_lowercase(), i))
        .bind(level)
        .bind(format!("20{:02}-{:02}-01", rng.gen_range(10..25), rng.gen_range(1..=12)))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn seed_devices(
    tx: &mut Transaction<'_, Sqlite>,
    rng: &mut StdRng,
) -> Result<(), sqlx::Error> {
    for &(name, sn, model, doors, area, online) in DEVICES {
        let device_id = rand_id(rng);
        sqlx::query(
            "INSERT INTO devices (id, sn, name, dev_type, state, module, area_name, online) \
             VALUES (?, ?, ?, ?, '1', 'acc', ?, ?)",
        )
        .bind(&device_id)
        .bind(sn)
        .bind(name)
        .bind(model)
        .bind(area)
        .bind(online)
        .execute(&mut **tx)
        .await?;
        for door_no in 1..=doors {
            let door_id = rand_id(rng);
            let door_name = format!("{name}-{door_no}");
            sqlx::query(
                "INSERT INTO doors (id, name, device_id, door_no, has_sensor) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&door_id)
            .bind(&door_name)
            .bind(&device_id)
            .bind(door_no)
            .bind(model.starts_with("inBIO"))
            .execute(&mut **tx)
            .await?;
            for (reader_no, (suffix, state)) in [("In", 0), ("Out", 1)].into_iter().enumerate() {
                sqlx::query(
                    "INSERT INTO readers (id, door_id, name, reader_no, reader_state) VALUES (?, ?, ?, ?, ?)",
                )
                .bind(rand_id(rng))
                .bind(&door_id)
                .bind(format!("{door_name}-{suffix}"))
                .bind(reader_no as i64 + 1)
                .bind(state)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

pub(crate) async fn seed_visits(
    tx: &mut Transaction<'_, Sqlite>,
    rng: &mut StdRng,
    people: &[PersonBrief],
) -> Result<(), sqlx::Error> {
    let now = clock::now_ms();
    let today = clock::today_start_ms();
    // Five visits today (two already checked out), six on earlier days.
    let mut visits: Vec<(i64, Option<i64>)> = Vec::new();
    for i in 0..5 {
        let earliest = today.max(now - 6 * 3_600_000);
        // A fraction of the span rather than a draw from it: two sites seeded a moment apart (their
        // `now` differs) then order their visits alike, which the same seed promises.
        let start = earliest + ((now - earliest) as f64 * rng.gen::<f64>()) as i64;
        let end = (i < 2).then(|| (start + rng.gen_range(600_000..3_600_000)).min(now));
        visits.push((start, end));
    }
    for day in 1..=6 {
        let start = today - day * DAY_MS + rng.gen_range(8 * 3_600_000..17 * 3_600_000);
        visits.push((start, Some(start + rng.gen_range(1_800_000..7_200_000))));
    }
    visits.sort_by_key(|(start, _)| *start);
    for (i, (start, end)) in visits.into_iter().enumerate() {
        let host = people.choose(rng).cloned().unwrap_or_default();
        let female = rng.gen_bool(0.5);
        let first = if female { FEMALE } else { MALE }
            .choose(rng)
            .copied()
            .unwrap_or("Alex");
        let cert_type = [2, 3, 8].choose(rng).copied().unwrap_or(8);
        sqlx::query(
            "INSERT INTO visits (id, pers_person_pin, cert_type, cert_num, vis_emp_pin, vis_emp_name, \
             vis_emp_last_name, visit_emp_phone, company, visit_reason, visitor_count, start_time, end_time, \
             visited_emp_dept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(rand_id(rng))
        .bind(&host.pin)
        .bind(cert_type)
        .bind(format!("{}", rng.gen_range(10_000_000u32..99_999_999)))
        .bind(format!("{}", 800_000_001 + i))
        .bind(first)
        .bind(LAST.choose(rng).copied().unwrap_or("Doe"))
        .bind(format!("555{:07}", rng.gen_range(0..10_000_000)))
        .bind(COMPANIES.choose(rng).copied().unwrap_or(""))
        .bind(VISIT_REASONS.choose(rng).copied().unwrap_or("Meeting"))
        .bind(rng.gen_range(1..=3))
        .bind(clock::format_ms(start))
        .bind(end.map(clock::format_ms))
        .bind(&host.dept_name)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn seed_history(
    tx: &mut Transaction<'_, Sqlite>,
    rng: &mut StdRng,
    people: &[PersonBrief],
) -> Result<(), sqlx::Error> {
    let doors = DoorCtx::all(&mut **tx).await?;
    let now = clock::now_ms();
    // The first record of each device is guaranteed, so every device's area is learnable from history.
    let mut first_doors: Vec<&DoorCtx> = Vec::new();
    for door in &doors {
        if !first_doors.iter().any(|d| d.device_id == door.device_id) {
            first_doors.push(door);
        }
    }
    let mut planned: Vec<(i64, &DoorCtx, EventKind)> = Vec::with_capacity(SMALL_HISTORY);
    for i in 0..SMALL_HISTORY {
        let door = match first_doors.get(i) {
            Some(door) => *door,
            None => doors.choose(rng).expect("the site has doors"),
        };
        let kind = match rng.gen_range(0..100) {
            0..=84 => EventKind::Normal,
            85..=95 => EventKind::Exception,
            _ => EventKind::Alarm,
        };
        // Leave the last minute empty so `monitor` at start-up reports only live events.
        let at = now - rng.gen_range(60_000..HISTORY_DAYS * DAY_MS);
        planned.push((at, door, kind));
    }
    planned.sort_by_key(|(at, _, _)| *at);
    for (at, door, kind) in planned {
        let id = rand_id(rng);
        random_tx(rng, kind, door, people, at, id)
            .insert(&mut **tx, door)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_the_manuals_example() {
        assert_eq!(md5_hex("123456"), "e10adc3949ba59abbe56e057f20f883e");
    }

    #[test]
    fn small_site_shape() {
        let doors: i64 = DEVICES.iter().map(|d| d.3).sum();
        assert_eq!(DEVICES.len(), 8);
        assert_eq!(doors, 16);
        assert_eq!(DEVICES.iter().filter(|d| !d.5).count(), 1);
    }
}
