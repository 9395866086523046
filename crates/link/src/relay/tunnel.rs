//! Running rathole: its configuration files, the `cvlink tunnel FILE` child process that hosts it, and
//! the supervisor that starts that child, reads its state from its log and starts it again with back-off.
//!
//! Why a child process and not a task: rathole's `run` reads its configuration from a file only, unwraps
//! its instance's errors inside a spawned task (a bad address would panic there and leave `run` waiting
//! forever) and raises the process's file limit. In a child of its own, a failure ends that process,
//! which the supervisor sees and answers with a restart, and cvlink's own process stays clean.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use super::keys::{KeyPair, PublicKey, PATTERN};
use crate::tasks::Shutdown;

/// The rathole service name of the site's HTTPS port.
pub const SERVICE: &str = "cvlink";
/// Seconds between the relay host's heartbeats, and how long a site waits for one before it attaches
/// again (a relay host that vanished without closing its connections is noticed within this). The relay
/// host notices a site that went away when a heartbeat cannot be written, so within two intervals.
const HEARTBEAT_INTERVAL: u64 = 2;
const HEARTBEAT_TIMEOUT: u64 = 8;
/// Longest pause between a site's attempts to attach, inside rathole.
const RETRY_INTERVAL: u64 = 2;
/// Pauses between starts of a tunnel process that ended: doubling from the first to the last; reset once
/// a process ran for `STABLE`.
const BACKOFF_FIRST: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(30);
const STABLE: Duration = Duration::from_secs(60);

/// rathole's client configuration: attach to `server` and carry its public connections to `local`.
pub fn client_config(server: &str, server_key: &PublicKey, site: &KeyPair, local: &str) -> String {
    let cfg = json!({
        "client": {
            "remote_addr": server,
            "default_token": site.public_key().service_token(),
            "heartbeat_timeout": HEARTBEAT_TIMEOUT,
            "retry_interval": RETRY_INTERVAL,
            "transport": {
                "type": "noise",
                "tcp": {"nodelay": true},
                "noise": {
                    "pattern": PATTERN,
                    "local_private_key": site.private,
                    "remote_public_key": server_key.as_str(),
                },
            },
            "services": {SERVICE: {"local_addr": local, "nodelay": true}},
        }
    });
    toml_of(&cfg)
}

/// rathole's server configuration for one site: accept that site (and only it) on `tunnel`, and phones
/// on `public`.
pub fn server_config(tunnel: &str, public: &str, relay: &KeyPair, site: &PublicKey) -> String {
    let cfg = json!({
        "server": {
            "bind_addr": tunnel,
            "default_token": site.service_token(),
            "heartbeat_interval": HEARTBEAT_INTERVAL,
            "transport": {
                "type": "noise",
                "tcp": {"nodelay": true},
                "noise": {
                    "pattern": PATTERN,
                    "local_private_key": relay.private,
                    "remote_public_key": site.as_str(),
                },
            },
            "services": {SERVICE: {"bind_addr": public, "nodelay": true}},
        }
    });
    toml_of(&cfg)
}

fn toml_of(v: &serde_json::Value) -> String {
    toml::to_string(v).expect("a JSON object of strings and numbers is valid TOML")
}

/// Writes a rathole configuration (it holds a private key) where only its owner can read it.
pub fn write_config(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        crate::files::private_dir(dir)?;
    }
    crate::files::write_private(path, text.as_bytes())
}

/// `cvlink tunnel FILE`: rathole in this process, until the parent goes away (its end of our standard
/// input closes) or rathole fails (the process ends, and the supervisor starts another).
pub async fn run_child(config: PathBuf) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "rathole=info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .init();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("ERROR tunnel stopped: {info}");
        std::process::exit(70);
    }));
    tokio::spawn(async {
        use tokio::io::AsyncReadExt;
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 64];
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    let (_stop, stop_rx) = tokio::sync::broadcast::channel(1);
    let cli = rathole::Cli {
        config_path: Some(config),
        ..Default::default()
    };
    rathole::run(cli, stop_rx).await?;
    anyhow::bail!("the tunnel ended")
}

/// What a tunnel process's log line says about its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// The control channel is up: the other end is attached.
    Attached,
    /// It went down, or an attempt failed (with what rathole said).
    Lost(Option<String>),
    /// Nothing about the state.
    Other,
}

/// Reads one line of a tunnel process's log (`LEVEL message`, as `run_child` writes it).
pub fn classify(line: &str) -> Signal {
    let line = line.trim();
    if line.contains("Control channel established") {
        return Signal::Attached;
    }
    if line.contains("Control channel shutdown") {
        return Signal::Lost(None);
    }
    let (level, rest) = line.split_once(' ').unwrap_or((line, ""));
    if matches!(level, "ERROR" | "WARN") {
        // Drop span prefixes (`name{fields}: `) to keep what rathole said.
        let msg = rest.rsplit_once("}: ").map_or(rest, |(_, m)| m).trim();
        return Signal::Lost(Some(msg.chars().take(300).collect()));
    }
    Signal::Other
}

