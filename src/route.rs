//! The one route tree of the app: login, the admin screens, the personnel screens and a 404.

use cvm_api::EventId;
use cvm_core::{
    AlarmFilter, AreaFilter, LevelParam, RangeParam, RecordFilter, StateFilter, StatusParam,
    Target, TextParam, TimeRange, VisitFilter, VisitStatusParam,
};
use dioxus::prelude::*;

use crate::pages::admin::{
    AdminActivity, AdminAlarm, AdminAlarms, AdminApps, AdminDashboard, AdminDevices, AdminDoors,
    AdminLockdown, AdminMe, AdminNotifications, AdminRecord, AdminRecords, AdminShell,
    AdminVisitStats, AdminVisitorNew, AdminVisitors,
};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::personnel::{
    PersonnelApps, PersonnelCredential, PersonnelInvitation, PersonnelInvitations, PersonnelInvite,
    PersonnelMe, PersonnelNotifications, PersonnelPassword, PersonnelReinvite, PersonnelShell,
};
use crate::pages::privacy::Privacy;

#[derive(Routable, Clone, PartialEq, Debug)]
#[rustfmt::skip]
pub enum Route {
    #[redirect("/", || Route::Login {})]
    #[route("/login")]
    Login {},

    #[nest("/admin")]
        #[redirect("/", || Route::AdminDashboard { area: AreaFilter::all() })]
        #[layout(AdminShell)]
            /// `area`: an area name, or empty for all areas.
            #[route("/dashboard?:area")]
            AdminDashboard { area: AreaFilter },
            /// `state`: online | offline | disabled | empty (any).
            #[route("/devices?:state&:area")]
            AdminDevices { state: StateFilter, area: AreaFilter },
            /// The Alarm Center's filter: `status` unconfirmed | confirmed | empty, `level` exception |
            /// alarm | empty, `range` today | 7d | 30d, `resource` a device or door name, `q` search text.
            #[route("/alarms?:status&:level&:range&:resource&:q")]
            AdminAlarms { status: StatusParam, level: LevelParam, range: TimeRange, resource: TextParam, q: TextParam },
            #[route("/alarms/:id")]
            AdminAlarm { id: EventId },
            #[route("/apps")]
            AdminApps {},
            /// Remote Control; `q` searches door names.
            #[route("/doors?:q")]
            AdminDoors { q: TextParam },
            #[route("/lockdown")]
            AdminLockdown {},
            #[route("/activity")]
            AdminActivity {},
            /// Access Records: `q` search text, `door` a door id, `range` today | 7d | 30d | empty (any).
            #[route("/records?:q&:door&:range")]
            AdminRecords { q: TextParam, door: TextParam, range: RangeParam },
            /// One access record (its id from the list, or `event:N`).
            #[route("/records/:id")]
            AdminRecord { id: String },
            /// Visitor List (today): `q` the visitor's name, `status` checked_in | checked_out | waiting | empty.
            #[route("/visitors?:q&:status")]
            AdminVisitors { q: TextParam, status: VisitStatusParam },
            #[route("/visitors/new")]
            AdminVisitorNew {},
            #[route("/visitors/stats")]
            AdminVisitStats {},
            #[route("/notifications")]
            AdminNotifications {},
            #[route("/me")]
            AdminMe {},
        #[end_layout]
    #[end_nest]

    #[nest("/personnel")]
        #[redirect("/", || Route::PersonnelNotifications {})]
        #[layout(PersonnelShell)]
            #[route("/notifications")]
            PersonnelNotifications {},
            #[route("/apps")]
            PersonnelApps {},
            /// My Credentials: the dynamic QR code.
            #[route("/credential")]
            PersonnelCredential {},
            /// Visitor Invitation: my invitation records.
            #[route("/invitations")]
            PersonnelInvitations {},
            #[route("/invitations/new")]
            PersonnelInvite {},
            /// One invitation with the visitor's QR code.
            #[route("/invitations/:id")]
            PersonnelInvitation { id: i64 },
            #[route("/invitations/:id/reinvite")]
            PersonnelReinvite { id: i64 },
            #[route("/password")]
            PersonnelPassword {},
            #[route("/me")]
            PersonnelMe {},
        #[end_layout]
    #[end_nest]

