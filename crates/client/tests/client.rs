//! The client against a small in-process gateway over pinned HTTPS (self-signed, graviola) and plain HTTP.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use cvm_api::{
    paths, Ack, AckRequest, Alarm, AlarmQuery, AlarmStatus, AlarmSummary, Area, Dashboard, Device,
    DeviceQuery, DeviceState, ErrorCode, EventId, EventKind, EventLevel, Fingerprint, LiveEvent,
    LockdownGroup, LockdownGroupRequest, LoginRequest, LogoutRequest, Me, OrgCode, OrgInfo, Page,
    PageQuery, Problem, RefreshRequest, Role, SummaryQuery, TokenPair,
};
use cvm_client::{Client, Failure};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;
use url::Url;

// ---- a fake gateway ----

#[derive(Default)]
struct Gateway {
    fingerprint: Mutex<String>,
    next: AtomicUsize,
    access: Mutex<HashSet<String>>,
    expired: Mutex<HashSet<String>>,
    refresh: Mutex<HashSet<String>>,
    refreshes: AtomicUsize,
    reject_refresh: AtomicBool,
    garbage_areas: AtomicBool,
    logouts: Mutex<Vec<String>>,
    /// Every request's path and query, to check that no token is ever in a URL.
    uris: Mutex<Vec<String>>,
    /// The events stored so far, and the channel that sends new ones to open streams.
    events: Mutex<Vec<LiveEvent>>,
    live: Live,
    /// The `Last-Event-ID` and `Accept` of each event stream request.
    stream_requests: Mutex<Vec<(Option<String>, String)>>,
    /// Streams end after the stored events.
    close_streams: AtomicBool,
    /// The lockdown groups deleted.
    deleted_groups: Mutex<Vec<i64>>,
}

struct Live(broadcast::Sender<LiveEvent>);

impl Default for Live {
    fn default() -> Self {
        Self(broadcast::channel(16).0)
    }
}

type Shared = Arc<Gateway>;

impl Gateway {
    fn issue(&self) -> TokenPair {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let pair = TokenPair {
            access_token: format!("access-{n}"),
            refresh_token: format!("refresh-{n}"),
            expires_in: 900,
            role: Role::Admin,
        };
        self.access
            .lock()
            .unwrap()
            .insert(pair.access_token.clone());
        self.refresh
            .lock()
            .unwrap()
            .insert(pair.refresh_token.clone());
        pair
    }

    /// Every access token issued so far now answers `token_expired`.
    fn expire_access_tokens(&self) {
        let mut access = self.access.lock().unwrap();
        self.expired.lock().unwrap().extend(access.drain());
    }

    /// Every access token issued so far is forgotten (as after a gateway reset): `invalid_token`.
    fn forget_access_tokens(&self) {
        self.access.lock().unwrap().clear();
    }

    fn refreshes(&self) -> usize {
        self.refreshes.load(Ordering::SeqCst)
    }

    /// Stores an event and sends it to every open stream.
    fn publish(&self, id: i64) {
        let e = live_event(id);
        self.events.lock().unwrap().push(e.clone());
        let _ = self.live.0.send(e);
    }

    fn assert_no_token_in_any_url(&self) {
        let uris = self.uris.lock().unwrap();
        assert!(!uris.is_empty());
        for uri in uris.iter() {
            assert!(
                !uri.contains("access-") && !uri.contains("refresh-"),
                "a token in {uri}"
            );
        }
    }
}

fn live_event(id: i64) -> LiveEvent {
    LiveEvent {
        device: Some("Front gate".into()),
        device_sn: Some("SN1".into()),
        point: Some("Door 1".into()),
        area: Some("Main hall".into()),
        ..LiveEvent::new(
            EventId(id),
            "2026-03-01 08:00:00",
            EventKind::Alarm,
            EventLevel::Alarm,
            "door opened forcibly",
        )
    }
}

fn problem(code: ErrorCode, title: &str) -> Response {
    let p = Problem::new(code, title);
    (
        StatusCode::from_u16(p.status).unwrap(),
        [(header::CONTENT_TYPE, "application/problem+json")],
        Json(p),
    )
        .into_response()
}

