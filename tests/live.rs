//! The live feed service against an in-process SSE gateway on loopback: events reach the feed once each,
//! a dropped stream is reopened with `Last-Event-ID`, and the feed stops with the session.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use cvm_api::{
    paths, EventId, EventKind, EventLevel, LiveEvent, LoginRequest, Me, OrgInfo, Role, TokenPair,
};
use cvm_client::Client;
use cvm_core::{Connection, Event, LiveFeed, Model};
use cvmobile::services::{self, live::use_live_feed, use_app};
use dioxus::prelude::*;

const FP: &str = "abababababababababababababababababababababababababababababababab";

#[derive(Default)]
struct Gateway {
    /// `Last-Event-ID` of each stream request.
    resumes: Mutex<Vec<Option<String>>>,
    streams: AtomicUsize,
}

fn live_event(id: i64) -> LiveEvent {
    LiveEvent::new(
        EventId(id),
        "2026-03-01 08:00:00",
        EventKind::Alarm,
        EventLevel::Alarm,
        format!("alarm {id}"),
    )
}

async fn login(Json(_): Json<LoginRequest>) -> Json<TokenPair> {
    Json(TokenPair {
        access_token: "access-1".into(),
        refresh_token: "refresh-1".into(),
        expires_in: 900,
        role: Role::Admin,
    })
}

/// The first stream sends events 1 and 2 (and 2 again) and closes; later ones send what follows the
/// `Last-Event-ID` up to 3 and stay open.
async fn events(State(gw): State<Arc<Gateway>>, headers: HeaderMap) -> impl IntoResponse {
    assert_eq!(
        headers.get("authorization").unwrap().to_str().unwrap(),
        "Bearer access-1"
    );
    let last = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap().to_string());
    gw.resumes.lock().unwrap().push(last.clone());
    let first = gw.streams.fetch_add(1, Ordering::SeqCst) == 0;
    let after: i64 = last.and_then(|l| l.parse().ok()).unwrap_or(0);
    let ids: Vec<i64> = if first {
        vec![1, 2, 2]
    } else {
        (after + 1..=3).collect()
    };
    let sse = |id: i64| {
        let e = live_event(id);
        Ok::<_, std::convert::Infallible>(
            SseEvent::default()
                .id(id.to_string())
                .event(e.kind.as_str())
                .data(serde_json::to_string(&e).unwrap()),
        )
    };
    let events = futures::stream::iter(ids.into_iter().map(sse));
    let rest = futures::stream::unfold(first, |first| async move {
        if first {
            return None;
        }
        // Open until the client goes.
        std::future::pending::<()>().await;
        Some((Ok(SseEvent::default().comment("ping")), first))
    });
    use futures::StreamExt;
    Sse::new(events.chain(rest))
}

fn logged_in() -> Model {
    let mut m = Model::default();
    let org = format!("cvmobile://org?v=1&n=Demo&u=https://127.0.0.1:8443&fp={FP}");
    for e in [
        Event::Started(None),
        Event::RoleChosen(Role::Admin),
        Event::OrgCodeEdited(org),
        Event::AccountEdited("admin".into()),
        Event::PasswordEdited("pw".into()),
        Event::Submitted,
        Event::ServerChecked(Ok(OrgInfo {
            name: "Demo".into(),
            version: "1".into(),
            fingerprint: FP.into(),
        })),
        Event::SignedIn(Ok(TokenPair {
            access_token: "access-1".into(),
            refresh_token: "refresh-1".into(),
            expires_in: 900,
            role: Role::Admin,
        })),
        Event::ProfileLoaded(Ok(Me {
            role: Role::Admin,
            account: "admin".into(),
            name: "Admin".into(),
            department: None,
            org_name: "Demo".into(),
        })),
    ] {
        cvm_core::update(e, &mut m);
    }
    m
}

/// What the test reads from inside the app: the feed after each change, and a way to log out.
#[derive(Clone, Default)]
struct Probe {
    feed: Arc<Mutex<LiveFeed>>,
    logout: Arc<std::sync::atomic::AtomicBool>,
}

impl PartialEq for Probe {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Props, Clone, PartialEq)]
struct HarnessProps {
    client: Option<ClientProp>,
    probe: Probe,
}

#[derive(Clone)]
struct ClientProp(Client);

impl PartialEq for ClientProp {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[allow(non_snake_case)]
fn Harness(props: HarnessProps) -> Element {
    services::use_preset_session(logged_in(), props.client.clone().map(|c| c.0));
    let app = use_app();
    let feed = use_live_feed();
    let probe = props.probe.clone();
    *probe.feed.lock().unwrap() = feed.read().clone();
    if probe.logout.swap(false, Ordering::SeqCst) {
        app.dispatch(Event::LogoutRequested);
    }
    rsx! { "{feed.read().recent().count()}" }
}

/// Runs the app until `done` holds for the feed, or fails after 10 s.
async fn run_until(dom: &mut VirtualDom, probe: &Probe, done: impl Fn(&LiveFeed) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if done(&probe.feed.lock().unwrap()) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out; feed: {:?}",
            probe.feed.lock().unwrap()
        );
        let _ = tokio::time::timeout(Duration::from_millis(50), dom.wait_for_work()).await;
        dom.render_immediate(&mut dioxus::dioxus_core::NoOpMutations);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn events_reach_the_feed_once_and_a_dropped_stream_resumes_after_the_last() {
    let gw = Arc::new(Gateway::default());
    let app = Router::new()
        .route(paths::LOGIN, post(login))
        .route(paths::EVENTS, get(events))
        .with_state(gw.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let client = Client::with_base_url(url);
    client
        .login(&LoginRequest {
            role: Role::Admin,
            account: "admin".into(),
            password: "pw".into(),
        })
        .await
        .unwrap();
    let probe = Probe::default();
    let mut dom = VirtualDom::new_with_props(
        Harness,
        HarnessProps {
            client: Some(ClientProp(client)),
            probe: probe.clone(),
        },
    );
    dom.rebuild_in_place();

    // The first stream gives 1 and 2 (2 twice) and closes; the service waits 1 s, reopens after 2 and
    // gets 3 on a stream that stays open.
    run_until(&mut dom, &probe, |f| {
        f.last_id() == Some(EventId(3)) && f.connection() == Connection::Live
    })
    .await;
    let feed = probe.feed.lock().unwrap().clone();
    let ids: Vec<i64> = feed.recent().map(|e| e.id.0).collect();
    assert_eq!(ids, [3, 2, 1], "each event once, newest first");
    assert_eq!(feed.unread(), 3);
    assert_eq!(*gw.resumes.lock().unwrap(), vec![None, Some("2".into())]);

    // Logging out stops the feed and empties it.
    probe.logout.store(true, Ordering::SeqCst);
    dom.mark_dirty(ScopeId::APP);
    run_until(&mut dom, &probe, |f| f.connection() == Connection::Off).await;
    assert_eq!(probe.feed.lock().unwrap().recent().count(), 0);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        gw.streams.load(Ordering::SeqCst),
        2,
        "no reconnect after logout"
    );
}
