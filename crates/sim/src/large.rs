//! The large site (`--site large`): 20 areas, 500 devices, 50,000 persons and 10 million transactions over
//! 30 days, for trying clients against realistic volumes. Rows go in with multi-row INSERTs inside big
//! transactions, with `synchronous=OFF` and an in-memory journal while building. `Scale` divides every count
//! so tests can build the same shape in a blink.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::clock;
use crate::db::{DoorCtx, PersonBrief};
use crate::demo;
use crate::events::{verify_modes, ALARMS, EXCEPTIONS};
use crate::seed::{md5_hex, rand_id, DAY_MS, DEPARTMENTS, FEMALE, LAST, MALE};

const AREAS: usize = 20;
const DEVICES: usize = 500;
const PERSONS: usize = 50_000;
const TRANSACTIONS: usize = 10_000_000;
const HISTORY_DAYS: i64 = 30;
/// Device models: (model, doors).
const MODELS: [(&str, i64); 3] = [("inBIO460", 4), ("inBIO260", 2), ("SpeedFace-V5L", 1)];
/// Bound parameters per statement (SQLite's limit is 32,766).
const MAX_VARS: usize = 30_000;
/// Transactions written per database transaction.
const ROWS_PER_COMMIT: usize = 250_000;

/// Divides every count of the large site (at least one of each remains).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale(pub usize);

impl Scale {
    pub const FULL: Self = Self(1);

    fn of(self, full: usize) -> usize {
        (full / self.0.max(1)).max(1)
    }
}

/// One bound value of a multi-row INSERT.
enum Cell {
    Text(String),
    Int(i64),
    Null,
}

