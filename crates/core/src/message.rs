//! Translatable texts: a Fluent message id plus its arguments. The app renders them; the core only
//! decides which one applies, so every key used here is listed in [`keys`] for the parity test.

/// One Fluent message with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Text {
    pub const fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

/// What went wrong, and — when the user can do something about it — how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: Text,
    pub help: Option<Text>,
}

impl Message {
    pub const fn new(key: &'static str) -> Self {
        Self {
            text: Text::new(key),
            help: None,
        }
    }

    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.text = self.text.arg(name, value);
        self
    }

    #[must_use]
    pub fn help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }
}

impl From<Text> for Message {
    fn from(text: Text) -> Self {
        Self { text, help: None }
    }
}

/// Every Fluent id the core refers to (the app's i18n test checks each exists in every locale).
pub mod keys {
    pub const ROLE_REQUIRED: &str = "login-error-role-required";
    pub const ACCOUNT_REQUIRED: &str = "login-error-account-required";
    pub const PASSWORD_REQUIRED: &str = "login-error-password-required";
    pub const NO_QR_FOUND: &str = "login-error-no-qr";
    pub const IMAGE_UNREADABLE: &str = "login-error-image-unreadable";
    pub const STEP_RESTORING: &str = "login-step-restoring";
    pub const STEP_CHECKING_SERVER: &str = "login-step-checking-server";
    pub const STEP_SIGNING_IN: &str = "login-step-signing-in";
    pub const STEP_LOADING_PROFILE: &str = "login-step-loading-profile";

    pub const ORG_EMPTY: &str = "org-code-error-empty";
    pub const ORG_TOO_LONG: &str = "org-code-error-too-long";
    pub const ORG_NOT_ORG_CODE: &str = "org-code-error-not-org-code";
    pub const ORG_UNSUPPORTED_VERSION: &str = "org-code-error-unsupported-version";
    pub const ORG_MISSING_NAME: &str = "org-code-error-missing-name";
    pub const ORG_MISSING_URL: &str = "org-code-error-missing-url";
    pub const ORG_TOO_MANY_URLS: &str = "org-code-error-too-many-urls";
    pub const ORG_INVALID_URL: &str = "org-code-error-invalid-url";
    pub const ORG_INSECURE_URL: &str = "org-code-error-insecure-url";
    pub const ORG_MISSING_FINGERPRINT: &str = "org-code-error-missing-fingerprint";
    pub const ORG_INVALID_FINGERPRINT: &str = "org-code-error-invalid-fingerprint";
    pub const ORG_HELP: &str = "org-code-error-help";

    pub const CAMERA_DENIED: &str = "scanner-error-denied";
    pub const CAMERA_DENIED_HELP: &str = "scanner-error-denied-help";
    pub const CAMERA_NONE: &str = "scanner-error-no-camera";
    pub const CAMERA_UNAVAILABLE: &str = "scanner-error-unavailable";
    pub const CAMERA_ALTERNATIVES: &str = "scanner-error-alternatives";

