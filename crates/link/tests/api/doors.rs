//! Remote Control and Remote Lockdown against cvsim: unlock opens the relay once per idempotency key,
//! bad durations and offline doors are refused before anything goes upstream, lockdown closes and keeps
//! closed, survives a restart and is undone by cancel; every action has its audit row.

use std::time::{Duration, Instant};

use cvm_api::{AuditEntry, Door, DoorActionResult, LockdownGroup, LockdownState, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::events::{await_alarm_at, restart};
use super::*;

impl Env {
    async fn doors_api(&self, token: &str) -> Vec<Door> {
        let r = self.get(cvm_api::paths::DOORS, Some(token)).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn act(
        &self,
        token: &str,
        path: &str,
        body: Value,
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body);
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        req.send().await.unwrap()
    }

    /// cvsim's state of one door.
    async fn sim_door(&self, id: &str) -> Value {
        let all = self
            .sim(
                reqwest::Method::GET,
                "/api/door/allDoorState?timestamp=0",
                None,
            )
            .await;
        all.as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    }

    /// How many remote openings cvsim recorded at a door.
    pub(super) async fn remote_openings(&self, door_name: &str) -> usize {
        let page = self
            .sim(
                reqwest::Method::GET,
                "/api/v2/transaction/list?pageNo=1&pageSize=1000",
                None,
            )
            .await;
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["eventName"] == "remote opening" && t["eventPointName"] == door_name)
            .count()
    }

    async fn audit(&self, token: &str) -> Vec<AuditEntry> {
        let r = self
            .get(&format!("{}?limit=200", cvm_api::paths::AUDIT), Some(token))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let page: Page<AuditEntry> = r.json().await.unwrap();
        page.items
    }
}

