//! Logins and sessions under attack and over time: parallel guessing gets no more tries than the limit,
//! a reused refresh token ends its session, a person who left CVSecurity loses theirs at the next
//! refresh, a new admin password ends that admin's sessions, and sessions have an absolute lifetime.

use std::time::Duration;

use cvm_api::{ErrorCode, Role, TokenPair};
use reqwest::StatusCode;
use serde_json::json;

use super::*;

impl Env {
    async fn refresh(&self, refresh_token: &str) -> (StatusCode, serde_json::Value) {
        self.post(
            cvm_api::paths::REFRESH,
            json!({ "refresh_token": refresh_token }),
        )
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_wrong_logins_get_no_more_guesses_than_the_limit() {
    let env = start().await;
    let attempts = (0..40).map(|_| env.login(Role::Admin, "admin", "not the password"));
    let results = futures::future::join_all(attempts).await;
    let mut wrong = 0;
    let mut throttled = 0;
    for r in results {
        match r {
            Err(p) if p.code == ErrorCode::InvalidCredentials => wrong += 1,
            Err(p) if p.code == ErrorCode::TooManyAttempts => throttled += 1,
            other => panic!("{other:?}"),
        }
    }
    assert!(
        wrong <= AuthConfig::default().max_failures,
        "{wrong} guesses were checked"
    );
    assert_eq!(wrong + throttled, 40);
    // And the right password is refused too while the account is locked.
    let e = env.login(Role::Admin, "admin", ADMIN_PW).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::TooManyAttempts);
}

#[tokio::test]
async fn a_refresh_token_used_twice_ends_the_whole_session() {
    let env = start().await;
    let first = env.admin().await;
    let (s, second) = env.refresh(&first.refresh_token).await;
    assert_eq!(s, StatusCode::OK);
    let second: TokenPair = serde_json::from_value(second).unwrap();
    // The old token comes back (stolen, or replayed): refused, and the session is over for everyone.
    let (s, body) = env.refresh(&first.refresh_token).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
    let (s, _) = env.refresh(&second.refresh_token).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&second.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit WHERE action = 'refresh_token_reused'")
            .fetch_all(&env.gw.state.db)
            .await
            .unwrap();
    assert_eq!(actions.len(), 1);
}

#[tokio::test]
async fn a_person_who_left_cvsecurity_loses_the_session_at_the_next_refresh() {
    let env = start().await;
    let tokens = env.personnel().await;
    let (s, body) = env.refresh(&tokens.refresh_token).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let tokens: TokenPair = serde_json::from_value(body).unwrap();
    env.sim(
        reqwest::Method::POST,
        "/api/person/leave",
        Some(json!({ "pin": cvsim::demo::PERSONNEL_PIN })),
    )
    .await;
    let (s, body) = env.refresh(&tokens.refresh_token).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
    let why: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT detail FROM audit WHERE action = 'session_ended'")
            .fetch_all(&env.gw.state.db)
            .await
            .unwrap();
    assert_eq!(why, [(Some("no longer in CVSecurity".to_string()),)]);
}

#[tokio::test]
async fn a_new_admin_password_ends_that_admins_sessions() {
    let env = start().await;
    let old = env.admin().await;
    let hash = cvlink::auth::hash_password("a brand new password").unwrap();
    db::upsert_admin(&env.gw.state.db, "ADMIN", &hash)
        .await
        .unwrap();
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&old.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (s, _) = env.refresh(&old.refresh_token).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    env.login(Role::Admin, "admin", "a brand new password")
        .await
        .unwrap();
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime_however_often_refreshed() {
    let env = start_with(
        AuthConfig {
            session_max_secs: 2,
            ..AuthConfig::default()
        },
        None,
    )
    .await;
    let tokens = env.admin().await;
    let (s, body) = env.refresh(&tokens.refresh_token).await;
    assert_eq!(s, StatusCode::OK);
    let tokens: TokenPair = serde_json::from_value(body).unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (s, _) = env.refresh(&tokens.refresh_token).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_cli_removes_admins_and_ends_sessions() {
    let env = start().await;
    let admin = env.admin().await;
    let person = env.personnel().await;
    let out = env.cli(&[
        "sessions",
        "revoke",
        "--personnel",
        cvsim::demo::PERSONNEL_PIN,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ended 1 session(s)"));
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&person.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&admin.access_token))
            .await
            .status(),
        StatusCode::OK
    );
    let out = env.cli(&["sessions", "revoke"]);
    assert!(!out.status.success());

    let out = env.cli(&["user", "remove", "admin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&admin.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let e = env.login(Role::Admin, "admin", ADMIN_PW).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    let out = env.cli(&["user", "remove", "admin"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no administrator"));

    env.admin_again().await;
    let out = env.cli(&["sessions", "revoke", "--all"]);
    assert!(out.status.success());
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit WHERE actor = 'cli' ORDER BY id")
            .fetch_all(&env.gw.state.db)
            .await
            .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        actions,
        ["sessions_revoked", "admin_removed", "sessions_revoked"]
    );
}

impl Env {
    /// Creates the test admin again and logs in.
    async fn admin_again(&self) -> TokenPair {
        let hash = cvlink::auth::hash_password(ADMIN_PW).unwrap();
        db::upsert_admin(&self.gw.state.db, "admin", &hash)
            .await
            .unwrap();
        self.admin().await
    }
}
