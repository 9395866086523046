//! The cvmobile app's logic as a pure state machine: events change a [`Model`], which asks for
//! [`Effect`]s and is shown through small view functions. No UI and no I/O, so every decision the
//! app makes — validation, session transitions, navigation rules, filters — is tested here with
//! plain `cargo test`.

pub mod alarms;
pub mod connection;
pub mod credential;
pub mod dashboard;
pub mod devices;
pub mod doors;
pub mod failure;
pub mod invitations;
pub mod live;
pub mod loadable;
pub mod login;
pub mod message;
pub mod nav;
pub mod notifications;
pub mod pages;
pub mod records;
pub mod scanner;
pub mod selftest;
pub mod session;
pub mod visitors;

pub use alarms::{
    alarm_card, latest_alarm, summary_cards, AckForm, AlarmCardView, AlarmFilter, LevelParam,
    StatusParam, SummaryCard, TextParam, TimeRange,
};
pub use credential::{CredentialEffect, CredentialEvent, CredentialScreen, CredentialView};
pub use dashboard::{
    area_options, dashboard_view, AreaFilter, AreaOption, Chart, DashboardView, Segment,
};
pub use devices::{device_rows, parse_state, state_key, DeviceFilter, DeviceRow, StateFilter};
pub use doors::{
    activity_row, delete_block, door_card, door_groups, latest_door_change, latest_lockdown,
    lockdown_banner, parse_seconds, ActivityRow, AreaGroup, DoorAction, DoorActionKind, DoorCard,
    GroupDelete, GroupForm, Hold, HoldState, LockdownForm, LockdownStep, Outcome, UnlockBlock,
};
pub use failure::{session_expired, FailureText};
pub use invitations::{
    mail_message, status_text, InviteField, InviteForm, InviteSubmit, PasswordForm, INVITE_FIELDS,
};
pub use live::{Backoff, Connection, LiveFeed, Silence};
pub use loadable::{Content, Loadable, Status};
pub use login::{Credentials, Field, FormError, LoginForm, ScanFailure};
pub use message::{Message, Text};
pub use nav::{guard, home, tabs, Guard, Scope, Tab, Target};
pub use notifications::{notification_rows, record_rows, NotificationRow};
pub use pages::{Keyed, More, Pages};
pub use records::{
    latest_record, record_fields, record_row, RangeParam, RecordFilter, RecordRow,
    RECORDS_PAGE_SIZE,
};
pub use scanner::{update_scanner, CameraError, Scanner, ScannerEffect, ScannerEvent, Torch};
pub use session::{
    check_fingerprint, update, Active, Effect, Event, LoginStep, Model, Session, StoredSession,
};
pub use visitors::{
    hour_bars, top_bars, visit_cards, Bar, VisitCard, VisitFilter, VisitStatusParam, VisitorForm,
};