    pub const OTHER_SERVER: &str = "error-other-server";
    pub const OTHER_SERVER_HELP: &str = "error-other-server-help";
    pub const NOTIF_TEST: &str = "notif-test";
    pub const SELFTEST_SENDING: &str = "selftest-sending";
    pub const SELFTEST_WAITING: &str = "selftest-waiting";
    pub const SELFTEST_BACK: &str = "selftest-back";
    pub const SELFTEST_SILENT: &str = "selftest-silent";
    pub const SELFTEST_SILENT_HELP: &str = "selftest-silent-help";
    pub const LAST_EVENT_NONE: &str = "me-last-event-none";
    pub const LAST_EVENT_SECS: &str = "me-last-event-secs";
    pub const LAST_EVENT_MINS: &str = "me-last-event-mins";
    pub const LAST_EVENT_HOURS: &str = "me-last-event-hours";
    pub const ROUTE_LAN: &str = "me-route-lan";
    pub const ROUTE_RELAY: &str = "me-route-relay";
    pub const ROUTE_DIRECT: &str = "me-route-direct";
    pub const STATUS_UPSTREAM: &str = "status-upstream";
    pub const STATUS_REACHABLE: &str = "status-reachable";
    pub const STATUS_UNREACHABLE: &str = "status-unreachable";
    pub const STATUS_RELAY: &str = "status-relay";
    pub const RELAY_ONLINE: &str = "relay-online";
    pub const RELAY_CONNECTING: &str = "relay-connecting";
    pub const RELAY_OFFLINE: &str = "relay-offline";
    pub const RELAY_NOT_CONFIGURED: &str = "relay-not-configured";
    pub const KEY_MISMATCH: &str = "error-key-mismatch";
    pub const KEY_MISMATCH_HELP: &str = "error-key-mismatch-help";
    pub const UNREACHABLE: &str = "error-unreachable";
    pub const UNREACHABLE_HELP: &str = "error-unreachable-help";
    pub const TLS: &str = "error-tls";
    pub const DECODE: &str = "error-decode";
    pub const INVALID_CREDENTIALS: &str = "error-invalid-credentials";
    pub const INVALID_CREDENTIALS_HELP: &str = "error-invalid-credentials-help";
    pub const APP_LOGIN_DISABLED: &str = "error-app-login-disabled";
    pub const APP_LOGIN_DISABLED_HELP: &str = "error-app-login-disabled-help";
    pub const TOO_MANY_ATTEMPTS: &str = "error-too-many-attempts";
    pub const TOO_MANY_ATTEMPTS_WAIT: &str = "error-too-many-attempts-wait";
    pub const SESSION_EXPIRED: &str = "error-session-expired";
    pub const SESSION_EXPIRED_HELP: &str = "error-session-expired-help";
    pub const FORBIDDEN: &str = "error-forbidden";
    pub const NOT_FOUND: &str = "error-not-found";
    pub const VALIDATION: &str = "error-validation";
    pub const UPSTREAM_UNAVAILABLE: &str = "error-upstream-unavailable";
    pub const UPSTREAM_ERROR: &str = "error-upstream-error";
    pub const UPSTREAM_UNSUPPORTED: &str = "error-upstream-unsupported";
    pub const DEVICE_OFFLINE: &str = "error-device-offline";
    pub const LOCKED_DOWN: &str = "error-locked-down";
    pub const PAYLOAD_TOO_LARGE: &str = "error-payload-too-large";
    pub const OUTCOME_UNKNOWN: &str = "error-outcome-unknown";
    pub const PERSON_DISABLED: &str = "error-person-disabled";
    pub const PERSON_DISABLED_HELP: &str = "error-person-disabled-help";
    pub const RECORD_GRANTED: &str = "record-granted";
    pub const RECORD_DENIED: &str = "record-denied";
    pub const RECORD_FIELD_TIME: &str = "records-field-time";
    pub const RECORD_FIELD_EVENT: &str = "records-field-event";
    pub const RECORD_FIELD_PERSON: &str = "records-field-person";
    pub const RECORD_FIELD_PIN: &str = "records-field-pin";
    pub const RECORD_FIELD_DEPARTMENT: &str = "records-field-department";
    pub const RECORD_FIELD_CARD: &str = "records-field-card";
    pub const RECORD_FIELD_VERIFY: &str = "records-field-verify";
    pub const RECORD_FIELD_DOOR: &str = "records-field-door";
    pub const RECORD_FIELD_READER: &str = "records-field-reader";
    pub const RECORD_FIELD_DEVICE: &str = "records-field-device";
    pub const RECORD_FIELD_SERIAL: &str = "records-field-serial";
    pub const RECORD_FIELD_AREA: &str = "records-field-area";
    pub const RECORD_FIELD_EVENT_NO: &str = "records-field-event-no";
    pub const INV_REQUIRED: &str = "inv-required";
    pub const INV_TOO_LONG: &str = "inv-too-long";
    pub const INV_NOT_EMAIL: &str = "inv-not-email";
    pub const INV_NOT_PHONE: &str = "inv-not-phone";
    pub const INV_NOT_TIME: &str = "inv-not-time";
    pub const INV_END_BEFORE_START: &str = "inv-end-before-start";
    pub const INV_VISITOR_COUNT: &str = "inv-visitor-count";
    pub const INV_SPECIAL_CHARS: &str = "inv-special-chars";
    pub const FORM_TOO_MANY: &str = "form-too-many";
    pub const FORM_NOT_PICTURE: &str = "form-not-picture";
    pub const FORM_TOO_LARGE: &str = "form-too-large";
    pub const INV_REFUSED: &str = "inv-refused";
    pub const INV_UP_ALREADY_RESERVED: &str = "inv-up-already-reserved";
    pub const INV_UP_DURING_VISIT: &str = "inv-up-during-visit";
    pub const INV_UP_DATE_WRONG: &str = "inv-up-date-wrong";
    pub const INV_UP_BLOCKED: &str = "inv-up-blocked";
    pub const INV_UP_OTHER: &str = "inv-up-other";
    pub const VIS_UP_HOST_MISSING: &str = "vis-up-host-missing";
    pub const VIS_UP_ALREADY_IN: &str = "vis-up-already-in";
    pub const VIS_UP_BAD_ID: &str = "vis-up-bad-id";
    pub const VIS_STATUS_WAITING: &str = "vis-status-waiting";
    pub const VIS_STATUS_CHECKED_IN: &str = "vis-status-checked-in";
    pub const VIS_STATUS_CHECKED_OUT: &str = "vis-status-checked-out";
    pub const VIS_STATUS_REFUSED: &str = "vis-status-refused";
    pub const VIS_CARD_ALL: &str = "vis-card-all";
    pub const VIS_CARD_IN: &str = "vis-card-in";
    pub const VIS_CARD_OUT: &str = "vis-card-out";
    pub const VIS_ID_CARD: &str = "vis-id-card";
    pub const VIS_ID_PASSPORT: &str = "vis-id-passport";
    pub const VIS_ID_DRIVER: &str = "vis-id-driver";
    pub const VIS_ID_WORK: &str = "vis-id-work";
    pub const VIS_ID_OTHER: &str = "vis-id-other";
    pub const INV_STATUS_PENDING: &str = "inv-status-pending";
    pub const INV_STATUS_USED: &str = "inv-status-used";
    pub const INV_STATUS_EXPIRED: &str = "inv-status-expired";
    pub const INV_MAIL_SENT: &str = "inv-mail-sent";
    pub const INV_MAIL_QUEUED: &str = "inv-mail-queued";
    pub const INV_MAIL_RETRYING: &str = "inv-mail-retrying";
    pub const INV_MAIL_FAILED: &str = "inv-mail-failed";
    pub const INV_MAIL_NOT_CONFIGURED: &str = "inv-mail-not-configured";
    pub const INV_MAIL_REASON: &str = "inv-mail-reason";
    pub const PW_MISMATCH: &str = "pw-mismatch";
    pub const PW_CURRENT_WRONG: &str = "pw-current-wrong";
    pub const PW_WEAK: &str = "pw-weak";
    pub const CRED_NO_CODE: &str = "cred-no-code";
    pub const CRED_EXPIRED: &str = "cred-expired";
    pub const CRED_OFFLINE: &str = "cred-offline";
    pub const INTERNAL: &str = "error-internal";

