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

/// A browser's refresh token lives in an `HttpOnly` cookie the page cannot read: login and refresh put
/// it there (not in the body), a refresh or logout with an empty body token takes it from there, a
/// reused one ends the session and is forgotten, and without the opt-in header the cookie counts for
/// nothing (a form on another site cannot add it).
#[tokio::test]
async fn a_browser_keeps_its_refresh_token_in_an_http_only_cookie() {
    use cvm_api::paths::{AUTH_PREFIX, REFRESH_COOKIE, REFRESH_IN_COOKIE};
    let env = start().await;
    let url = |path: &str| format!("{}{path}", env.base);
    let set_cookie = |r: &reqwest::Response| -> String {
        r.headers()
            .get(reqwest::header::SET_COOKIE)
            .expect("a Set-Cookie header")
            .to_str()
            .unwrap()
            .to_string()
    };
    let value = |cookie: &str| -> String {
        let first = cookie.split(';').next().unwrap();
        first
            .strip_prefix(&format!("{REFRESH_COOKIE}="))
            .unwrap()
            .to_string()
    };

    let r = env
        .http
        .post(url(cvm_api::paths::LOGIN))
        .header(REFRESH_IN_COOKIE, "1")
        .json(&json!({"role": "admin", "account": "admin", "password": ADMIN_PW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = set_cookie(&r);
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        &format!("Path={AUTH_PREFIX}"),
        "Max-Age=",
    ] {
        assert!(cookie.contains(part), "{part} missing in {cookie}");
    }
    // Plain HTTP (loopback only): a Secure cookie would never come back.
    assert!(!cookie.contains("Secure"), "{cookie}");
    let first = value(&cookie);
    assert!(first.starts_with("cvr_"), "{cookie}");
    let body: TokenPair = r.json().await.unwrap();
    assert_eq!(body.refresh_token, "", "the body carries no refresh token");
    assert!(!body.access_token.is_empty());

    let refresh = |token: String, header: bool| {
        let mut req = env
            .http
            .post(url(cvm_api::paths::REFRESH))
            .header(reqwest::header::COOKIE, format!("{REFRESH_COOKIE}={token}"))
            .json(&json!({"refresh_token": ""}));
        if header {
            req = req.header(REFRESH_IN_COOKIE, "1");
        }
        req.send()
    };
    // Without the header the cookie is not used.
    let r = refresh(first.clone(), false).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // With it, the cookie's token is exchanged and the new one comes back in the cookie.
    let r = refresh(first.clone(), true).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let second = value(&set_cookie(&r));
    assert!(second.starts_with("cvr_") && second != first);
    let pair: TokenPair = r.json().await.unwrap();
    assert_eq!(pair.refresh_token, "");
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&pair.access_token))
            .await
            .status(),
        StatusCode::OK
    );

    // Logout takes the cookie's token, revokes it and clears the cookie.
    let r = env
        .http
        .post(url(cvm_api::paths::LOGOUT))
        .header(REFRESH_IN_COOKIE, "1")
        .header(
            reqwest::header::COOKIE,
            format!("{REFRESH_COOKIE}={second}"),
        )
        .json(&json!({"refresh_token": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let cleared = set_cookie(&r);
    assert!(
        cleared.starts_with(&format!("{REFRESH_COOKIE}=;")) && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let r = refresh(second, true).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A refused token is dropped from the browser too.
    assert!(set_cookie(&r).contains("Max-Age=0"));
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&pair.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
