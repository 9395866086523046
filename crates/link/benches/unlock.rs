//! `cargo xtask bench unlock`: the remote unlock round trip as the app makes it — cvm-client over pinned
//! HTTPS → cvlink (session check, door state, lockdown check, audit write) → cvsim → back — on loopback:
//! ≥ 1,000 sequential requests, then 50 admins at once. cvlink's own share is the round trip minus the
//! same two upstream calls made directly.
//!
//! Prints a Markdown table; `--doc FILE` also writes it there.

use std::time::{Duration, Instant};

use anyhow::Context;
use cvm_api::{LoginRequest, Role, UnlockRequest};

mod common;
use common::TOKEN;

const PASSWORD: &str = "bench-password-1";

fn main() -> anyhow::Result<()> {
    let mut requests = 1000usize;
    let mut admins = 50usize;
    let mut doc = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--requests" => requests = it.next().context("--requests N")?.parse()?,
            "--admins" => admins = it.next().context("--admins N")?.parse()?,
            "--doc" => doc = Some(std::path::PathBuf::from(it.next().context("--doc FILE")?)),
            "--bench" => {}
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(requests, admins, doc))
}

fn q(v: &[Duration], q: f64) -> String {
    common::ms(common::quantile(v, q))
}

async fn run(
    requests: usize,
    admins: usize,
    doc: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    cvlink::tls::init_crypto();
    let dir = tempfile::tempdir()?;
    let mut sim_cfg = cvsim::SimConfig::demo(TOKEN);
    sim_cfg.events_per_min = 0;
    let sim = cvsim::spawn(sim_cfg, tokio::net::TcpListener::bind("127.0.0.1:0").await?).await?;
    let https = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = https.local_addr()?;
    let cfg = common::gateway_config(dir.path(), sim.url(), addr, 5);
    let gw = cvlink::Gateway::start(&cfg, cvlink::Listeners { https, http: None }).await?;
    let mut clients = Vec::new();
    for i in 0..admins {
        let account = format!("admin{i}");
        let hash = cvlink::auth::hash_password(PASSWORD)?;
        cvlink::db::upsert_admin(&gw.state.db, &account, &hash).await?;
        let c = cvm_client::Client::for_org(gw.org_code())?;
        c.login(&LoginRequest {
            role: Role::Admin,
            account,
            password: PASSWORD.into(),
        })
        .await?;
        clients.push(c);
    }
    let door = clients[0]
        .doors()
        .await?
        .into_iter()
        .find(|d| d.connection == cvm_api::Connection::Online)
        .context("no online door")?;
    let req = UnlockRequest {
        seconds: 1,
        reason: Some("benchmark".into()),
    };
    // Warm up connections and caches.
    for (i, c) in clients.iter().enumerate() {
        c.unlock_door(&door.id, &req, &format!("warm-{i}")).await?;
    }

    let mut sequential = Vec::with_capacity(requests);
    for i in 0..requests {
        let t = Instant::now();
        clients[0]
            .unlock_door(&door.id, &req, &format!("seq-{i}"))
            .await?;
        sequential.push(t.elapsed());
    }

    let per_admin = (requests / admins).max(20);
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(a, c)| {
            let (c, req, door) = (c.clone(), req.clone(), door.id.clone());
            tokio::spawn(async move {
                let mut out = Vec::with_capacity(per_admin);
                for i in 0..per_admin {
                    let t = Instant::now();
                    c.unlock_door(&door, &req, &format!("par-{a}-{i}")).await?;
                    out.push(t.elapsed());
                }
                anyhow::Ok(out)
            })
        })
        .collect();
    let mut parallel = Vec::new();
    for t in tasks {
        parallel.extend(t.await??);
    }
    let wall = started.elapsed();

    // The same upstream calls cvlink makes for one unlock, made directly.
    let http = reqwest::Client::new();
    let mut upstream = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        http.get(format!(
            "{}/api/door/allDoorState?timestamp=0&access_token={TOKEN}",
            sim.url()
        ))
        .send()
        .await?
        .bytes()
        .await?;
        http.post(format!(
            "{}/api/door/remoteOpenById?doorId={}&interval=1&access_token={TOKEN}",
            sim.url(),
            door.id
        ))
        .send()
        .await?
        .bytes()
        .await?;
        upstream.push(t.elapsed());
    }
    let audited: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit WHERE action = 'door_unlock'")
        .fetch_one(&gw.state.db)
        .await?;
    anyhow::ensure!(
        audited.0 as usize >= requests + admins * per_admin,
        "every unlock is audited"
    );

    let median = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort();
        v[v.len() / 2]
    };
    let own = median(&sequential).saturating_sub(median(&upstream));
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let table = format!(
        "| remote unlock round trip (pinned HTTPS on loopback, {cpus} cores, release build) | p50 | p90 | p99 | max |\n\
         |---|---|---|---|---|\n\
         | sequential, one admin ({requests} requests) | {} | {} | {} | {} |\n\
         | {admins} admins at once ({} requests, {:.0} unlocks/s) | {} | {} | {} | {} |\n\
         | the two upstream calls alone, direct to cvsim | {} | {} | {} | {} |\n\n\
         cvlink's own share of the median sequential round trip (TLS, session check, lockdown check, audit \
         write, JSON): **{:.2} ms**.\n",
        q(&sequential, 0.5), q(&sequential, 0.9), q(&sequential, 0.99), q(&sequential, 1.0),
        parallel.len(),
        parallel.len() as f64 / wall.as_secs_f64(),
        q(&parallel, 0.5), q(&parallel, 0.9), q(&parallel, 0.99), q(&parallel, 1.0),
        q(&upstream, 0.5), q(&upstream, 0.9), q(&upstream, 0.99), q(&upstream, 1.0),
        own.as_secs_f64() * 1000.0,
    );
    println!("{table}");
    if let Some(doc) = doc {
        std::fs::write(
            &doc,
            format!(
                "# Remote unlock benchmark\n\nWritten by `cargo xtask bench unlock` (crates/link/benches/unlock.rs).\n\
                 Goal (issue 10): p99 ≤ 10 ms on loopback (SPEC floor 50 ms through the relay).\n\n{table}"
            ),
        )?;
    }
    gw.shutdown().await;
    sim.shutdown().await;
    Ok(())
}