    pub const ALL_AREAS: &str = "area-all";
    pub const DEVICES_ALL: &str = "devices-title-all";
    pub const DEVICES_ONLINE: &str = "devices-title-online";
    pub const DEVICES_OFFLINE: &str = "devices-title-offline";
    pub const DEVICES_DISABLED: &str = "devices-title-disabled";
    pub const STATE_ONLINE: &str = "device-state-online";
    pub const STATE_OFFLINE: &str = "device-state-offline";
    pub const STATE_DISABLED: &str = "device-state-disabled";
    pub const TAB_DASHBOARD: &str = "nav-dashboard";
    pub const TAB_ME: &str = "nav-me";
    pub const TAB_ALARMS: &str = "nav-alarms";
    pub const TAB_APPS: &str = "nav-apps";
    pub const TAB_NOTIFICATIONS: &str = "nav-notifications";

    pub const RANGE_TODAY: &str = "alarm-range-today";
    pub const RANGE_7D: &str = "alarm-range-7d";
    pub const RANGE_30D: &str = "alarm-range-30d";
    pub const ALARM_TOTAL: &str = "alarm-summary-total";
    pub const ALARM_UNCONFIRMED: &str = "alarm-summary-unconfirmed";
    pub const ALARM_CONFIRMED: &str = "alarm-summary-confirmed";
    pub const ALARM_TITLE: &str = "alarm-title";
    pub const ALARM_TITLE_NO_DEVICE: &str = "alarm-title-no-device";
    pub const LEVEL_NORMAL: &str = "alarm-level-normal";
    pub const LEVEL_EXCEPTION: &str = "alarm-level-exception";
    pub const LEVEL_ALARM: &str = "alarm-level-alarm";
    pub const ACK_TOO_LONG: &str = "ack-error-too-long";

