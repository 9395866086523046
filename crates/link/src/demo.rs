//! `cvlink demo`: an in-process cvsim with the demo site, a gateway on loopback in front of it, the web
//! build, and everything a person or a test needs to log in written to `DIR/demo.json`.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::RngCore;
use serde_json::json;

use crate::config::{
    AuthConfig, Config, EventsConfig, ListenConfig, RelayConfig, SiteConfig, SmtpConfig,
    SmtpSecurity, UpstreamConfig, WebConfig,
};
use crate::relay::host::RelayHost;
use crate::relay::keys::KeyPair;
use crate::server::{Gateway, Listeners};
use crate::{auth, db};

pub const ADMIN_ACCOUNT: &str = "admin";
pub const ADMIN_PASSWORD: &str = "cvmobile-demo";
pub const ORG_NAME: &str = "Demo Campus";
pub const DEMO_LOCKDOWN_GROUP: &str = "Main entrance";

pub struct DemoOptions {
    pub dir: PathBuf,
    /// Web build port (plain HTTP on loopback); the HTTPS API takes the next port. 0 = any free ports.
    pub port: u16,
    pub web_dir: Option<PathBuf>,
    /// Also run a relay host on loopback (`--relay`): its URL becomes the org code's second address.
    pub relay: bool,
}

pub struct Demo {
    pub sim: cvsim::SimHandle,
    pub gateway: Gateway,
    pub relay_host: Option<RelayHost>,
    /// The contents of `demo.json`.
    pub info: serde_json::Value,
    pub config_path: PathBuf,
}

fn bind(port: u16) -> anyhow::Result<std::net::TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    std::net::TcpListener::bind(addr)
        .with_context(|| format!("binding {addr} (is another demo running? use --port)"))
}

pub async fn start(opts: DemoOptions) -> anyhow::Result<Demo> {
    crate::files::private_dir(&opts.dir)?;
    let dir = opts.dir.canonicalize()?;
    let mut secret = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut secret);
    let token = hex::encode_upper(secret);
    let sim_listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let sim_config = cvsim::SimConfig::demo(token.clone());
    let qr_validity_secs = sim_config.qr_validity_secs;
    let sim = cvsim::spawn(sim_config, sim_listener).await?;

    let http = bind(opts.port)?;
    let https = bind(if opts.port == 0 {
        0
    } else {
        opts.port.checked_add(1).context("--port too large")?
    })?;
    let https_addr = https.local_addr()?;
    let http_addr = http.local_addr()?;
    // A real SMTP server on loopback: the invitation e-mails land in DIR/mail/*.eml.
    let sink = crate::mailsink::MailSink::start(
        std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?,
        &dir.join("mail"),
        &[],
    )?;
    let base_url = format!("https://{https_addr}");
    let data_dir = dir.join("data");
    let (relay_host, relay) = if opts.relay {
        let (host, relay) = demo_relay(&dir, &data_dir, opts.port)?;
        (Some(host), Some(relay))
    } else {
        (None, None)
    };
    let relay_url = relay.as_ref().map(|r: &RelayConfig| r.public_url.clone());
    let cfg = Config {
        site: SiteConfig {
            name: ORG_NAME.into(),
            data_dir,
            public_urls: vec![base_url.clone()],
        },
        upstream: UpstreamConfig {
            url: sim.url(),
            secret: token.clone(),
            accept_invalid_certs: false,
            cert_sha256: None,
            timeout_secs: 10,
            qr_validity_secs,
        },
        listen: ListenConfig {
            https: https_addr,
            http: Some(http_addr),
        },
        auth: AuthConfig::default(),
        web: WebConfig {
            dir: opts.web_dir.clone(),
        },
        // The demo shows live events quickly; a real CVSecurity wants 10 s or more.
        events: EventsConfig {
            poll_secs: 1.0,
            ..EventsConfig::default()
        },
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.addr.port(),
            security: SmtpSecurity::None,
            username: None,
            password: None,
            from: format!("{ORG_NAME} <visitors@demo-campus.invalid>"),
            timeout_secs: 10,
        }),
        visitors: Default::default(),
        relay,
    };
    let config_path = dir.join("cvlink.toml");
    cfg.save(&config_path)?;

    let gateway = Gateway::start(
        &cfg,
        Listeners {
            https,
            http: Some(http),
        },
    )
    .await?;
    let hash = tokio::task::spawn_blocking(|| auth::hash_password(ADMIN_PASSWORD)).await??;
    db::upsert_admin(&gateway.state.db, ADMIN_ACCOUNT, &hash).await?;
    db::set_app_login(&gateway.state.db, cvsim::demo::PERSONNEL_PIN, true).await?;
    demo_lockdown_group(&gateway).await?;

    let org_code = gateway.org_code().to_uri();
    std::fs::write(
        dir.join("org-code.png"),
        cvm_scan::render_png(&org_code, 8)?,
    )?;
    let info = json!({
        "base_url": base_url,
        "web_url": format!("http://{http_addr}"),
        "org_code": org_code,
        "admin": {"account": ADMIN_ACCOUNT, "password": ADMIN_PASSWORD},
        "personnel": {"account": cvsim::demo::PERSONNEL_PIN, "password": cvsim::demo::PERSONNEL_PASSWORD},
        "relay_url": relay_url,
        "sim_url": sim.url(),
        "sim_token": token,
        "smtp": {"host": "127.0.0.1", "port": sink.addr.port()},
        "mail_dir": sink.dir,
        "config": config_path,
    });
    // It holds the demo's passwords and the cvsim token.
    crate::files::write_private(
        &dir.join("demo.json"),
        serde_json::to_string_pretty(&info)?.as_bytes(),
    )?;
    Ok(Demo {
        sim,
        gateway,
        relay_host,
        info,
        config_path,
    })
}