    /// What the app and the gateway keep (any user, logged in or not).
    #[route("/privacy")]
    Privacy {},

    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

impl Route {
    /// The place this route shows, in `cvm-core`'s terms (`None` for the 404 page).
    pub fn target(&self) -> Option<Target> {
        Some(match self {
            Route::Login {} => Target::Login,
            Route::AdminDashboard { area } => Target::AdminDashboard { area: area.clone() },
            Route::AdminDevices { state, area } => Target::AdminDevices {
                state: state.0,
                area: area.clone(),
            },
            Route::AdminAlarms {
                status,
                level,
                range,
                resource,
                q,
            } => Target::AdminAlarms {
                filter: AlarmFilter {
                    status: *status,
                    level: *level,
                    range: *range,
                    resource: resource.clone(),
                    q: q.clone(),
                },
            },
            Route::AdminAlarm { id } => Target::AdminAlarm { id: *id },
            Route::AdminApps {} => Target::AdminApps,
            Route::AdminDoors { q } => Target::AdminDoors { q: q.clone() },
            Route::AdminLockdown {} => Target::AdminLockdown,
            Route::AdminActivity {} => Target::AdminActivity,
            Route::AdminRecords { q, door, range } => Target::AdminRecords {
                filter: RecordFilter {
                    q: q.clone(),
                    door: door.clone(),
                    range: *range,
                },
            },
            Route::AdminRecord { id } => Target::AdminRecord { id: id.clone() },
            Route::AdminVisitors { q, status } => Target::AdminVisitors {
                filter: VisitFilter {
                    q: q.clone(),
                    status: *status,
                },
            },
            Route::AdminVisitorNew {} => Target::AdminVisitorNew,
            Route::AdminVisitStats {} => Target::AdminVisitStats,
            Route::AdminNotifications {} => Target::AdminNotifications,
            Route::AdminMe {} => Target::AdminMe,
            Route::PersonnelNotifications {} => Target::PersonnelNotifications,
            Route::PersonnelApps {} => Target::PersonnelApps,
            Route::PersonnelCredential {} => Target::PersonnelCredential,
            Route::PersonnelInvitations {} => Target::PersonnelInvitations,
            Route::PersonnelInvite {} => Target::PersonnelInvite { reinvite: None },
            Route::PersonnelReinvite { id } => Target::PersonnelInvite {
                reinvite: Some(*id),
            },
            Route::PersonnelInvitation { id } => Target::PersonnelInvitation { id: *id },
            Route::PersonnelPassword {} => Target::PersonnelPassword,
            Route::PersonnelMe {} => Target::PersonnelMe,
            Route::Privacy {} | Route::NotFound { .. } => return None,
        })
    }
}

impl From<Target> for Route {
    fn from(t: Target) -> Self {
        match t {
            Target::Login => Route::Login {},
            Target::AdminDashboard { area } => Route::AdminDashboard { area },
            Target::AdminDevices { state, area } => Route::AdminDevices {
                state: StateFilter(state),
                area,
            },
            Target::AdminAlarms { filter } => Route::AdminAlarms {
                status: filter.status,
                level: filter.level,
                range: filter.range,
                resource: filter.resource,
                q: filter.q,
            },
            Target::AdminAlarm { id } => Route::AdminAlarm { id },
            Target::AdminApps => Route::AdminApps {},
            Target::AdminDoors { q } => Route::AdminDoors { q },
            Target::AdminLockdown => Route::AdminLockdown {},
            Target::AdminActivity => Route::AdminActivity {},
            Target::AdminRecords { filter } => Route::AdminRecords {
                q: filter.q,
                door: filter.door,
                range: filter.range,
            },
            Target::AdminRecord { id } => Route::AdminRecord { id },
            Target::AdminVisitors { filter } => Route::AdminVisitors {
                q: filter.q,
                status: filter.status,
            },
            Target::AdminVisitorNew => Route::AdminVisitorNew {},
            Target::AdminVisitStats => Route::AdminVisitStats {},
            Target::AdminNotifications => Route::AdminNotifications {},
            Target::AdminMe => Route::AdminMe {},
            Target::PersonnelNotifications => Route::PersonnelNotifications {},
            Target::PersonnelApps => Route::PersonnelApps {},
            Target::PersonnelCredential => Route::PersonnelCredential {},
            Target::PersonnelInvitations => Route::PersonnelInvitations {},
            Target::PersonnelInvite { reinvite: None } => Route::PersonnelInvite {},
            Target::PersonnelInvite { reinvite: Some(id) } => Route::PersonnelReinvite { id },
            Target::PersonnelInvitation { id } => Route::PersonnelInvitation { id },
            Target::PersonnelPassword => Route::PersonnelPassword {},
            Target::PersonnelMe => Route::PersonnelMe {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::DeviceState;

    #[test]
    fn device_list_urls_carry_state_and_area() {
        let r = Route::from(Target::AdminDevices {
            state: Some(DeviceState::Offline),
            area: AreaFilter::area("Main Hall"),
        });
        let url = r.to_string();
        assert!(url.starts_with("/admin/devices?"), "{url}");
        let back: Route = url.parse().unwrap();
        assert_eq!(back, r);
        assert_eq!(
            back.target(),
            Some(Target::AdminDevices {
                state: Some(DeviceState::Offline),
                area: AreaFilter::area("Main Hall")
            })
        );
    }

    #[test]
    fn the_dashboard_url_carries_the_area() {
        let r = Route::from(Target::AdminDashboard {
            area: AreaFilter::area("Main Hall"),
        });
        let url = r.to_string();
        assert!(url.starts_with("/admin/dashboard?area=Main"), "{url}");
        assert_eq!(url.parse::<Route>().unwrap(), r);
        let all: Route = "/admin/dashboard".parse().unwrap();
        assert_eq!(
            all,
            Route::AdminDashboard {
                area: AreaFilter::all()
            }
        );
        assert_eq!(all.to_string().parse::<Route>().unwrap(), all);
        // The redirect of the admin root lands on all areas.
        let root: Route = "/admin/".parse().unwrap();
        assert_eq!(root, all);
    }

    #[test]
    fn the_alarm_center_filter_lives_in_the_url() {
        let filter = AlarmFilter::default()
            .with_status(Some(cvm_api::AlarmStatus::Unconfirmed))
            .with_level("exception")
            .with_range("7d")
            .with_resource("Front gate")
            .with_search("forced & open");
        let r = Route::from(Target::AdminAlarms {
            filter: filter.clone(),
        });
        let url = r.to_string();
        assert!(url.starts_with("/admin/alarms?"), "{url}");
        assert!(url.contains("status=unconfirmed"), "{url}");
        let back: Route = url.parse().unwrap();
        assert_eq!(back.target(), Some(Target::AdminAlarms { filter }));
        let plain: Route = "/admin/alarms".parse().unwrap();
        assert_eq!(
            plain.target(),
            Some(Target::AdminAlarms {
                filter: AlarmFilter::default()
            })
        );
        let one: Route = "/admin/alarms/42".parse().unwrap();
        assert_eq!(one, Route::AdminAlarm { id: EventId(42) });
        assert_eq!(one.to_string(), "/admin/alarms/42");
    }

    #[test]
    fn targets_round_trip() {
        for t in [
            Target::AdminApps,
            Target::AdminDoors {
                q: TextParam::new("front & back"),
            },
            Target::AdminLockdown,
            Target::AdminActivity,
            Target::AdminNotifications,
            Target::AdminAlarm { id: EventId(3) },
            Target::Login,
            Target::AdminDashboard {
                area: AreaFilter::all(),
            },
            Target::AdminMe,
            Target::PersonnelNotifications,
            Target::PersonnelApps,
            Target::PersonnelCredential,
            Target::PersonnelInvitations,
            Target::PersonnelInvite { reinvite: None },
            Target::PersonnelInvite { reinvite: Some(4) },
            Target::PersonnelInvitation { id: 4 },
            Target::PersonnelPassword,
            Target::PersonnelMe,
        ] {
            assert_eq!(Route::from(t.clone()).target(), Some(t));
        }
    }
}
