//! The state every handler shares.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use cvm_api::{Fingerprint, OrgCode};
use sqlx::SqlitePool;

use crate::auth::Throttle;
use crate::bus::EventBus;
use crate::config::AuthConfig;
use crate::tasks::Tasks;
use crate::upstream::Upstream;

/// What identifies this site to phones.
#[derive(Debug, Clone)]
pub struct OrgIdentity {
    pub name: String,
    pub code: OrgCode,
    pub fingerprint: Fingerprint,
}

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub upstream: Upstream,
    pub org: Arc<OrgIdentity>,
    pub auth: Arc<AuthConfig>,
    pub throttle: Arc<Throttle>,
    /// When device areas were last learned from the access records.
    pub areas_learned_at: Arc<Mutex<Option<Instant>>>,
    /// Every stored live event, once, to every open stream.
    pub bus: EventBus,
    /// Background work, stopped with the gateway.
    pub tasks: Arc<Tasks>,
    /// Admin password checks running at once (argon2 is memory-hard).
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Wakes the outbox worker.
    pub outbox: crate::outbox::OutboxSignal,
    /// Whether `[smtp]` is set (an e-mail waits in the outbox until it is).
    pub mail_configured: bool,
    /// The visit reasons people choose from.
    pub visit_reasons: Arc<Vec<String>>,
    /// This run of the gateway (random at start): idempotency claims name the run that made them.
    pub boot: Arc<str>,
    /// This month's visits, for the visitor counts and statistics.
    pub month_visits: Arc<crate::visitors::MonthVisits>,
    /// The site's persons by name, for searches.
    pub people: Arc<crate::people::Directory>,
    /// When the event poller last read the upstream successfully (unix seconds; 0 = not yet).
    pub last_poll: Arc<std::sync::atomic::AtomicI64>,
    /// The tunnel to the relay host (`[relay]`).
    pub relay: crate::relay::RelayHandle,
}
