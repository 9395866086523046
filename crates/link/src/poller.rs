//! The one poller of the site (SPEC §4b "Live events"): reads the upstream's `transaction/monitor`,
//! door states and device states every `poll_secs`, stores each event once (the monitor has no ids:
//! records are de-duplicated by content and completed with their level from the transaction list),
//! back-fills from the transaction list after a gap (cvlink down, upstream down), publishes each new
//! event on the bus, and prunes events past the retention period.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use cvm_api::{DeviceState, EventKind, EventLevel};

use crate::config::EventsConfig;
use crate::events::{self, NewEvent};
use crate::state::AppState;
use crate::tasks::Shutdown;
use crate::upstream::{UpDevice, UpDoorState, UpResult, UpTransaction};
use crate::{db, lockdown, site};

/// The most records one back-fill reads (the newest ones win).
const BACKFILL_MAX: usize = 20_000;
/// How often the device list (names of devices) is read again.
const DEVICES_EVERY: Duration = Duration::from_secs(300);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// The upstream's time format.
const TIME: &str = "%Y-%m-%d %H:%M:%S";

pub async fn run(state: AppState, cfg: EventsConfig, mut stop: Shutdown) {
    let interval = Duration::from_millis(cfg.poll_ms());
    let mut poller = Poller::new(state, cfg);
    loop {
        poller.tick().await;
        if !stop.sleep(interval).await {
            break;
        }
    }
}

/// Seconds since the poller last read the upstream successfully (`None` before its first good poll).
pub fn last_poll_age(state: &AppState) -> Option<u64> {
    let at = state.last_poll.load(std::sync::atomic::Ordering::Relaxed);
    (at > 0).then(|| (crate::db::now() - at).max(0) as u64)
}

pub struct Poller {
    state: AppState,
    cfg: EventsConfig,
    /// The monitor's timestamp: fixed for the poller's life (the vendor's rule), so each poll continues
    /// where the last ended.
    since_ms: i64,
    /// Set at start and after any failed poll: the next good poll back-fills first.
    gap: bool,
    doors: Option<HashMap<String, UpDoorState>>,
    device_states: HashMap<String, DeviceState>,
    devices: Vec<UpDevice>,
    devices_read: Option<Instant>,
    pruned: Option<Instant>,
    /// Why the last round failed, if it did: a failure is logged when it starts and when it ends, not at
    /// every poll.
    failing: Option<String>,
}

impl Poller {
    pub fn new(state: AppState, cfg: EventsConfig) -> Self {
        let lookback_ms = (cfg.monitor_lookback_secs as i64).saturating_mul(1000);
        Self {
            state,
            cfg,
            since_ms: chrono::Utc::now().timestamp_millis() - lookback_ms,
            gap: true,
            doors: None,
            device_states: HashMap::new(),
            devices: Vec::new(),
            devices_read: None,
            pruned: None,
            failing: None,
        }
    }