    pub const NOTIF_DOOR_CONNECT: &str = "notif-door-connect";
    pub const NOTIF_DOOR_ALARM: &str = "notif-door-alarm";
    pub const NOTIF_DOOR_SENSOR: &str = "notif-door-sensor";
    pub const NOTIF_DOOR_RELAY: &str = "notif-door-relay";
    pub const NOTIF_DEVICE: &str = "notif-device";
    pub const NOTIF_LOCKDOWN: &str = "notif-lockdown";
    pub const NOTIF_OTHER: &str = "notif-other";

    pub const DOOR_WHY_OFFLINE: &str = "door-why-offline";
    pub const DOOR_WHY_DISABLED: &str = "door-why-disabled";
    pub const DOOR_WHY_LOCKED_DOWN: &str = "door-why-locked-down";
    pub const DOOR_OPEN: &str = "door-open";
    pub const DOOR_CLOSED: &str = "door-closed";
    pub const DOOR_UNKNOWN: &str = "door-unknown";
    pub const DOOR_SECONDS_RANGE: &str = "door-error-seconds";
    pub const DOOR_REASON_TOO_LONG: &str = "door-error-reason-too-long";
    pub const DOOR_NO_ALARM_OUTPUT_RESET: &str = "door-no-alarm-output-reset";
    pub const DOOR_NOT_SUPPORTED: &str = "door-not-supported";
    pub const LOCKDOWN_BANNER: &str = "lockdown-banner";
    pub const GROUP_NAME_REQUIRED: &str = "group-error-name";
    pub const GROUP_DOORS_REQUIRED: &str = "group-error-doors";
    pub const GROUP_DELETE_ACTIVE: &str = "group-delete-active";
    pub const AUDIT_UNLOCK: &str = "audit-door-unlock";
    pub const AUDIT_CANCEL_ALARM: &str = "audit-door-cancel-alarm";
    pub const AUDIT_LOCKDOWN_ACTIVATE: &str = "audit-lockdown-activate";
    pub const AUDIT_LOCKDOWN_CANCEL: &str = "audit-lockdown-cancel";
    pub const AUDIT_ALARM_ACK: &str = "audit-alarm-ack";
    pub const AUDIT_LOGIN: &str = "audit-login";
    pub const AUDIT_OTHER: &str = "audit-other";
}
