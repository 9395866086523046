//! Live events end to end: cvsim → cvlink's poller → store → bus → SSE and notifications, per role;
//! resuming with `Last-Event-ID`; back-fill of what happened while cvlink was down.

use std::time::{Duration, Instant};

use cvm_api::{EventKind, LiveEvent, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;

/// Generous: the machine is shared; latency is measured by `cargo xtask bench events`, not here.
const WAIT: Duration = Duration::from_secs(15);

/// A client of `GET /api/v1/events` that parses the stream as it arrives.
pub(crate) struct Stream {
    resp: reqwest::Response,
    buf: String,
    /// Comments seen (heartbeats).
    comments: usize,
}

impl Stream {
    pub(crate) async fn open(env: &Env, token: &str, last: Option<i64>) -> Stream {
        let mut req = env
            .http
            .get(format!("{}{}", env.base, cvm_api::paths::EVENTS))
            .bearer_auth(token)
            .header("accept", "text/event-stream");
        if let Some(id) = last {
            req = req.header("last-event-id", id.to_string());
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Stream {
            resp,
            buf: String::new(),
            comments: 0,
        }
    }

    /// The next event within `wait`, checking that its SSE id and name match its body.
    pub(crate) async fn next(&mut self, wait: Duration) -> Option<LiveEvent> {
        let deadline = Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut name, mut data) = (None, None, String::new());
                for line in block.lines() {
                    if line.starts_with(':') {
                        self.comments += 1;
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        name = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                let e: LiveEvent = serde_json::from_str(&data).unwrap();
                // A test notification carries no id: it is not a place to resume from.
                let want = (e.kind != EventKind::Test).then(|| e.id.to_string());
                assert_eq!(id, want);
                assert_eq!(name.as_deref(), Some(e.kind.as_str()));
                return Some(e);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.resp.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) | Ok(Err(_)) | Err(_) => return None,
            }
        }
    }

    /// Reads every event until the stream ends or `wait` passes: (events, whether the stream ended).
    async fn drain(&mut self, wait: Duration) -> (Vec<LiveEvent>, bool) {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        loop {
            while let Some(e) = self.next(Duration::ZERO).await {
                seen.push(e);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return (seen, false);
            };
            match tokio::time::timeout(left, self.resp.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) | Ok(Err(_)) => {
                    while let Some(e) = self.next(Duration::ZERO).await {
                        seen.push(e);
                    }
                    return (seen, true);
                }
                Err(_) => return (seen, false),
            }
        }
    }

    /// Events until one matches, within `wait`; returns all seen, the match last.
    pub(crate) async fn until(
        &mut self,
        wait: Duration,
        pred: impl Fn(&LiveEvent) -> bool,
    ) -> Vec<LiveEvent> {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("no matching event; saw {seen:#?}"));
            let e = self
                .next(left)
                .await
                .unwrap_or_else(|| panic!("stream ended or timed out; saw {seen:#?}"));
            let done = pred(&e);
            seen.push(e);
            if done {
                return seen;
            }
        }
    }
}

impl Env {
    /// cvsim's `/sim/` control API.
    pub async fn control(&self, path: &str, body: Value) -> Value {
        control(&self.http, &self.sim.as_ref().unwrap().url(), path, body).await
    }

    /// The demo person's card number.
    pub async fn demo_card(&self) -> String {
        let me = self
            .sim(
                reqwest::Method::GET,
                &format!("/api/person/get/{}", cvsim::demo::PERSONNEL_PIN),
                None,
            )
            .await;
        me["cardNo"].as_str().unwrap().to_string()
    }

    /// Presents a card at the site's first reader.
    pub async fn present_card(&self, card: &str) -> Value {
        let readers = self
            .sim(
                reqwest::Method::GET,
                "/api/reader/accList?pageNo=1&pageSize=100",
                None,
            )
            .await;
        let reader = readers[0]["id"].as_str().unwrap().to_string();
        self.control(
            &format!("/sim/readers/{reader}/present"),
            json!({ "card": card }),
        )
        .await
    }

