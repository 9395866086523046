//! Navigation rules: where each role may go, which bottom-navigation tabs it sees, and the route
//! guard that sends everyone else to the right place.

use cvm_api::{DeviceState, EventId, Role};

use crate::alarms::{AlarmFilter, TextParam};
use crate::dashboard::AreaFilter;
use crate::message::keys;
use crate::records::RecordFilter;
use crate::session::Session;
use crate::visitors::VisitFilter;

/// A place in the app, independent of how the UI spells its routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Login,
    AdminDashboard {
        area: AreaFilter,
    },
    AdminDevices {
        state: Option<DeviceState>,
        area: AreaFilter,
    },
    AdminAlarms {
        filter: AlarmFilter,
    },
    AdminAlarm {
        id: EventId,
    },
    AdminApps,
    /// Remote Control; `q` searches door names.
    AdminDoors {
        q: TextParam,
    },
    AdminLockdown,
    AdminActivity,
    /// Access Records with their filter.
    AdminRecords {
        filter: RecordFilter,
    },
    AdminRecord {
        id: String,
    },
    /// Visitor List with its filter.
    AdminVisitors {
        filter: VisitFilter,
    },
    AdminVisitorNew,
    AdminVisitStats,
    AdminNotifications,
    AdminMe,
    PersonnelNotifications,
    PersonnelApps,
    PersonnelCredential,
    /// My invitation records.
    PersonnelInvitations,
    /// The new-invitation form; with `reinvite`, Re-Invitation of that invitation.
    PersonnelInvite {
        reinvite: Option<i64>,
    },
    /// One invitation (the success screen too).
    PersonnelInvitation {
        id: i64,
    },
    PersonnelPassword,
    PersonnelMe,
}

impl Target {
    /// Who may open it.
    pub fn scope(&self) -> Scope {
        match self {
            Target::Login => Scope::Public,
            Target::AdminDashboard { .. }
            | Target::AdminDevices { .. }
            | Target::AdminAlarms { .. }
            | Target::AdminAlarm { .. }
            | Target::AdminApps
            | Target::AdminDoors { .. }
            | Target::AdminLockdown
            | Target::AdminActivity
            | Target::AdminRecords { .. }
            | Target::AdminRecord { .. }
            | Target::AdminVisitors { .. }
            | Target::AdminVisitorNew
            | Target::AdminVisitStats
            | Target::AdminNotifications
            | Target::AdminMe => Scope::Admin,
            Target::PersonnelNotifications
            | Target::PersonnelApps
            | Target::PersonnelCredential
            | Target::PersonnelInvitations
            | Target::PersonnelInvite { .. }
            | Target::PersonnelInvitation { .. }
            | Target::PersonnelPassword
            | Target::PersonnelMe => Scope::Personnel,
        }
    }

    /// The tab highlighted while this place is open.
    pub fn tab(&self) -> Option<Tab> {
        match self {
            Target::Login => None,
            Target::AdminDashboard { .. } | Target::AdminDevices { .. } => Some(Tab::Dashboard),
            Target::AdminAlarms { .. } | Target::AdminAlarm { .. } => Some(Tab::Alarms),
            Target::AdminApps
            | Target::AdminDoors { .. }
            | Target::AdminLockdown
            | Target::AdminActivity
            | Target::AdminRecords { .. }
            | Target::AdminRecord { .. }
            | Target::AdminVisitors { .. }
            | Target::AdminVisitorNew
            | Target::AdminVisitStats => Some(Tab::Apps),
            // Reached from the app bar, not a tab.
            Target::AdminNotifications => None,
            Target::AdminMe | Target::PersonnelMe | Target::PersonnelPassword => Some(Tab::Me),
            Target::PersonnelNotifications => Some(Tab::Notifications),
            Target::PersonnelApps
            | Target::PersonnelCredential
            | Target::PersonnelInvitations
            | Target::PersonnelInvite { .. }
            | Target::PersonnelInvitation { .. } => Some(Tab::Apps),
        }
    }
}

/// Which session a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The login screen: only when logged out.
    Public,
    Admin,
    Personnel,
}

/// A bottom-navigation tab. Only screens that work are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Personnel: their own access records.
    Notifications,
    Dashboard,
    Alarms,
    Apps,
    Me,
}

impl Tab {
    /// The element id the browser tests use.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Notifications => "nav-notifications",
            Tab::Dashboard => "nav-dashboard",
            Tab::Alarms => "nav-alarms",
            Tab::Apps => "nav-apps",
            Tab::Me => "nav-me",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Tab::Notifications => keys::TAB_NOTIFICATIONS,
            Tab::Dashboard => keys::TAB_DASHBOARD,
            Tab::Alarms => keys::TAB_ALARMS,
            Tab::Apps => keys::TAB_APPS,
            Tab::Me => keys::TAB_ME,
        }
    }

    pub fn target(self, role: Role) -> Target {
        match (self, role) {
            (Tab::Notifications, _) => Target::PersonnelNotifications,
            (Tab::Apps, Role::Personnel) => Target::PersonnelApps,
            (Tab::Dashboard, _) => Target::AdminDashboard {
                area: AreaFilter::all(),
            },
            (Tab::Alarms, _) => Target::AdminAlarms {
                filter: AlarmFilter::default(),
            },
            (Tab::Apps, _) => Target::AdminApps,
            (Tab::Me, Role::Admin) => Target::AdminMe,
            (Tab::Me, Role::Personnel) => Target::PersonnelMe,
        }
    }
}

