//! The simulated intrusion-alarm panels: a week of arm/disarm/alarm records for `ias/list` (manual 2.12).

use sqlx::{Sqlite, Transaction};

use crate::clock;
use crate::seed::md5_hex;

const HOUR_MS: i64 = 3_600_000;

/// (device name, ip, area, partitions).
const PANELS: &[(&str, &str, &str, &[&str])] = &[
    (
        "Main Building panel",
        "10.8.16.156",
        "Main Building",
        &["1", "2"],
    ),
    ("Sports Hall panel", "10.8.16.157", "Sports Hall", &["1"]),
];

/// Zones of every partition.
const POINTS: &[&str] = &["Zone 1 Door contact", "Zone 2 PIR", "Zone 3 Glass break"];

/// (event name, Contact-ID code, event type name, a zone event?) in a day's order for one partition.
const DAY: &[(&str, &str, &str, bool)] = &[
    ("Disarm", "1401", "Disarm Event", false),
    ("Arm", "3401", "Arm Event", false),
    ("Alarm", "1130", "Alarm Event", true),
    ("Alarm Cancel", "1406", "Disarm Event", false),
    ("Disarm", "1401", "Disarm Event", false),
    ("Arm", "3401", "Arm Event", false),
];

/// Writes the panels' history ending `now_ms`: every partition disarms in the morning and arms at night,
/// and one zone alarms (then is cancelled) every other day. Ids derive from the content, no randomness.
pub async fn seed(tx: &mut Transaction<'_, Sqlite>, now_ms: i64) -> Result<(), sqlx::Error> {
    let mut rows = Vec::new();
    for (p, (device, ip, area, partitions)) in PANELS.iter().enumerate() {
        for (q, partition) in partitions.iter().enumerate() {
            for day in 0..7i64 {
                let base =
                    now_ms - (day + 1) * 24 * HOUR_MS + (p as i64 * 7 + q as i64 * 3) * 60_000;
                for (i, (name, cid, kind, zone)) in DAY.iter().enumerate() {
                    if *zone && day % 2 == 1 {
                        continue;
                    }
                    // Morning disarm, the alarm around noon, evening arm, a late check.
                    let at = base + [7, 19, 12, 12, 21, 22][i] * HOUR_MS + i as i64 * 97_000;
                    let point = if *zone {
                        POINTS[(day as usize + p) % POINTS.len()]
                    } else {
                        ""
                    };
                    rows.push((
                        at, *device, *ip, *area, *partition, point, *name, *cid, *kind,
                    ));
                }
            }
        }
    }
    rows.sort_by_key(|r| r.0);
    for (at, device, ip, area, partition, point, name, cid, kind) in rows {
        sqlx::query(
            "INSERT INTO ias_events (id, event_ms, event_time, device_name, device_ip, area_name, \
             partition_name, point_name, event_name, event_cid, event_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(md5_hex(&format!("ias {device} {partition} {at} {name}")))
        .bind(at)
        .bind(clock::format_ms(at))
        .bind(device)
        .bind(ip)
        .bind(area)
        .bind(partition)
        .bind(point)
        .bind(name)
        .bind(cid)
        .bind(kind)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
