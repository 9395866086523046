//! A CVSecurity in trouble (cvsim's `/sim/faults`): slow, answering garbage, answering 5xx, dropping the
//! connection. Each gives the user a specific answer, the gateway stays up and serves what it stored,
//! and an acting request retried with its key does not act twice.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn each_upstream_fault_gets_a_specific_answer_and_the_gateway_stays_up() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    assert_eq!(
        env.get(cvm_api::paths::DEVICES, Some(&admin))
            .await
            .status(),
        StatusCode::OK
    );
    // The test config gives the upstream 3 s.
    for (mode, want) in [
        ("slow", ErrorCode::UpstreamUnavailable),
        ("garbage", ErrorCode::UpstreamError),
        ("5xx", ErrorCode::UpstreamUnavailable),
        ("drop", ErrorCode::UpstreamUnavailable),
    ] {
        env.control("/sim/faults", json!({"mode": mode, "ms": 4000}))
            .await;
        let (s, p) = problem(env.get(cvm_api::paths::DEVICES, Some(&admin)).await).await;
        assert_eq!((s, p.code), (StatusCode::BAD_GATEWAY, want), "{mode}");
        // Still up: what needs no upstream works.
        assert_eq!(
            env.get(cvm_api::paths::ORG, None).await.status(),
            StatusCode::OK,
            "{mode}"
        );
        assert_eq!(
            env.get(cvm_api::paths::NOTIFICATIONS, Some(&admin))
                .await
                .status(),
            StatusCode::OK,
            "{mode}"
        );
        env.login(Role::Admin, "admin", ADMIN_PW).await.unwrap();
    }
    env.control("/sim/faults", json!({"mode": "none"})).await;
    assert_eq!(
        env.get(cvm_api::paths::DEVICES, Some(&admin))
            .await
            .status(),
        StatusCode::OK
    );
}

/// A door whose device is online, as the gateway lists it.
async fn online_door(env: &Env, admin: &str) -> cvm_api::Door {
    let doors: Vec<cvm_api::Door> = env
        .get(cvm_api::paths::DOORS, Some(admin))
        .await
        .json()
        .await
        .unwrap();
    doors
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .unwrap()
}

#[tokio::test]
async fn an_unlock_that_failed_upstream_is_not_done_by_its_retry() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let door = online_door(&env, &admin).await;
    let unlock = || async {
        env.http
            .post(format!(
                "{}{}",
                env.base,
                cvm_api::paths::door_unlock(&door.id)
            ))
            .bearer_auth(&admin)
            .header("idempotency-key", "tap-during-outage")
            .json(&json!({"seconds": 5}))
            .send()
            .await
            .unwrap()
    };
    env.control("/sim/faults", json!({"mode": "drop"})).await;
    let (s, p) = problem(unlock().await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamUnavailable)
    );
    env.control("/sim/faults", json!({"mode": "none"})).await;
    // The app's automatic retry of the same tap gets the same answer; the door stays shut. A new tap
    // (a new key) opens it.
    let again = unlock().await;
    assert_eq!(again.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(again.headers()["idempotent-replay"], "true");
    let state = env
        .sim(
            reqwest::Method::GET,
            "/api/door/allDoorState?timestamp=0",
            None,
        )
        .await;
    let shown = state
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == door.id.as_str())
        .unwrap()
        .clone();
    assert_eq!(shown["relay"], "off", "{shown}");
}

#[tokio::test]
async fn a_restart_in_the_middle_of_an_unlock_never_does_it_twice() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let door = online_door(&env, &admin).await;
    let path = cvm_api::paths::door_unlock(&door.id);
    let tap = |env: &Env, key: &'static str| {
        env.http
            .post(format!("{}{}", env.base, path))
            .bearer_auth(&admin)
            .header("idempotency-key", key)
            .json(&json!({"seconds": 5}))
            .send()
    };
    // CVSecurity answers slowly: the unlock is still on its way when cvlink is told to stop. The stop
    // lets it finish; the app's retry after the restart gets that answer again and opens nothing more.
    env.control("/sim/faults", json!({"mode": "slow", "ms": 1500}))
        .await;
    let first = tokio::spawn(tap(&env, "tap-before-restart"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (env, ()) = super::events::restart_with(env, |http, sim| async move {
        let r = http
            .post(format!("{sim}/sim/faults"))
            .json(&json!({"mode": "none"}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    })
    .await;
    assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
    let retry = tap(&env, "tap-before-restart").await.unwrap();
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.headers()["idempotent-replay"], "true");
    let unlocks = |env: &Env| {
        let (db, door) = (env.gw.state.db.clone(), door.id.clone());
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM audit WHERE action = 'door_unlock' AND target = ?",
            )
            .bind(door)
            .fetch_one(&db)
            .await
            .unwrap();
            n
        }
    };
    assert_eq!(unlocks(&env).await, 1, "acted once");

    // A run of cvlink that died mid-request leaves its claim unanswered: the retry is told the outcome
    // is unknown, at once, and nothing is sent upstream.
    let request = json!({"unlock": door.id, "seconds": 5, "reason": ""}).to_string();
    sqlx::query(
        "INSERT INTO idempotency (actor, key, request, created_at, boot) VALUES (?, ?, ?, ?, 'a-run-that-died')",
    )
    .bind("admin:admin")
    .bind("tap-before-crash")
    .bind(&request)
    .bind(cvlink::db::now())
    .execute(&env.gw.state.db)
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let (s, p) = problem(tap(&env, "tap-before-crash").await.unwrap()).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::CONFLICT, ErrorCode::OutcomeUnknown)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "not waited for"
    );
    assert_eq!(unlocks(&env).await, 1, "nothing more was done");
    // The gateway is up, and a new tap acts.
    assert_eq!(
        tap(&env, "a-new-tap").await.unwrap().status(),
        StatusCode::OK
    );
}
