//! The relay on loopback: a relay host (`RelayHost`, rathole in `cvlink tunnel` processes) on one port
//! pair, the gateway's LAN address on another. Login, dashboard and unlock through the relay; the relay
//! killed and started again mid-session; a man in the middle with another key; a LAN address that does
//! not answer; a site without its Noise key.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cvlink::config::RelayConfig;
use cvlink::relay::host::RelayHost;
use cvlink::relay::keys::KeyPair;
use cvlink::relay::tunnel;
use cvm_api::{Failure, LoginRequest, OrgCode, RelayState, Role, UnlockRequest};

use super::{quiet_sim, start_tweaked, Env, ADMIN_PW};

fn cvlink_program() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cvlink"))
}

/// A free loopback port (bound and let go: rathole binds it in its own process).
fn free_port() -> SocketAddr {
    std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A relay host's `sites.toml` with one site.
struct RelaySite {
    sites: PathBuf,
    tunnel: SocketAddr,
    public: SocketAddr,
}

fn write_sites(dir: &Path, site_key: &str) -> RelaySite {
    let (tunnel, public) = (free_port(), free_port());
    std::fs::create_dir_all(dir).unwrap();
    let sites = dir.join("sites.toml");
    std::fs::write(
        &sites,
        format!("[[site]]\nname = \"test-site\"\nkey = \"{site_key}\"\ntunnel = \"{tunnel}\"\npublic = \"{public}\"\n"),
    )
    .unwrap();
    RelaySite {
        sites,
        tunnel,
        public,
    }
}

struct Relayed {
    env: Env,
    host: RelayHost,
    site: RelaySite,
    _host_dir: tempfile::TempDir,
}

impl Relayed {
    fn relay_url(&self) -> url::Url {
        url::Url::parse(&format!("https://{}", self.site.public)).unwrap()
    }

    /// An org code with `urls`, pinning the gateway's key.
    fn code(&self, urls: Vec<url::Url>) -> OrgCode {
        OrgCode::new("Test Site", urls, self.env.gw.org_code().fingerprint()).unwrap()
    }

    /// Waits until phones can connect to the relay's public port: the relay host opens it a moment
    /// after the site's tunnel reports itself attached.
    async fn public_port_open(&self) {
        super::doors::until("the relay's public port to open", async || {
            tokio::net::TcpStream::connect(self.site.public)
                .await
                .is_ok()
        })
        .await;
    }

    async fn relay_state(&self, want: RelayState) {
        let mut rx = self.env.gw.state.relay.subscribe();
        let reached =
            tokio::time::timeout(Duration::from_secs(20), rx.wait_for(|s| s.state == want)).await;
        assert!(
            reached.is_ok(),
            "the tunnel never became {want:?}: {:?}",
            self.env.gw.state.relay.borrow()
        );
    }
}

/// A gateway with `[relay]` and a relay host for it.
async fn relayed() -> Relayed {
    let host_dir = tempfile::tempdir().unwrap();
    let mut site = None;
    let mut host = None;
    let env = start_tweaked(Default::default(), None, quiet_sim(), |cfg| {
        let site_key = KeyPair::load_or_create(&cvlink::relay::site_key_path(cfg))
            .unwrap()
            .0;
        let s = write_sites(host_dir.path(), &site_key.public);
        let h = RelayHost::start(&s.sites, cvlink_program()).unwrap();
        cfg.relay = Some(RelayConfig {
            server: s.tunnel.to_string(),
            server_key: h.public_key.to_string(),
            public_url: format!("https://{}", s.public),
            program: Some(cvlink_program()),
        });
        site = Some(s);
        host = Some(h);
    })
    .await;
    let r = Relayed {
        env,
        host: host.unwrap(),
        site: site.unwrap(),
        _host_dir: host_dir,
    };
    r.relay_state(RelayState::Online).await;
    r.public_port_open().await;
    r
}

/// A door that is online, as the client lists them.
async fn online_door(client: &cvm_client::Client) -> cvm_api::Door {
    client
        .doors()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .expect("an online door")
}

async fn admin_login(client: &cvm_client::Client) -> Result<(), Failure> {
    client
        .login(&LoginRequest {
            role: Role::Admin,
            account: "admin".into(),
            password: ADMIN_PW.into(),
        })
        .await
        .map(|_| ())
}

#[tokio::test]
async fn through_the_relay_the_app_logs_in_sees_the_dashboard_and_unlocks() {
    let r = relayed().await;
    // The org code lists the LAN address first and the relay after it.
    let code = r.env.gw.org_code().clone();
    assert_eq!(code.urls().len(), 2);
    assert_eq!(code.urls()[1], r.relay_url());
    assert_eq!(code.route_of(&code.urls()[1]), Some(cvm_api::Route::Relay));

    // Only the relay's URL: everything goes through the tunnel.
    let client = cvm_client::Client::for_org(&r.code(vec![r.relay_url()])).unwrap();
    admin_login(&client).await.unwrap();
    assert!(client.dashboard(None).await.unwrap().devices_total() > 0);
    let door = online_door(&client).await;
    let before = r.env.remote_openings(&door.name).await;
    let req = UnlockRequest {
        seconds: 5,
        reason: Some("relay test".into()),
    };
    client
        .unlock_door(&door.id, &req, "relay-unlock-1")
        .await
        .unwrap();
    assert_eq!(r.env.remote_openings(&door.name).await, before + 1);

    // Admins see the tunnel online, with its URL, in the app and on the command line.
    let status = client.gateway_status().await.unwrap();
    assert_eq!(status.relay.state, RelayState::Online);
    assert_eq!(
        status.relay.url.as_deref(),
        Some(r.relay_url().as_str().trim_end_matches('/'))
    );
    let out = r.env.cli(&["status"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Relay        ONLINE"), "{text}");
    assert!(r.host.sites()["test-site"].attached);
    r.host.shutdown().await;
}

#[tokio::test]
async fn the_relay_killed_mid_session_comes_back_and_an_unlock_runs_once() {
    let r = relayed().await;
    let client = cvm_client::Client::for_org(&r.code(vec![r.relay_url()])).unwrap();
    admin_login(&client).await.unwrap();
    let door = online_door(&client).await;
    let before = r.env.remote_openings(&door.name).await;
    let req = UnlockRequest {
        seconds: 5,
        reason: None,
    };
    let first = client
        .unlock_door(&door.id, &req, "relay-kill-1")
        .await
        .unwrap();

    // The relay host goes away: the site notices, the phone cannot get through.
    r.host.shutdown().await;
    r.relay_state(RelayState::Connecting).await;
    let err = client.doors().await.unwrap_err();
    assert!(matches!(err, Failure::Unreachable(_)), "{err:?}");

    // It comes back (same key, same ports): the site attaches again by itself, and the phone's session
    // goes on without a new login.
    let host = RelayHost::start(&r.site.sites, cvlink_program()).unwrap();
    r.relay_state(RelayState::Online).await;
    r.public_port_open().await;
    let doors = until_ok(|| client.doors()).await;
    assert!(!doors.is_empty());
    // The app sends the unlock again with the same key (its answer was lost): answered, not repeated.
    let again = client
        .unlock_door(&door.id, &req, "relay-kill-1")
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(r.env.remote_openings(&door.name).await, before + 1);
    let status = client.gateway_status().await.unwrap();
    assert_eq!(status.relay.state, RelayState::Online);
    host.shutdown().await;
}

/// The first call after the relay came back may meet a connection the old relay left behind; the app
/// retries on its next refresh. The tunnel itself is back already (the caller waited for it).
async fn until_ok<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let mut last = None;
    for _ in 0..5 {
        match call().await {
            Ok(v) => return v,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("never answered: {last:?}");
}

/// A TLS server with a key of its own that counts the requests it gets: a relay host that terminates
/// TLS to read the traffic.
async fn man_in_the_middle() -> (url::Url, Arc<AtomicUsize>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let identity = cvlink::tls::TlsIdentity::load_or_create(dir.path(), &[]).unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let app = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { "{}" }
    });
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    let tls = axum_server::tls_rustls::RustlsConfig::from_config(identity.server_config().unwrap());
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, tls)
            .serve(app.into_make_service())
            .await
            .unwrap();
    });
    (
        url::Url::parse(&format!("https://{addr}")).unwrap(),
        seen,
        dir,
    )
}

