//! The `cvlink` command: parses arguments and calls the library.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use cvlink::{db, server, Config, Gateway, Listeners};

#[derive(Parser)]
#[command(
    name = "cvlink",
    version,
    about = "Site gateway between the cvmobile app and ZKBio CVSecurity"
)]
struct Cli {
    /// The gateway's configuration file.
    #[arg(long, global = true, default_value = "cvlink.toml")]
    config: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the gateway (production mode).
    Serve,
    /// Run a demo site: cvsim + cvlink + the web build on loopback (builds with the `demo` feature).
    #[cfg(feature = "demo")]
    Demo {
        #[arg(long, default_value = "cvlink-demo")]
        dir: PathBuf,
        /// Port of the web build; the HTTPS API uses the next one. 0 picks free ports.
        #[arg(long, default_value_t = 8700)]
        port: u16,
        /// Directory of the app's web build.
        #[arg(long, env = "CVMOBILE_WEB_DIR")]
        web_dir: Option<PathBuf>,
        /// Also run a relay host on loopback and put its URL in the org code as the second address.
        #[arg(long)]
        relay: bool,
    },
    /// Print the org code (and write it as a PNG).
    OrgCode {
        #[arg(long)]
        png: Option<PathBuf>,
    },
    /// Manage administrator accounts.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// End sessions (a lost phone, a person who left).
    Sessions {
        #[command(subcommand)]
        cmd: SessionsCmd,
    },
    /// Manage lockdown groups (the doors closed together in an emergency).
    LockdownGroup {
        #[command(subcommand)]
        cmd: LockdownCmd,
    },
    /// The outbox (invitation e-mails, visitor registrations waiting for CVSecurity): list it, or
    /// queue refused rows again.
    Outbox {
        #[command(subcommand)]
        cmd: OutboxCmd,
    },
    /// How the gateway is doing: CVSecurity reachable, the outbox, the relay tunnel.
    Status,
    /// Print this site's relay key (made on first use), for the relay host's `sites.toml`.
    RelayKey,
    /// Run a relay host: one tunnel per site of `sites.toml` (see the README, "Reaching a site from
    /// anywhere").
    RelayServer {
        #[arg(long)]
        sites: PathBuf,
    },
    /// Make a new TLS key and print the new org code. Phones holding the old code are refused with
    /// "server key changed" until they scan the new one. Restart `cvlink serve` afterwards.
    RotateKey {
        /// Also write the new org code as a PNG.
        #[arg(long)]
        png: Option<PathBuf>,
    },
    /// The relay tunnel process (started by `cvlink serve` and `cvlink relay-server`).
    #[command(hide = true)]
    Tunnel { file: PathBuf },
    /// Allow or refuse a person's login to the app.
    AppLogin {
        #[arg(value_parser = ["enable", "disable"])]
        action: String,
        /// Personnel ID (pin).
        pin: String,
    },
}