/// What the supervisor reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A process started (`restarts` before it).
    Started {
        restarts: u32,
    },
    Attached,
    Lost(Option<String>),
    /// The process ended; the next one starts after `retry_in`.
    Ended {
        why: String,
        retry_in: Duration,
    },
}

/// Runs `program tunnel config` until `stop`, starting it again with back-off whenever it ends, and
/// reports each change through `report`.
pub async fn supervise(
    program: PathBuf,
    config: PathBuf,
    label: String,
    mut stop: Shutdown,
    mut report: impl FnMut(Event) + Send,
) {
    let mut backoff = BACKOFF_FIRST;
    let mut restarts = 0u32;
    loop {
        let started = Instant::now();
        report(Event::Started { restarts });
        let why = match run_once(&program, &config, &label, &mut stop, &mut report).await {
            Some(why) => why,
            None => return,
        };
        if started.elapsed() >= STABLE {
            backoff = BACKOFF_FIRST;
        }
        report(Event::Ended {
            why,
            retry_in: backoff,
        });
        if !stop.sleep(backoff).await {
            return;
        }
        backoff = (backoff * 2).min(BACKOFF_MAX);
        restarts += 1;
    }
}

/// One tunnel process: `None` when stopped, else why it ended.
async fn run_once(
    program: &Path,
    config: &Path,
    label: &str,
    stop: &mut Shutdown,
    report: &mut (impl FnMut(Event) + Send),
) -> Option<String> {
    let spawned = Command::new(program)
        .arg("tunnel")
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return Some(format!("starting {}: {e}", program.display())),
    };
    let stderr = child.stderr.take().expect("piped");
    let mut lines = BufReader::new(stderr).lines();
    let mut last_error = None;
    loop {
        tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(line)) => {
                    match classify(&line) {
                        Signal::Attached => {
                            tracing::info!(tunnel = label, "relay tunnel attached");
                            report(Event::Attached);
                        }
                        Signal::Lost(msg) => {
                            tracing::warn!(tunnel = label, "{}", line.trim());
                            if msg.is_some() {
                                last_error.clone_from(&msg);
                            }
                            report(Event::Lost(msg));
                        }
                        Signal::Other => tracing::debug!(tunnel = label, "{}", line.trim()),
                    }
                }
                // Its log closed: the process is ending.
                Ok(None) | Err(_) => break,
            },
            _ = stop.wait() => {
                let _ = child.kill().await;
                return None;
            }
        }
    }
    let status = child.wait().await;
    let code = match status {
        Ok(s) => s.to_string(),
        Err(e) => e.to_string(),
    };
    Some(match last_error {
        Some(e) => format!("the tunnel process ended ({code}): {e}"),
        None => format!("the tunnel process ended ({code})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_tell_the_state() {
        assert_eq!(
            classify(" INFO run_control_channel{addr=127.0.0.1:1}: Control channel established"),
            Signal::Attached
        );
        assert_eq!(
            classify(" INFO handle{service=cvlink}: Control channel shutdown"),
            Signal::Lost(None)
        );
        assert_eq!(
            classify(" WARN run_control_channel{addr=x:1}: Failed to connect to 127.0.0.1:9: Connection refused (os error 111). Retry in 1s"),
            Signal::Lost(Some("Failed to connect to 127.0.0.1:9: Connection refused (os error 111). Retry in 1s".into()))
        );
        assert_eq!(classify(" INFO Starting 1234"), Signal::Other);
        assert_eq!(classify(""), Signal::Other);
    }

    #[test]
    fn configs_name_the_keys_and_the_token_on_both_ends() {
        let site = KeyPair::generate().unwrap();
        let relay = KeyPair::generate().unwrap();
        let client = client_config(
            "relay.example:7000",
            &relay.public_key(),
            &site,
            "127.0.0.1:8443",
        );
        let server = server_config("0.0.0.0:7000", "0.0.0.0:8443", &relay, &site.public_key());
        let c: toml::Value = toml::from_str(&client).unwrap();
        let s: toml::Value = toml::from_str(&server).unwrap();
        assert_eq!(
            c["client"]["transport"]["noise"]["remote_public_key"].as_str(),
            Some(relay.public.as_str())
        );
        assert_eq!(
            s["server"]["transport"]["noise"]["remote_public_key"].as_str(),
            Some(site.public.as_str())
        );
        assert_eq!(c["client"]["default_token"], s["server"]["default_token"]);
        assert_eq!(
            c["client"]["services"][SERVICE]["local_addr"].as_str(),
            Some("127.0.0.1:8443")
        );
        assert_eq!(
            s["server"]["services"][SERVICE]["bind_addr"].as_str(),
            Some("0.0.0.0:8443")
        );
    }
}