/// Why the request is refused, if it is.
fn refusal(gw: &Gateway, headers: &HeaderMap) -> Option<Response> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Some(problem(ErrorCode::Unauthenticated, "Log in first"));
    };
    if gw.access.lock().unwrap().contains(token) {
        None
    } else if gw.expired.lock().unwrap().contains(token) {
        Some(problem(ErrorCode::TokenExpired, "Token expired"))
    } else {
        Some(problem(ErrorCode::InvalidToken, "Invalid token"))
    }
}

async fn org(State(gw): State<Shared>) -> Json<OrgInfo> {
    Json(OrgInfo {
        name: "Test Site".into(),
        version: "0.1.0".into(),
        fingerprint: gw.fingerprint.lock().unwrap().clone(),
    })
}

async fn login(State(gw): State<Shared>, Json(req): Json<LoginRequest>) -> Response {
    match (req.account.as_str(), req.password.as_str()) {
        ("admin", "pw") => Json(gw.issue()).into_response(),
        ("1001", _) => problem(ErrorCode::AppLoginDisabled, "Unauthorized APP login"),
        _ => problem(ErrorCode::InvalidCredentials, "Wrong account or password"),
    }
}

async fn refresh(State(gw): State<Shared>, Json(req): Json<RefreshRequest>) -> Response {
    gw.refreshes.fetch_add(1, Ordering::SeqCst);
    // Slow enough for concurrent requests to pile up behind the client's refresh lock.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let known = gw.refresh.lock().unwrap().remove(&req.refresh_token);
    if !known || gw.reject_refresh.load(Ordering::SeqCst) {
        return problem(ErrorCode::InvalidToken, "Refresh token revoked");
    }
    Json(gw.issue()).into_response()
}

async fn logout(State(gw): State<Shared>, Json(req): Json<LogoutRequest>) -> StatusCode {
    gw.logouts.lock().unwrap().push(req.refresh_token);
    StatusCode::NO_CONTENT
}

async fn me(State(gw): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    Json(Me {
        role: Role::Admin,
        account: "admin".into(),
        name: "admin".into(),
        department: None,
        org_name: "Test Site".into(),
    })
    .into_response()
}

async fn dashboard(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<cvm_api::AreaQuery>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    Json(Dashboard {
        area: q.area,
        persons: 12,
        devices_online: 3,
        devices_offline: 1,
        devices_disabled: 0,
        visitors_today: 2,
    })
    .into_response()
}

async fn areas(State(gw): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    if gw.garbage_areas.load(Ordering::SeqCst) {
        return (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>proxy error</html>",
        )
            .into_response();
    }
    Json(vec![Area {
        id: "1".into(),
        name: "Main hall".into(),
    }])
    .into_response()
}

async fn devices(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<DeviceQuery>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    // Echo the query in the answer so the test sees what was sent.
    Json(vec![Device {
        id: "d1".into(),
        sn: "SN1".into(),
        name: "Front door".into(),
        model: "inBIO460".into(),
        area: q.area,
        state: q.state.unwrap_or(DeviceState::Online),
        doors: 4,
    }])
    .into_response()
}

/// The SSE stream: a heartbeat, an event name this client does not know, the stored events after
/// `Last-Event-ID`, then whatever is published while the stream is open.
async fn events(State(gw): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let last = text("last-event-id");
    gw.stream_requests
        .lock()
        .unwrap()
        .push((last.clone(), text("accept").unwrap_or_default()));
    let after: i64 = last.and_then(|l| l.parse().ok()).unwrap_or(0);
    let rx = gw.live.0.subscribe();
    let backlog: Vec<LiveEvent> = gw
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.id.0 > after)
        .cloned()
        .collect();
    let sse = |e: LiveEvent| {
        Ok::<_, std::convert::Infallible>(
            SseEvent::default()
                .id(e.id.to_string())
                .event(e.kind.as_str())
                .data(serde_json::to_string(&e).unwrap()),
        )
    };
    let head = futures::stream::iter([
        Ok(SseEvent::default().comment("ping")),
        Ok(SseEvent::default().event("parking").data("{\"spot\":3}")),
    ]);
    let backlog = futures::stream::iter(backlog).map(sse);
    let close = gw.close_streams.load(Ordering::SeqCst);
    let live = futures::stream::unfold(rx, move |mut rx| async move {
        if close {
            return None;
        }
        rx.recv().await.ok().map(|e| (e, rx))
    })
    .map(sse);
    Sse::new(head.chain(backlog).chain(live))
        .keep_alive(KeepAlive::new().interval(Duration::from_millis(200)))
        .into_response()
}

