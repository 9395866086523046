//! `cargo xtask bench events`: live events to many SSE clients on loopback.
//!
//! 1. In process: a gateway with N admin streams open; events are published on its bus and the time
//!    until the last stream has each one is measured (the fan-out alone).
//! 2. A `cvlink demo` child process (cvsim inside, polled every second) with N streams open: the
//!    gateway's memory per connected stream (its RSS before and after), and the time from an alarm
//!    raised in cvsim to every stream having it (poll interval included).
//!
//! Prints a Markdown table; `--doc FILE` also writes it there.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use cvm_api::{EventId, EventKind, EventLevel, LiveEvent, Role};
use serde_json::{json, Value};

const TOKEN: &str = "0123456789ABCDEF0123456789ABCDEF";

/// What one stream saw: the alarm events (id, where), with when they arrived.
type Seen = Arc<Mutex<Vec<(i64, Option<String>, Instant)>>>;

struct Args {
    clients: usize,
    events: usize,
    alarms: usize,
    doc: Option<std::path::PathBuf>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        clients: 1000,
        events: 200,
        alarms: 20,
        doc: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--clients" => a.clients = it.next().context("--clients N")?.parse()?,
            "--events" => a.events = it.next().context("--events N")?.parse()?,
            "--alarms" => a.alarms = it.next().context("--alarms N")?.parse()?,
            "--doc" => a.doc = Some(it.next().context("--doc FILE")?.into()),
            // cargo bench passes --bench.
            "--bench" => {}
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(a)
}

fn main() -> anyhow::Result<()> {
    let a = args()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(a))
}

async fn run(a: Args) -> anyhow::Result<()> {
    eprintln!(
        "fan-out: {} streams, {} events on the bus",
        a.clients, a.events
    );
    let fanout = fan_out(a.clients, a.events).await?;
    eprintln!(
        "end to end: {} streams, {} alarms in cvsim",
        a.clients, a.alarms
    );
    let e2e = end_to_end(a.clients, a.alarms).await?;
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let table = format!(
        "| measure ({} SSE streams on loopback, {cpus} cores, release build) | p50 | p95 | p99 | max |\n\
         |---|---|---|---|---|\n\
         | bus → last stream, per event ({} events) | {} | {} | {} | {} |\n\
         | bus → each stream, per delivery | {} | {} | {} | {} |\n\
         | cvsim alarm → last stream, poll every 1 s ({} alarms) | {} | {} | {} | {} |\n\
         | cvsim alarm → first stream | {} | {} | {} | {} |\n\n\
         Gateway memory per connected stream: **{:.1} KiB** (RSS {:.1} MiB with no stream, {:.1} MiB with {}).\n",
        a.clients,
        a.events,
        ms(&fanout.last, 0.5), ms(&fanout.last, 0.95), ms(&fanout.last, 0.99), ms(&fanout.last, 1.0),
        ms(&fanout.each, 0.5), ms(&fanout.each, 0.95), ms(&fanout.each, 0.99), ms(&fanout.each, 1.0),
        a.alarms,
        ms(&e2e.last, 0.5), ms(&e2e.last, 0.95), ms(&e2e.last, 0.99), ms(&e2e.last, 1.0),
        ms(&e2e.first, 0.5), ms(&e2e.first, 0.95), ms(&e2e.first, 0.99), ms(&e2e.first, 1.0),
        (e2e.rss_after - e2e.rss_before) as f64 / 1024.0 / a.clients as f64,
        e2e.rss_before as f64 / 1048576.0,
        e2e.rss_after as f64 / 1048576.0,
        a.clients,
    );
    println!("{table}");
    if let Some(doc) = a.doc {
        let text = format!(
            "# Live events benchmark\n\nWritten by `cargo xtask bench events` (crates/link/benches/events.rs).\n\
             Goals (issue 9, SPEC §6): bus → last stream p99 ≤ 100 ms (floor 1 s); cvsim event → stream p95 ≤ poll \
             interval + 200 ms.\n\n{table}"
        );
        std::fs::write(&doc, text).with_context(|| format!("writing {}", doc.display()))?;
    }
    Ok(())
}

/// The `q` quantile of `v` in milliseconds, as text.
fn ms(v: &[Duration], q: f64) -> String {
    if v.is_empty() {
        return "–".into();
    }
    let mut v = v.to_vec();
    v.sort();
    let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1;
    format!("{:.1} ms", v[i].as_secs_f64() * 1000.0)
}