pub(super) async fn until(what: &str, mut cond: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !cond().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn unlock_opens_once_per_key_and_refuses_bad_durations_and_offline_doors() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors = env.doors_api(&admin).await;
    let door = doors
        .iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .unwrap()
        .clone();
    assert_eq!(door.relay_open, Some(false));

    // Durations outside 1..=254 and long reasons name the field; nothing is sent upstream.
    for body in [
        json!({"seconds": 0}),
        json!({"seconds": 255}),
        json!({"seconds": 5, "reason": "x".repeat(201)}),
    ] {
        let (s, p) = problem(
            env.act(
                &admin,
                &cvm_api::paths::door_unlock(&door.id),
                body.clone(),
                None,
            )
            .await,
        )
        .await;
        let field = if body.get("reason").is_some() {
            "reason"
        } else {
            "seconds"
        };
        assert_eq!(
            (s, p.field.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{body}"
        );
    }
    assert_eq!(env.remote_openings(&door.name).await, 0);

    let before = env.remote_openings(&door.name).await;
    let body = json!({"seconds": 7, "reason": "Delivery at the gate"});
    let first = env
        .act(
            &admin,
            &cvm_api::paths::door_unlock(&door.id),
            body.clone(),
            Some("tap-1"),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: DoorActionResult = first.json().await.unwrap();
    assert_eq!(first.opened_for, Some(7));
    // The app retries after a dropped connection: same key, same request, the door opens once.
    let again = env
        .act(
            &admin,
            &cvm_api::paths::door_unlock(&door.id),
            body.clone(),
            Some("tap-1"),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replay"], "true");
    assert_eq!(again.json::<DoorActionResult>().await.unwrap(), first);
    assert_eq!(env.remote_openings(&door.name).await, before + 1);
    let state = env.sim_door(&door.id).await;
    assert_eq!(state["relay"], "open", "{state}");
    // The same key for another request is refused.
    let (s, p) = problem(
        env.act(
            &admin,
            &cvm_api::paths::door_unlock(&door.id),
            json!({"seconds": 9}),
            Some("tap-1"),
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, p.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("Idempotency-Key"))
    );
    // A new key opens again.
    env.act(
        &admin,
        &cvm_api::paths::door_unlock(&door.id),
        body,
        Some("tap-2"),
    )
    .await;
    assert_eq!(env.remote_openings(&door.name).await, before + 2);
    // The door list shows the relay open.
    let listed = env
        .doors_api(&admin)
        .await
        .into_iter()
        .find(|d| d.id == door.id)
        .unwrap();
    assert_eq!(listed.relay_open, Some(true));

    // An offline door: refused with its own code, nothing sent upstream, the attempt audited.
    let sn = door.device_sn.clone().unwrap();
    env.control(&format!("/sim/devices/{sn}/offline"), json!({}))
        .await;
    let openings = env.remote_openings(&door.name).await;
    let (s, p) = problem(
        env.act(
            &admin,
            &cvm_api::paths::door_unlock(&door.id),
            json!({"seconds": 5}),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, p.code),
        (StatusCode::CONFLICT, ErrorCode::DeviceOffline)
    );
    assert_eq!(env.remote_openings(&door.name).await, openings);
    let audit = env.audit(&admin).await;
    let unlocks: Vec<&AuditEntry> = audit
        .iter()
        .filter(|a| a.action == "door_unlock" && a.target.as_deref() == Some(&door.id))
        .collect();
    assert_eq!(
        unlocks.len(),
        3,
        "two openings and one refusal: {unlocks:#?}"
    );
    assert!(unlocks[0]
        .detail
        .as_deref()
        .unwrap()
        .contains("device_offline"));
    let opened = unlocks.last().unwrap();
    assert_eq!(
        (
            opened.actor.as_str(),
            opened.reason.as_deref(),
            opened.upstream.as_deref()
        ),
        ("admin:admin", Some("Delivery at the gate"), Some("ok"))
    );

    // An unknown door.
    let (s, _) = problem(
        env.act(
            &admin,
            &cvm_api::paths::door_unlock("no-such-door"),
            json!({"seconds": 5}),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cancel_alarm_acknowledges_closes_and_says_what_the_vendor_api_cannot_do() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let door = env
        .doors_api(&admin)
        .await
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .unwrap();
    env.control(
        &format!("/sim/doors/{}/alarm", door.id),
        json!({"alarm": "forced open"}),
    )
    .await;
    let alarm = await_alarm_at(&env, &admin, &door.name).await;
    let shown = env
        .doors_api(&admin)
        .await
        .into_iter()
        .find(|d| d.id == door.id)
        .unwrap();
    assert_eq!(shown.alarm.as_deref(), Some("be opened accidentally"));

    let unconfirmed_at = |point: &str| {
        let point = point.to_string();
        let db = env.gw.state.db.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM events WHERE kind = 'alarm' AND ack_at IS NULL AND point = ?",
            )
            .bind(point)
            .fetch_one(&db)
            .await
            .unwrap();
            n
        }
    };
    let open_at_door = unconfirmed_at(&door.name).await;
    assert!(open_at_door >= 1);
    let r = env
        .act(
            &admin,
            &cvm_api::paths::door_cancel_alarm(&door.id),
            json!({"reason": "False alarm, checked on camera"}),
            Some("cancel-1"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let result: DoorActionResult = r.json().await.unwrap();
    // Every unconfirmed alarm at the door: the one raised here, and any the demo site's day already
    // holds there (its history depends on the time of day).
    assert_eq!(result.alarms_acknowledged, Some(open_at_door as u32));
    assert_eq!(unconfirmed_at(&door.name).await, 0);
    assert_eq!(result.not_supported, ["device_alarm_output"]);
    let r = env
        .get(&cvm_api::paths::alarm(alarm.id), Some(&admin))
        .await;
    let acked: cvm_api::Alarm = r.json().await.unwrap();
    assert_eq!(acked.ack.unwrap().remark, "False alarm, checked on camera");
    assert_eq!(env.sim_door(&door.id).await["relay"], "off");
    let audit = env.audit(&admin).await;
    let row = audit
        .iter()
        .find(|a| a.action == "door_cancel_alarm")
        .unwrap();
    assert_eq!(
        (row.target.as_deref(), row.upstream.as_deref()),
        (Some(door.id.as_str()), Some("ok"))
    );
}

#[tokio::test]
async fn lockdown_closes_keeps_closed_survives_a_restart_and_cancel_restores() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let online: Vec<Door> = env
        .doors_api(&admin)
        .await
        .into_iter()
        .filter(|d| d.connection == cvm_api::Connection::Online)
        .collect();
    let (a, b, outside) = (&online[0], &online[1], &online[2]);

    // Bad groups are refused with the field.
    for (body, field) in [
        (json!({"name": "", "doors": [a.id]}), "name"),
        (json!({"name": "X", "doors": []}), "doors"),
        (json!({"name": "X", "doors": ["nope"]}), "doors"),
    ] {
        let (s, p) = problem(
            env.act(&admin, cvm_api::paths::LOCKDOWN_GROUPS, body, None)
                .await,
        )
        .await;
        assert_eq!(
            (s, p.field.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    let r = env
        .act(
            &admin,
            cvm_api::paths::LOCKDOWN_GROUPS,
            json!({"name": "Science wing", "doors": [a.id, b.id]}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let group: LockdownGroup = r.json().await.unwrap();
    assert!(!group.active);

    // Door A is open (through cvsim's own API, as a guard's badge or the vendor's web page would).
    env.sim(
        reqwest::Method::POST,
        &format!("/api/door/remoteOpenById?doorId={}&interval=120", a.id),
        None,
    )
    .await;
    assert_eq!(env.sim_door(&a.id).await["relay"], "open");

    // Two admins activate at once: one lockdown.
    let hash = cvlink::auth::hash_password(ADMIN_PW).unwrap();
    db::upsert_admin(&env.gw.state.db, "second", &hash)
        .await
        .unwrap();
    let second = env
        .login(Role::Admin, "second", ADMIN_PW)
        .await
        .unwrap()
        .access_token;
    let path = cvm_api::paths::lockdown_activate(group.id);
    let (r1, r2) = tokio::join!(
        env.act(&admin, &path, json!({"reason": "Intruder reported"}), None),
        env.act(&second, &path, json!({"reason": "Intruder reported"}), None)
    );
    assert_eq!((r1.status(), r2.status()), (StatusCode::OK, StatusCode::OK));
    let activations = env
        .audit(&admin)
        .await
        .into_iter()
        .filter(|e| e.action == "lockdown_activate")
        .count();
    assert_eq!(activations, 1);
    let state: LockdownState = env
        .get(cvm_api::paths::LOCKDOWN, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(state.any_active);
    assert_eq!(
        env.sim_door(&a.id).await["relay"],
        "off",
        "activation closes the group's doors"
    );

    // Unlock of a locked door is refused with its own code; a door outside the group still opens.
    let (s, p) = problem(
        env.act(
            &admin,
            &cvm_api::paths::door_unlock(&a.id),
            json!({"seconds": 5}),
            None,
        )
        .await,
    )
    .await;
    assert_eq!((s, p.code), (StatusCode::CONFLICT, ErrorCode::LockedDown));
    let r = env
        .act(
            &admin,
            &cvm_api::paths::door_unlock(&outside.id),
            json!({"seconds": 3}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let listed = env
        .doors_api(&admin)
        .await
        .into_iter()
        .find(|d| d.id == b.id)
        .unwrap();
    assert_eq!(listed.locked_down_by, ["Science wing"]);

    // Opened behind cvlink's back: closed again within a poll or two.
    env.sim(
        reqwest::Method::POST,
        &format!("/api/door/remoteOpenById?doorId={}&interval=120", b.id),
        None,
    )
    .await;
    until("the door to be closed again", async || {
        env.sim_door(&b.id).await["relay"] == "off"
    })
    .await;
    assert!(env
        .audit(&admin)
        .await
        .iter()
        .any(|e| e.action == "lockdown_reclose" && e.target.as_deref() == Some(&b.id)));

    // The lockdown survives a restart.
    let env = restart(env, ("/sim/clock/resume", json!({}))).await;
    let admin = env.admin().await.access_token;
    let state: LockdownState = env
        .get(cvm_api::paths::LOCKDOWN, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let kept = state.groups.iter().find(|g| g.id == group.id).unwrap();
    // Whichever of the two admins came first holds it.
    assert!(
        kept.active && matches!(kept.by.as_deref(), Some("admin" | "second")),
        "{kept:?}"
    );
    assert_eq!(kept.reason.as_deref(), Some("Intruder reported"));
    let (s, p) = problem(
        env.act(
            &admin,
            &cvm_api::paths::door_unlock(&a.id),
            json!({"seconds": 5}),
            None,
        )
        .await,
    )
    .await;
    assert_eq!((s, p.code), (StatusCode::CONFLICT, ErrorCode::LockedDown));
    // A group under lockdown cannot be deleted.
    let r = env
        .http
        .delete(format!(
            "{}{}",
            env.base,
            cvm_api::paths::lockdown_group(group.id)
        ))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Cancel restores unlock.
    let r = env
        .act(
            &admin,
            &cvm_api::paths::lockdown_cancel(group.id),
            json!({"reason": "All clear"}),
            None,
        )
        .await;
    let cancelled: LockdownGroup = r.json().await.unwrap();
    assert!(!cancelled.active);
    let r = env
        .act(
            &admin,
            &cvm_api::paths::door_unlock(&a.id),
            json!({"seconds": 5}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let actions: Vec<String> = env
        .audit(&admin)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "lockdown_group_save",
        "lockdown_activate",
        "lockdown_reclose",
        "lockdown_cancel",
        "door_unlock",
    ] {
        assert!(actions.iter().any(|x| x == a), "no {a} in {actions:?}");
    }
    // Lockdown changes reached the admins' feed.
    let page = env.notifications(&admin, "limit=200").await;
    let changes: Vec<&str> = page
        .items
        .iter()
        .filter(|e| e.kind == cvm_api::EventKind::Lockdown)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(changes, ["cancel", "activate"]);
}

// The CLI runs as a child process that calls the in-process cvsim: the runtime needs a free thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_manages_lockdown_groups() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let out = env.cli(&["lockdown-group", "doors"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8(out.stdout).unwrap();
    let first: Vec<&str> = listing.lines().next().unwrap().split('\t').collect();
    let out = env.cli(&["lockdown-group", "add", "Gym", "--doors", first[0]]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let state: LockdownState = env
        .get(cvm_api::paths::LOCKDOWN, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state.groups.len(), 1);
    assert_eq!(
        (
            state.groups[0].name.as_str(),
            state.groups[0].doors.as_slice()
        ),
        ("Gym", &[first[0].to_string()][..])
    );
    let out = env.cli(&["lockdown-group", "add", "Pool", "--doors", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no door"));
    let out = env.cli(&["lockdown-group", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Gym\tnormal\t"));
    let out = env.cli(&["lockdown-group", "remove", "Gym"]);
    assert!(out.status.success());
    let state: LockdownState = env
        .get(cvm_api::paths::LOCKDOWN, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(state.groups.is_empty());
}
