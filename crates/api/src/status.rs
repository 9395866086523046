//! `GET /status`: the gateway's health as an integrator or an admin checks it, the relay tunnel included.

use serde::{Deserialize, Serialize};

/// `GET /status` (admins): what an integrator checks first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GatewayStatus {
    pub version: String,
    /// CVSecurity answered just now.
    pub upstream_reachable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_error: Option<String>,
    /// Seconds since the event poller last read the upstream (`None` before its first poll).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poller_lag_secs: Option<u64>,
    pub outbox_queued: u64,
    pub outbox_failed: u64,
    pub mail_configured: bool,
    /// The tunnel to the relay host (phones outside the site's network come in through it).
    pub relay: RelayStatus,
}

/// Where the site's tunnel to its relay host stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RelayState {
    /// No `[relay]` in cvlink's configuration: phones reach the site on its own addresses only.
    NotConfigured,
    /// The tunnel process runs and is attaching to the relay host (or attaching again after a loss).
    Connecting,
    /// Attached: phones can reach the site through the relay.
    Online,
    /// The tunnel process is down; cvlink starts it again after a pause.
    Offline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelayStatus {
    pub state: RelayState,
    /// The relay URL phones use (the org code's last `u`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Since when the tunnel is in this state (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// How often the tunnel process was started again since cvlink started.
    #[serde(default)]
    pub restarts: u32,
    /// Why the last attempt failed, as the tunnel said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl RelayStatus {
    pub fn not_configured() -> Self {
        Self {
            state: RelayState::NotConfigured,
            url: None,
            since: None,
            restarts: 0,
            last_error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_states_travel_in_snake_case() {
        let s = RelayStatus {
            state: RelayState::NotConfigured,
            ..RelayStatus::not_configured()
        };
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"state": "not_configured", "restarts": 0})
        );
        let back: RelayStatus = serde_json::from_value(
            serde_json::json!({"state": "online", "url": "https://r.example"}),
        )
        .unwrap();
        assert_eq!(back.state, RelayState::Online);
        assert_eq!(back.restarts, 0);
    }
}
