//! The relay: phones outside the site's network reach cvlink through a relay host, over a tunnel that
//! cvlink keeps open to it (rathole, Noise-authenticated both ways). TLS still ends at cvlink, and the app
//! pins cvlink's key from the org code, so the relay host carries ciphertext it can neither read nor
//! change. This module runs the site's end (`[relay]` in `cvlink.toml`); [`host`] runs the relay host's
//! (`cvlink relay-server`).

pub mod host;
pub mod keys;
pub mod tunnel;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use cvm_api::{RelayState, RelayStatus};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::config::Config;
use crate::state::AppState;
use keys::{KeyPair, PublicKey};
use tunnel::Event;

/// The tunnel's state, as `GET /status` and `cvlink status` show it.
pub type RelayHandle = Arc<watch::Sender<RelayStatus>>;

/// Where the site keeps its tunnel key, configuration and last known state.
pub fn dir(cfg: &Config) -> PathBuf {
    cfg.site.data_dir.join("relay")
}

pub fn site_key_path(cfg: &Config) -> PathBuf {
    dir(cfg).join("site.key")
}

fn state_path(cfg: &Config) -> PathBuf {
    dir(cfg).join("state.json")
}

/// The state before the tunnel's first report.
pub fn initial(cfg: &Config) -> RelayStatus {
    match &cfg.relay {
        None => RelayStatus::not_configured(),
        Some(r) => RelayStatus {
            state: RelayState::Connecting,
            url: Some(r.public_url.clone()),
            since: Some(crate::outbox::rfc3339(crate::db::now())),
            ..RelayStatus::not_configured()
        },
    }
}

/// Applies what the supervisor reported.
pub fn apply(s: &mut RelayStatus, event: &Event) {
    fn set(s: &mut RelayStatus, state: RelayState) {
        if s.state != state {
            s.state = state;
            s.since = Some(crate::outbox::rfc3339(crate::db::now()));
        }
    }
    match event {
        Event::Started { restarts } => {
            s.restarts = *restarts;
            set(s, RelayState::Connecting);
        }
        Event::Attached => set(s, RelayState::Online),
        Event::Lost(why) => {
            if why.is_some() {
                s.last_error.clone_from(why);
            }
            set(s, RelayState::Connecting);
        }
        Event::Ended { why, .. } => {
            s.last_error = Some(why.clone());
            set(s, RelayState::Offline);
        }
    }
}

/// What `cvlink serve` leaves for `cvlink status` (another process) to read.
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedState {
    pub pid: u32,
    pub relay: RelayStatus,
}

/// The tunnel state the running gateway last wrote, if that gateway still runs.
pub fn saved_state(cfg: &Config) -> Option<SavedState> {
    let text = std::fs::read_to_string(state_path(cfg)).ok()?;
    let saved: SavedState = serde_json::from_str(&text).ok()?;
    let alive = !cfg!(target_os = "linux") || Path::new(&format!("/proc/{}", saved.pid)).exists();
    alive.then_some(saved)
}

/// The address rathole hands the phones' connections to: cvlink's HTTPS listener, by loopback when it
/// listens on every address.
fn local_target(https: SocketAddr) -> String {
    if https.ip().is_unspecified() {
        let lo: std::net::IpAddr = if https.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        SocketAddr::new(lo, https.port()).to_string()
    } else {
        https.to_string()
    }
}

/// Starts the site's end of the tunnel as a gateway task, when `[relay]` is set.
pub fn start(cfg: &Config, https: SocketAddr, state: &AppState) -> anyhow::Result<()> {
    let Some(relay) = &cfg.relay else {
        return Ok(());
    };
    let (site, _) = KeyPair::load_or_create(&site_key_path(cfg))?;
    let server_key = PublicKey::parse(&relay.server_key).context("relay.server_key")?;
    let config = dir(cfg).join("tunnel.toml");
    tunnel::write_config(
        &config,
        &tunnel::client_config(&relay.server, &server_key, &site, &local_target(https)),
    )?;
    let program = match &relay.program {
        Some(p) => p.clone(),
        None => std::env::current_exe().context("finding the cvlink program for the tunnel")?,
    };
    let handle = state.relay.clone();
    let saved = state_path(cfg);
    let pid = std::process::id();
    state.tasks.spawn("relay tunnel", move |stop| {
        tunnel::supervise(program, config, "site".into(), stop, move |event| {
            handle.send_modify(|s| apply(s, &event));
            let snapshot = SavedState {
                pid,
                relay: handle.borrow().clone(),
            };
            if let Ok(json) = serde_json::to_vec(&snapshot) {
                let _ = crate::files::write_private(&saved, &json);
            }
        })
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_follows_the_tunnel() {
        let mut s = RelayStatus {
            state: RelayState::Connecting,
            ..RelayStatus::not_configured()
        };
        apply(&mut s, &Event::Attached);
        assert_eq!(s.state, RelayState::Online);
        let since = s.since.clone();
        assert!(since.is_some());
        apply(&mut s, &Event::Lost(Some("Connection reset".into())));
        assert_eq!(s.state, RelayState::Connecting);
        assert_eq!(s.last_error.as_deref(), Some("Connection reset"));
        apply(
            &mut s,
            &Event::Ended {
                why: "the tunnel process ended (exit status: 70)".into(),
                retry_in: std::time::Duration::from_secs(1),
            },
        );
        assert_eq!(s.state, RelayState::Offline);
        apply(&mut s, &Event::Started { restarts: 1 });
        assert_eq!((s.state, s.restarts), (RelayState::Connecting, 1));
        // A loss without words keeps the last reason.
        apply(&mut s, &Event::Lost(None));
        assert!(s.last_error.as_deref().unwrap().contains("exit status"));
    }

    #[test]
    fn the_tunnel_reaches_cvlink_by_loopback_when_it_listens_everywhere() {
        assert_eq!(
            local_target("0.0.0.0:8443".parse().unwrap()),
            "127.0.0.1:8443"
        );
        assert_eq!(local_target("[::]:8443".parse().unwrap()), "[::1]:8443");
        assert_eq!(
            local_target("10.0.0.5:8443".parse().unwrap()),
            "10.0.0.5:8443"
        );
    }
}