async fn notifications(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    // The cursor says what was asked, for the test to check.
    Json(Page {
        items: vec![live_event(9)],
        next_cursor: Some(format!("{:?}/{:?}", q.cursor, q.limit)),
    })
    .into_response()
}

fn alarm(id: i64) -> Alarm {
    Alarm {
        id: EventId(id),
        at: "2026-03-01 08:00:00".into(),
        level: EventLevel::Alarm,
        name: "door opened forcibly".into(),
        device: Some("Front gate".into()),
        device_sn: Some("SN1".into()),
        source: Some("Door 1".into()),
        area: None,
        pin: None,
        person: None,
        has_photo: true,
        photo: None,
        ack: None,
    }
}

/// Alarms: the query comes back as the cursor (JSON), for the test to check what was sent.
async fn alarms(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<AlarmQuery>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    Json(Page {
        items: vec![alarm(2), alarm(1)],
        next_cursor: Some(serde_json::to_string(&q).unwrap()),
    })
    .into_response()
}

async fn alarm_summary(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<SummaryQuery>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    Json(AlarmSummary {
        date: q.date.unwrap_or_else(|| "2026-03-01".into()),
        total: 3,
        unconfirmed: 2,
        confirmed: 1,
    })
    .into_response()
}

async fn one_alarm(State(gw): State<Shared>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    if id == 404 {
        return problem(ErrorCode::NotFound, "No such alarm");
    }
    Json(Alarm {
        photo: Some("data:image/jpeg;base64,AAAA".into()),
        ..alarm(id)
    })
    .into_response()
}

async fn ack_alarm(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(req): Json<AckRequest>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    Json(Alarm {
        ack: Some(Ack {
            by: "admin".into(),
            at: "2026-03-01 08:05:00".into(),
            remark: req.remark,
        }),
        ..alarm(id)
    })
    .into_response()
}

/// Group 404 does not exist; group 2 is under lockdown.
async fn put_group(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(req): Json<LockdownGroupRequest>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    if id == 404 {
        return problem(ErrorCode::NotFound, "No such group");
    }
    Json(LockdownGroup {
        id,
        name: req.name,
        doors: req.doors,
        active: id == 2,
        since: None,
        by: None,
        reason: None,
    })
    .into_response()
}

async fn delete_group(
    State(gw): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    if let Some(r) = refusal(&gw, &headers) {
        return r;
    }
    if id == 2 {
        let p =
            Problem::new(ErrorCode::Validation, "cancel the lockdown first").with_field("group");
        return (
            StatusCode::from_u16(p.status).unwrap(),
            [(header::CONTENT_TYPE, "application/problem+json")],
            Json(p),
        )
            .into_response();
    }
    gw.deleted_groups.lock().unwrap().push(id);
    StatusCode::NO_CONTENT.into_response()
}

async fn record_uri(State(gw): State<Shared>, req: Request, next: Next) -> Response {
    gw.uris.lock().unwrap().push(req.uri().to_string());
    next.run(req).await
}

fn api(gw: Shared) -> Router {
    Router::new()
        .route(paths::ORG, get(org))
        .route(paths::LOGIN, post(login))
        .route(paths::REFRESH, post(refresh))
        .route(paths::LOGOUT, post(logout))
        .route(paths::ME, get(me))
        .route(paths::DASHBOARD, get(dashboard))
        .route(paths::AREAS, get(areas))
        .route(paths::DEVICES, get(devices))
        .route(paths::EVENTS, get(events))
        .route(paths::NOTIFICATIONS, get(notifications))
        .route(paths::ALARMS, get(alarms))
        .route(paths::ALARM_SUMMARY, get(alarm_summary))
        .route("/api/v1/alarms/{id}", get(one_alarm))
        .route("/api/v1/alarms/{id}/ack", post(ack_alarm))
        .route(
            "/api/v1/lockdown/groups/{id}",
            put(put_group).delete(delete_group),
        )
        .layer(middleware::from_fn_with_state(gw.clone(), record_uri))
        .with_state(gw)
}

