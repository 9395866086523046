//! cvlink, the site gateway: holds the CVSecurity API secret, adds per-user accounts and permissions, and
//! serves the mobile API (and the app's web build) to phones over pinned TLS.

pub mod alarms;
pub mod api;
pub mod auth;
pub mod bus;
pub mod cli;
pub mod config;
pub mod db;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod events;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod invitations;
pub mod lockdown;
pub mod mail;
pub mod mailsink;
pub mod outbox;
pub mod paging;
pub mod passwords;
pub mod people;
pub mod poller;
pub mod records;
pub mod relay;
pub mod server;
pub mod site;
pub mod state;
pub mod tasks;
pub mod tls;
pub mod upstream;
pub mod visitors;

pub use config::Config;
pub use server::{Gateway, Listeners};