#[tokio::test]
async fn a_relay_that_terminates_tls_with_another_key_is_refused_before_anything_is_sent() {
    let r = relayed().await;
    let (mitm, seen, _dir) = man_in_the_middle().await;
    // The LAN is out of reach and the "relay" shows another key.
    let lan = url::Url::parse(&format!("https://{}", free_port())).unwrap();
    let client = cvm_client::Client::for_org(&r.code(vec![lan, mitm])).unwrap();
    let err = admin_login(&client).await.unwrap_err();
    match err {
        Failure::KeyMismatch { expected, got } => {
            assert_eq!(expected, r.env.gw.org_code().fingerprint().to_hex());
            assert_ne!(got, expected);
        }
        other => panic!("expected the server key changed refusal, got {other:?}"),
    }
    // No password, no token, no request reached it.
    assert_eq!(seen.load(Ordering::SeqCst), 0);
    r.host.shutdown().await;
}

/// A LAN address that takes connections and never answers (a firewall that drops, a sleeping host).
async fn silent_lan() -> (url::Url, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(sock);
        }
    });
    (
        url::Url::parse(&format!("https://{addr}")).unwrap(),
        accepted,
    )
}

#[tokio::test]
async fn a_silent_lan_address_falls_back_to_the_relay_within_the_connect_timeout_and_is_skipped_after(
) {
    let r = relayed().await;
    let (lan, accepted) = silent_lan().await;
    let client = cvm_client::Client::for_org(&r.code(vec![lan, r.relay_url()])).unwrap();
    let started = Instant::now();
    admin_login(&client).await.unwrap();
    let took = started.elapsed();
    // Bounded by the client's connect timeout (5 s), not the 30 s request timeout; generous for a busy
    // machine, and far from a hang.
    assert!(took < Duration::from_secs(15), "fell back after {took:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert_eq!(client.base_url(), r.relay_url());
    // The relay is remembered: the next calls do not knock on the LAN again.
    client.dashboard(None).await.unwrap();
    client.doors().await.unwrap();
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    r.host.shutdown().await;
}

/// A tunnel process for `config` under the supervisor, and what it reports.
fn supervised(
    config: PathBuf,
) -> (
    cvlink::tasks::Tasks,
    tokio::sync::mpsc::UnboundedReceiver<tunnel::Event>,
) {
    let tasks = cvlink::tasks::Tasks::default();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tasks.spawn("impostor", move |stop| {
        tunnel::supervise(
            cvlink_program(),
            config,
            "impostor".into(),
            stop,
            move |e| {
                let _ = tx.send(e);
            },
        )
    });
    (tasks, rx)
}

#[tokio::test]
async fn a_site_without_its_noise_key_cannot_attach() {
    let r = relayed().await;
    // The real site is attached; an impostor with another key tries the same tunnel port.
    let impostor = KeyPair::generate().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tunnel.toml");
    tunnel::write_config(
        &config,
        &tunnel::client_config(
            &r.site.tunnel.to_string(),
            &r.host.public_key,
            &impostor,
            &r.env.gw.https_addr.to_string(),
        ),
    )
    .unwrap();
    let (tasks, mut rx) = supervised(config);
    let refused = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(e) = rx.recv().await {
            assert_ne!(e, tunnel::Event::Attached, "an impostor attached");
            if let tunnel::Event::Lost(Some(why)) = e {
                return why;
            }
        }
        String::new()
    })
    .await
    .expect("the impostor was never refused");
    assert!(!refused.is_empty());
    tasks.shutdown(Duration::from_secs(3)).await;

    // With the real site gone (the relay host notices at its next heartbeat and closes the public
    // port), nobody can open that port again by attaching without the key.
    r.env.gw.state.tasks.shutdown(Duration::from_secs(3)).await;
    super::doors::until("the relay host to see the site go", async || {
        !r.host.sites()["test-site"].attached
            && tokio::net::TcpStream::connect(r.site.public).await.is_err()
    })
    .await;
    let (tasks, mut rx) = supervised(dir.path().join("tunnel.toml"));
    let mut losses = 0;
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(e) = rx.recv().await {
            assert_ne!(e, tunnel::Event::Attached, "an impostor attached");
            if matches!(e, tunnel::Event::Lost(_)) {
                losses += 1;
            }
        }
    })
    .await;
    assert!(losses > 0);
    assert!(
        tokio::net::TcpStream::connect(r.site.public).await.is_err(),
        "the public port opened"
    );
    tasks.shutdown(Duration::from_secs(3)).await;
    r.host.shutdown().await;
}