#[derive(Subcommand)]
enum OutboxCmd {
    /// The newest e-mails with their state, attempts and last error.
    List {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Queue failed e-mails again, due now (one by id, or all).
    Retry {
        #[arg(conflicts_with = "all")]
        id: Option<i64>,
        #[arg(long)]
        all: bool,
    },
}

#[derive(Subcommand)]
enum LockdownCmd {
    /// Create a group, or set the doors of an existing one.
    Add {
        name: String,
        /// Door ids, comma-separated (see `cvlink lockdown-group doors`).
        #[arg(long, value_delimiter = ',', required = true)]
        doors: Vec<String>,
    },
    /// Delete a group (not while it is under lockdown).
    Remove { name: String },
    /// List the groups, their doors and whether they are under lockdown.
    List,
    /// List the site's doors (id, name, state) as CVSecurity reports them.
    Doors,
}

#[derive(Subcommand)]
enum UserCmd {
    /// Create an administrator, or set a new password for an existing one.
    AddAdmin {
        name: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Delete an administrator account and end its sessions.
    Remove { name: String },
}

#[derive(Subcommand)]
enum SessionsCmd {
    /// End sessions now: one administrator's, one person's, or everyone's.
    Revoke {
        #[arg(long, conflicts_with_all = ["personnel", "all"])]
        admin: Option<String>,
        /// Personnel ID (pin).
        #[arg(long, conflicts_with = "all")]
        personnel: Option<String>,
        #[arg(long)]
        all: bool,
    },
}

fn main() {
    if let Err(e) = try_main() {
        eprintln!("cvlink: {e:#}");
        std::process::exit(1);
    }
}

#[tokio::main]
async fn try_main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Cmd::Tunnel { file } = cli.cmd {
        // Its own log set-up: the supervisor reads these lines.
        return cvlink::relay::tunnel::run_child(file).await;
    }
    cvm_trace::init("cvlink=info,cvsim=warn");
    match cli.cmd {
        Cmd::Tunnel { .. } => unreachable!("handled above"),
        Cmd::Status => {
            let cfg = Config::load(&cli.config)?;
            cvlink::cli::status(&cfg).await?;
        }
        Cmd::RelayKey => {
            let cfg = Config::load(&cli.config)?;
            let path = cvlink::relay::site_key_path(&cfg);
            let (kp, new) = cvlink::relay::keys::KeyPair::load_or_create(&path)?;
            if new {
                eprintln!("Made this site's relay key in {}", path.display());
            }
            println!("{}", kp.public);
            eprintln!(
                "Give this key to the relay host's operator (the site's `key` in its sites.toml)."
            );
        }
        Cmd::RelayServer { sites } => {
            let host = cvlink::relay::host::RelayHost::start(&sites, std::env::current_exe()?)?;
            if host.new_key {
                eprintln!("Made this relay host's key.");
            }
            println!(
                "Relay host key (each site's relay.server_key): {}",
                host.public_key
            );
            for name in host.sites().keys() {
                println!("  serving site {name}");
            }
            if host.sites().is_empty() {
                host.shutdown().await;
                anyhow::bail!(
                    "{} lists no site: add a [[site]] with its name, key, tunnel and public addresses",
                    sites.display()
                );
            }
            tokio::signal::ctrl_c().await?;
            host.shutdown().await;
        }
        Cmd::RotateKey { png } => {
            let cfg = Config::load(&cli.config)?;
            let code = cvlink::cli::rotate_key(&cfg).await?.to_uri();
            if let Some(path) = png {
                std::fs::write(&path, cvm_scan::render_png(&code, 8)?)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!("{}", cvm_scan::render_terminal(&code)?);
            println!("{code}");
            eprintln!(
                "New key made. Restart `cvlink serve`; then every phone must scan this org code \
                 (the old one is refused with \"server key changed\")."
            );
        }
        Cmd::Serve => {
            let cfg = Config::load(&cli.config)?;
            let gw = Gateway::start(&cfg, Listeners::bind(&cfg)?).await?;
            println!("{}", gw.org_code());
            tokio::signal::ctrl_c().await?;
            gw.shutdown().await;
        }
        #[cfg(feature = "demo")]
        Cmd::Demo {
            dir,
            port,
            web_dir,
            relay,
        } => {
            cvlink::demo::run(cvlink::demo::DemoOptions {
                dir,
                port,
                web_dir,
                relay,
            })
            .await?;
        }
        Cmd::OrgCode { png } => {
            let cfg = Config::load(&cli.config)?;
            let code = server::org_code(&cfg, &server::tls_identity(&cfg)?)?.to_uri();
            if let Some(path) = png {
                std::fs::write(&path, cvm_scan::render_png(&code, 8)?)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!("{}", cvm_scan::render_terminal(&code)?);
            println!("{code}");
        }
        Cmd::User {
            cmd:
                UserCmd::AddAdmin {
                    name,
                    password_stdin,
                },
        } => {
            let cfg = Config::load(&cli.config)?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                Some(line.trim_end_matches(['\r', '\n']).to_string())
            } else {
                None
            };
            cvlink::cli::add_admin(&cfg, &name, password).await?;
        }
        Cmd::User {
            cmd: UserCmd::Remove { name },
        } => {
            let cfg = Config::load(&cli.config)?;
            cvlink::cli::remove_admin(&cfg, &name).await?;
        }
        Cmd::Sessions {
            cmd:
                SessionsCmd::Revoke {
                    admin,
                    personnel,
                    all,
                },
        } => {
            let cfg = Config::load(&cli.config)?;
            let who = match (admin.as_deref(), personnel.as_deref(), all) {
                (Some(a), None, false) => db::Sessions::Admin(a.trim()),
                (None, Some(p), false) => db::Sessions::Personnel(p.trim()),
                (None, None, true) => db::Sessions::Everyone,
                _ => anyhow::bail!("say whose sessions: --admin NAME, --personnel PIN or --all"),
            };
            cvlink::cli::revoke_sessions(&cfg, who).await?;
        }
        Cmd::LockdownGroup { cmd } => {
            let cfg = Config::load(&cli.config)?;
            cvlink::cli::lockdown_group(&cfg, cmd.into()).await?;
        }
        Cmd::Outbox { cmd } => {
            let cfg = Config::load(&cli.config)?;
            let pool = db::open(&cfg.db_path()).await?;
            match cmd {
                OutboxCmd::List { limit } => {
                    println!(
                        "{:<6} {:<20} {:<8} {:>8}  {:<20}  last error",
                        "id", "kind", "state", "attempts", "created"
                    );
                    for r in cvlink::outbox::list(&pool, limit).await? {
                        println!(
                            "{:<6} {:<20} {:<8} {:>8}  {:<20}  {}",
                            r.id,
                            r.kind.trim_end_matches("_mail"),
                            r.state,
                            r.attempts,
                            cvlink::outbox::rfc3339(r.created_at),
                            r.last_error.as_deref().unwrap_or("-")
                        );
                    }
                }
                OutboxCmd::Retry { id, all } => {
                    anyhow::ensure!(id.is_some() || all, "say which: an id, or --all");
                    let n = cvlink::outbox::retry(&pool, id).await?;
                    println!(
                        "{n} row(s) queued again; a running cvlink delivers them within a minute"
                    );
                }
            }
        }
        Cmd::AppLogin { action, pin } => {
            let cfg = Config::load(&cli.config)?;
            anyhow::ensure!(!pin.trim().is_empty(), "the personnel ID is empty");
            let pool = db::open(&cfg.db_path()).await?;
            let enable = action == "enable";
            db::set_app_login(&pool, pin.trim(), enable).await?;
            db::audit(
                &pool,
                "cli",
                if enable {
                    "app_login_enabled"
                } else {
                    "app_login_disabled"
                },
                Some(pin.trim()),
                None,
            )
            .await?;
            println!(
                "App Login {} for personnel ID {}",
                if enable { "enabled" } else { "disabled" },
                pin.trim()
            );
        }
    }
    Ok(())
}

impl From<LockdownCmd> for cvlink::cli::LockdownCommand {
    fn from(c: LockdownCmd) -> Self {
        match c {
            LockdownCmd::Add { name, doors } => Self::Add { name, doors },
            LockdownCmd::Remove { name } => Self::Remove { name },
            LockdownCmd::List => Self::List,
            LockdownCmd::Doors => Self::Doors,
        }
    }
}