/// `head` ("INSERT INTO t (a, b)") with `cells` taken `width` at a time as rows, as many rows per statement
/// as the parameter limit allows.
async fn insert_many(
    db: &mut SqliteConnection,
    head: &str,
    width: usize,
    cells: &[Cell],
) -> Result<(), sqlx::Error> {
    let per_statement = (MAX_VARS / width).max(1);
    let row = format!("({})", vec!["?"; width].join(", "));
    for chunk in cells.chunks(per_statement * width) {
        let sql = format!(
            "{head} VALUES {}",
            vec![row.as_str(); chunk.len() / width].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for cell in chunk {
            query = match cell {
                Cell::Text(text) => query.bind(text.as_str()),
                Cell::Int(n) => query.bind(*n),
                Cell::Null => query.bind(None::<i64>),
            };
        }
        query.execute(&mut *db).await?;
    }
    Ok(())
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

/// Builds the large site into an empty database.
pub async fn seed(pool: &SqlitePool, seed: u64, scale: Scale) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("PRAGMA synchronous = OFF")
        .execute(&mut *conn)
        .await?;
    // A WAL file refuses the switch while other connections hold it open; the build is then merely slower.
    let _ = sqlx::query("PRAGMA journal_mode = MEMORY")
        .execute(&mut *conn)
        .await;
    let built = build(&mut conn, seed, scale).await;
    let _ = sqlx::query(&format!("PRAGMA journal_mode = {journal}"))
        .execute(&mut *conn)
        .await;
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(&mut *conn)
        .await?;
    built
}

async fn build(conn: &mut SqliteConnection, seed: u64, scale: Scale) -> Result<(), sqlx::Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    let started = std::time::Instant::now();
    let mut tx = conn.begin().await?;
    for (sort_no, (code, name, parent)) in DEPARTMENTS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO departments (code, name, parent_code, sort_no) VALUES (?, ?, ?, ?)",
        )
        .bind(code)
        .bind(name)
        .bind(parent)
        .bind(sort_no as i64 + 1)
        .execute(&mut *tx)
        .await?;
    }
    let general_level = md5_hex("level General");
    insert_persons(&mut tx, &mut rng, scale.of(PERSONS), &general_level).await?;
    insert_devices(&mut tx, &mut rng, scale.of(DEVICES)).await?;
    for name in ["public level group", "Main Building visitors"] {
        sqlx::query("INSERT INTO vis_levels (id, name) VALUES (?, ?)")
            .bind(rand_id(&mut rng))
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    let people = PersonBrief::all(&mut *tx).await?;
    crate::seed::seed_visits(&mut tx, &mut rng, &people).await?;
    crate::seed::seed_visitors(&mut tx).await?;
    crate::ias::seed(&mut tx, clock::now_ms()).await?;
    crate::seed::seed_levels(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(elapsed = ?started.elapsed(), "large site: persons and devices");
    insert_history(conn, &mut rng, &people, scale.of(TRANSACTIONS)).await?;
    tracing::info!(elapsed = ?started.elapsed(), "large site: history");
    Ok(())
}

async fn insert_persons(
    db: &mut SqliteConnection,
    rng: &mut StdRng,
    count: usize,
    level: &str,
) -> Result<(), sqlx::Error> {
    const WIDTH: usize = 13;
    let mut cells = Vec::with_capacity(count * WIDTH);
    for i in 0..count {
        let pin = (1001 + i).to_string();
        let female = rng.gen_bool(0.5);
        let (mut name, mut gender) = if female {
            (*FEMALE.choose(rng).unwrap_or(&"Ana"), "F")
        } else {
            (*MALE.choose(rng).unwrap_or(&"Juan"), "M")
        };
        let mut last_name = *LAST.choose(rng).unwrap_or(&"Perez");
        let mut dept = ["2", "3", "4", "4", "4", "5", "6"]
            .choose(rng)
            .copied()
            .unwrap_or("4");
        let mut password = format!("{:06}", rng.gen_range(0..1_000_000));
        if pin == demo::PERSONNEL_PIN {
            name = demo::PERSONNEL_NAME;
            last_name = demo::PERSONNEL_LAST_NAME;
            dept = "3";
            gender = "F";
            password = demo::PERSONNEL_PASSWORD.to_owned();
        }
        // 1789 is prime to 90,000,000: distinct cards for every pin.
        let card = 10_000_000 + (i as u64 * 1789 + 4321) % 90_000_000;
        cells.extend([
            text(rand_id(rng)),
            text(pin),
            text(dept),
            text(name),
            text(last_name),
            text(gender),
            text(format!(
                "{}-{:02}-{:02}",
                rng.gen_range(1965..2014),
                rng.gen_range(1..=12),
                rng.gen_range(1..=28)
            )),
            text(card.to_string()),
            text(md5_hex(&password)),
            text(format!("555{:07}", rng.gen_range(0..10_000_000))),
            text(format!(
                "{}.{}{i}@greenfield.example",
                name.to_lowercase(),
                last_name.to_lowercase()
            )),
            text(level),
            text(format!(
                "20{:02}-{:02}-01",
                rng.gen_range(10..25),
                rng.gen_range(1..=12)
            )),
        ]);
    }
    insert_many(
        db,
        "INSERT INTO persons (id, pin, dept_code, name, last_name, gender, birthday, card_no, self_pwd, \
         mobile_phone, email, acc_level_ids, hire_date)",
        WIDTH,
        &cells,
    )
    .await
}

/// Area names: "Block A", "Block B", ... (zone codes `BA`, `BB`, ...).
fn area_name(index: usize) -> String {
    format!("Block {}", char::from(b'A' + (index % 26) as u8))
}

async fn insert_devices(
    db: &mut SqliteConnection,
    rng: &mut StdRng,
    count: usize,
) -> Result<(), sqlx::Error> {
    let areas = AREAS.min(count);
    let (mut devices, mut doors, mut readers) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..count {
        let (model, door_count) = MODELS[d % MODELS.len()];
        let device_id = rand_id(rng);
        let name = format!("10.9.{}.{}", d / 200, d % 200 + 10);
        devices.extend([
            text(&device_id),
            text(format!("CJL{:010}", d + 1)),
            text(&name),
            text(model),
            text(area_name(d * areas / count)),
            // One device in fifty is off the network.
            Cell::Int(i64::from(d % 50 != 49)),
        ]);
        for door_no in 1..=door_count {
            let door_id = rand_id(rng);
            let door_name = format!("{name}-{door_no}");
            doors.extend([
                text(&door_id),
                text(&door_name),
                text(&device_id),
                Cell::Int(door_no),
                Cell::Int(i64::from(model.starts_with("inBIO"))),
            ]);
            for (reader_no, (suffix, state)) in [("In", 0), ("Out", 1)].into_iter().enumerate() {
                readers.extend([
                    text(rand_id(rng)),
                    text(&door_id),
                    text(format!("{door_name}-{suffix}")),
                    Cell::Int(reader_no as i64 + 1),
                    Cell::Int(state),
                ]);
            }
        }
    }
    insert_many(
        db,
        "INSERT INTO devices (id, sn, name, dev_type, area_name, online)",
        6,
        &devices,
    )
    .await?;
    insert_many(
        db,
        "INSERT INTO doors (id, name, device_id, door_no, has_sensor)",
        5,
        &doors,
    )
    .await?;
    insert_many(
        db,
        "INSERT INTO readers (id, door_id, name, reader_no, reader_state)",
        5,
        &readers,
    )
    .await
}

/// `count` transactions spread evenly (with jitter) over the past 30 days, oldest first, `log_id` counted per
/// device; the first ones visit every device once, so each device's area is learnable from its history.
async fn insert_history(
    conn: &mut SqliteConnection,
    rng: &mut StdRng,
    people: &[PersonBrief],
    count: usize,
) -> Result<(), sqlx::Error> {
    const WIDTH: usize = 22;
    let doors = DoorCtx::all(&mut *conn).await?;
    let mut first_doors: Vec<&DoorCtx> = Vec::new();
    for door in &doors {
        if !first_doors.iter().any(|d| d.device_id == door.device_id) {
            first_doors.push(door);
        }
    }
    let end = clock::now_ms() - 60_000;
    let start = end - HISTORY_DAYS * DAY_MS;
    let step = ((end - start) / count as i64).max(1);
    let mut log_ids: HashMap<&str, i64> = HashMap::new();
    let mut cells = Vec::with_capacity(ROWS_PER_COMMIT.min(count) * WIDTH);
    for i in 0..count {
        let door = match first_doors.get(i) {
            Some(door) => *door,
            None => doors.choose(rng).expect("the site has doors"),
        };
        let at = start + i as i64 * step + rng.gen_range(0..step);
        let (reader_suffix, reader_state) = if rng.gen_bool(0.5) {
            ("In", 0)
        } else {
            ("Out", 1)
        };
        let mode = *verify_modes(&door.dev_type).choose(rng).unwrap_or(&"card");
        let person = people.choose(rng).cloned().unwrap_or_default();
        let (person, mode, event_no, event_name, level, reader_name, reader_state) =
            match rng.gen_range(0..100) {
                0..=84 => (
                    person,
                    mode,
                    0,
                    "Normal Verify Open",
                    0,
                    format!("{}-{reader_suffix}", door.door_name),
                    Some(reader_state),
                ),
                85..=95 => {
                    let &(no, name, with_person) = EXCEPTIONS.choose(rng).unwrap_or(&EXCEPTIONS[0]);
                    let person = if with_person {
                        person
                    } else {
                        PersonBrief {
                            card_no: rng.gen_range(1_000_000u32..99_999_999).to_string(),
                            ..PersonBrief::default()
                        }
                    };
                    let mode = if with_person { mode } else { "card" };
                    let reader = format!("{}-{reader_suffix}", door.door_name);
                    (person, mode, no, name, 1, reader, Some(reader_state))
                }
                _ => {
                    let &(no, name, _) = ALARMS.choose(rng).unwrap_or(&ALARMS[0]);
                    let nobody = PersonBrief::default();
                    (nobody, "others", no, name, 2, "others".to_owned(), None)
                }
            };
        let log_id = log_ids.entry(door.dev_sn.as_str()).or_insert(0);
        *log_id += 1;
        cells.extend([
            text(rand_id(rng)),
            Cell::Int(at),
            text(clock::format_ms(at)),
            text(person.pin),
            text(person.name),
            text(person.last_name),
            text(person.dept_name),
            text(&door.area_name),
            text(person.card_no),
            text(&door.dev_sn),
            text(&door.dev_name),
            text(mode),
            text(event_name),
            text(&door.door_name),
            text(reader_name),
            reader_state.map_or(Cell::Null, Cell::Int),
            Cell::Int(door.door_no),
            Cell::Int(*log_id),
            Cell::Int(event_no),
            Cell::Int(level),
            text(&door.door_name),
            text(""),
        ]);
        if cells.len() >= ROWS_PER_COMMIT * WIDTH || i + 1 == count {
            let mut tx = conn.begin().await?;
            insert_many(
                &mut tx,
                "INSERT INTO transactions (id, event_ms, event_time, pin, name, last_name, dept_name, \
                 area_name, card_no, dev_sn, dev_name, verify_mode_name, event_name, event_point_name, \
                 reader_name, reader_state, door_number, log_id, event_no, event_level, door_name, \
                 capture_photo)",
                WIDTH,
                &cells,
            )
            .await?;
            tx.commit().await?;
            cells.clear();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn count(pool: &SqlitePool, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.unwrap();
        n
    }

    #[test]
    fn scale_divides_and_keeps_one() {
        assert_eq!(Scale::FULL.of(TRANSACTIONS), 10_000_000);
        assert_eq!(Scale(10_000).of(TRANSACTIONS), 1_000);
        assert_eq!(Scale(10_000).of(DEVICES), 1);
        assert_eq!(Scale(0).of(PERSONS), PERSONS);
    }

    #[tokio::test]
    async fn large_site_shape_at_small_scales() {
        for (divisor, devices, persons, transactions) in
            [(10_000, 1, 5, 1_000), (100, 5, 500, 100_000)]
        {
            let pool = crate::db::open(None).await.unwrap();
            seed(&pool, crate::DEMO_SEED, Scale(divisor)).await.unwrap();
            assert_eq!(count(&pool, "SELECT COUNT(*) FROM devices").await, devices);
            assert_eq!(count(&pool, "SELECT COUNT(*) FROM persons").await, persons);
            assert_eq!(
                count(&pool, "SELECT COUNT(*) FROM transactions").await,
                transactions
            );
            assert_eq!(
                count(&pool, "SELECT COUNT(DISTINCT card_no) FROM persons").await,
                persons
            );
            assert_eq!(
                count(&pool, "SELECT COUNT(*) FROM readers").await,
                2 * count(&pool, "SELECT COUNT(*) FROM doors").await
            );
            // Every device has history; log ids run 1.. per device in time order.
            assert_eq!(
                count(&pool, "SELECT COUNT(DISTINCT dev_sn) FROM transactions").await,
                devices
            );
            assert_eq!(
                count(
                    &pool,
                    "SELECT COUNT(*) FROM (SELECT dev_sn FROM transactions GROUP BY dev_sn \
                     HAVING MAX(log_id) <> COUNT(*) OR MIN(log_id) <> 1)"
                )
                .await,
                0
            );
            assert_eq!(
                count(
                    &pool,
                    "SELECT COUNT(*) FROM transactions a JOIN transactions b \
                     ON b.seq = a.seq + 1 WHERE b.event_ms < a.event_ms"
                )
                .await,
                0
            );
            assert_eq!(
                count(
                    &pool,
                    "SELECT COUNT(*) FROM persons WHERE pin = '1001' AND name = 'Alice'"
                )
                .await,
                1
            );
            // General plus one level per area.
            let areas = count(&pool, "SELECT COUNT(DISTINCT area_name) FROM devices").await;
            assert_eq!(areas, devices.min(AREAS as i64));
            assert_eq!(
                count(&pool, "SELECT COUNT(*) FROM acc_levels").await,
                areas + 1
            );
            assert!(count(&pool, "SELECT COUNT(*) FROM visits").await > 0);
        }
    }
}
