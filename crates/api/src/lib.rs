//! The mobile API contract between the cvmobile app and the cvlink gateway: paths, DTOs, error codes and
//! the org-code codec. Pure data, no I/O, so the app, the gateway and the tests agree by construction.

pub mod alarm;
pub mod door;
pub mod dto;
pub mod error;
pub mod event;
pub mod failure;
pub mod invitation;
pub mod org_code;
pub mod paths;
pub mod records;
pub mod status;
pub mod visitors;

pub use alarm::{Ack, AckRequest, Alarm, AlarmQuery, AlarmStatus, AlarmSummary, SummaryQuery};
pub use door::{
    AuditEntry, Connection, Door, DoorActionResult, LockdownGroup, LockdownGroupRequest,
    LockdownState, ReasonRequest, UnlockRequest,
};
pub use dto::*;
pub use error::{ErrorCode, Problem};
pub use event::{EventId, EventKind, EventLevel, LiveEvent, Page, PageQuery};
pub use failure::Failure;
pub use invitation::{
    FieldError, FieldRule, Invitation, InvitationRequest, InvitationStatus, MailState, MailStatus,
    PasswordChange, ReinviteRequest,
};
pub use org_code::{Fingerprint, OrgCode, OrgCodeError, Route};
pub use records::{AccessRecord, RecordQuery};
pub use status::{GatewayStatus, RelayState, RelayStatus};
pub use visitors::{
    Host, HostQuery, HourCount, IdType, PhotoKind, TopVisitor, Visit, VisitList, VisitPhoto,
    VisitQuery, VisitStats, VisitStatus, VisitSummary, VisitorRegistration,
};