struct Site {
    gw: Shared,
    addr: SocketAddr,
    fingerprint: Fingerprint,
}

impl Site {
    fn url(&self) -> Url {
        Url::parse(&format!("https://{}", self.addr)).unwrap()
    }

    fn org(&self, urls: Vec<Url>) -> OrgCode {
        OrgCode::new("Test Site", urls, self.fingerprint).unwrap()
    }

    fn client(&self) -> Client {
        Client::for_org(&self.org(vec![self.url()])).unwrap()
    }
}

/// A gateway over HTTPS with a fresh self-signed key (for "localhost": the client must ignore names).
async fn https_site_with_prefix(prefix: Option<&str>) -> Site {
    let gw = Shared::default();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let fingerprint = Fingerprint(Sha256::digest(key.public_key_der()).into());
    *gw.fingerprint.lock().unwrap() = fingerprint.to_hex();

    let provider = Arc::new(rustls_graviola::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];

    let app = match prefix {
        Some(p) => Router::new().nest(p, api(gw.clone())),
        None => api(gw.clone()),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let tls = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(config));
    tokio::spawn(axum_server::from_tcp_rustls(listener, tls).serve(app.into_make_service()));
    Site {
        gw,
        addr,
        fingerprint,
    }
}

async fn https_site() -> Site {
    https_site_with_prefix(None).await
}

/// A gateway over plain HTTP (what the web build talks to on loopback).
async fn http_site() -> (Shared, Url) {
    let gw = Shared::default();
    *gw.fingerprint.lock().unwrap() = "ab".repeat(32);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = api(gw.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (gw, Url::parse(&format!("http://{addr}")).unwrap())
}

/// A URL on which nothing listens (bound, then released).
fn dead_url() -> Url {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    Url::parse(&format!("https://127.0.0.1:{port}")).unwrap()
}

fn admin() -> LoginRequest {
    LoginRequest {
        role: Role::Admin,
        account: "admin".into(),
        password: "pw".into(),
    }
}

/// Records every call of the tokens listener.
fn record_changes(client: &Client) -> Arc<Mutex<Vec<Option<TokenPair>>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    client.on_tokens_changed(move |t| sink.lock().unwrap().push(t.cloned()));
    seen
}

// ---- pinning and URLs ----

#[tokio::test]
async fn the_pinned_key_connects_whatever_the_hostname() {
    let site = https_site().await;
    let client = site.client();
    let info = client.org_info().await.unwrap();
    assert_eq!(info.fingerprint, site.fingerprint.to_hex());
    client.login(&admin()).await.unwrap();
    assert_eq!(client.me().await.unwrap().account, "admin");
    assert_eq!(client.base_url(), site.url());
}

#[tokio::test]
async fn another_key_is_refused_with_both_fingerprints() {
    let site = https_site().await;
    let wrong = Fingerprint([0x11; 32]);
    let client =
        Client::for_org(&OrgCode::new("Test Site", vec![site.url()], wrong).unwrap()).unwrap();
    let err = client.org_info().await.unwrap_err();
    assert_eq!(
        err,
        Failure::KeyMismatch {
            expected: "11".repeat(32),
            got: site.fingerprint.to_hex(),
        }
    );
    // The refusal is stable, not a one-off.
    assert!(matches!(
        client.login(&admin()).await,
        Err(Failure::KeyMismatch { .. })
    ));
    assert_eq!(client.tokens(), None);
}

