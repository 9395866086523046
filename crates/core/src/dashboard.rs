//! The admin dashboard's view model: the counts, the online/offline chart with its proportions, and
//! the area filter.

use cvm_api::{Area, Dashboard, DeviceState};

use crate::message::keys;
use crate::nav::Target;

/// The area the dashboard and the device list are filtered by (an area name); the default is all
/// areas. Also the typed `area` parameter of their routes: empty means all areas.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AreaFilter(Option<String>);

impl std::str::FromStr for AreaFilter {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_select(s))
    }
}

impl std::fmt::Display for AreaFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.select_value())
    }
}

impl AreaFilter {
    pub fn all() -> Self {
        Self(None)
    }

    pub fn area(name: impl Into<String>) -> Self {
        Self::from_select(&name.into())
    }

    /// From the value of the area `<select>` or a query parameter: empty means all areas.
    pub fn from_select(value: &str) -> Self {
        let v = value.trim();
        Self((!v.is_empty()).then(|| v.to_string()))
    }

    /// The value to select in the `<select>` ("" = all areas).
    pub fn select_value(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }

    pub fn as_option(&self) -> Option<&str> {
        self.0.as_deref()
    }

    pub fn into_option(self) -> Option<String> {
        self.0
    }
}

/// One entry of the area `<select>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaOption {
    pub value: String,
    /// `None` for "All areas" (translated by the app with [`keys::ALL_AREAS`]).
    pub name: Option<String>,
}

impl AreaOption {
    pub fn all_areas_key() -> &'static str {
        keys::ALL_AREAS
    }
}

/// "All areas" first, then each area once, by name.
pub fn area_options(areas: &[Area]) -> Vec<AreaOption> {
    let mut names: Vec<&str> = areas
        .iter()
        .map(|a| a.name.trim())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable_by_key(|n| n.to_lowercase());
    names.dedup();
    std::iter::once(AreaOption {
        value: String::new(),
        name: None,
    })
    .chain(names.into_iter().map(|n| AreaOption {
        value: n.to_string(),
        name: Some(n.to_string()),
    }))
    .collect()
}

/// One clickable part of the online/offline chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub state: DeviceState,
    pub count: u64,
    /// Share of the chart, 0.0..=1.0.
    pub share: f64,
    /// Where the segment starts along the chart, 0.0..=1.0.
    pub start: f64,
    /// Rounded percentage; the segments' percentages add up to 100 (or are all 0).
    pub percent: u8,
    /// The device list this segment opens.
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub online: Segment,
    pub offline: Segment,
}

impl Chart {
    pub fn is_empty(&self) -> bool {
        self.online.count + self.offline.count == 0
    }

    pub fn segments(&self) -> [&Segment; 2] {
        [&self.online, &self.offline]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DashboardView {
    pub persons: u64,
    pub devices_total: u64,
    pub devices_online: u64,
    pub devices_offline: u64,
    pub devices_disabled: u64,
    pub visitors_today: u64,
    pub chart: Chart,
}

pub fn dashboard_view(d: &Dashboard, area: &AreaFilter) -> DashboardView {
    let shown = d.devices_online + d.devices_offline;
    let share = |n: u64| {
        if shown == 0 {
            0.0
        } else {
            n as f64 / shown as f64
        }
    };
    let online_share = share(d.devices_online);
    let online_percent = (online_share * 100.0).round() as u8;
    let offline_percent = if shown == 0 { 0 } else { 100 - online_percent };
    let segment = |state, count, share, start, percent| Segment {
        state,
        count,
        share,
        start,
        percent,
        target: Target::AdminDevices {
            state: Some(state),
            area: area.clone(),
        },
    };
    DashboardView {
        persons: d.persons,
        devices_total: d.devices_total(),
        devices_online: d.devices_online,
        devices_offline: d.devices_offline,
        devices_disabled: d.devices_disabled,
        visitors_today: d.visitors_today,
        chart: Chart {
            online: segment(
                DeviceState::Online,
                d.devices_online,
                online_share,
                0.0,
                online_percent,
            ),
            offline: segment(
                DeviceState::Offline,
                d.devices_offline,
                share(d.devices_offline),
                online_share,
                offline_percent,
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dash(online: u64, offline: u64) -> Dashboard {
        Dashboard {
            area: None,
            persons: 120,
            devices_online: online,
            devices_offline: offline,
            devices_disabled: 1,
            visitors_today: 7,
        }
    }

    #[test]
    fn counts_and_proportions() {
        let v = dashboard_view(&dash(3, 1), &AreaFilter::all());
        assert_eq!(v.persons, 120);
        assert_eq!(v.devices_total, 5);
        assert_eq!(v.visitors_today, 7);
        assert_eq!(v.chart.online.share, 0.75);
        assert_eq!(v.chart.offline.share, 0.25);
        assert_eq!(v.chart.offline.start, 0.75);
        assert_eq!((v.chart.online.percent, v.chart.offline.percent), (75, 25));
    }

    #[test]
    fn percentages_add_up_to_100() {
        let v = dashboard_view(&dash(1, 2), &AreaFilter::all());
        assert_eq!(v.chart.online.percent + v.chart.offline.percent, 100);
    }

    #[test]
    fn no_devices_gives_an_empty_chart() {
        let v = dashboard_view(&dash(0, 0), &AreaFilter::all());
        assert!(v.chart.is_empty());
        assert_eq!(v.chart.online.share, 0.0);
        assert_eq!(v.chart.offline.percent, 0);
    }

    #[test]
    fn tapping_a_segment_opens_the_filtered_device_list() {
        let v = dashboard_view(&dash(3, 1), &AreaFilter::area("Lobby"));
        assert_eq!(
            v.chart.offline.target,
            Target::AdminDevices {
                state: Some(DeviceState::Offline),
                area: AreaFilter::area("Lobby")
            }
        );
        let v = dashboard_view(&dash(3, 1), &AreaFilter::all());
        assert_eq!(
            v.chart.online.target,
            Target::AdminDevices {
                state: Some(DeviceState::Online),
                area: AreaFilter::all()
            }
        );
    }

    #[test]
    fn area_filter_defaults_to_all_areas() {
        assert_eq!(AreaFilter::default(), AreaFilter::all());
        assert_eq!(AreaFilter::from_select(""), AreaFilter::all());
        assert_eq!(AreaFilter::from_select("  "), AreaFilter::all());
        assert_eq!(AreaFilter::from_select("Lobby").as_option(), Some("Lobby"));
        assert_eq!(AreaFilter::all().select_value(), "");
        // As a route parameter.
        assert_eq!("Lobby".parse(), Ok(AreaFilter::area("Lobby")));
        assert_eq!(AreaFilter::area("Lobby").to_string(), "Lobby");
        assert_eq!(AreaFilter::all().to_string(), "");
    }

    #[test]
    fn area_options_start_with_all_areas() {
        let areas = [
            Area {
                id: "2".into(),
                name: "Lobby".into(),
            },
            Area {
                id: "1".into(),
                name: "Annex".into(),
            },
            Area {
                id: "3".into(),
                name: "Lobby".into(),
            },
        ];
        let opts = area_options(&areas);
        let values: Vec<_> = opts.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(values, ["", "Annex", "Lobby"]);
        assert_eq!(opts[0].name, None);
    }
}