    /// One round: back-fill if needed, the monitor, door and device states, pruning.
    pub async fn tick(&mut self) {
        let outcome = self.poll().await;
        if outcome.is_ok() {
            self.state
                .last_poll
                .store(crate::db::now(), std::sync::atomic::Ordering::Relaxed);
        }
        match (outcome, &self.failing) {
            (Ok(()), Some(was)) => {
                tracing::info!(was = %was, "polling the upstream works again");
                self.failing = None;
            }
            (Err(e), None) => {
                tracing::warn!(error = %e, "polling the upstream failed; retrying every poll, back-filling after it recovers");
                self.failing = Some(e.to_string());
            }
            _ => {}
        }
        if self.pruned.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
            self.pruned = Some(Instant::now());
            let before = crate::db::now() - i64::from(self.cfg.retention_days) * 86_400;
            match events::prune(&self.state.db, before).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(events = n, "pruned old events"),
                Err(e) => tracing::warn!(error = %e, "pruning events failed"),
            }
            if let Err(e) = crate::idempotency::prune(&self.state.db).await {
                tracing::warn!(error = %e, "pruning idempotency keys failed");
            }
        }
    }

    async fn poll(&mut self) -> anyhow::Result<()> {
        if self.gap {
            let n = self.backfill().await?;
            self.gap = false;
            if n > 0 {
                tracing::info!(events = n, "back-filled access records");
            }
        }
        if let Err(e) = self.monitor().await {
            self.gap = true;
            return Err(e);
        }
        self.door_states().await
    }

    async fn store(&self, e: &NewEvent) -> anyhow::Result<bool> {
        match events::insert(&self.state.db, e).await? {
            Some(stored) => {
                self.state.bus.publish(stored);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Reads the records since the newest stored one (on a first start: since the start of today) from
    /// the transaction list and stores the missing ones, oldest first.
    async fn backfill(&self) -> anyhow::Result<usize> {
        let start = match events::newest_record_at(&self.state.db).await? {
            Some(at) => at,
            None => chrono::Local::now().format("%Y-%m-%d 00:00:00").to_string(),
        };
        let records = self
            .state
            .upstream
            .transactions_between(&start, None, BACKFILL_MAX)
            .await?;
        let mut stored = 0;
        for t in records.iter().rev() {
            if self.store(&NewEvent::from_transaction(t)).await? {
                stored += 1;
            }
        }
        Ok(stored)
    }

    /// Polls the monitor and stores what it returns, completed from the transaction list (which has the
    /// event level the monitor lacks).
    async fn monitor(&self) -> anyhow::Result<()> {
        let records = self.state.upstream.monitor(self.since_ms).await?;
        if records.is_empty() {
            return Ok(());
        }
        let complete = self.complete(&records).await?;
        for r in &records {
            let full = complete.get(&r.dedup_key()).unwrap_or(r);
            self.store(&NewEvent::from_transaction(full)).await?;
        }
        Ok(())
    }

    async fn complete(
        &self,
        records: &[UpTransaction],
    ) -> UpResult<HashMap<String, UpTransaction>> {
        let times = records.iter().map(|r| r.event_time.trim());
        let (Some(first), Some(last)) = (times.clone().min(), times.max()) else {
            return Ok(HashMap::new());
        };
        let listed = self
            .state
            .upstream
            .transactions_between(first, Some(last), BACKFILL_MAX)
            .await?;
        Ok(listed.into_iter().map(|t| (t.dedup_key(), t)).collect())
    }

    /// Compares the doors' states with the last poll's and stores each change; devices change state
    /// with their doors' connections.
    async fn door_states(&mut self) -> anyhow::Result<()> {
        let doors = self.state.upstream.door_states().await?;
        let unknown_device = doors
            .iter()
            .any(|d| !self.devices.iter().any(|dev| dev.id == d.device_id));
        if unknown_device
            || self
                .devices_read
                .is_none_or(|t| t.elapsed() >= DEVICES_EVERY)
        {
            self.devices = self.state.upstream.devices().await?;
            self.devices_read = Some(Instant::now());
        }
        let at = chrono::Local::now().format(TIME).to_string();
        let stamp = chrono::Utc::now().timestamp_millis();
        self.enforce_lockdown(&doors).await?;
        let now: HashMap<String, UpDoorState> =
            doors.into_iter().map(|d| (d.id.clone(), d)).collect();
        if let Some(before) = &self.doors {
            for (id, door) in &now {
                if let Some(old) = before.get(id) {
                    for e in door_changes(old, door, &at, stamp, self.device_of(door)) {
                        self.store(&e).await?;
                    }
                }
            }
        }
        let joined = site::join(
            &self.devices,
            &now.values().cloned().collect::<Vec<_>>(),
            &HashMap::new(),
        );
        let first = self.doors.is_none();
        for d in joined {
            let old = self.device_states.insert(d.sn.clone(), d.state);
            if !first && old.is_some_and(|o| o != d.state) {
                let e = NewEvent {
                    dedup: format!(
                        "device\u{1f}{}\u{1f}{}\u{1f}{stamp}",
                        d.sn,
                        d.state.as_str()
                    ),
                    upstream_id: None,
                    at: at.clone(),
                    kind: EventKind::DeviceState,
                    level: if d.state == DeviceState::Offline {
                        EventLevel::Exception
                    } else {
                        EventLevel::Normal
                    },
                    event_no: None,
                    name: d.state.as_str().to_string(),
                    device: Some(d.name.clone()),
                    device_sn: Some(d.sn.clone()),
                    point: None,
                    area: d.area.clone(),
                    pin: None,
                    person: None,
                    verify: None,
                    photo: None,
                };
                self.store(&e).await?;
            }
        }
        self.doors = Some(now);
        Ok(())
    }

    /// Closes again every door under lockdown that is found open (its lock driven open, or its sensor
    /// reporting it open), and audits it.
    async fn enforce_lockdown(&self, doors: &[UpDoorState]) -> anyhow::Result<()> {
        let locked = lockdown::locked_doors(&self.state.db).await?;
        for d in doors {
            let Some(groups) = locked.get(&d.id) else {
                continue;
            };
            if d.connect != "1" || (d.relay != "open" && d.sensor != "open") {
                continue;
            }
            let result = self.state.upstream.close_door(&d.id).await;
            let answer = match &result {
                Ok(()) => "ok".to_string(),
                Err(e) => e.to_string(),
            };
            tracing::info!(door = %d.name, groups = ?groups, answer = %answer, "door under lockdown found open; closed");
            db::record(
                &self.state.db,
                &db::Audit {
                    actor: "cvlink",
                    action: "lockdown_reclose",
                    target: Some(&d.id),
                    upstream: Some(&answer),
                    detail: Some(
                        serde_json::json!({"door": d.name, "groups": groups, "relay": d.relay, "sensor": d.sensor})
                            .to_string(),
                    ),
                    ..db::Audit::default()
                },
            )
            .await?;
        }
        Ok(())
    }

    fn device_of(&self, door: &UpDoorState) -> Option<&UpDevice> {
        self.devices.iter().find(|d| d.id == door.device_id)
    }
}

/// The state changes of one door between two polls, as events named `field:value`
/// (`connect:offline`, `alarm:timeout`, `sensor:open`, `relay:off`).
pub fn door_changes(
    old: &UpDoorState,
    new: &UpDoorState,
    at: &str,
    stamp: i64,
    device: Option<&UpDevice>,
) -> Vec<NewEvent> {
    let connect = |c: &str| match c {
        "1" => "online",
        "2" => "disabled",
        _ => "offline",
    };
    let mut changes: Vec<(&str, String, EventLevel)> = Vec::new();
    if connect(&old.connect) != connect(&new.connect) {
        let level = if connect(&new.connect) == "offline" {
            EventLevel::Exception
        } else {
            EventLevel::Normal
        };
        changes.push(("connect", connect(&new.connect).into(), level));
    }
    // An offline door reports everything as unknown: only its connection is news.
    if connect(&new.connect) == "online" && connect(&old.connect) == "online" {
        if old.alarm != new.alarm {
            let level = if matches!(new.alarm.as_str(), "none" | "" | "unknown") {
                EventLevel::Normal
            } else {
                EventLevel::Alarm
            };
            changes.push(("alarm", new.alarm.clone(), level));
        }
        for (field, o, n) in [
            ("sensor", &old.sensor, &new.sensor),
            ("relay", &old.relay, &new.relay),
        ] {
            if o != n {
                changes.push((field, n.clone(), EventLevel::Normal));
            }
        }
    }
    changes
        .into_iter()
        .map(|(field, value, level)| NewEvent {
            dedup: format!(
                "door\u{1f}{}\u{1f}{field}\u{1f}{value}\u{1f}{stamp}",
                new.id
            ),
            upstream_id: None,
            at: at.to_string(),
            kind: EventKind::DoorState,
            level,
            event_no: None,
            name: format!("{field}:{value}"),
            device: device.and_then(|d| d.name.clone()),
            device_sn: device.map(|d| d.sn.clone()),
            point: Some(new.name.clone()).filter(|n| !n.is_empty()),
            area: None,
            pin: None,
            person: None,
            verify: None,
            photo: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn door(connect: &str, sensor: &str, alarm: &str) -> UpDoorState {
        UpDoorState {
            id: "d1".into(),
            name: "Front".into(),
            device_id: "1".into(),
            connect: connect.into(),
            sensor: sensor.into(),
            relay: "off".into(),
            alarm: alarm.into(),
        }
    }

    fn names(v: Vec<NewEvent>) -> Vec<String> {
        v.into_iter().map(|e| e.name).collect()
    }

    #[test]
    fn door_changes_name_field_and_value() {
        let a = door("1", "off", "none");
        assert!(door_changes(&a, &a, "t", 1, None).is_empty());
        let alarm = door_changes(&a, &door("1", "open", "timeout"), "t", 1, None);
        assert_eq!(alarm[0].name, "alarm:timeout");
        assert_eq!(alarm[0].level, EventLevel::Alarm);
        assert_eq!(alarm[1].name, "sensor:open");
        assert_eq!(
            names(door_changes(
                &a,
                &door("0", "unknown", "unknown"),
                "t",
                1,
                None
            )),
            ["connect:offline"]
        );
        assert_eq!(
            names(door_changes(
                &door("0", "unknown", "unknown"),
                &a,
                "t",
                1,
                None
            )),
            ["connect:online"]
        );
        // The same change seen at two polls is two events; at one poll, one.
        let x = door_changes(&a, &door("1", "open", "none"), "t", 1, None);
        let y = door_changes(&a, &door("1", "open", "none"), "t", 2, None);
        assert_ne!(x[0].dedup, y[0].dedup);
    }
}
