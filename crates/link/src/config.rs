//! `cvlink.toml`: where the upstream is, what to listen on, what goes into the org code.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub site: SiteConfig,
    pub upstream: UpstreamConfig,
    pub listen: ListenConfig,
    #[serde(default)]
    pub auth: AuthConfig,
    #[serde(default)]
    pub web: WebConfig,
    #[serde(default)]
    pub events: EventsConfig,
    /// The mail server for invitation e-mails; without it invitations are still made and their e-mails
    /// wait in the outbox until one is configured.
    #[serde(default)]
    pub smtp: Option<SmtpConfig>,
    #[serde(default)]
    pub visitors: VisitorsConfig,
    /// The tunnel to a relay host, for phones outside the site's network (`[relay]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<RelayConfig>,
}

/// `[relay]`: cvlink keeps a tunnel open to a relay host (rathole, Noise-authenticated) and phones that
/// cannot reach the site's own addresses come in through it. TLS still ends here: the relay host only
/// carries ciphertext.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelayConfig {
    /// The relay host's tunnel address for this site (`host:port`, its `tunnel` in `sites.toml`).
    pub server: String,
    /// The relay host's Noise public key (base64), printed by `cvlink relay-server`.
    pub server_key: String,
    /// The URL phones use through the relay (its `public` address). It goes into the org code after
    /// `site.public_urls`.
    pub public_url: String,
    /// The program that runs the tunnel (`PROGRAM tunnel FILE`); this cvlink when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<PathBuf>,
}

/// `[smtp]`: how cvlink sends e-mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// `starttls` (port 587), `tls` (implicit, port 465) or `none` (only to a server on this machine).
    #[serde(default)]
    pub security: SmtpSecurity,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, e.g. `Acme School <visitors@acme.example>`.
    pub from: String,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    #[default]
    Starttls,
    Tls,
    None,
}

/// `[visitors]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorsConfig {
    /// The visit reasons people choose from (CVSecurity's API does not list its own).
    #[serde(default = "default_reasons")]
    pub reasons: Vec<String>,
}

fn default_reasons() -> Vec<String> {
    [
        "Meeting",
        "Interview",
        "Delivery",
        "Maintenance",
        "Family visit",
        "Other",
    ]
    .map(String::from)
    .to_vec()
}

impl Default for VisitorsConfig {
    fn default() -> Self {
        Self {
            reasons: default_reasons(),
        }
    }
}

/// The live-event poller (`[events]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// Seconds between polls of the upstream. CVSecurity's manual asks for at least 10 between
    /// `transaction/monitor` calls; the demo polls every second.
    #[serde(default = "default_poll_secs")]
    pub poll_secs: f64,
    /// Days events are kept.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    /// How far back the first `transaction/monitor` poll looks, for clock skew between cvlink and the
    /// upstream (what is already stored is de-duplicated). Older events come from the back-fill.
    #[serde(default = "default_lookback")]
    pub monitor_lookback_secs: u64,
}

fn default_lookback() -> u64 {
    300
}

fn default_poll_secs() -> f64 {
    10.0
}
fn default_retention_days() -> u32 {
    90
}

impl Default for EventsConfig {
    fn default() -> Self {
        Self {
            poll_secs: default_poll_secs(),
            retention_days: default_retention_days(),
            monitor_lookback_secs: default_lookback(),
        }
    }
}