/// A relay host on loopback for the demo site: its `sites.toml` in `DIR/relay-host`, the tunnel port
/// and the public port after the API's (`port + 2`, `port + 3`; any free ones with port 0).
fn demo_relay(dir: &Path, data_dir: &Path, port: u16) -> anyhow::Result<(RelayHost, RelayConfig)> {
    let free = |offset: u16| -> anyhow::Result<SocketAddr> {
        let p = if port == 0 {
            0
        } else {
            port.checked_add(offset).context("--port too large")?
        };
        // Bound and let go: rathole binds it again in its own process.
        Ok(bind(p)?.local_addr()?)
    };
    let (tunnel, public) = (free(2)?, free(3)?);
    let site = KeyPair::load_or_create(&data_dir.join("relay").join("site.key"))?.0;
    let host_dir = dir.join("relay-host");
    crate::files::private_dir(&host_dir)?;
    let sites = host_dir.join("sites.toml");
    std::fs::write(
        &sites,
        format!(
            "# The demo's relay host (cvlink relay-server --sites {}).\n\n[[site]]\nname = \"demo-campus\"\n\
             key = \"{}\"\ntunnel = \"{tunnel}\"\npublic = \"{public}\"\n",
            sites.display(),
            site.public
        ),
    )?;
    let program = std::env::current_exe().context("finding the cvlink program")?;
    let host = RelayHost::start(&sites, program)?;
    let relay = RelayConfig {
        server: tunnel.to_string(),
        server_key: host.public_key.to_string(),
        public_url: format!("https://{public}"),
        program: None,
    };
    Ok((host, relay))
}

/// The demo ships one lockdown group: the first two online doors, named after the first.
async fn demo_lockdown_group(gateway: &Gateway) -> anyhow::Result<()> {
    let db = &gateway.state.db;
    if !crate::lockdown::groups(db).await?.is_empty() {
        return Ok(());
    }
    let doors: Vec<String> = gateway
        .state
        .upstream
        .door_states()
        .await?
        .into_iter()
        .filter(|d| d.connect == "1")
        .map(|d| d.id)
        .take(2)
        .collect();
    anyhow::ensure!(!doors.is_empty(), "the demo site has no online door");
    crate::lockdown::save(db, None, DEMO_LOCKDOWN_GROUP, &doors)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Runs the demo until Ctrl-C, printing what to open and how to log in.
pub async fn run(opts: DemoOptions) -> anyhow::Result<()> {
    let demo = start(opts).await?;
    let dir = demo
        .config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let i = &demo.info;
    let code = i["org_code"].as_str().unwrap_or_default();
    println!("{}", cvm_scan::render_terminal(code)?);
    println!("cvmobile demo is running.\n");
    println!("  Organization : {}", demo.gateway.state.org.name);
    println!(
        "  Open the app : {}",
        i["web_url"].as_str().unwrap_or_default()
    );
    println!(
        "  API (pinned) : {}",
        i["base_url"].as_str().unwrap_or_default()
    );
    println!("  Org code     : {code}");
    println!("  Org code PNG : {}", dir.join("org-code.png").display());
    println!(
        "  Admin        : {} / {}",
        i["admin"]["account"].as_str().unwrap_or_default(),
        i["admin"]["password"].as_str().unwrap_or_default()
    );
    println!(
        "  Personnel    : {} / {}",
        i["personnel"]["account"].as_str().unwrap_or_default(),
        i["personnel"]["password"].as_str().unwrap_or_default()
    );
    if let Some(url) = i["relay_url"].as_str() {
        println!("  Relay        : {url} (the org code's second address, through a relay host on loopback)");
    }
    println!(
        "  cvsim        : {}",
        i["sim_url"].as_str().unwrap_or_default()
    );
    println!("  demo.json    : {}", dir.join("demo.json").display());
    println!(
        "  E-mail       : invitations are delivered to the demo's SMTP server on {}:{} and written to {}",
        i["smtp"]["host"].as_str().unwrap_or_default(),
        i["smtp"]["port"],
        dir.join("mail").display()
    );
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "cvlink".into());
    println!(
        "  CLI          : {exe} --config {} app-login enable|disable PIN\n\nPress Ctrl-C to stop.",
        demo.config_path.display()
    );
    tokio::signal::ctrl_c().await?;
    demo.gateway.shutdown().await;
    if let Some(host) = &demo.relay_host {
        host.shutdown().await;
    }
    demo.sim.shutdown().await;
    Ok(())
}
