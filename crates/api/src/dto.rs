//! Request and response bodies of the mobile API.

use serde::{Deserialize, Serialize};

/// Who is logging in. Admins are accounts held by cvlink; personnel are CVSecurity persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Personnel,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Personnel => "personnel",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub role: Role,
    /// Admin account name, or the person's personnel ID (pin).
    pub account: String,
    pub password: String,
}

/// Issued by login and refresh. The refresh token is single-use: each refresh returns a new pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutRequest {
    pub refresh_token: String,
}

/// The logged-in user, as shown on the Me screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub role: Role,
    /// Admin account name or personnel ID.
    pub account: String,
    /// Full name (admins: the account name).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub org_name: String,
}

/// A person's dynamic QR credential (`GET /me/credential`), fresh from CVSecurity's `getQrCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credential {
    /// The value to show as a QR code (opaque; e.g. `2#<base64>`).
    pub qr: String,
    /// When cvlink got it, RFC 3339 UTC.
    pub issued_at: String,
    /// When readers stop accepting it, RFC 3339 UTC.
    pub expires_at: String,
    /// `expires_at - issued_at` in seconds: the app counts down from when it received the code, so a
    /// phone whose clock is off still shows the right time left.
    pub valid_secs: u32,
}

/// Public facts about the site, readable without logging in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgInfo {
    pub name: String,
    pub version: String,
    /// SHA-256 of cvlink's TLS public key (SPKI DER), lower-case hex: the web build, which cannot pin,
    /// compares it with the org code the user gave to catch a code of another site.
    pub fingerprint: String,
}

/// An area of the site (CVSecurity's authority area), used to filter the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Area {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    Online,
    Offline,
    Disabled,
}

impl DeviceState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceState::Online => "online",
            DeviceState::Offline => "offline",
            DeviceState::Disabled => "disabled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub id: String,
    pub sn: String,
    pub name: String,
    /// Device model, e.g. `inBIO460`.
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub state: DeviceState,
    /// Number of doors the device drives.
    pub doors: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    /// The area the counts are for; `None` = all areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub persons: u64,
    pub devices_online: u64,
    pub devices_offline: u64,
    pub devices_disabled: u64,
    pub visitors_today: u64,
}

impl Dashboard {
    pub fn devices_total(&self) -> u64 {
        self.devices_online + self.devices_offline + self.devices_disabled
    }
}

/// Query of `GET /api/v1/devices`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DeviceQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeviceState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

/// Query of `GET /api/v1/dashboard`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AreaQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}
