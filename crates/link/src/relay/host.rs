//! `cvlink relay-server --sites sites.toml`: the public side, run by an operator on a host phones can
//! reach. One rathole server per site, each on the site's own tunnel port and accepting only that site's
//! Noise key, with the site's public port opened only while the site is attached.
//!
//! ```toml
//! # sites.toml
//! key_file = "relay.key"            # this host's Noise key pair, made on first start (optional)
//!
//! [[site]]
//! name = "acme-school"              # letters, digits, - and _
//! key = "…"                         # the site's key, printed by `cvlink relay-key` at the site
//! tunnel = "0.0.0.0:7001"           # where the site's cvlink attaches (its relay.server)
//! public = "0.0.0.0:8443"           # where phones connect (its relay.public_url)
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use serde::Deserialize;

use super::keys::{KeyPair, PublicKey};
use super::tunnel::{self, Event};
use crate::tasks::Tasks;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sites {
    #[serde(default)]
    pub key_file: Option<PathBuf>,
    #[serde(default, rename = "site")]
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    pub key: String,
    pub tunnel: String,
    pub public: String,
}

impl Sites {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let sites: Sites = toml::from_str(&text).with_context(|| format!("{}", path.display()))?;
        sites.validate()?;
        Ok(sites)
    }

    fn validate(&self) -> anyhow::Result<()> {
        let mut names = HashSet::new();
        let mut addrs = HashSet::new();
        for s in &self.sites {
            anyhow::ensure!(
                !s.name.is_empty()
                    && s.name.len() <= 64
                    && s.name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "site name {:?}: use 1 to 64 letters, digits, - or _",
                s.name
            );
            anyhow::ensure!(names.insert(&s.name), "site {:?} is listed twice", s.name);
            PublicKey::parse(&s.key).with_context(|| {
                format!(
                    "site {}: key (the site's `cvlink relay-key` prints it)",
                    s.name
                )
            })?;
            for (what, addr) in [("tunnel", &s.tunnel), ("public", &s.public)] {
                addr.parse::<std::net::SocketAddr>().with_context(|| {
                    format!("site {}: {what} {addr:?} is not an address:port", s.name)
                })?;
                anyhow::ensure!(
                    addrs.insert(addr.clone()),
                    "site {}: {what} {addr} is used twice",
                    s.name
                );
            }
        }
        Ok(())
    }
}

/// A site as the relay host sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteState {
    pub attached: bool,
    pub last_error: Option<String>,
}

/// The running relay host.
pub struct RelayHost {
    pub public_key: PublicKey,
    /// Whether the key pair was made by this start (the operator hands its public half to the sites).
    pub new_key: bool,
    pub states: Arc<Mutex<BTreeMap<String, SiteState>>>,
    tasks: Tasks,
}

impl RelayHost {
    /// Starts one tunnel server per site of `sites_path`, run as `program tunnel FILE`.
    pub fn start(sites_path: &Path, program: PathBuf) -> anyhow::Result<Self> {
        let sites = Sites::load(sites_path)?;
        let base = sites_path.parent().unwrap_or(Path::new("."));
        let key_file = base.join(sites.key_file.as_deref().unwrap_or(Path::new("relay.key")));
        let (relay, new_key) = KeyPair::load_or_create(&key_file)?;
        let run_dir = base.join("relay-run");
        let states: Arc<Mutex<BTreeMap<String, SiteState>>> = Arc::default();
        let tasks = Tasks::default();
        for site in &sites.sites {
            let key = PublicKey::parse(&site.key)?;
            let config = run_dir.join(format!("{}.toml", site.name));
            tunnel::write_config(
                &config,
                &tunnel::server_config(&site.tunnel, &site.public, &relay, &key),
            )?;
            states
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(site.name.clone(), SiteState::default());
            let (states, name, program) = (states.clone(), site.name.clone(), program.clone());
            tasks.spawn("relay site", move |stop| {
                tunnel::supervise(program, config, name.clone(), stop, move |event| {
                    let mut all = states.lock().unwrap_or_else(|e| e.into_inner());
                    let s = all.entry(name.clone()).or_default();
                    match event {
                        Event::Attached => {
                            s.attached = true;
                            tracing::info!(site = %name, "site attached");
                        }
                        Event::Lost(why) => {
                            if s.attached {
                                tracing::info!(site = %name, "site detached");
                            }
                            s.attached = false;
                            if why.is_some() {
                                s.last_error = why;
                            }
                        }
                        Event::Ended { why, retry_in } => {
                            s.attached = false;
                            tracing::warn!(site = %name, "{why}; starting again in {retry_in:?}");
                            s.last_error = Some(why);
                        }
                        Event::Started { .. } => {}
                    }
                })
            });
        }
        Ok(Self {
            public_key: relay.public_key(),
            new_key,
            states,
            tasks,
        })
    }

    pub fn sites(&self) -> BTreeMap<String, SiteState> {
        self.states
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub async fn shutdown(&self) {
        self.tasks.shutdown(std::time::Duration::from_secs(3)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<Sites> {
        let s: Sites = toml::from_str(text)?;
        s.validate()?;
        Ok(s)
    }

    #[test]
    fn sites_are_checked_before_anything_runs() {
        let key = KeyPair::generate().unwrap().public;
        let ok = format!(
            "[[site]]\nname = \"acme\"\nkey = \"{key}\"\ntunnel = \"0.0.0.0:7001\"\npublic = \"0.0.0.0:8443\"\n"
        );
        assert_eq!(parse(&ok).unwrap().sites.len(), 1);
        let twice = format!("{ok}{}", ok.replace("7001", "7002").replace("8443", "8444"));
        assert!(parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("listed twice"));
        let same_port = format!(
            "{ok}{}",
            ok.replace("acme", "other").replace("7001", "7002")
        );
        assert!(parse(&same_port)
            .unwrap_err()
            .to_string()
            .contains("used twice"));
        let bad_key = ok.replace(&key, "nope");
        assert!(format!("{:#}", parse(&bad_key).unwrap_err()).contains("relay-key"));
        let bad_name = ok.replace("acme", "a b");
        assert!(parse(&bad_name)
            .unwrap_err()
            .to_string()
            .contains("letters"));
        let bad_addr = ok.replace("0.0.0.0:7001", "relay:x");
        assert!(parse(&bad_addr)
            .unwrap_err()
            .to_string()
            .contains("address:port"));
        assert!(parse("[[site]]\nname = \"a\"\n").is_err());
    }
}
