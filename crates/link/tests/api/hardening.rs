//! Safe defaults: private files, a loopback-only plain-HTTP listener that checks the Host, tokens never
//! cached, and an upstream client that follows no redirect (the API secret is in every URL), treats 5xx
//! as failure and cannot be kept reading by an upstream that ignores paging.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn files_with_secrets_are_private() {
    let env = start().await;
    env.admin().await;
    let data = &env.cfg.site.data_dir;
    assert_eq!(mode(data), 0o700);
    assert_eq!(mode(&data.join("cvlink.db")), 0o600);
    assert_eq!(mode(&data.join("tls")), 0o700);
    let key = std::fs::read_dir(data.join("tls"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().contains("key"))
        .unwrap();
    assert_eq!(mode(&key.path()), 0o600);
    assert_eq!(mode(&env.cfg_path), 0o600);
    for wal in ["cvlink.db-wal", "cvlink.db-shm"] {
        let p = data.join(wal);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{wal}");
        }
    }
}

#[tokio::test]
async fn plain_http_listens_on_loopback_only_and_checks_the_host() {
    let env = start().await;
    let mut cfg = env.cfg.clone();
    cfg.listen.http = Some("0.0.0.0:8080".parse().unwrap());
    let err = cfg.validate().unwrap_err().to_string();
    assert!(err.contains("listen.http"), "{err}");

    // A page on another site pointing its name at 127.0.0.1 (DNS rebinding) gets nothing.
    let r = env
        .http
        .get(format!("{}{}", env.base, cvm_api::paths::ORG))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = env.get(cvm_api::paths::ORG, None).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_answers_are_never_cached() {
    let env = start().await;
    let r = env
        .http
        .post(format!("{}{}", env.base, cvm_api::paths::LOGIN))
        .json(&json!({"role": "admin", "account": "admin", "password": ADMIN_PW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let tokens: TokenPair = r.json().await.unwrap();
    let r = env
        .http
        .post(format!("{}{}", env.base, cvm_api::paths::REFRESH))
        .json(&json!({"refresh_token": tokens.refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn a_redirecting_upstream_never_gets_the_secret_sent_elsewhere() {
    // Whatever is asked for, the "upstream" redirects to a recorder on another port.
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let recorder = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { axum::Json(json!({"code": 0, "data": []})) }
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let elsewhere = format!("http://{}/stolen", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, recorder).await.unwrap() });
    let redirector = axum::Router::new().fallback(move || {
        let to = elsewhere.clone();
        async move { axum::response::Redirect::temporary(&to) }
    });
    let (gw, base, _dir) = gateway_before(redirector).await;
    let (s, p) = admin_get(&base, cvm_api::paths::DEVICES).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamError)
    );
    // The poller has polled too meanwhile: nothing reached the recorder.
    tokio::time::sleep(std::time::Duration::from_secs_f64(POLL_SECS * 2.0)).await;
    assert_eq!(seen.load(Ordering::SeqCst), 0);
    gw.shutdown().await;
}

#[tokio::test]
async fn a_5xx_is_a_failure_even_with_a_readable_body() {
    let upstream = axum::Router::new().fallback(|| async {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"code": 0, "message": "success", "data": []})),
        )
    });
    let (gw, base, _dir) = gateway_before(upstream).await;
    let (s, p) = admin_get(&base, cvm_api::paths::DEVICES).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamUnavailable)
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn an_upstream_that_ignores_paging_cannot_keep_cvlink_reading() {
    // Every page is the same 1,000 devices, whatever pageNo says.
    let page: Vec<serde_json::Value> = (0..1000)
        .map(|i| json!({"id": i.to_string(), "sn": format!("SN{i}"), "name": format!("D{i}")}))
        .collect();
    let body = json!({"code": 0, "message": "success", "data": page});
    let upstream = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { axum::Json(body) }
    });
    let (gw, base, _dir) = gateway_before(upstream).await;
    let (s, p) = admin_get(&base, cvm_api::paths::DEVICES).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamError)
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_before_it_is_read() {
    let env = start().await;
    let huge = format!(
        r#"{{"role":"admin","account":"admin","password":"{}"}}"#,
        "x".repeat(cvlink::extract::MAX_BODY + 1)
    );
    let r = env
        .http
        .post(format!("{}{}", env.base, cvm_api::paths::LOGIN))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let (s, p) = problem(r).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge)
    );
}

#[tokio::test]
async fn every_answer_carries_the_content_security_policy() {
    let env = start().await;
    let r = env.get(cvm_api::paths::ORG, None).await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, cvlink::server::CSP);
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(
        !csp.contains("'unsafe-inline'; img") || csp.contains("style-src 'self' 'unsafe-inline'")
    );
    assert!(
        !csp.split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .contains("unsafe-inline"),
        "no inline script: {csp}"
    );
}

#[tokio::test]
async fn relayed_users_share_127_0_0_1_and_are_limited_per_account_only() {
    // Everyone behind the relay arrives from loopback: 8 accounts × 4 wrong guesses from the same
    // address lock nobody out (a per-address limit would after 20), and the admin still gets in.
    let env = start().await;
    for i in 0..8 {
        for _ in 0..4 {
            let e = env
                .login(Role::Admin, &format!("someone{i}"), "wrong password!")
                .await
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidCredentials, "someone{i}");
        }
    }
    env.admin().await;
}

#[tokio::test]
async fn a_pinned_cvsecurity_certificate_is_trusted_and_no_other() {
    use sha2::Digest;
    cvlink::tls::init_crypto();
    // A "CVSecurity" on HTTPS with a self-signed certificate.
    let dir = tempfile::tempdir().unwrap();
    let identity =
        cvlink::tls::TlsIdentity::load_or_create(dir.path(), &["127.0.0.1".into()]).unwrap();
    let upstream = axum::Router::new().fallback(|| async {
        axum::Json(json!({"code": 0, "message": "success", "data": {"total": 7, "data": []}}))
    });
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let tls = axum_server::tls_rustls::RustlsConfig::from_config(identity.server_config().unwrap());
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, tls)
            .serve(upstream.into_make_service())
            .await
            .unwrap()
    });
    let pin = hex::encode(sha2::Sha256::digest(&identity.cert_der));
    let cfg = |pin: Option<String>| UpstreamConfig {
        url: format!("https://{addr}"),
        secret: TOKEN.into(),
        accept_invalid_certs: false,
        cert_sha256: pin,
        timeout_secs: 3,
        qr_validity_secs: 30,
    };
    // Pinned: trusted although no CA signed it and whatever its name.
    let pinned = cvlink::upstream::Upstream::new(&cfg(Some(pin.to_uppercase()))).unwrap();
    assert_eq!(pinned.person_count().await.unwrap(), 7);
    // Another pin, or none at all: refused.
    let wrong = cvlink::upstream::Upstream::new(&cfg(Some("00".repeat(32)))).unwrap();
    assert!(matches!(
        wrong.person_count().await,
        Err(cvlink::upstream::UpstreamError::Unavailable(_))
    ));
    let unpinned = cvlink::upstream::Upstream::new(&cfg(None)).unwrap();
    assert!(unpinned.person_count().await.is_err());
    // A pin for a plain-http upstream is a configuration error.
    let mut plain = cfg(Some(pin));
    plain.url = format!("http://{addr}");
    assert!(cvlink::upstream::Upstream::new(&plain).is_err());
}