    /// The site's doors as cvsim lists them: (id, name).
    async fn doors(&self) -> Vec<(String, String)> {
        let doors = self
            .sim(
                reqwest::Method::GET,
                "/api/door/list?pageNo=1&pageSize=100",
                None,
            )
            .await;
        doors
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["name"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Doors whose device is online (an alarm can be raised there).
    pub async fn online_doors(&self) -> Vec<(String, String)> {
        let states = self
            .sim(
                reqwest::Method::GET,
                "/api/door/allDoorState?timestamp=0",
                None,
            )
            .await;
        let online: Vec<String> = states
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["connect"] == "1")
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect();
        self.doors()
            .await
            .into_iter()
            .filter(|(id, _)| online.contains(id))
            .collect()
    }

    pub async fn notifications(&self, token: &str, query: &str) -> Page<LiveEvent> {
        let r = self
            .get(
                &format!("{}?{query}", cvm_api::paths::NOTIFICATIONS),
                Some(token),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn await_alarm_at(&self, token: &str, door: &str) -> LiveEvent {
        await_alarm_at(self, token, door).await
    }
}

/// Waits until the admin's notifications hold an alarm at `door`.
pub async fn await_alarm_at(env: &Env, token: &str, door: &str) -> LiveEvent {
    let deadline = Instant::now() + WAIT;
    loop {
        let page = env.notifications(token, "limit=200").await;
        if let Some(e) = page.items.into_iter().find(|e| is_alarm_at(e, door)) {
            return e;
        }
        assert!(Instant::now() < deadline, "no alarm at {door}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn control(http: &reqwest::Client, sim: &str, path: &str, body: Value) -> Value {
    let r = http
        .post(format!("{sim}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap()
}

fn is_alarm_at(e: &LiveEvent, door: &str) -> bool {
    e.kind == EventKind::Alarm
        && e.name == "door opened forcibly"
        && e.point.as_deref().is_some_and(|p| p.contains(door))
}

/// Stops the gateway, makes the control call `meanwhile` on the still-running upstream, and starts the
/// gateway again on the same data directory.
pub async fn restart(env: Env, meanwhile: (&str, Value)) -> Env {
    let (path, body) = (meanwhile.0.to_string(), meanwhile.1);
    restart_with(env, |http, sim| async move {
        control(&http, &sim, &path, body).await;
    })
    .await
    .0
}

/// Stops the gateway, runs `meanwhile` (given the HTTP client and cvsim's URL), and starts the gateway
/// again on the same data directory; returns what `meanwhile` returned too.
pub async fn restart_with<T, Fut>(
    env: Env,
    meanwhile: impl FnOnce(reqwest::Client, String) -> Fut,
) -> (Env, T)
where
    Fut: std::future::Future<Output = T>,
{
    let Env {
        _dir,
        sim,
        gw,
        http,
        cfg,
        cfg_path,
        ..
    } = env;
    gw.shutdown().await;
    let done = meanwhile(http.clone(), sim.as_ref().unwrap().url()).await;
    let (https, plain) = (loopback(), loopback());
    let gw = Gateway::start(
        &cfg,
        Listeners {
            https,
            http: Some(plain),
        },
    )
    .await
    .unwrap();
    let base = format!("http://{}", gw.http_addr.unwrap());
    let env = Env {
        _dir,
        sim,
        gw,
        http,
        base,
        cfg,
        cfg_path,
    };
    (env, done)
}

#[tokio::test]
async fn an_alarm_in_cvsim_reaches_admins_live_and_people_see_only_their_own_records() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let person = env.personnel().await.access_token;
    let mut admin_stream = Stream::open(&env, &admin, None).await;
    let mut person_stream = Stream::open(&env, &person, None).await;

    let (door_id, door_name) = env.online_doors().await.remove(0);
    let raised = Instant::now();
    env.control(
        &format!("/sim/doors/{door_id}/alarm"),
        json!({"alarm": "forced open"}),
    )
    .await;
    let seen = admin_stream
        .until(WAIT, |e| is_alarm_at(e, &door_name))
        .await;
    eprintln!(
        "alarm reached the admin stream after {:?}",
        raised.elapsed()
    );
    let alarm = seen.last().unwrap().clone();
    assert_eq!(alarm.level, cvm_api::EventLevel::Alarm);
    for e in &seen {
        assert!(
            e.kind != EventKind::Access,
            "an admin stream carries no plain access records: {e:?}"
        );
    }
    // The door's own state change follows (or preceded) it.
    admin_stream
        .until(WAIT, |e| {
            e.kind == EventKind::DoorState
                && e.name.starts_with("alarm:")
                && e.point.as_deref() == Some(&door_name)
        })
        .await;
    // The same alarm is in the admin's notifications, and not in the person's.
    env.await_alarm_at(&admin, &door_name).await;
    let theirs = env.notifications(&person, "limit=200").await;
    assert!(theirs
        .items
        .iter()
        .all(|e| e.pin.as_deref() == Some(cvsim::demo::PERSONNEL_PIN)));

    // The person presents their card: their stream gets the record, nobody else's.
    env.present_card(&env.demo_card().await).await;
    let mine = person_stream
        .until(WAIT, |e| {
            e.pin.as_deref() == Some(cvsim::demo::PERSONNEL_PIN)
        })
        .await;
    for e in &mine {
        assert_eq!(e.pin.as_deref(), Some(cvsim::demo::PERSONNEL_PIN), "{e:?}");
        assert!(
            matches!(e.kind, EventKind::Access | EventKind::Alarm),
            "{e:?}"
        );
    }
    // Nothing more for the person within a poll or two: the alarm above was never theirs.
    while let Some(e) = person_stream.next(Duration::from_secs(2)).await {
        assert_eq!(e.pin.as_deref(), Some(cvsim::demo::PERSONNEL_PIN), "{e:?}");
    }
    let page = env.notifications(&person, "limit=200").await;
    assert!(page.items.iter().any(|e| e.id == mine.last().unwrap().id));
}

#[tokio::test]
async fn resuming_with_last_event_id_delivers_each_missed_event_exactly_once() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors = env.online_doors().await;
    assert!(doors.len() >= 3, "{doors:?}");
    let alarm = |i: usize| {
        let env = &env;
        let id = doors[i].0.clone();
        async move {
            env.control(
                &format!("/sim/doors/{id}/alarm"),
                json!({"alarm": "forced open"}),
            )
            .await
        }
    };

    let mut stream = Stream::open(&env, &admin, None).await;
    alarm(0).await;
    let first = stream.until(WAIT, |e| is_alarm_at(e, &doors[0].1)).await;
    let last_seen = first.last().unwrap().id;
    drop(stream);

    // Two alarms while disconnected.
    alarm(1).await;
    alarm(2).await;
    let a1 = env.await_alarm_at(&admin, &doors[1].1).await;
    let a2 = env.await_alarm_at(&admin, &doors[2].1).await;

    let mut stream = Stream::open(&env, &admin, Some(last_seen.0)).await;
    let missed = stream.until(WAIT, |e| e.id == a1.id.max(a2.id)).await;
    let ids: Vec<_> = missed.iter().map(|e| e.id).collect();
    assert!(ids.iter().all(|id| *id > last_seen), "{ids:?}");
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in order, once each: {ids:?}"
    );
    assert!(ids.contains(&a1.id) && ids.contains(&a2.id));
    // Every stored admin event after the cursor came, none twice.
    let stored = env.notifications(&admin, "limit=200").await;
    let mut expected: Vec<_> = stored
        .items
        .iter()
        .map(|e| e.id)
        .filter(|id| *id > last_seen && *id <= a1.id.max(a2.id))
        .collect();
    expected.sort();
    assert_eq!(ids, expected);

    // Then live again, still once each.
    env.control(&format!("/sim/doors/{}/alarm/clear", doors[0].0), json!({}))
        .await;
    alarm(0).await;
    let later = stream.until(WAIT, |e| is_alarm_at(e, &doors[0].1)).await;
    let later_ids: Vec<_> = later.iter().map(|e| e.id).collect();
    assert!(later_ids
        .iter()
        .all(|id| !ids.contains(id) && *id > last_seen));

    // A malformed Last-Event-ID is a validation problem, not a silent restart.
    let r = env
        .http
        .get(format!("{}{}", env.base, cvm_api::paths::EVENTS))
        .bearer_auth(&admin)
        .header("last-event-id", "yesterday")
        .send()
        .await
        .unwrap();
    let (s, p) = problem(r).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation)
    );
    assert_eq!(p.field.as_deref(), Some("Last-Event-ID"));
}

#[tokio::test]
async fn events_while_cvlink_was_down_are_backfilled_once() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors = env.online_doors().await;
    // Let the poller take its first look, so the next start is a restart with a gap.
    env.control(
        &format!("/sim/doors/{}/alarm", doors[0].0),
        json!({"alarm": "forced open"}),
    )
    .await;
    env.await_alarm_at(&admin, &doors[0].1).await;

    let raise = format!("/sim/doors/{}/alarm", doors[1].0);
    let env = restart(env, (&raise, json!({"alarm": "forced open"}))).await;
    let admin = env.admin().await.access_token;
    let back = env.await_alarm_at(&admin, &doors[1].1).await;
    // Exactly once, though the back-fill and the monitor both read the upstream around it.
    tokio::time::sleep(Duration::from_secs_f64(POLL_SECS * 4.0)).await;
    let page = env.notifications(&admin, "limit=200").await;
    let copies = page
        .items
        .iter()
        .filter(|e| is_alarm_at(e, &doors[1].1))
        .count();
    assert_eq!(copies, 1, "{:#?}", page.items);
    let before = page
        .items
        .iter()
        .filter(|e| is_alarm_at(e, &doors[0].1))
        .count();
    assert_eq!(
        before, 1,
        "the alarm from before the restart is stored once"
    );
    assert!(
        back.id
            > page
                .items
                .iter()
                .filter(|e| is_alarm_at(e, &doors[0].1))
                .map(|e| e.id)
                .max()
                .unwrap()
    );
}

#[tokio::test]
async fn an_upstream_outage_is_ridden_out_and_nothing_is_stored_twice() {
    // A cvsim with a database file, so that it can stop and start again with the same site.
    let sim_dir = tempfile::tempdir().unwrap();
    let mut sim_cfg = quiet_sim();
    sim_cfg.db = Some(sim_dir.path().join("sim.db"));
    let mut env = start_full(AuthConfig::default(), None, sim_cfg.clone()).await;
    let admin = env.admin().await.access_token;
    let doors = env.online_doors().await;
    env.control(
        &format!("/sim/doors/{}/alarm", doors[0].0),
        json!({"alarm": "forced open"}),
    )
    .await;
    await_alarm_at(&env, &admin, &doors[0].1).await;

    let sim = env.sim.take().unwrap();
    let addr = sim.addr();
    sim.shutdown().await;
    // Polls fail meanwhile; what cvlink stored is still served.
    tokio::time::sleep(Duration::from_secs_f64(POLL_SECS * 4.0)).await;
    let page = env.notifications(&admin, "limit=200").await;
    assert!(page.items.iter().any(|e| is_alarm_at(e, &doors[0].1)));

    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    env.sim = Some(cvsim::spawn(sim_cfg, listener).await.unwrap());
    env.control(
        &format!("/sim/doors/{}/alarm", doors[1].0),
        json!({"alarm": "forced open"}),
    )
    .await;
    await_alarm_at(&env, &admin, &doors[1].1).await;
    // The restarted upstream's monitor starts over from the poller's timestamp: nothing twice.
    tokio::time::sleep(Duration::from_secs_f64(POLL_SECS * 4.0)).await;
    let page = env.notifications(&admin, "limit=200").await;
    for door in [&doors[0].1, &doors[1].1] {
        let copies = page.items.iter().filter(|e| is_alarm_at(e, door)).count();
        assert_eq!(copies, 1, "{door}: {:#?}", page.items);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_stream_is_dropped_without_slowing_the_others() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let mut fast = Stream::open(&env, &admin, None).await;
    let mut slow = Stream::open(&env, &admin, None).await;
    while env.gw.state.bus.subscribers() < 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Far more than the bus holds for a subscriber (4,096) and than socket buffers take (2 KiB each).
    let n = 20_000i64;
    let base = 1_000_000_000i64;
    let bus = env.gw.state.bus.clone();
    // The publisher keeps at most 1,000 events ahead of the fast reader, well inside what the bus holds,
    // so only the slow one can fall behind however busy the machine is.
    let read = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let fast_read = read.clone();
    let publisher = tokio::spawn(async move {
        for i in 0..n {
            while i - fast_read.load(std::sync::atomic::Ordering::SeqCst) > 1000 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            bus.publish(LiveEvent {
                point: Some("x".repeat(2048)),
                ..LiveEvent::new(
                    cvm_api::EventId(base + i),
                    "2026-01-01 00:00:00",
                    EventKind::Alarm,
                    cvm_api::EventLevel::Alarm,
                    "door opened forcibly",
                )
            });
        }
    });
    // The fast client reads as the events come: it gets every one, in order.
    let mut got = Vec::new();
    while got.len() < n as usize {
        let e = fast
            .next(Duration::from_secs(30))
            .await
            .unwrap_or_else(|| panic!("the fast stream stopped after {} events", got.len()));
        got.push(e.id.0);
        read.store(got.len() as i64, std::sync::atomic::Ordering::SeqCst);
    }
    publisher.await.unwrap();
    assert!(got.windows(2).all(|w| w[1] == w[0] + 1));
    // The slow one, read only now, gets what was buffered and then its stream ends: it resumes with
    // Last-Event-ID from the database.
    let (buffered, ended) = slow.drain(Duration::from_secs(30)).await;
    assert!(
        ended,
        "the slow stream was not dropped ({} events read)",
        buffered.len()
    );
    assert!((buffered.len() as i64) < n, "{}", buffered.len());
}

#[tokio::test]
async fn a_revoked_session_loses_its_open_stream_too() {
    let env = start().await;
    let person = env.personnel().await.access_token;
    let admin = env.admin().await.access_token;
    let mut theirs = Stream::open(&env, &person, None).await;
    let mut other = Stream::open(&env, &admin, None).await;
    let out = env.cli(&[
        "sessions",
        "revoke",
        "--personnel",
        cvsim::demo::PERSONNEL_PIN,
    ]);
    assert!(out.status.success(), "{out:?}");
    let wait = cvlink::api::events::SESSION_CHECK + Duration::from_secs(5);
    let (_, ended) = theirs.drain(wait).await;
    assert!(ended, "the revoked person's stream ended");
    let (_, ended) = other.drain(Duration::from_secs(1)).await;
    assert!(!ended, "other sessions' streams go on");
}

#[tokio::test]
async fn a_test_notification_reaches_only_the_callers_streams_and_leaves_resuming_alone() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let person = env.personnel().await.access_token;
    let hash = cvlink::auth::hash_password(ADMIN_PW).unwrap();
    db::upsert_admin(&env.gw.state.db, "other", &hash)
        .await
        .unwrap();
    let other = env
        .login(Role::Admin, "other", ADMIN_PW)
        .await
        .unwrap()
        .access_token;
    let mut mine = Stream::open(&env, &person, None).await;
    let mut theirs = Stream::open(&env, &other, None).await;
    let mut admins = Stream::open(&env, &admin, None).await;
    // Let the streams subscribe before anything is sent.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let send_test = |token: Option<&str>| {
        let mut req = env.http.post(format!(
            "{}{}",
            env.base,
            cvm_api::paths::ME_TEST_NOTIFICATION
        ));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let r = send_test(Some(&person)).await.unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let sent: LiveEvent = r.json().await.unwrap();
    assert_eq!(sent.kind, EventKind::Test);
    let got = mine.next(WAIT).await.expect("the test notification");
    assert_eq!(got, sent);
    assert_eq!(
        got.to.as_deref(),
        Some(format!("personnel:{}", cvsim::demo::PERSONNEL_PIN).as_str())
    );
    // Nobody else gets it, not even an admin.
    let (seen, _) = theirs.drain(Duration::from_millis(700)).await;
    assert!(seen.iter().all(|e| e.kind != EventKind::Test), "{seen:?}");
    let (seen, _) = admins.drain(Duration::from_millis(300)).await;
    assert!(seen.iter().all(|e| e.kind != EventKind::Test), "{seen:?}");
    // Never stored: the Notification Center does not list it.
    let page: Page<LiveEvent> = env
        .get(cvm_api::paths::NOTIFICATIONS, Some(&person))
        .await
        .json()
        .await
        .unwrap();
    assert!(page.items.iter().all(|e| e.kind != EventKind::Test));
    // Anonymous callers are refused.
    let r = send_test(None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
