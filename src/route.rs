//! The one route tree of the app: login, the admin screens, the personnel screens and a 404.

use cvm_core::{DeviceFilter, Target};
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
        #[redirect("/", || Route::AdminDashboard {})]
        #[layout(AdminShell)]
            #[route("/dashboard")]
            AdminDashboard {},
            /// `state`: online | offline | disabled | "" (any); `area`: an area name or "" (all areas).
            #[route("/devices?:state&:area")]
            AdminDevices { state: String, area: String },
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
            Route::AdminDashboard {} => Target::AdminDashboard,
            Route::AdminDevices { state, area } => {
                let f = DeviceFilter::from_params(state, area);
                Target::AdminDevices {
                    state: f.state,
                    area: f.area.into_option(),
                }
            }
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
            Target::AdminDashboard => Route::AdminDashboard {},
            Target::AdminDevices { state, area } => Route::AdminDevices {
                state: state.map(|s| s.as_str().to_string()).unwrap_or_default(),
                area: area.unwrap_or_default(),
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
            area: Some("Main Hall".into()),
        });
        let url = r.to_string();
        assert!(url.starts_with("/admin/devices?"), "{url}");
        let back: Route = url.parse().unwrap();
        assert_eq!(back, r);
        assert_eq!(
            back.target(),
            Some(Target::AdminDevices {
                state: Some(DeviceState::Offline),
                area: Some("Main Hall".into())
            })
        );
    }

    #[test]
    fn targets_round_trip() {
        for t in [
            Target::Login,
            Target::AdminDashboard,
            Target::AdminMe,
            Target::PersonnelMe,
        ] {
            assert_eq!(Route::from(t.clone()).target(), Some(t));
        }
    }
}