#[tokio::test]
async fn rotate_key_issues_a_new_org_code_and_the_old_one_is_refused_clearly() {
    let env = super::start().await;
    let old = env.gw.org_code().clone();
    let out = env.cli(&["rotate-key"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout} {stderr}");
    assert!(stderr.contains("scan this org code"), "{stderr}");
    let new: OrgCode = stdout.lines().last().unwrap().trim().parse().unwrap();
    assert_ne!(new.fingerprint(), old.fingerprint());
    assert_eq!(new.urls(), old.urls());

    // After the restart the server holds the new key.
    let env = super::events::restart_with(env, |_, _| async {}).await.0;
    let url = url::Url::parse(&format!("https://{}", env.gw.https_addr)).unwrap();
    let with_old = OrgCode::new("Test Site", vec![url.clone()], old.fingerprint()).unwrap();
    let err = admin_login(&cvm_client::Client::for_org(&with_old).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Failure::KeyMismatch { .. }), "{err:?}");
    let with_new = OrgCode::new("Test Site", vec![url], new.fingerprint()).unwrap();
    admin_login(&cvm_client::Client::for_org(&with_new).unwrap())
        .await
        .unwrap();
    // Audited, with both keys.
    let token = env.admin().await.access_token;
    let audit: serde_json::Value = env
        .get("/api/v1/audit", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let row = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "tls_key_rotated")
        .unwrap_or_else(|| panic!("{audit}"));
    assert!(row["detail"]
        .as_str()
        .unwrap()
        .contains(&new.fingerprint().to_hex()));
}
