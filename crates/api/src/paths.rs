//! Endpoint paths of the mobile API (relative to the base URL in the org code).

pub const LOGIN: &str = "/api/v1/auth/login";
pub const REFRESH: &str = "/api/v1/auth/refresh";
pub const LOGOUT: &str = "/api/v1/auth/logout";
/// Where the refresh token travels for a browser: a request to login, refresh or logout carrying this
/// header (any value) gets the refresh token in an `HttpOnly` cookie ([`REFRESH_COOKIE`], path
/// [`AUTH_PREFIX`]) instead of the answer's body (which then has an empty `refresh_token`), and a refresh or
/// logout with an empty `refresh_token` takes it from that cookie. Scripts in the page never see it.
pub const REFRESH_IN_COOKIE: &str = "x-cvmobile-refresh-cookie";
/// The cookie holding a browser's refresh token.
pub const REFRESH_COOKIE: &str = "cvm_refresh";
/// The path the refresh cookie is sent to (login, refresh and logout only).
pub const AUTH_PREFIX: &str = "/api/v1/auth";
pub const ME: &str = "/api/v1/me";
pub const ME_CREDENTIAL: &str = "/api/v1/me/credential";
pub const ME_RECORDS: &str = "/api/v1/me/records";
pub const ME_PASSWORD: &str = "/api/v1/me/password";
pub const ME_TEST_NOTIFICATION: &str = "/api/v1/me/test-notification";
pub const INVITATIONS: &str = "/api/v1/invitations";
pub const VISIT_REASONS: &str = "/api/v1/visit-reasons";
pub const STATUS: &str = "/api/v1/status";
/// `/api/v1/invitations/{id}`.
pub fn invitation(id: i64) -> String {
    format!("{INVITATIONS}/{id}")
}
/// `/api/v1/invitations/{id}/reinvite`.
pub fn reinvite(id: i64) -> String {
    format!("{INVITATIONS}/{id}/reinvite")
}
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
pub const DOORS: &str = "/api/v1/doors";
pub const LOCKDOWN: &str = "/api/v1/lockdown";
pub const LOCKDOWN_GROUPS: &str = "/api/v1/lockdown/groups";
pub const AUDIT: &str = "/api/v1/audit";
pub const RECORDS: &str = "/api/v1/records";
pub const VISITORS: &str = "/api/v1/visitors";
pub const VISITOR_SUMMARY: &str = "/api/v1/visitors/summary";
pub const VISITOR_STATS: &str = "/api/v1/visitors/stats";
pub const HOSTS: &str = "/api/v1/hosts";
/// `/api/v1/visitors/{id}/checkout`.
pub fn visitor_checkout(id: &str) -> String {
    format!(
        "{VISITORS}/{}/checkout",
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
    )
}
/// `/api/v1/records/{id}`.
pub fn record(id: &str) -> String {
    format!(
        "{RECORDS}/{}",
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
    )
}
/// `/api/v1/doors/{id}/unlock`.
pub fn door_unlock(id: &str) -> String {
    format!(
        "{DOORS}/{}/unlock",
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
    )
}
/// `/api/v1/doors/{id}/cancel-alarm`.
pub fn door_cancel_alarm(id: &str) -> String {
    format!(
        "{DOORS}/{}/cancel-alarm",
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
    )
}
/// `/api/v1/lockdown/{group}/activate`.
pub fn lockdown_activate(group: i64) -> String {
    format!("{LOCKDOWN}/{group}/activate")
}
/// `/api/v1/lockdown/{group}/cancel`.
pub fn lockdown_cancel(group: i64) -> String {
    format!("{LOCKDOWN}/{group}/cancel")
}
/// `/api/v1/lockdown/groups/{id}`.
pub fn lockdown_group(id: i64) -> String {
    format!("{LOCKDOWN_GROUPS}/{id}")
}
