//! `cargo xtask bench relay`: what the relay adds. On loopback, a gateway with `[relay]` and a relay host
//! (rathole in `cvlink tunnel` processes, Noise between them). Two clients over pinned HTTPS, one
//! to the gateway's own address and one to the relay's, take turns:
//!
//! 1. `GET /me` round trips (a session check and a small JSON answer), direct vs relayed;
//! 2. remote unlocks through the relay (the SPEC's bar: p99 ≤ 50 ms), with direct ones for comparison;
//! 3. an event's way from cvlink's bus to an open SSE stream, direct vs relayed.
//!
//! Prints a Markdown table; `--doc FILE` also writes it there.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use cvlink::relay::host::RelayHost;
use cvlink::relay::keys::KeyPair;
use cvm_api::{EventId, EventKind, EventLevel, LiveEvent, LoginRequest, Role, UnlockRequest};
use futures::StreamExt;

mod common;
use common::{ms, quantile, TOKEN};

const PASSWORD: &str = "bench-password-1";

fn main() -> anyhow::Result<()> {
    let mut requests = 1000usize;
    let mut events = 300usize;
    let mut doc = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--requests" => requests = it.next().context("--requests N")?.parse()?,
            "--events" => events = it.next().context("--events N")?.parse()?,
            "--doc" => doc = Some(PathBuf::from(it.next().context("--doc FILE")?)),
            "--bench" => {}
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(requests, events, doc))
}

fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?)
}

async fn client(code: &cvm_api::OrgCode) -> anyhow::Result<cvm_client::Client> {
    let c = cvm_client::Client::for_org(code)?;
    c.login(&LoginRequest {
        role: Role::Admin,
        account: "bench".into(),
        password: PASSWORD.into(),
    })
    .await?;
    Ok(c)
}

