//! How the phone reaches the site (Me: "Connected through LAN / relay") and, for admins, the state of
//! the site's relay tunnel as `GET /status` reports it.

use cvm_api::{GatewayStatus, RelayState, Route};

use crate::message::{keys, Text};

/// Which way the requests go, from the org code's route of the URL in use (`None`: a URL the code does
/// not list, as when the web build is served by the gateway itself on this machine).
pub fn route_text(route: Option<Route>) -> Text {
    Text::new(match route {
        Some(Route::Lan) => keys::ROUTE_LAN,
        Some(Route::Relay) => keys::ROUTE_RELAY,
        None => keys::ROUTE_DIRECT,
    })
}

/// One line of the admin's "Site connection" card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub label: Text,
    pub value: Text,
    /// The badge's look: `online`, `offline` or `disabled` (`badge-*` in the stylesheet).
    pub badge: &'static str,
    /// Why it is not well, when it is not.
    pub detail: Option<String>,
}

/// The admin's view of the gateway: CVSecurity, then the relay tunnel.
pub fn status_rows(s: &GatewayStatus) -> Vec<StatusRow> {
    let upstream = StatusRow {
        label: Text::new(keys::STATUS_UPSTREAM),
        value: Text::new(if s.upstream_reachable {
            keys::STATUS_REACHABLE
        } else {
            keys::STATUS_UNREACHABLE
        }),
        badge: if s.upstream_reachable {
            "online"
        } else {
            "offline"
        },
        detail: (!s.upstream_reachable)
            .then(|| s.upstream_error.clone())
            .flatten(),
    };
    let r = &s.relay;
    let (value, badge) = match r.state {
        RelayState::Online => (keys::RELAY_ONLINE, "online"),
        RelayState::Connecting => (keys::RELAY_CONNECTING, "offline"),
        RelayState::Offline => (keys::RELAY_OFFLINE, "offline"),
        RelayState::NotConfigured => (keys::RELAY_NOT_CONFIGURED, "disabled"),
    };
    let relay = StatusRow {
        label: Text::new(keys::STATUS_RELAY),
        value: Text::new(value),
        badge,
        detail: matches!(r.state, RelayState::Connecting | RelayState::Offline)
            .then(|| r.last_error.clone())
            .flatten(),
    };
    vec![upstream, relay]
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::RelayStatus;

    fn status(relay: RelayStatus) -> GatewayStatus {
        GatewayStatus {
            version: "0.1.0".into(),
            upstream_reachable: true,
            upstream_error: None,
            poller_lag_secs: Some(1),
            outbox_queued: 0,
            outbox_failed: 0,
            mail_configured: true,
            relay,
        }
    }

    #[test]
    fn the_route_in_use_is_named() {
        assert_eq!(route_text(Some(Route::Lan)).key, keys::ROUTE_LAN);
        assert_eq!(route_text(Some(Route::Relay)).key, keys::ROUTE_RELAY);
        assert_eq!(route_text(None).key, keys::ROUTE_DIRECT);
    }

    #[test]
    fn the_tunnel_shows_online_or_offline_with_the_reason() {
        let online = RelayStatus {
            state: RelayState::Online,
            url: Some("https://relay.example".into()),
            last_error: Some("an old error".into()),
            ..RelayStatus::not_configured()
        };
        let rows = status_rows(&status(online.clone()));
        assert_eq!(rows[1].value.key, keys::RELAY_ONLINE);
        assert_eq!(rows[1].badge, "online");
        // An old error is not shown while the tunnel is up.
        assert_eq!(rows[1].detail, None);

        let offline = RelayStatus {
            state: RelayState::Offline,
            ..online
        };
        let rows = status_rows(&status(offline));
        assert_eq!(
            (rows[1].value.key, rows[1].badge),
            (keys::RELAY_OFFLINE, "offline")
        );
        assert_eq!(rows[1].detail.as_deref(), Some("an old error"));

        let rows = status_rows(&status(RelayStatus::not_configured()));
        assert_eq!(
            (rows[1].value.key, rows[1].badge),
            (keys::RELAY_NOT_CONFIGURED, "disabled")
        );
        assert_eq!(rows[0].badge, "online");

        let mut down = status(RelayStatus::not_configured());
        down.upstream_reachable = false;
        down.upstream_error = Some("connection refused".into());
        let rows = status_rows(&down);
        assert_eq!(
            (rows[0].value.key, rows[0].badge),
            (keys::STATUS_UNREACHABLE, "offline")
        );
        assert_eq!(rows[0].detail.as_deref(), Some("connection refused"));
    }
}