/// Opens a stream and records each `alarm` event's id and arrival.
async fn open_stream(http: &reqwest::Client, url: &str, token: &str) -> anyhow::Result<Seen> {
    let mut resp = http
        .get(url)
        .bearer_auth(token)
        .header("accept", "text/event-stream")
        .send()
        .await?;
    if !resp.status().is_success() {
        bail!("{url}: {}", resp.status());
    }
    let seen: Seen = Default::default();
    let out = seen.clone();
    tokio::spawn(async move {
        let mut buf = String::new();
        while let Ok(Some(chunk)) = resp.chunk().await {
            let now = Instant::now();
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                let mut alarm = false;
                let mut event: Option<LiveEvent> = None;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        alarm = v.trim() == "alarm";
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event = serde_json::from_str(v.trim()).ok();
                    }
                }
                if let (Some(e), true) = (event, alarm) {
                    out.lock().unwrap().push((e.id.0, e.point, now));
                }
            }
        }
    });
    Ok(seen)
}

async fn open_streams(n: usize, url: &str, token: &str) -> anyhow::Result<Vec<Seen>> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?;
    let mut streams = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(50) {
        let opened =
            futures::future::join_all(chunk.iter().map(|_| open_stream(&http, url, token))).await;
        for s in opened {
            streams.push(s?);
        }
    }
    Ok(streams)
}

struct FanOut {
    /// Per event: publish → the last stream has it.
    last: Vec<Duration>,
    /// Per delivery: publish → that stream has it.
    each: Vec<Duration>,
}

