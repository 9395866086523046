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

#[tokio::test]
async fn an_unlock_that_failed_upstream_is_not_done_by_its_retry() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors: Vec<cvm_api::Door> = env
        .get(cvm_api::paths::DOORS, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let door = doors
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .unwrap();
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