/// Publishes `n` events one at a time and measures each one's way to the stream.
async fn event_way(
    gw: &cvlink::Gateway,
    c: &cvm_client::Client,
    n: usize,
    base: i64,
) -> anyhow::Result<Vec<Duration>> {
    let mut stream = c.events(None).await?;
    // The stream counts once an event reaches it: publish until one does.
    let warm = EventId(base - 1);
    loop {
        gw.state.bus.publish(event(warm));
        match tokio::time::timeout(Duration::from_millis(200), stream.next()).await {
            Ok(Some(Ok(e))) if e.id == warm => break,
            Ok(None) => anyhow::bail!("the stream ended"),
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = EventId(base + i as i64);
        let t = Instant::now();
        gw.state.bus.publish(event(id));
        loop {
            let got = tokio::time::timeout(Duration::from_secs(10), stream.next())
                .await
                .context("an event never arrived")?
                .context("the stream ended")?;
            if matches!(&got, Ok(ev) if ev.id == id) {
                break;
            }
        }
        out.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(out)
}

fn event(id: EventId) -> LiveEvent {
    LiveEvent {
        device: Some("bench".into()),
        point: Some("Door 1".into()),
        ..LiveEvent::new(
            id,
            "2026-01-01 00:00:00",
            EventKind::Alarm,
            EventLevel::Alarm,
            "door opened forcibly",
        )
    }
}

async fn run(requests: usize, events: usize, doc: Option<PathBuf>) -> anyhow::Result<()> {
    cvlink::tls::init_crypto();
    let program = PathBuf::from(env!("CARGO_BIN_EXE_cvlink"));
    let dir = tempfile::tempdir()?;
    let mut sim_cfg = cvsim::SimConfig::demo(TOKEN);
    sim_cfg.events_per_min = 0;
    let sim = cvsim::spawn(sim_cfg, tokio::net::TcpListener::bind("127.0.0.1:0").await?).await?;
    let https = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = https.local_addr()?;
    let mut cfg = common::gateway_config(dir.path(), sim.url(), addr, 5);

    // The relay host, for this site's key.
    let site = KeyPair::load_or_create(&cvlink::relay::site_key_path(&cfg))?.0;
    let (tunnel, public) = (free_port()?, free_port()?);
    let sites = dir.path().join("relay-host/sites.toml");
    std::fs::create_dir_all(sites.parent().context("parent")?)?;
    std::fs::write(
        &sites,
        format!(
            "[[site]]\nname = \"bench\"\nkey = \"{}\"\ntunnel = \"{tunnel}\"\npublic = \"{public}\"\n",
            site.public
        ),
    )?;
    let host = RelayHost::start(&sites, program.clone())?;
    cfg.relay = Some(cvlink::config::RelayConfig {
        server: tunnel.to_string(),
        server_key: host.public_key.to_string(),
        public_url: format!("https://{public}"),
        program: Some(program),
    });
    let gw = cvlink::Gateway::start(&cfg, cvlink::Listeners { https, http: None }).await?;
    let hash = cvlink::auth::hash_password(PASSWORD)?;
    cvlink::db::upsert_admin(&gw.state.db, "bench", &hash).await?;
    let mut rx = gw.state.relay.subscribe();
    tokio::time::timeout(
        Duration::from_secs(30),
        rx.wait_for(|s| s.state == cvm_api::RelayState::Online),
    )
    .await
    .context("the tunnel never came up")??;
    // The relay host opens the public port a moment after the tunnel reports itself attached.
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(public).await.is_err() {
        anyhow::ensure!(
            Instant::now() < deadline,
            "the relay's public port never opened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let code = gw.org_code().clone();
    let only = |u: &url::Url| {
        cvm_api::OrgCode::new("Bench", vec![u.clone()], code.fingerprint())
            .expect("a valid org code")
    };
    let direct = client(&only(&code.urls()[0])).await?;
    let relayed = client(&only(&code.urls()[1])).await?;
    let door = direct
        .doors()
        .await?
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .context("no online door")?;
    let req = UnlockRequest {
        seconds: 1,
        reason: Some("benchmark".into()),
    };
    // Warm up connections (the relay's pool of data channels included) and caches.
    for i in 0..50 {
        direct.me().await?;
        relayed.me().await?;
        direct
            .unlock_door(&door.id, &req, &format!("warm-d-{i}"))
            .await?;
        relayed
            .unlock_door(&door.id, &req, &format!("warm-r-{i}"))
            .await?;
    }

    eprintln!("relay bench: round trips");
    // Turns, so both see the same machine.
    let (mut me_direct, mut me_relay) = (Vec::new(), Vec::new());
    for _ in 0..requests {
        let t = Instant::now();
        direct.me().await?;
        me_direct.push(t.elapsed());
        let t = Instant::now();
        relayed.me().await?;
        me_relay.push(t.elapsed());
    }
    eprintln!("relay bench: unlocks");
    let (mut un_direct, mut un_relay) = (Vec::new(), Vec::new());
    for i in 0..requests {
        let t = Instant::now();
        direct
            .unlock_door(&door.id, &req, &format!("d-{i}"))
            .await?;
        un_direct.push(t.elapsed());
        let t = Instant::now();
        relayed
            .unlock_door(&door.id, &req, &format!("r-{i}"))
            .await?;
        un_relay.push(t.elapsed());
    }
    eprintln!("relay bench: events");
    let ev_direct = event_way(&gw, &direct, events, 1_000_000_000).await?;
    let ev_relay = event_way(&gw, &relayed, events, 2_000_000_000).await?;

    let added = |a: &[Duration], b: &[Duration], q: f64| {
        let d = quantile(b, q).as_secs_f64() - quantile(a, q).as_secs_f64();
        format!("{:+.2} ms", d * 1000.0)
    };
    let row = |what: &str, n: usize, a: &[Duration], b: &[Duration]| {
        format!(
            "| {what} | {n} | {} | {} | {} | {} | {} | {} |\n",
            ms(quantile(a, 0.5)),
            ms(quantile(a, 0.99)),
            ms(quantile(b, 0.5)),
            ms(quantile(b, 0.99)),
            added(a, b, 0.5),
            added(a, b, 0.99),
        )
    };
    let mut table = String::from(
        "| measured | n | direct p50 | direct p99 | relay p50 | relay p99 | relay adds p50 | relay adds p99 |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    table += &row("`GET /me` round trip", requests, &me_direct, &me_relay);
    table += &row(
        "remote unlock round trip (cvsim behind)",
        requests,
        &un_direct,
        &un_relay,
    );
    table += &row(
        "event: cvlink's bus → SSE client",
        events,
        &ev_direct,
        &ev_relay,
    );
    let unlock_p99 = quantile(&un_relay, 0.99);
    let added_p99 = quantile(&me_relay, 0.99).saturating_sub(quantile(&me_direct, 0.99));
    let verdict = format!(
        "\nGoals: the relay adds ≤ 5 ms p99 on loopback (`GET /me`: {} — {}); the SPEC's remote unlock \
         bar through the relay, p99 ≤ 50 ms: {} — {}.\n",
        ms(added_p99),
        if added_p99 <= Duration::from_millis(5) { "met" } else { "NOT met" },
        ms(unlock_p99),
        if unlock_p99 <= Duration::from_millis(50) { "met" } else { "NOT met" },
    );
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let out = format!(
        "Relay on loopback, {cpus} CPU(s): client → rathole server (relay host) → Noise tunnel → rathole \
         client → cvlink, TLS end to end between the client and cvlink.\n\n{table}{verdict}"
    );
    println!("{out}");
    if let Some(path) = doc {
        let text = format!(
            "# Relay benchmark\n\nMeasured by `cargo xtask bench relay` (crates/link/benches/relay.rs). \
             Numbers from one run on the development machine; they vary with the machine's load.\n\n{out}"
        );
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    gw.shutdown().await;
    host.shutdown().await;
    sim.shutdown().await;
    Ok(())
}
