//! The one route tree of the app: login, the admin screens, the personnel screens and a 404.

use cvm_core::{AreaFilter, StateFilter, Target};
use dioxus::prelude::*;

use crate::pages::admin::{AdminDashboard, AdminDevices, AdminMe, AdminShell};
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::personnel::{PersonnelMe, PersonnelShell};

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
            #[route("/me")]
            AdminMe {},
        #[end_layout]
    #[end_nest]

    #[nest("/personnel")]
        #[redirect("/", || Route::PersonnelMe {})]
        #[layout(PersonnelShell)]
            #[route("/me")]
            PersonnelMe {},
        #[end_layout]
    #[end_nest]

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
            Route::AdminMe {} => Target::AdminMe,
            Route::PersonnelMe {} => Target::PersonnelMe,
            Route::NotFound { .. } => return None,
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
            Target::AdminMe => Route::AdminMe {},
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
    fn targets_round_trip() {
        for t in [
            Target::Login,
            Target::AdminDashboard {
                area: AreaFilter::all(),
            },
            Target::AdminMe,
            Target::PersonnelMe,
        ] {
            assert_eq!(Route::from(t.clone()).target(), Some(t));
        }
    }
}
