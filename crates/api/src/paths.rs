//! Endpoint paths of the mobile API (relative to the base URL in the org code).

pub const LOGIN: &str = "/api/v1/auth/login";
pub const REFRESH: &str = "/api/v1/auth/refresh";
pub const LOGOUT: &str = "/api/v1/auth/logout";
pub const ME: &str = "/api/v1/me";
pub const DASHBOARD: &str = "/api/v1/dashboard";
pub const AREAS: &str = "/api/v1/areas";
pub const DEVICES: &str = "/api/v1/devices";
pub const ORG: &str = "/api/v1/org";
pub const OPENAPI: &str = "/api/v1/openapi.json";
pub const EVENTS: &str = "/api/v1/events";
pub const NOTIFICATIONS: &str = "/api/v1/notifications";
pub const ALARMS: &str = "/api/v1/alarms";
pub const ALARM_SUMMARY: &str = "/api/v1/alarms/summary";
/// `/api/v1/alarms/{id}`.
pub fn alarm(id: crate::EventId) -> String {
    format!("{ALARMS}/{id}")
}
/// `/api/v1/alarms/{id}/ack`.
pub fn alarm_ack(id: crate::EventId) -> String {
    format!("{ALARMS}/{id}/ack")
}