async fn fan_out(clients: usize, events: usize) -> anyhow::Result<FanOut> {
    cvlink::tls::init_crypto();
    let dir = tempfile::tempdir()?;
    let mut sim_cfg = cvsim::SimConfig::demo(TOKEN);
    sim_cfg.events_per_min = 0;
    let sim = cvsim::spawn(sim_cfg, tokio::net::TcpListener::bind("127.0.0.1:0").await?).await?;
    let (https, http) = (
        std::net::TcpListener::bind("127.0.0.1:0")?,
        std::net::TcpListener::bind("127.0.0.1:0")?,
    );
    let cfg = cvlink::Config {
        site: cvlink::config::SiteConfig {
            name: "Bench".into(),
            data_dir: dir.path().join("data"),
            public_urls: vec![format!("https://{}", https.local_addr()?)],
        },
        upstream: cvlink::config::UpstreamConfig {
            url: sim.url(),
            secret: TOKEN.into(),
            accept_invalid_certs: false,
            cert_sha256: None,
            timeout_secs: 5,
            qr_validity_secs: 30,
        },
        listen: cvlink::config::ListenConfig {
            https: https.local_addr()?,
            http: None,
        },
        auth: Default::default(),
        web: Default::default(),
        events: Default::default(),
        smtp: None,
        visitors: Default::default(),
        relay: None,
    };
    let gw = cvlink::Gateway::start(
        &cfg,
        cvlink::Listeners {
            https,
            http: Some(http),
        },
    )
    .await?;
    let tokens =
        cvlink::auth::create_session(&gw.state.db, &gw.state.auth, Role::Admin, "bench", None)
            .await?;
    let url = format!(
        "http://{}{}",
        gw.http_addr.context("http")?,
        cvm_api::paths::EVENTS
    );
    let streams = open_streams(clients, &url, &tokens.access_token).await?;
    while gw.state.bus.subscribers() < clients {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let base = 1_000_000_000i64;
    let mut sent = Vec::with_capacity(events);
    for i in 0..events {
        let e = LiveEvent {
            device: Some("bench".into()),
            point: Some("Door 1".into()),
            ..LiveEvent::new(
                EventId(base + i as i64),
                "2026-01-01 00:00:00",
                EventKind::Alarm,
                EventLevel::Alarm,
                "door opened forcibly",
            )
        };
        sent.push(Instant::now());
        gw.state.bus.publish(e);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while streams.iter().any(|s| {
        s.lock()
            .unwrap()
            .iter()
            .filter(|(id, ..)| *id >= base)
            .count()
            < events
    }) {
        if Instant::now() > deadline {
            bail!("not every stream received every event within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut last = vec![Duration::ZERO; events];
    let mut each = Vec::with_capacity(events * clients);
    for s in &streams {
        for (id, _, at) in s.lock().unwrap().iter().filter(|(id, ..)| *id >= base) {
            let i = (id - base) as usize;
            let d = at.saturating_duration_since(sent[i]);
            each.push(d);
            last[i] = last[i].max(d);
        }
    }
    drop(streams);
    gw.shutdown().await;
    sim.shutdown().await;
    Ok(FanOut { last, each })
}

struct EndToEnd {
    last: Vec<Duration>,
    first: Vec<Duration>,
    rss_before: u64,
    rss_after: u64,
}

fn rss(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .context("no VmRSS")?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kb * 1024)
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn end_to_end(clients: usize, alarms: usize) -> anyhow::Result<EndToEnd> {
    let dir = tempfile::tempdir()?;
    let child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_cvlink"))
            .args(["demo", "--port", "0", "--dir"])
            .arg(dir.path())
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()?,
    );
    let info_path = dir.path().join("demo.json");
    let deadline = Instant::now() + Duration::from_secs(60);
    let info: Value = loop {
        if let Ok(text) = std::fs::read_to_string(&info_path) {
            if let Ok(v) = serde_json::from_str(&text) {
                break v;
            }
        }
        if Instant::now() > deadline {
            bail!("cvlink demo wrote no demo.json");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let web = info["web_url"].as_str().context("web_url")?.to_string();
    let sim = info["sim_url"].as_str().context("sim_url")?.to_string();
    let sim_token = info["sim_token"].as_str().context("sim_token")?.to_string();
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{web}{}", cvm_api::paths::LOGIN))
        .json(&json!({"role": "admin", "account": info["admin"]["account"], "password": info["admin"]["password"]}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"].as_str().context("login")?.to_string();
    // Settle (first polls, back-fill) before measuring memory.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = child.0.id();
    let rss_before = rss(pid)?;
    let streams =
        open_streams(clients, &format!("{web}{}", cvm_api::paths::EVENTS), &token).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss(pid)?;

    let states: Value = http
        .get(format!(
            "{sim}/api/door/allDoorState?timestamp=0&access_token={sim_token}"
        ))
        .send()
        .await?
        .json()
        .await?;
    let doors: Vec<(String, String)> = states["data"]
        .as_array()
        .context("door states")?
        .iter()
        .filter(|d| d["connect"] == "1")
        .filter_map(|d| {
            Some((
                d["id"].as_str()?.to_string(),
                d["name"].as_str()?.to_string(),
            ))
        })
        .collect();
    anyhow::ensure!(!doors.is_empty(), "no online door");
    let (mut last, mut first) = (Vec::new(), Vec::new());
    let mut rng_state = 0x9e37_79b9_u64;
    for i in 0..alarms {
        // Spread the alarms over the poll cycle.
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        tokio::time::sleep(Duration::from_millis(300 + rng_state % 1000)).await;
        let (door, name) = &doors[i % doors.len()];
        let counts: Vec<usize> = streams.iter().map(|s| s.lock().unwrap().len()).collect();
        let raised = Instant::now();
        let r = http
            .post(format!("{sim}/sim/doors/{door}/alarm"))
            .json(&json!({"alarm": "forced open"}))
            .send()
            .await?;
        anyhow::ensure!(r.status().is_success(), "raising an alarm: {}", r.status());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let arrivals: Option<Vec<Instant>> = streams
                .iter()
                .zip(&counts)
                .map(|(s, n)| {
                    // This alarm, not another one the demo site happened to raise meanwhile.
                    s.lock().unwrap()[*n..]
                        .iter()
                        .find(|(_, point, _)| point.as_deref() == Some(name.as_str()))
                        .map(|(.., at)| *at)
                })
                .collect();
            if let Some(arrivals) = arrivals {
                let max = arrivals.iter().max().copied().unwrap_or(raised);
                let min = arrivals.iter().min().copied().unwrap_or(raised);
                last.push(max.saturating_duration_since(raised));
                first.push(min.saturating_duration_since(raised));
                break;
            }
            if Instant::now() > deadline {
                bail!("alarm {i} did not reach every stream within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let _ = http
            .post(format!("{sim}/sim/doors/{door}/alarm/clear"))
            .send()
            .await?;
    }
    drop(streams);
    drop(child);
    Ok(EndToEnd {
        last,
        first,
        rss_before,
        rss_after,
    })
}