#[tokio::test]
async fn an_unreachable_first_url_falls_back_to_the_next_and_is_remembered() {
    let site = https_site().await;
    let dead = dead_url();
    let client = Client::for_org(&site.org(vec![dead.clone(), site.url()])).unwrap();
    assert_eq!(client.base_url(), dead);
    client.org_info().await.unwrap();
    assert_eq!(client.base_url(), site.url());
    client.login(&admin()).await.unwrap();
    client.me().await.unwrap();
    assert_eq!(client.base_url(), site.url());
}

#[tokio::test]
async fn no_reachable_url_is_unreachable_naming_each() {
    let (a, b) = (dead_url(), dead_url());
    let org = OrgCode::new("X", vec![a.clone(), b.clone()], Fingerprint([1; 32])).unwrap();
    match Client::for_org(&org).unwrap().org_info().await {
        Err(Failure::Unreachable(msg)) => {
            assert!(
                msg.contains(a.as_str()) && msg.contains(b.as_str()),
                "{msg}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_mismatch_on_one_url_does_not_hide_a_good_one() {
    // Same URLs, two servers: the first has another key (e.g. the LAN address now belongs to another
    // machine); the relay has the pinned one.
    let good = https_site().await;
    let other = https_site().await;
    let client = Client::for_org(&good.org(vec![other.url(), good.url()])).unwrap();
    client.org_info().await.unwrap();
    assert_eq!(client.base_url(), good.url());
}

#[tokio::test]
async fn a_base_path_prefix_is_kept() {
    let site = https_site_with_prefix(Some("/site-a")).await;
    let url = Url::parse(&format!("https://{}/site-a", site.addr)).unwrap();
    let client = Client::for_org(&site.org(vec![url])).unwrap();
    client.login(&admin()).await.unwrap();
    assert_eq!(client.areas().await.unwrap().len(), 1);
}

// ---- tokens ----

#[tokio::test]
async fn login_stores_tokens_and_tells_the_listener() {
    let site = https_site().await;
    let client = site.client();
    let seen = record_changes(&client);
    assert_eq!(client.me().await, Err(Failure::NotLoggedIn));
    let pair = client.login(&admin()).await.unwrap();
    assert_eq!(client.tokens(), Some(pair.clone()));
    assert_eq!(*seen.lock().unwrap(), vec![Some(pair)]);
    // Clones share the session.
    assert!(client.clone().me().await.is_ok());
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_call_retried() {
    let site = https_site().await;
    let client = site.client();
    let first = client.login(&admin()).await.unwrap();
    let seen = record_changes(&client);
    site.gw.expire_access_tokens();

    let me = client.me().await.unwrap();
    assert_eq!(me.account, "admin");
    assert_eq!(site.gw.refreshes(), 1);
    let now = client.tokens().unwrap();
    assert_ne!(now.access_token, first.access_token);
    assert_ne!(now.refresh_token, first.refresh_token);
    assert_eq!(*seen.lock().unwrap(), vec![Some(now)]);

    // The new token works without another refresh.
    client.dashboard(None).await.unwrap();
    assert_eq!(site.gw.refreshes(), 1);
}

#[tokio::test]
async fn an_invalid_access_token_is_refreshed_too() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    site.gw.forget_access_tokens();
    client.areas().await.unwrap();
    assert_eq!(site.gw.refreshes(), 1);
}

#[tokio::test]
async fn concurrent_calls_share_one_refresh() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    site.gw.expire_access_tokens();
    let (a, b, c) = tokio::join!(client.me(), client.areas(), client.dashboard(Some("1")));
    a.unwrap();
    b.unwrap();
    c.unwrap();
    assert_eq!(site.gw.refreshes(), 1);
}

#[tokio::test]
async fn a_refused_refresh_ends_the_session_once_without_looping() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    let seen = record_changes(&client);
    site.gw.expire_access_tokens();
    site.gw.reject_refresh.store(true, Ordering::SeqCst);

    assert_eq!(client.me().await, Err(Failure::SessionExpired));
    assert_eq!(client.tokens(), None);
    assert_eq!(*seen.lock().unwrap(), vec![None]);
    assert_eq!(site.gw.refreshes(), 1);

    // Afterwards: not logged in, no more refreshes, no more notifications.
    assert_eq!(client.areas().await, Err(Failure::NotLoggedIn));
    assert_eq!(site.gw.refreshes(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_calls_report_a_session_expiry_exactly_once() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    let seen = record_changes(&client);
    site.gw.expire_access_tokens();
    site.gw.reject_refresh.store(true, Ordering::SeqCst);

    let (a, b, c) = tokio::join!(client.me(), client.areas(), client.dashboard(None));
    let results = [a.map(|_| ()), b.map(|_| ()), c.map(|_| ())];
    let expired = results
        .iter()
        .filter(|r| **r == Err(Failure::SessionExpired))
        .count();
    let not_logged_in = results
        .iter()
        .filter(|r| **r == Err(Failure::NotLoggedIn))
        .count();
    assert_eq!((expired, not_logged_in), (1, 2), "{results:?}");
    assert_eq!(site.gw.refreshes(), 1);
    assert_eq!(*seen.lock().unwrap(), vec![None]);
}

#[tokio::test]
async fn logout_revokes_and_forgets_the_tokens() {
    let site = https_site().await;
    let client = site.client();
    let pair = client.login(&admin()).await.unwrap();
    let seen = record_changes(&client);
    client.logout().await.unwrap();
    assert_eq!(client.tokens(), None);
    assert_eq!(*site.gw.logouts.lock().unwrap(), vec![pair.refresh_token]);
    assert_eq!(*seen.lock().unwrap(), vec![None]);
    // Logging out twice is harmless.
    client.logout().await.unwrap();
    assert_eq!(site.gw.logouts.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn logout_forgets_the_tokens_even_when_the_gateway_is_unreachable() {
    let site = https_site().await;
    let pair = site.client().login(&admin()).await.unwrap();
    let client = Client::for_org(&site.org(vec![dead_url()])).unwrap();
    client.set_tokens(Some(pair));
    let seen = record_changes(&client);
    assert!(matches!(
        client.logout().await,
        Err(Failure::Unreachable(_))
    ));
    assert_eq!(client.tokens(), None);
    assert_eq!(*seen.lock().unwrap(), vec![None]);
}

#[tokio::test]
async fn set_tokens_restores_a_session_silently() {
    let site = https_site().await;
    let pair = site.client().login(&admin()).await.unwrap();
    let client = site.client();
    let seen = record_changes(&client);
    client.set_tokens(Some(pair));
    client.me().await.unwrap();
    assert!(seen.lock().unwrap().is_empty());
}

// ---- errors ----

#[tokio::test]
async fn problems_come_back_as_api_errors_without_a_refresh() {
    let site = https_site().await;
    let client = site.client();
    let wrong = LoginRequest {
        password: "nope".into(),
        ..admin()
    };
    let err = client.login(&wrong).await.unwrap_err();
    let p = err.problem().expect("a problem");
    assert_eq!(p.code, ErrorCode::InvalidCredentials);
    assert_eq!(p.status, 401);
    assert_eq!(p.title, "Wrong account or password");
    assert_eq!(site.gw.refreshes(), 0);

    let person = LoginRequest {
        role: Role::Personnel,
        account: "1001".into(),
        password: "x".into(),
    };
    assert_eq!(
        client.login(&person).await.unwrap_err().code(),
        Some(ErrorCode::AppLoginDisabled)
    );
    assert_eq!(client.tokens(), None);
}

#[tokio::test]
async fn a_non_problem_error_body_is_a_decode_error_with_the_status() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    site.gw.garbage_areas.store(true, Ordering::SeqCst);
    match client.areas().await {
        Err(Failure::Decode(msg)) => assert!(msg.contains("502"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

// ---- plain base URL (the web build's case) ----

#[tokio::test]
async fn a_plain_base_url_works_and_queries_are_sent() {
    let (_gw, url) = http_site().await;
    let client = Client::with_base_url(url.clone());
    assert_eq!(client.base_url(), url);
    client.login(&admin()).await.unwrap();
    let d = client.dashboard(Some("Main hall & co")).await.unwrap();
    assert_eq!(d.area.as_deref(), Some("Main hall & co"));
    assert_eq!(client.dashboard(None).await.unwrap().area, None);
    let q = DeviceQuery {
        state: Some(DeviceState::Offline),
        area: Some("2".into()),
    };
    let devs = client.devices(&q).await.unwrap();
    assert_eq!(devs[0].state, DeviceState::Offline);
    assert_eq!(devs[0].area.as_deref(), Some("2"));
}

// ---- live events ----

async fn next_id(s: &mut cvm_client::EventStream) -> i64 {
    let item = tokio::time::timeout(Duration::from_secs(5), s.next())
        .await
        .expect("an event within 5 s")
        .expect("the stream is open");
    item.unwrap().id.0
}

#[tokio::test]
async fn live_events_arrive_and_a_reconnect_resumes_after_the_last_one() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    for id in 1..=3 {
        gw.publish(id);
    }
    let mut s = client.events(None).await.unwrap();
    // The heartbeat and the unknown `parking` message are skipped.
    for id in 1..=3 {
        assert_eq!(next_id(&mut s).await, id);
    }
    // Published while the stream is open: it arrives without asking.
    gw.publish(4);
    assert_eq!(next_id(&mut s).await, 4);
    let before = s.activity();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = tokio::time::timeout(Duration::from_millis(300), s.next()).await;
    assert!(s.activity() > before, "heartbeats count as activity");
    drop(s);

    // Reconnecting after event 2 gets 3 and 4 again, nothing before.
    let mut s = client.events(Some(EventId(2))).await.unwrap();
    assert_eq!(next_id(&mut s).await, 3);
    assert_eq!(next_id(&mut s).await, 4);
    gw.publish(5);
    assert_eq!(next_id(&mut s).await, 5);

    let requests = gw.stream_requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].0, None);
    assert_eq!(requests[1].0.as_deref(), Some("2"));
    assert!(requests
        .iter()
        .all(|(_, accept)| accept.contains("text/event-stream")));
    gw.assert_no_token_in_any_url();
}

#[tokio::test]
async fn the_event_stream_refreshes_an_expired_token_once() {
    let site = https_site().await;
    let client = site.client();
    client.login(&admin()).await.unwrap();
    site.gw.publish(1);
    site.gw.expire_access_tokens();
    let mut s = client.events(None).await.unwrap();
    assert_eq!(next_id(&mut s).await, 1);
    assert_eq!(site.gw.refreshes(), 1);
    site.gw.assert_no_token_in_any_url();
}

#[tokio::test]
async fn a_refused_refresh_ends_the_event_stream_with_the_session() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    gw.expire_access_tokens();
    gw.reject_refresh.store(true, Ordering::SeqCst);
    assert_eq!(
        client.events(None).await.unwrap_err(),
        Failure::SessionExpired
    );
    assert_eq!(client.tokens(), None);
    assert_eq!(client.events(None).await.unwrap_err(), Failure::NotLoggedIn);
    assert!(gw.stream_requests.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_stream_the_gateway_closes_ends_without_an_error() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    gw.publish(1);
    // As after a gateway restart or a proxy's timeout.
    gw.close_streams.store(true, Ordering::SeqCst);
    let mut s = client.events(None).await.unwrap();
    assert_eq!(next_id(&mut s).await, 1);
    let end = tokio::time::timeout(Duration::from_secs(5), s.next()).await;
    assert_eq!(end.unwrap(), None);
}

#[tokio::test]
async fn notifications_are_paged_with_cursor_and_limit() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    let page = client.notifications(&PageQuery::default()).await.unwrap();
    assert_eq!(page.items, vec![live_event(9)]);
    assert_eq!(page.next_cursor.as_deref(), Some("None/None"));
    let q = PageQuery {
        cursor: Some("abc".into()),
        limit: Some(20),
    };
    let page = client.notifications(&q).await.unwrap();
    assert_eq!(page.next_cursor.as_deref(), Some("Some(\"abc\")/Some(20)"));
    gw.assert_no_token_in_any_url();
}

// ---- alarm center ----

#[tokio::test]
async fn alarms_send_every_filter_and_the_cursor() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    let page = client.alarms(&AlarmQuery::default()).await.unwrap();
    assert_eq!(page.items, vec![alarm(2), alarm(1)]);
    assert_eq!(page.next_cursor.as_deref(), Some("{}"), "no filter sent");
    let q = AlarmQuery {
        date: None,
        from: Some("2026-02-23".into()),
        to: Some("2026-03-01".into()),
        status: Some(AlarmStatus::Unconfirmed),
        level: Some(EventLevel::Exception),
        resource: Some("Front gate".into()),
        q: Some("forced & open".into()),
        cursor: Some("17".into()),
        limit: Some(20),
    };
    let page = client.alarms(&q).await.unwrap();
    let echoed: AlarmQuery = serde_json::from_str(page.next_cursor.as_deref().unwrap()).unwrap();
    assert_eq!(echoed, q);
    let q = AlarmQuery {
        date: Some("2026-03-01".into()),
        status: Some(AlarmStatus::Confirmed),
        level: Some(EventLevel::Alarm),
        ..AlarmQuery::default()
    };
    let page = client.alarms(&q).await.unwrap();
    let echoed: AlarmQuery = serde_json::from_str(page.next_cursor.as_deref().unwrap()).unwrap();
    assert_eq!(echoed, q);
    gw.assert_no_token_in_any_url();
}

#[tokio::test]
async fn the_alarm_summary_is_for_today_or_a_given_day() {
    let (_gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    let s = client.alarm_summary(None).await.unwrap();
    assert_eq!(
        (s.date.as_str(), s.total, s.unconfirmed, s.confirmed),
        ("2026-03-01", 3, 2, 1)
    );
    let s = client.alarm_summary(Some("2026-02-02")).await.unwrap();
    assert_eq!(s.date, "2026-02-02");
}

#[tokio::test]
async fn one_alarm_comes_with_its_photo_and_acks_with_a_remark() {
    let (_gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    let a = client.alarm(EventId(7)).await.unwrap();
    assert_eq!(a.id, EventId(7));
    assert!(a.photo.unwrap().starts_with("data:image/"));
    match client.alarm(EventId(404)).await {
        Err(Failure::Api(p)) => assert_eq!(p.code, ErrorCode::NotFound),
        other => panic!("{other:?}"),
    }
    let a = client
        .ack_alarm(EventId(7), "checked, all fine")
        .await
        .unwrap();
    let ack = a.ack.unwrap();
    assert_eq!(
        (ack.by.as_str(), ack.remark.as_str()),
        ("admin", "checked, all fine")
    );
}

// ---- remote lockdown groups ----

#[tokio::test]
async fn lockdown_groups_are_edited_and_deleted_with_an_empty_answer() {
    let (gw, url) = http_site().await;
    let client = Client::with_base_url(url);
    client.login(&admin()).await.unwrap();
    let req = LockdownGroupRequest {
        name: "Lab wing".into(),
        doors: vec!["3".into(), "4".into()],
    };
    let g = client.update_lockdown_group(7, &req).await.unwrap();
    assert_eq!(
        (g.id, g.name.as_str(), &g.doors),
        (7, "Lab wing", &req.doors)
    );
    match client.update_lockdown_group(404, &req).await {
        Err(Failure::Api(p)) => assert_eq!(p.code, ErrorCode::NotFound),
        other => panic!("{other:?}"),
    }

    // 204 No Content decodes as ().
    client.delete_lockdown_group(7).await.unwrap();
    assert_eq!(*gw.deleted_groups.lock().unwrap(), vec![7]);
    // A group under lockdown: refused, naming the field.
    let err = client.delete_lockdown_group(2).await.unwrap_err();
    let p = err.problem().expect("a problem");
    assert_eq!((p.code, p.status), (ErrorCode::Validation, 422));
    assert_eq!(p.field.as_deref(), Some("group"));
    // An expired token is refreshed once for a call without an answer body too.
    gw.expire_access_tokens();
    client.delete_lockdown_group(8).await.unwrap();
    assert_eq!(gw.refreshes(), 1);
    assert_eq!(*gw.deleted_groups.lock().unwrap(), vec![7, 8]);
    gw.assert_no_token_in_any_url();
}