/// The tabs a role sees, in order.
pub fn tabs(role: Role) -> &'static [Tab] {
    match role {
        Role::Admin => &[Tab::Dashboard, Tab::Alarms, Tab::Apps, Tab::Me],
        Role::Personnel => &[Tab::Notifications, Tab::Apps, Tab::Me],
    }
}

/// Where a role lands after login.
pub fn home(role: Role) -> Target {
    match role {
        Role::Admin => Target::AdminDashboard {
            area: AreaFilter::all(),
        },
        Role::Personnel => Target::PersonnelNotifications,
    }
}

/// What a route should do given the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    Allow,
    /// The session is still being established: show a loading state.
    Wait,
    Redirect(Target),
}

pub fn guard(scope: Scope, session: &Session) -> Guard {
    match (scope, session) {
        (_, Session::Starting | Session::Restoring) => Guard::Wait,
        (Scope::Public, Session::Active(a)) => Guard::Redirect(home(a.role)),
        (Scope::Public, _) => Guard::Allow,
        (_, Session::LoggedOut | Session::LoggingIn { .. }) => Guard::Redirect(Target::Login),
        (Scope::Admin, Session::Active(a)) if a.role == Role::Admin => Guard::Allow,
        (Scope::Personnel, Session::Active(a)) if a.role == Role::Personnel => Guard::Allow,
        (_, Session::Active(a)) => Guard::Redirect(home(a.role)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Active;
    use cvm_api::{Me, OrgCode, OrgInfo};

    fn active(role: Role) -> Session {
        let org = OrgCode::parse(&format!(
            "cvmobile://org?v=1&n=D&u=https://h&fp={}",
            "ab".repeat(32)
        ))
        .unwrap();
        Session::Active(Active {
            role,
            org,
            me: Me {
                role,
                account: "a".into(),
                name: "A".into(),
                department: None,
                org_name: "D".into(),
            },
            server: OrgInfo {
                name: "D".into(),
                version: "1".into(),
                fingerprint: "ab".repeat(32),
            },
        })
    }

    #[test]
    fn tabs_per_role() {
        assert_eq!(
            tabs(Role::Admin),
            &[Tab::Dashboard, Tab::Alarms, Tab::Apps, Tab::Me]
        );
        assert_eq!(
            Tab::Alarms.target(Role::Admin),
            Target::AdminAlarms {
                filter: AlarmFilter::default()
            }
        );
        assert_eq!(
            tabs(Role::Personnel),
            &[Tab::Notifications, Tab::Apps, Tab::Me]
        );
        assert_eq!(Tab::Apps.target(Role::Personnel), Target::PersonnelApps);
        assert_eq!(Target::PersonnelCredential.tab(), Some(Tab::Apps));
        assert_eq!(Target::PersonnelCredential.scope(), Scope::Personnel);
        assert_eq!(Tab::Me.target(Role::Personnel), Target::PersonnelMe);
        assert_eq!(Tab::Me.target(Role::Admin), Target::AdminMe);
    }

    #[test]
    fn routes_need_the_right_role() {
        let admin = active(Role::Admin);
        let person = active(Role::Personnel);
        assert_eq!(guard(Scope::Admin, &admin), Guard::Allow);
        assert_eq!(guard(Scope::Personnel, &person), Guard::Allow);
        assert_eq!(
            guard(Scope::Admin, &person),
            Guard::Redirect(Target::PersonnelNotifications)
        );
        assert_eq!(
            guard(Scope::Personnel, &admin),
            Guard::Redirect(Target::AdminDashboard {
                area: AreaFilter::all()
            })
        );
        assert_eq!(
            guard(Scope::Public, &admin),
            Guard::Redirect(Target::AdminDashboard {
                area: AreaFilter::all()
            })
        );
    }

    #[test]
    fn unauthenticated_goes_to_login() {
        for scope in [Scope::Admin, Scope::Personnel] {
            assert_eq!(
                guard(scope, &Session::LoggedOut),
                Guard::Redirect(Target::Login)
            );
            assert_eq!(guard(scope, &Session::Starting), Guard::Wait);
            assert_eq!(guard(scope, &Session::Restoring), Guard::Wait);
        }
        assert_eq!(guard(Scope::Public, &Session::LoggedOut), Guard::Allow);
    }

    #[test]
    fn device_list_belongs_to_the_dashboard_tab() {
        let t = Target::AdminDevices {
            state: Some(DeviceState::Online),
            area: AreaFilter::all(),
        };
        assert_eq!(t.tab(), Some(Tab::Dashboard));
        assert_eq!(t.scope(), Scope::Admin);
    }

    #[test]
    fn alarm_screens_are_for_admins_under_the_alarm_tab() {
        let list = Target::AdminAlarms {
            filter: AlarmFilter::default().with_level("alarm"),
        };
        let one = Target::AdminAlarm { id: EventId(4) };
        for t in [&list, &one] {
            assert_eq!(t.tab(), Some(Tab::Alarms));
            assert_eq!(t.scope(), Scope::Admin);
        }
        assert_eq!(Target::AdminNotifications.tab(), None);
        assert_eq!(Target::AdminNotifications.scope(), Scope::Admin);
        assert_eq!(Target::AdminApps.tab(), Some(Tab::Apps));
        for t in [
            Target::AdminDoors {
                q: TextParam::none(),
            },
            Target::AdminLockdown,
            Target::AdminActivity,
        ] {
            assert_eq!(t.tab(), Some(Tab::Apps));
            assert_eq!(t.scope(), Scope::Admin);
        }
        let person = active(Role::Personnel);
        assert_eq!(
            guard(Target::AdminNotifications.scope(), &person),
            Guard::Redirect(Target::PersonnelNotifications)
        );
    }
}
