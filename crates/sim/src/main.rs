//! `cvsim` binary: parses the command line and runs the emulator until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use cvsim::{SimConfig, Site};

/// Emulator of the ZKBio CVSecurity 3rd-party REST API with a simulated site.
#[derive(Debug, Parser)]
#[command(name = "cvsim", version)]
struct Args {
    /// Address to listen on, e.g. 127.0.0.1:8098.
    #[arg(long)]
    listen: SocketAddr,
    /// The API secret clients must send as `access_token`: 32 or 64 hex characters.
    #[arg(long, value_parser = parse_token)]
    token: String,
    /// SQLite database file (created and seeded if new); in memory when omitted.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Which simulated site to seed.
    #[arg(long, value_enum, default_value_t = Site::Small)]
    site: Site,
    /// Random access events per minute; 0 disables them.
    #[arg(long, default_value_t = 6)]
    events_per_min: u32,
    /// Seed of the site generator (same seed, same site).
    #[arg(long, default_value_t = cvsim::DEMO_SEED)]
    seed: u64,
    /// Seconds a dynamic QR code stays valid.
    #[arg(long, default_value_t = 30)]
    qr_validity_secs: u32,
    /// Serve the unauthenticated `/sim/` control API (readers, devices, alarms, clock, reset).
    #[arg(long)]
    control_api: bool,
}

fn parse_token(raw: &str) -> Result<String, String> {
    cvsim::validate_token(raw)
        .map(|()| raw.to_owned())
        .map_err(|err| err.to_string())
}

fn main() {
    if let Err(err) = try_main() {
        eprintln!("cvsim: {err:#}");
        std::process::exit(1);
    }
}

#[tokio::main]
async fn try_main() -> anyhow::Result<()> {
    cvm_trace::init("cvsim=info");
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let config = SimConfig {
        token: args.token,
        db: args.db,
        site: args.site,
        events_per_min: args.events_per_min,
        seed: args.seed,
        qr_validity_secs: args.qr_validity_secs,
        control_api: args.control_api,
    };
    let sim = cvsim::spawn(config, listener).await?;
    println!("cvsim serving {} (Ctrl-C to stop)", sim.url());
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for Ctrl-C")?;
    sim.shutdown().await;
    Ok(())
}
