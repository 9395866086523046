//! `cargo xtask bench records`: a 50-record page of Access Records through cvlink on the large site
//! (`cvsim --site large`: 10 million transactions) at depths 0, 1 k, 100 k and 5 M, reached by cursor —
//! cvm-client over pinned HTTPS → cvlink (session check, cursor, one upstream call) → cvsim → back — and
//! the same upstream call made directly, so cvlink's own share shows.
//!
//! Then Visit Statistics and today's visitor counts, with the month filled up to 3,000 visits.
//!
//! `--db FILE` keeps the large site's database (built the first time: minutes). Prints a Markdown table;
//! `--doc FILE` also writes it there.

use std::time::Instant;

use anyhow::Context;
use cvm_api::{LoginRequest, RecordQuery, Role};

mod common;

const PASSWORD: &str = "bench-password-1";
const DEPTHS: [u64; 4] = [0, 1_000, 100_000, 5_000_000];
/// Visits the large site's month is filled up to before Visit Statistics is measured.
const VISITS_IN_MONTH: usize = 3_000;
/// Statistics requests measured with the month read from CVSecurity each time.
const COLD: usize = 30;

fn main() -> anyhow::Result<()> {
    let mut requests = 300usize;
    let mut db = None;
    let mut doc = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--requests" => requests = it.next().context("--requests N")?.parse()?,
            "--db" => db = Some(std::path::PathBuf::from(it.next().context("--db FILE")?)),
            "--doc" => doc = Some(std::path::PathBuf::from(it.next().context("--doc FILE")?)),
            "--bench" => {}
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(requests, db, doc))
}

use common::{ms, quantile as q, TOKEN};

