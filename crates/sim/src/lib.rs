//! cvsim: an emulator of ZKBio CVSecurity's documented "3rd Party API" serving a simulated site, used
//! in-process by `cvlink` (demo and tests) and as the `cvsim` binary.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let sim = cvsim::spawn(cvsim::SimConfig::demo("0123456789ABCDEF0123456789ABCDEF"), listener).await?;
//! println!("{}/api/door/list?pageNo=1&pageSize=20&access_token={}", sim.url(), sim.token());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod clock;
mod control;
mod db;
mod envelope;
mod events;
mod faults;
mod ias;
mod large;
mod photo;
mod qr;
mod seed;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::SeedableRng;
use sqlx::SqlitePool;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use api::router;
pub use events::EventKind;

/// The demo person that `cvlink demo` writes into `demo.json` (department "Teachers", self-service password
/// set, card assigned).
pub mod demo {
    /// Personnel ID.
    pub const PERSONNEL_PIN: &str = "1001";
    /// Self-service password (the API returns its MD5 as `selfPwd`).
    pub const PERSONNEL_PASSWORD: &str = "Demo-2468";
    /// First name (`name`).
    pub const PERSONNEL_NAME: &str = "Alice";
    /// Last name (`lastName`).
    pub const PERSONNEL_LAST_NAME: &str = "Walker";
}

/// The simulated sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Site {
    /// 3 areas, 8 devices (one offline), 16 doors, 200 persons, a week of history.
    #[default]
    Small,
    /// 20 areas, 500 devices, 50,000 persons, 10 million transactions over 30 days (minutes to build; use
    /// `--db`).
    Large,
}

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The API secret clients must send as `access_token` (32 or 64 hex characters).
    pub token: String,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    pub site: Site,
    /// Random access events written per minute; 0 disables the generator.
    pub events_per_min: u32,
    /// Seed of the site generator: the same seed gives the same site.
    pub seed: u64,
    /// How long a dynamic QR code from `getQrCode` stays valid, in seconds.
    pub qr_validity_secs: u32,
    /// Serves the `/sim/` control API (present credentials at readers, take devices offline, raise alarms,
    /// move the clock, reset). It needs no token: enable it only where the test harness is trusted.
    pub control_api: bool,
}

/// The seed `SimConfig::demo` uses.
pub const DEMO_SEED: u64 = 0x00C5_5EC0;

impl SimConfig {
    /// The demo: small site, in memory, 6 events per minute, fixed seed, 30-second QR codes, control API on.
    pub fn demo(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            db: None,
            site: Site::Small,
            events_per_min: 6,
            seed: DEMO_SEED,
            qr_validity_secs: 30,
            control_api: true,
        }
    }
}

/// Library errors.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("invalid access token: {0}")]
    InvalidToken(&'static str),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Checks the vendor's token form: 32 or 64 hexadecimal characters (the vendor issues upper-case).
pub fn validate_token(token: &str) -> Result<(), SimError> {
    if token.len() != 32 && token.len() != 64 {
        return Err(SimError::InvalidToken(
            "it must be 32 or 64 hexadecimal characters long",
        ));
    }
    if !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SimError::InvalidToken(
            "it may contain only hexadecimal characters 0-9 and A-F",
        ));
    }
    Ok(())
}

/// Shared state of the HTTP handlers: the database, the expected token, the site's clock and QR issuer.
#[derive(Clone)]
pub struct AppState {
    pool: SqlitePool,
    token: Arc<str>,
    clock: clock::SimClock,
    qr: qr::QrIssuer,
    control_api: bool,
    site: Site,
    seed: u64,
    monitor: Arc<std::sync::Mutex<api::MonitorCursors>>,
    /// The fault the vendor API shows (control API `/sim/faults`).
    fault: Arc<std::sync::Mutex<faults::Fault>>,
}

impl AppState {
    /// Validates the token, opens and migrates the database, and seeds the site when it is empty.
    pub async fn open(config: &SimConfig) -> Result<Self, SimError> {
        validate_token(&config.token)?;
        let pool = db::open(config.db.as_deref()).await?;
        if seed::seed_if_empty(&pool, config.site, config.seed).await? {
            tracing::info!(site = ?config.site, seed = config.seed, "seeded the simulated site");
        }
        Ok(Self {
            pool,
            token: config.token.as_str().into(),
            clock: clock::SimClock::default(),
            qr: qr::QrIssuer::new(config.seed, &config.token, config.qr_validity_secs),
            control_api: config.control_api,
            site: config.site,
            seed: config.seed,
            monitor: Arc::default(),
            fault: Arc::default(),
        })
    }
}

/// A running emulator. Dropping it (or `shutdown().await`) stops the server and the event generator.
pub struct SimHandle {
    addr: SocketAddr,
    token: String,
    state: AppState,
    seed: u64,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    generator: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// Base URL, e.g. `http://127.0.0.1:8098` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Writes one live event of `kind` at a random online door now (for tests that need an alarm on cue).
    /// Returns the new transaction id, or `None` when no door is online.
    pub async fn emit_event(&self, kind: EventKind) -> Result<Option<String>, SimError> {
        let now = self.state.clock.now_ms();
        let mut rng = StdRng::seed_from_u64(self.seed ^ now as u64);
        Ok(events::emit(&self.state.pool, &mut rng, kind, now).await?)
    }

    /// Stops accepting requests, waits briefly for in-flight ones, and stops the generator.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(generator) = self.generator.take() {
            generator.abort();
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
        self.state.pool.close().await;
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        for task in [self.generator.take(), self.server.take()]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
    }
}

/// Starts the emulator on `listener` (bind `127.0.0.1:0` for tests) and returns once it accepts requests.
pub async fn spawn(
    config: SimConfig,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<SimHandle> {
    let addr = listener.local_addr().map_err(SimError::from)?;
    let state = AppState::open(&config).await?;
    let app = router(state.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(err) = serve.await {
            tracing::error!(%err, "cvsim server stopped");
        }
    });
    let generator = (config.events_per_min > 0).then(|| {
        let rng = StdRng::seed_from_u64(config.seed.wrapping_add(1));
        tokio::spawn(events::run_generator(
            state.pool.clone(),
            state.clock.clone(),
            config.events_per_min,
            rng,
        ))
    });
    tracing::info!(%addr, events_per_min = config.events_per_min, "cvsim listening");
    Ok(SimHandle {
        addr,
        token: config.token,
        state,
        seed: config.seed,
        stop: Some(stop),
        server: Some(server),
        generator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_must_be_32_or_64_hex() {
        assert!(validate_token(&"A".repeat(32)).is_ok());
        assert!(validate_token(&"0f".repeat(32)).is_ok());
        assert!(validate_token(&"A".repeat(31)).is_err());
        assert!(validate_token(&"G".repeat(32)).is_err());
        assert!(validate_token("").is_err());
    }
}
