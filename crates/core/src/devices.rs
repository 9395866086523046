//! The admin device list: its filter (from the route's query) and the rows it shows.

use cvm_api::{Device, DeviceQuery, DeviceState};

use crate::dashboard::AreaFilter;
use crate::message::{keys, Text};

/// A device state as a route parameter: `online`, `offline`, `disabled`, or empty for any state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StateFilter(pub Option<DeviceState>);

impl std::str::FromStr for StateFilter {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(parse_state(s)))
    }
}

impl std::fmt::Display for StateFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map(|s| s.as_str()).unwrap_or_default())
    }
}

/// Which devices to list: by state and area, both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceFilter {
    pub state: Option<DeviceState>,
    pub area: AreaFilter,
}

/// Parses a state as written in URLs (`online`, `offline`, `disabled`); anything else means any state.
pub fn parse_state(s: &str) -> Option<DeviceState> {
    match s.trim().to_ascii_lowercase().as_str() {
        "online" => Some(DeviceState::Online),
        "offline" => Some(DeviceState::Offline),
        "disabled" => Some(DeviceState::Disabled),
        _ => None,
    }
}

pub fn state_key(state: DeviceState) -> &'static str {
    match state {
        DeviceState::Online => keys::STATE_ONLINE,
        DeviceState::Offline => keys::STATE_OFFLINE,
        DeviceState::Disabled => keys::STATE_DISABLED,
    }
}

impl DeviceFilter {
    /// From the route's parameters.
    pub fn new(state: StateFilter, area: AreaFilter) -> Self {
        Self {
            state: state.0,
            area,
        }
    }

    /// From the route's query parameters as text.
    pub fn from_params(state: &str, area: &str) -> Self {
        Self {
            state: parse_state(state),
            area: AreaFilter::from_select(area),
        }
    }

    pub fn query(&self) -> DeviceQuery {
        DeviceQuery {
            state: self.state,
            area: self.area.as_option().map(str::to_string),
        }
    }

    pub fn matches(&self, d: &Device) -> bool {
        self.state.is_none_or(|s| d.state == s)
            && self
                .area
                .as_option()
                .is_none_or(|a| d.area.as_deref() == Some(a))
    }

    /// The list's heading, e.g. "Offline devices · Lobby".
    pub fn title(&self) -> Text {
        let key = match self.state {
            None => keys::DEVICES_ALL,
            Some(DeviceState::Online) => keys::DEVICES_ONLINE,
            Some(DeviceState::Offline) => keys::DEVICES_OFFLINE,
            Some(DeviceState::Disabled) => keys::DEVICES_DISABLED,
        };
        Text::new(key)
    }
}

/// One line of the device list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub sn: String,
    pub name: String,
    pub model: String,
    pub area: Option<String>,
    pub state: DeviceState,
}

/// The devices that match, sorted by name. The gateway filters already; filtering again keeps the
/// list right even when a server ignores a parameter.
pub fn device_rows(devices: &[Device], filter: &DeviceFilter) -> Vec<DeviceRow> {
    let mut rows: Vec<DeviceRow> = devices
        .iter()
        .filter(|d| filter.matches(d))
        .map(|d| DeviceRow {
            sn: d.sn.clone(),
            name: d.name.clone(),
            model: d.model.clone(),
            area: d.area.clone(),
            state: d.state,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.sn.cmp(&b.sn))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(sn: &str, name: &str, area: &str, state: DeviceState) -> Device {
        Device {
            id: sn.into(),
            sn: sn.into(),
            name: name.into(),
            model: "inBIO460".into(),
            area: Some(area.into()),
            state,
            doors: 4,
        }
    }

    #[test]
    fn params_parse_with_defaults() {
        let f = DeviceFilter::from_params("offline", "Lobby");
        assert_eq!(f.state, Some(DeviceState::Offline));
        assert_eq!(f.area.as_option(), Some("Lobby"));
        assert_eq!(
            f.query(),
            DeviceQuery {
                state: Some(DeviceState::Offline),
                area: Some("Lobby".into())
            }
        );
        assert_eq!(DeviceFilter::from_params("", ""), DeviceFilter::default());
        assert_eq!(DeviceFilter::from_params("bogus", "").state, None);
        let state: StateFilter = "offline".parse().unwrap();
        assert_eq!(state.to_string(), "offline");
        assert_eq!(StateFilter::default().to_string(), "");
        assert_eq!(
            DeviceFilter::new(state, AreaFilter::area("Lobby")),
            DeviceFilter::from_params("offline", "Lobby")
        );
    }

    #[test]
    fn rows_are_filtered_and_sorted() {
        let devices = [
            dev("3", "b gate", "Lobby", DeviceState::Online),
            dev("1", "A door", "Lobby", DeviceState::Online),
            dev("2", "c", "Annex", DeviceState::Online),
            dev("4", "d", "Lobby", DeviceState::Offline),
        ];
        let rows = device_rows(&devices, &DeviceFilter::from_params("online", "Lobby"));
        let sns: Vec<_> = rows.iter().map(|r| r.sn.as_str()).collect();
        assert_eq!(sns, ["1", "3"]);
        assert_eq!(device_rows(&devices, &DeviceFilter::default()).len(), 4);
    }

    #[test]
    fn title_names_the_state() {
        assert_eq!(
            DeviceFilter::from_params("offline", "").title().key,
            keys::DEVICES_OFFLINE
        );
        assert_eq!(DeviceFilter::default().title().key, keys::DEVICES_ALL);
    }
}