impl EventsConfig {
    pub fn poll_ms(&self) -> u64 {
        (self.poll_secs * 1000.0).round().max(100.0) as u64
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Organization name shown in the app and carried by the org code.
    pub name: String,
    /// Where the database and the TLS key live.
    pub data_dir: PathBuf,
    /// Base URLs the phones use, in order of preference (LAN first, relay after). They go into the org code.
    pub public_urls: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamConfig {
    /// CVSecurity's base URL, e.g. `https://10.0.0.2:8098`.
    pub url: String,
    /// The API client secret (System → Authority Management → API Authorization). Never leaves cvlink.
    pub secret: String,
    /// CVSecurity servers usually run HTTPS with a self-signed certificate.
    #[serde(default)]
    pub accept_invalid_certs: bool,
    /// The SHA-256 of CVSecurity's certificate (hex, colons allowed): trust exactly that certificate,
    /// whoever signed it. Safer than `accept_invalid_certs`, which it replaces when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_sha256: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// How long CVSecurity's dynamic QR codes stay valid at its readers, in seconds. Its API does not
    /// say, so it is set here to match the server's setting; the app counts down from it.
    #[serde(default = "default_qr_validity")]
    pub qr_validity_secs: u32,
}

fn default_timeout() -> u64 {
    10
}

fn default_qr_validity() -> u32 {
    30
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenConfig {
    /// HTTPS with cvlink's own key (pinned by the app through the org code).
    pub https: SocketAddr,
    /// Optional plain HTTP, meant for loopback only: serves the web build to a browser on this machine.
    #[serde(default)]
    pub http: Option<SocketAddr>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    #[serde(default = "default_access_ttl")]
    pub access_ttl_secs: u64,
    #[serde(default = "default_refresh_ttl")]
    pub refresh_ttl_secs: u64,
    /// Failed logins allowed per account (and 4× per client address) within `lockout_window_secs`.
    #[serde(default = "default_max_failures")]
    pub max_failures: u32,
    #[serde(default = "default_lockout_window")]
    pub lockout_window_secs: u64,
    /// The longest a session lasts from its login, however often it is refreshed.
    #[serde(default = "default_session_max")]
    pub session_max_secs: u64,
    /// Admin password checks (argon2, about 19 MiB each) running at once; more wait briefly, then get 429.
    #[serde(default = "default_password_checks")]
    pub max_concurrent_password_checks: u32,
}

fn default_session_max() -> u64 {
    90 * 24 * 3600
}
fn default_password_checks() -> u32 {
    4
}

fn default_access_ttl() -> u64 {
    15 * 60
}
fn default_refresh_ttl() -> u64 {
    30 * 24 * 3600
}
fn default_max_failures() -> u32 {
    5
}
fn default_lockout_window() -> u64 {
    15 * 60
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            access_ttl_secs: default_access_ttl(),
            refresh_ttl_secs: default_refresh_ttl(),
            max_failures: default_max_failures(),
            lockout_window_secs: default_lockout_window(),
            session_max_secs: default_session_max(),
            max_concurrent_password_checks: default_password_checks(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    /// Directory of the app's web build (index.html + assets/), served at `/`.
    #[serde(default)]
    pub dir: Option<PathBuf>,
}

impl Config {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut cfg: Config =
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        // Relative paths are relative to the config file, so a config can travel with its data.
        if let Some(base) = path.parent() {
            if cfg.site.data_dir.is_relative() {
                cfg.site.data_dir = base.join(&cfg.site.data_dir);
            }
            if let Some(dir) = cfg.web.dir.as_mut().filter(|d| d.is_relative()) {
                *dir = base.join(&*dir);
            }
        }
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        let s = &self.upstream.secret;
        anyhow::ensure!(
            (s.len() == 32 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit()),
            "upstream.secret must be the 32 or 64 hex-digit API client secret"
        );
        url::Url::parse(&self.upstream.url).context("upstream.url is not a URL")?;
        anyhow::ensure!(
            !self.site.public_urls.is_empty(),
            "site.public_urls needs at least one https URL"
        );
        anyhow::ensure!(!self.site.name.trim().is_empty(), "site.name is empty");
        if let Some(http) = self.listen.http {
            anyhow::ensure!(
                http.ip().is_loopback(),
                "listen.http is plain HTTP and may only listen on loopback (127.0.0.1 or [::1]), not {http}; \
                 phones use listen.https"
            );
        }
        anyhow::ensure!(
            self.events.poll_secs.is_finite() && (0.1..=3600.0).contains(&self.events.poll_secs),
            "events.poll_secs must be between 0.1 and 3600"
        );
        anyhow::ensure!(
            self.events.retention_days >= 1,
            "events.retention_days must be at least 1"
        );
        if let Some(relay) = &self.relay {
            relay.validate()?;
        }
        Ok(())
    }

    /// Writes the configuration, readable by its owner only (it holds the API secret).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        crate::files::write_private(path, toml::to_string_pretty(self)?.as_bytes())
    }

    pub fn db_path(&self) -> PathBuf {
        self.site.data_dir.join("cvlink.db")
    }

    /// The URLs that go into the org code: the site's own, then the relay's.
    pub fn org_urls(&self) -> Vec<String> {
        let mut urls = self.site.public_urls.clone();
        if let Some(relay) = &self.relay {
            if !urls.contains(&relay.public_url) {
                urls.push(relay.public_url.clone());
            }
        }
        urls
    }
}

impl RelayConfig {
    fn validate(&self) -> anyhow::Result<()> {
        let url = url::Url::parse(&self.public_url)
            .with_context(|| format!("relay.public_url {:?} is not a URL", self.public_url))?;
        anyhow::ensure!(
            url.scheme() == "https",
            "relay.public_url must be an https URL (TLS ends at cvlink, the relay only carries it)"
        );
        anyhow::ensure!(
            self.server
                .rsplit_once(':')
                .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok()),
            "relay.server must be host:port, not {:?}",
            self.server
        );
        crate::relay::keys::PublicKey::parse(&self.server_key)
            .context("relay.server_key (the relay host's key, printed by `cvlink relay-server`)")?;
        Ok(())
    }
}