async fn run(
    requests: usize,
    db: Option<std::path::PathBuf>,
    doc: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    cvlink::tls::init_crypto();
    let dir = tempfile::tempdir()?;
    let db = db.unwrap_or_else(|| dir.path().join("large.db"));
    let mut sim_cfg = cvsim::SimConfig::demo(TOKEN);
    sim_cfg.events_per_min = 0;
    sim_cfg.site = cvsim::Site::Large;
    sim_cfg.db = Some(db.clone());
    let built = Instant::now();
    eprintln!(
        "opening the large site at {} (built the first time: minutes)",
        db.display()
    );
    let sim = cvsim::spawn(sim_cfg, tokio::net::TcpListener::bind("127.0.0.1:0").await?).await?;
    eprintln!("large site ready in {:.0} s", built.elapsed().as_secs_f64());
    let https = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = https.local_addr()?;
    let cfg = common::gateway_config(dir.path(), sim.url(), addr, 10);
    let gw = cvlink::Gateway::start(&cfg, cvlink::Listeners { https, http: None }).await?;
    let hash = cvlink::auth::hash_password(PASSWORD)?;
    cvlink::db::upsert_admin(&gw.state.db, "bench", &hash).await?;
    let client = cvm_client::Client::for_org(gw.org_code())?;
    client
        .login(&LoginRequest {
            role: Role::Admin,
            account: "bench".into(),
            password: PASSWORD.into(),
        })
        .await?;

    // The second of the record at each depth, read from the site's database: a cursor there starts the
    // page at that depth (deep offsets are slow, but only here, once).
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display())).await?;
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM transactions")
        .fetch_one(&pool)
        .await?;
    let http = reqwest::Client::new();
    let mut rows = Vec::new();
    for depth in DEPTHS {
        let (at,): (String,) = sqlx::query_as(
            "SELECT event_time FROM transactions ORDER BY event_ms DESC, seq DESC LIMIT 1 OFFSET ?",
        )
        .bind(depth as i64)
        .fetch_one(&pool)
        .await
        .with_context(|| format!("no record at depth {depth}"))?;
        let cursor = (depth > 0).then(|| {
            cvlink::records::Cursor {
                at: at.clone(),
                seen: Vec::new(),
            }
            .encode()
        });
        let query = RecordQuery {
            cursor,
            limit: Some(50),
            ..RecordQuery::default()
        };
        // Warm up.
        for _ in 0..10 {
            client.records(&query).await?;
        }
        let mut through = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            let page = client.records(&query).await?;
            through.push(t.elapsed());
            anyhow::ensure!(page.items.len() == 50, "a full page at depth {depth}");
        }
        // The upstream call cvlink makes for that page, made directly.
        let mut url = format!(
            "{}/api/transaction/list?pageNo=1&pageSize=51&access_token={TOKEN}",
            sim.url()
        );
        if depth > 0 {
            url.push_str(&format!(
                "&endDate={}",
                form_urlencoded::byte_serialize(at.as_bytes()).collect::<String>()
            ));
        }
        let mut direct = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            http.get(&url).send().await?.bytes().await?;
            direct.push(t.elapsed());
        }
        rows.push((depth, through, direct));
    }

    // Visit Statistics: the large site's month filled up to VISITS_IN_MONTH visits (registered through
    // CVSecurity's API, spread over the month so far), then the statistics and today's counts read.
    let month_start = chrono::Local::now().format("%Y-%m-01 00:00:00").to_string();
    let since_ms = chrono::NaiveDateTime::parse_from_str(&month_start, "%Y-%m-%d %H:%M:%S")?
        .and_local_timezone(chrono::Local)
        .earliest()
        .context("month start")?
        .timestamp_millis();
    let now_ms = chrono::Local::now().timestamp_millis();
    let (have,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM visits WHERE start_time >= ?")
        .bind(&month_start)
        .fetch_one(&pool)
        .await?;
    let (host,): (String,) = sqlx::query_as("SELECT pin FROM persons LIMIT 1")
        .fetch_one(&pool)
        .await?;
    for i in have.max(0) as usize..VISITS_IN_MONTH {
        let at = since_ms + (now_ms - since_ms) * i as i64 / VISITS_IN_MONTH as i64;
        let start = chrono::DateTime::from_timestamp_millis(at)
            .context("time")?
            .with_timezone(&chrono::Local);
        let fmt = |t: chrono::DateTime<chrono::Local>| t.format("%Y-%m-%d %H:%M:%S").to_string();
        let cert = format!("BENCH{i:06}");
        let body = serde_json::json!({
            "persPersonPin": host, "certType": "2", "certNum": cert,
            "visEmpName": format!("Visitor {}", i % 400), "visitReason": "Meeting", "visitorCount": 1 + i % 3,
            "startTime": fmt(start), "endTime": fmt(start + chrono::Duration::hours(2)),
        });
        http.post(format!(
            "{}/api/visRegistration/add?access_token={TOKEN}",
            sim.url()
        ))
        .json(&body)
        .send()
        .await?
        .error_for_status()?;
        if i % 2 == 0 {
            http.post(format!(
                "{}/api/visRegistration/exit?certType=2&certNum={cert}&access_token={TOKEN}",
                sim.url()
            ))
            .send()
            .await?
            .error_for_status()?;
        }
    }
    for _ in 0..5 {
        client.visit_stats().await?;
    }
    let mut stats = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        let s = client.visit_stats().await?;
        stats.push(t.elapsed());
        anyhow::ensure!(s.top.len() == 5, "the month has visitors");
    }
    let mut summary = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        client.visit_summary().await?;
        summary.push(t.elapsed());
    }
    // The same with the month's visits read from CVSecurity for every request (what the first request
    // after a change, or every 10 s, costs).
    let mut cold = Vec::with_capacity(COLD);
    for _ in 0..COLD {
        gw.state.month_visits.invalidate();
        let t = Instant::now();
        client.visit_stats().await?;
        cold.push(t.elapsed());
    }

    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut table = format!(
        "| 50-record page, {total} records, {requests} requests per depth ({cpus} cores, release build) | p50 | p99 | max | upstream call alone p50 / p99 | cvlink's share p50 / p99 |\n\
         |---|---|---|---|---|---|\n"
    );
    for (depth, through, direct) in &rows {
        table.push_str(&format!(
            "| depth {depth} | {} | {} | {} | {} / {} | {} / {} |\n",
            ms(q(through, 0.5)),
            ms(q(through, 0.99)),
            ms(q(through, 1.0)),
            ms(q(direct, 0.5)),
            ms(q(direct, 0.99)),
            ms(q(through, 0.5).saturating_sub(q(direct, 0.5))),
            ms(q(through, 0.99).saturating_sub(q(direct, 0.99))),
        ));
    }
    table.push_str(&format!(
        "\n| Visitors, {VISITS_IN_MONTH} visits this month, {requests} requests | p50 | p99 | max |\n|---|---|---|---|\n\
         | `GET /visitors/stats` (today by hour, the month's top 5) | {} | {} | {} |\n\
         | `GET /visitors/summary` (today's counts) | {} | {} | {} |\n\
         | `GET /visitors/stats`, the month read from CVSecurity each time ({COLD} requests) | {} | {} | {} |\n",
        ms(q(&stats, 0.5)),
        ms(q(&stats, 0.99)),
        ms(q(&stats, 1.0)),
        ms(q(&summary, 0.5)),
        ms(q(&summary, 0.99)),
        ms(q(&summary, 1.0)),
        ms(q(&cold, 0.5)),
        ms(q(&cold, 0.99)),
        ms(q(&cold, 1.0)),
    ));
    table.push_str(
        "\nThrough cvlink = cvm-client over pinned HTTPS on loopback, session check, cursor decoding, one \
         upstream call (the first page of a time window: never a deep page number), JSON both ways. The \
         upstream call alone = the same call made directly to cvsim over plain HTTP.\n",
    );
    println!("{table}");
    if let Some(doc) = doc {
        std::fs::write(
            &doc,
            format!(
                "# Access Records benchmark\n\nWritten by `cargo xtask bench records` (crates/link/benches/records.rs) \
                 against `cvsim --site large`.\nGoal (SPEC §6, issue 11): p99 ≤ 10 ms at every depth, flat in depth; \
                 cvlink's share ≤ 2 ms; the statistics endpoint p99 ≤ 50 ms.\n\n{table}"
            ),
        )?;
    }
    pool.close().await;
    gw.shutdown().await;
    sim.shutdown().await;
    Ok(())
}
