//! Remote Control, Remote Lockdown and Activity as pure decisions: doors grouped by area and searched
//! by name, what each door allows (and why not), the unlock duration's validation, the card's result
//! (opened for N s counting down, or the refusal), the hold-to-confirm gesture as a clock-free model,
//! the idempotency key kept for one user action and its retries, the lockdown screen's steps and the
//! banner, the new-group form and the activity rows.

use std::time::Duration;

use cvm_api::{
    AuditEntry, Connection, Door, DoorActionResult, EventId, EventKind, Failure, LockdownGroup,
    LockdownGroupRequest, LockdownState, UnlockRequest,
};

use crate::failure::FailureText;
use crate::live::LiveFeed;
use crate::message::{keys, Message, Text};
use crate::pages::Keyed;

/// Shortest and longest remote opening the controllers accept, in seconds.
pub const UNLOCK_MIN: u32 = 1;
pub const UNLOCK_MAX: u32 = 254;
/// The duration the picker starts at.
pub const UNLOCK_DEFAULT: u32 = 5;
/// Longest reason the gateway keeps with an action, in characters.
pub const REASON_MAX: usize = 200;
/// How long the unlock button must be held.
pub const HOLD_TIME: Duration = Duration::from_millis(1200);
/// Audit rows per page.
pub const AUDIT_PAGE_SIZE: u32 = 30;

impl Keyed for AuditEntry {
    type Key = EventId;
    fn key(&self) -> EventId {
        EventId(self.id)
    }
}

/// Why a door cannot be opened remotely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnlockBlock {
    Offline,
    Disabled,
    /// Names of the lockdown groups holding it.
    LockedDown(Vec<String>),
}

impl UnlockBlock {
    pub fn text(&self) -> Text {
        match self {
            Self::Offline => Text::new(keys::DOOR_WHY_OFFLINE),
            Self::Disabled => Text::new(keys::DOOR_WHY_DISABLED),
            Self::LockedDown(groups) => {
                Text::new(keys::DOOR_WHY_LOCKED_DOWN).arg("groups", groups.join(", "))
            }
        }
    }
}

/// One door card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorCard {
    pub id: String,
    pub name: String,
    pub device: Option<String>,
    pub connection: Connection,
    /// Open (relay driven or sensor open), closed, or unknown.
    pub open: Option<bool>,
    pub alarm: Option<String>,
    /// `None` when the door can be unlocked.
    pub blocked: Option<UnlockBlock>,
    /// The cancel-alarm action is offered (the door shows an alarm).
    pub can_cancel_alarm: bool,
}

impl DoorCard {
    pub fn can_unlock(&self) -> bool {
        self.blocked.is_none()
    }

    /// `online`, `offline` or `disabled` (a `data-` attribute and a CSS class).
    pub fn connection_str(&self) -> &'static str {
        match self.connection {
            Connection::Online => "online",
            Connection::Offline => "offline",
            Connection::Disabled => "disabled",
        }
    }

    pub fn connection_key(&self) -> &'static str {
        match self.connection {
            Connection::Online => keys::STATE_ONLINE,
            Connection::Offline => keys::STATE_OFFLINE,
            Connection::Disabled => keys::STATE_DISABLED,
        }
    }

    /// `open`, `closed` or `unknown`.
    pub fn open_str(&self) -> &'static str {
        match self.open {
            Some(true) => "open",
            Some(false) => "closed",
            None => "unknown",
        }
    }

    pub fn open_key(&self) -> &'static str {
        match self.open {
            Some(true) => keys::DOOR_OPEN,
            Some(false) => keys::DOOR_CLOSED,
            None => keys::DOOR_UNKNOWN,
        }
    }
}

pub fn door_card(d: &Door) -> DoorCard {
    let blocked = match d.connection {
        Connection::Offline => Some(UnlockBlock::Offline),
        Connection::Disabled => Some(UnlockBlock::Disabled),
        Connection::Online if !d.locked_down_by.is_empty() => {
            Some(UnlockBlock::LockedDown(d.locked_down_by.clone()))
        }
        Connection::Online => None,
    };
    let open = match (d.relay_open, d.sensor_open) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (None, None) => None,
        _ => Some(false),
    };
    DoorCard {
        id: d.id.clone(),
        name: d.name.clone(),
        device: d.device.clone(),
        connection: d.connection,
        open,
        alarm: d.alarm.clone(),
        blocked,
        can_cancel_alarm: d.alarm.is_some(),
    }
}

/// The doors of one area (`None`: doors without an area).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaGroup {
    pub area: Option<String>,
    pub doors: Vec<DoorCard>,
}

/// The doors whose name contains `q` (any case), grouped by area: areas by name, doors without an
/// area last, doors by name.
pub fn door_groups(doors: &[Door], q: &str) -> Vec<AreaGroup> {
    let q = q.trim().to_lowercase();
    let mut matching: Vec<&Door> = doors
        .iter()
        .filter(|d| q.is_empty() || d.name.to_lowercase().contains(&q))
        .collect();
    matching.sort_by(|a, b| {
        (a.area.is_none(), a.area.as_deref().map(str::to_lowercase))
            .cmp(&(b.area.is_none(), b.area.as_deref().map(str::to_lowercase)))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut groups: Vec<AreaGroup> = Vec::new();
    for d in matching {
        match groups.last_mut() {
            Some(g) if g.area == d.area => g.doors.push(door_card(d)),
            _ => groups.push(AreaGroup {
                area: d.area.clone(),
                doors: vec![door_card(d)],
            }),
        }
    }
    groups
}

/// The unlock duration as typed: a whole number of seconds in 1–254.
pub fn parse_seconds(typed: &str) -> Result<u32, Text> {
    match typed.trim().parse::<u32>() {
        Ok(s) if (UNLOCK_MIN..=UNLOCK_MAX).contains(&s) => Ok(s),
        _ => Err(Text::new(keys::DOOR_SECONDS_RANGE)
            .arg("min", UNLOCK_MIN.to_string())
            .arg("max", UNLOCK_MAX.to_string())),
    }
}

/// A reason as sent: trimmed, none when empty; too long is refused.
pub fn parse_reason(typed: &str) -> Result<Option<String>, Text> {
    let r = typed.trim();
    if r.chars().count() > REASON_MAX {
        return Err(Text::new(keys::DOOR_REASON_TOO_LONG).arg("max", REASON_MAX.to_string()));
    }
    Ok((!r.is_empty()).then(|| r.to_string()))
}

/// The hold-to-confirm gesture without a clock: a press starts a hold (numbered, so a timer of an
/// earlier press cannot confirm a later one); the timer reports how long it waited; a release before
/// [`HOLD_TIME`] cancels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hold {
    press: u32,
    state: HoldState,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HoldState {
    #[default]
    Idle,
    Holding,
    Confirmed,
}

impl Hold {
    /// The button went down; returns the press to hand to the timer.
    pub fn press(&mut self) -> u32 {
        self.press = self.press.wrapping_add(1);
        self.state = HoldState::Holding;
        self.press
    }

    /// The timer of `press` fired after `held`: true (once) when this confirms the action.
    pub fn held(&mut self, press: u32, held: Duration) -> bool {
        if press == self.press && self.state == HoldState::Holding && held >= HOLD_TIME {
            self.state = HoldState::Confirmed;
            return true;
        }
        false
    }

    /// The button went up (or the pointer left): a hold not yet confirmed is cancelled.
    pub fn release(&mut self) {
        self.state = HoldState::Idle;
    }

    pub fn state(&self) -> HoldState {
        self.state
    }

    pub fn holding(&self) -> bool {
        self.state == HoldState::Holding
    }
}

/// What the card says about the last action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    None,
    Sending,
    /// The lock is open for `left` more seconds (of `seconds`).
    Opened {
        seconds: u32,
        left: u32,
    },
    /// The alarm was cancelled; `not_supported` names what the vendor API could not do.
    AlarmCancelled {
        acknowledged: u32,
        not_supported: Vec<Text>,
    },
    /// Refused or failed; `retry` when sending the same action again may help (its key is kept).
    Failed {
        message: Message,
        retry: bool,
    },
}

/// Which action a door card runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoorActionKind {
    Unlock,
    CancelAlarm,
}

/// A door card's form and its last action: the duration, the reason, the confirm dialog of the
/// accessible alternative, and the idempotency key of the action on its way (kept for a retry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorAction {
    pub seconds: String,
    pub reason: String,
    pub error: Option<Text>,
    pub confirming: bool,
    pub outcome: Outcome,
    key: Option<Pending>,
}

/// The action whose answer never came: what was asked, under which key. The gateway replays a key's
/// first answer only for the same request, so a changed duration or reason is a new action.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    kind: DoorActionKind,
    seconds: Option<u32>,
    reason: Option<String>,
    key: String,
}

impl Default for DoorAction {
    fn default() -> Self {
        Self {
            seconds: UNLOCK_DEFAULT.to_string(),
            reason: String::new(),
            error: None,
            confirming: false,
            outcome: Outcome::None,
            key: None,
        }
    }
}

impl DoorAction {
    /// The unlock to send for a confirmed gesture, with its key: a new key for a new action, the
    /// kept one when this retries an action whose answer never came. `None` (with the field error
    /// set) when the form is invalid or an action is on its way.
    pub fn unlock(
        &mut self,
        fresh_key: impl FnOnce() -> String,
    ) -> Option<(UnlockRequest, String)> {
        if self.outcome == Outcome::Sending {
            return None;
        }
        let seconds = parse_seconds(&self.seconds);
        let reason = parse_reason(&self.reason);
        let (seconds, reason) = match (seconds, reason) {
            (Ok(s), Ok(r)) => (s, r),
            (Err(e), _) | (_, Err(e)) => {
                self.error = Some(e);
                return None;
            }
        };
        self.error = None;
        self.confirming = false;
        let key = self.key_for(DoorActionKind::Unlock, Some(seconds), &reason, fresh_key);
        self.outcome = Outcome::Sending;
        Some((UnlockRequest { seconds, reason }, key))
    }

    /// The cancel-alarm to send: the reason and the key.
    pub fn cancel_alarm(
        &mut self,
        fresh_key: impl FnOnce() -> String,
    ) -> Option<(Option<String>, String)> {
        if self.outcome == Outcome::Sending {
            return None;
        }
        let reason = match parse_reason(&self.reason) {
            Ok(r) => r,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        self.error = None;
        let key = self.key_for(DoorActionKind::CancelAlarm, None, &reason, fresh_key);
        self.outcome = Outcome::Sending;
        Some((reason, key))
    }

    fn key_for(
        &mut self,
        kind: DoorActionKind,
        seconds: Option<u32>,
        reason: &Option<String>,
        fresh_key: impl FnOnce() -> String,
    ) -> String {
        match &self.key {
            Some(p) if p.kind == kind && p.seconds == seconds && &p.reason == reason => {
                p.key.clone()
            }
            _ => {
                let key = fresh_key();
                self.key = Some(Pending {
                    kind,
                    seconds,
                    reason: reason.clone(),
                    key: key.clone(),
                });
                key
            }
        }
    }

    /// The action a retry sends again (its key kept), if any.
    pub fn pending_kind(&self) -> Option<DoorActionKind> {
        self.key.as_ref().map(|p| p.kind)
    }

    /// The idempotency key kept for a retry, if any.
    pub fn pending_key(&self) -> Option<&str> {
        self.key.as_ref().map(|p| p.key.as_str())
    }

    /// The gateway answered (or did not). The key is dropped once the gateway has decided; it is
    /// kept when the answer may not have come back, so the retry runs the action once.
    pub fn done(&mut self, result: Result<DoorActionResult, Failure>) {
        match result {
            Ok(r) => {
                self.key = None;
                self.outcome = match r.opened_for {
                    Some(s) => Outcome::Opened {
                        seconds: s,
                        left: s,
                    },
                    None => Outcome::AlarmCancelled {
                        acknowledged: r.alarms_acknowledged.unwrap_or(0),
                        not_supported: r.not_supported.iter().map(|n| not_supported(n)).collect(),
                    },
                };
            }
            Err(f) => {
                let retry = retryable(&f);
                if !retry {
                    self.key = None;
                }
                self.outcome = Outcome::Failed {
                    message: f.message(""),
                    retry,
                };
            }
        }
    }

    /// One second passed: the countdown of an opened lock goes down, and ends.
    pub fn tick(&mut self) {
        if let Outcome::Opened { left, .. } = &mut self.outcome {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.outcome = Outcome::None;
            }
        }
    }

    pub fn counting_down(&self) -> bool {
        matches!(self.outcome, Outcome::Opened { .. })
    }
}

/// Failures after which the action may or may not have run: sending it again with the same key is
/// safe (it runs once) and is what the user should do.
fn retryable(f: &Failure) -> bool {
    // Any answer of the gateway (even upstream_unavailable) is kept under the key and replayed, so
    // only a request whose answer never arrived is worth sending again as it was.
    matches!(f, Failure::Unreachable(_))
}

/// The plain statement of something the vendor's API cannot do.
pub fn not_supported(what: &str) -> Text {
    match what {
        "device_alarm_output" => Text::new(keys::DOOR_NO_ALARM_OUTPUT_RESET),
        other => Text::new(keys::DOOR_NOT_SUPPORTED).arg("what", other.to_string()),
    }
}

/// The newest door-state or lockdown event: Remote Control loads the doors again when it changes.
pub fn latest_door_change(feed: &LiveFeed) -> Option<EventId> {
    feed.recent()
        .filter(|e| matches!(e.kind, EventKind::DoorState | EventKind::Lockdown))
        .map(|e| e.id)
        .max()
}

/// The newest lockdown event: the banner and the lockdown screen load the state again.
pub fn latest_lockdown(feed: &LiveFeed) -> Option<EventId> {
    feed.recent()
        .filter(|e| e.kind == EventKind::Lockdown)
        .map(|e| e.id)
        .max()
}

/// The banner across the admin screens: the groups under lockdown, or nothing.
pub fn lockdown_banner(state: &LockdownState) -> Option<Text> {
    let active: Vec<&str> = state
        .groups
        .iter()
        .filter(|g| g.active)
        .map(|g| g.name.as_str())
        .collect();
    (state.any_active || !active.is_empty())
        .then(|| Text::new(keys::LOCKDOWN_BANNER).arg("groups", active.join(", ")))
}

/// The Remote Lockdown screen's steps: safe (choose a group), confirm, on its way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LockdownStep {
    #[default]
    Idle,
    /// Asking to confirm activating (or cancelling) this group.
    Confirm {
        group: i64,
        activate: bool,
    },
    Sending {
        group: i64,
    },
}

/// The lockdown screen's state besides the loaded groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LockdownForm {
    /// The group chosen to activate.
    pub chosen: Option<i64>,
    pub reason: String,
    pub step: LockdownStep,
    pub error: Option<Message>,
}

impl LockdownForm {
    /// The group to preselect: the chosen one if it still exists, else the first.
    pub fn chosen_in(&self, state: &LockdownState) -> Option<i64> {
        self.chosen
            .filter(|c| state.groups.iter().any(|g| g.id == *c))
            .or_else(|| state.groups.first().map(|g| g.id))
    }

    /// The big button was pressed: ask to confirm activating the chosen group.
    pub fn ask_activate(&mut self, state: &LockdownState) {
        if let Some(group) = self.chosen_in(state) {
            self.error = None;
            self.step = LockdownStep::Confirm {
                group,
                activate: true,
            };
        }
    }

    pub fn ask_cancel(&mut self, group: i64) {
        self.error = None;
        self.step = LockdownStep::Confirm {
            group,
            activate: false,
        };
    }

    pub fn back(&mut self) {
        self.step = LockdownStep::Idle;
    }

    /// Confirmed: what to send (group, activate?, reason). Activation only after a confirm step.
    pub fn confirm(&mut self) -> Option<(i64, bool, Option<String>)> {
        let LockdownStep::Confirm { group, activate } = self.step else {
            return None;
        };
        let reason = match parse_reason(&self.reason) {
            Ok(r) => r,
            Err(e) => {
                self.error = Some(e.into());
                return None;
            }
        };
        self.step = LockdownStep::Sending { group };
        Some((group, activate, reason))
    }

    pub fn done(&mut self, result: Result<(), &Failure>) {
        self.step = LockdownStep::Idle;
        match result {
            Ok(()) => {
                self.reason.clear();
                self.error = None;
            }
            Err(f) => self.error = Some(f.message("")),
        }
    }
}

/// The lockdown group form, new or editing: a name and doors picked from the door list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupForm {
    /// The group being edited, or `None` for a new group.
    pub editing: Option<i64>,
    pub name: String,
    pub doors: Vec<String>,
    pub error: Option<Text>,
}

impl GroupForm {
    /// The form filled in with `group`, to rename it or change its doors.
    pub fn edit(group: &LockdownGroup) -> Self {
        Self {
            editing: Some(group.id),
            name: group.name.clone(),
            doors: group.doors.clone(),
            error: None,
        }
    }

    pub fn toggle(&mut self, door: &str) {
        if let Some(i) = self.doors.iter().position(|d| d == door) {
            self.doors.remove(i);
        } else {
            self.doors.push(door.to_string());
        }
    }

    pub fn has(&self, door: &str) -> bool {
        self.doors.iter().any(|d| d == door)
    }

    pub fn submit(&mut self) -> Option<LockdownGroupRequest> {
        let name = self.name.trim();
        self.error = if name.is_empty() {
            Some(Text::new(keys::GROUP_NAME_REQUIRED))
        } else if self.doors.is_empty() {
            Some(Text::new(keys::GROUP_DOORS_REQUIRED))
        } else {
            None
        };
        self.error.is_none().then(|| LockdownGroupRequest {
            name: name.to_string(),
            doors: self.doors.clone(),
        })
    }
}

/// Why a group cannot be deleted now, if it cannot: a group under lockdown is cancelled first.
pub fn delete_block(group: &LockdownGroup) -> Option<Text> {
    group.active.then(|| Text::new(keys::GROUP_DELETE_ACTIVE))
}

/// Deleting a group: asked, then confirmed, then sent; refused while the group is under lockdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupDelete {
    /// The group whose deletion waits for the confirmation.
    pub asking: Option<i64>,
    /// The group being deleted.
    pub sending: Option<i64>,
    pub error: Option<Text>,
}

impl GroupDelete {
    /// The delete button was pressed: ask to confirm, unless the group is under lockdown.
    pub fn ask(&mut self, group: &LockdownGroup) {
        self.error = delete_block(group);
        self.asking = self.error.is_none().then_some(group.id);
    }

    pub fn back(&mut self) {
        self.asking = None;
    }

    /// Confirmed: the group to delete, once, and only if it is still not under lockdown.
    pub fn confirm(&mut self, group: &LockdownGroup) -> Option<i64> {
        if self.asking != Some(group.id) || self.sending.is_some() {
            return None;
        }
        self.asking = None;
        if let Some(why) = delete_block(group) {
            self.error = Some(why);
            return None;
        }
        self.error = None;
        self.sending = Some(group.id);
        Some(group.id)
    }

    pub fn done(&mut self, result: Result<(), &Failure>) {
        self.sending = None;
        self.error = result.err().map(|f| f.message("").text);
    }
}

/// One row of the Activity screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub id: i64,
    pub at: String,
    /// The action's code (a `data-` attribute).
    pub action: String,
    pub title: Text,
    /// Who: the account without its role prefix.
    pub actor: String,
    pub target: Option<String>,
    pub reason: Option<String>,
    /// The upstream refused or failed.
    pub failed: bool,
    pub upstream: Option<String>,
}

/// The row of an audit entry; a door's id as target is shown as the door's name when `doors` has it.
pub fn activity_row(e: &AuditEntry, doors: &[Door]) -> ActivityRow {
    let target = e.target.as_ref().map(|t| {
        doors
            .iter()
            .find(|d| &d.id == t)
            .map_or_else(|| t.clone(), |d| d.name.clone())
    });
    let key = match e.action.as_str() {
        "door_unlock" => keys::AUDIT_UNLOCK,
        "door_cancel_alarm" => keys::AUDIT_CANCEL_ALARM,
        "lockdown_activate" => keys::AUDIT_LOCKDOWN_ACTIVATE,
        "lockdown_cancel" => keys::AUDIT_LOCKDOWN_CANCEL,
        "alarm_ack" => keys::AUDIT_ALARM_ACK,
        "login" => keys::AUDIT_LOGIN,
        _ => keys::AUDIT_OTHER,
    };
    let actor = e
        .actor
        .split_once(':')
        .map(|(_, who)| who)
        .unwrap_or(&e.actor)
        .to_string();
    let failed = e.upstream.as_deref().is_some_and(|u| u != "ok");
    ActivityRow {
        id: e.id,
        at: e.at.clone(),
        action: e.action.clone(),
        title: Text::new(key)
            .arg("target", target.clone().unwrap_or_default())
            .arg("action", e.action.clone()),
        actor,
        target,
        reason: e.reason.clone(),
        failed,
        upstream: e.upstream.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::{ErrorCode, Problem};

    fn door(id: &str, name: &str, area: Option<&str>, c: Connection) -> Door {
        Door {
            id: id.into(),
            name: name.into(),
            device: Some("ctl".into()),
            device_sn: None,
            area: area.map(Into::into),
            connection: c,
            relay_open: Some(false),
            sensor_open: Some(false),
            alarm: None,
            locked_down_by: vec![],
        }
    }

    fn api(code: ErrorCode) -> Failure {
        Failure::Api(Box::new(Problem::new(code, "x")))
    }

    #[test]
    fn doors_are_grouped_by_area_and_searched_by_name() {
        let doors = vec![
            door("1", "Side door", Some("Main Hall"), Connection::Online),
            door("2", "Back gate", None, Connection::Online),
            door("3", "Front door", Some("annex"), Connection::Offline),
            door("4", "Archive door", Some("Main Hall"), Connection::Online),
        ];
        let g = door_groups(&doors, "");
        let areas: Vec<_> = g.iter().map(|g| g.area.as_deref()).collect();
        assert_eq!(areas, [Some("annex"), Some("Main Hall"), None]);
        let hall: Vec<_> = g[1].doors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(hall, ["Archive door", "Side door"]);
        let found = door_groups(&doors, "  DOOR ");
        assert_eq!(found.iter().map(|g| g.doors.len()).sum::<usize>(), 3);
        assert!(door_groups(&doors, "nothing").is_empty());
    }

    #[test]
    fn unlock_needs_an_online_door_not_under_lockdown() {
        let mut d = door("1", "A", None, Connection::Online);
        assert!(door_card(&d).can_unlock());
        d.connection = Connection::Offline;
        assert_eq!(door_card(&d).blocked, Some(UnlockBlock::Offline));
        assert_eq!(
            door_card(&d).blocked.unwrap().text().key,
            keys::DOOR_WHY_OFFLINE
        );
        d.connection = Connection::Disabled;
        assert_eq!(door_card(&d).blocked, Some(UnlockBlock::Disabled));
        d.connection = Connection::Online;
        d.locked_down_by = vec!["Main entrance".into()];
        let c = door_card(&d);
        assert!(!c.can_unlock());
        assert_eq!(
            c.blocked.unwrap().text().args,
            vec![("groups", "Main entrance".to_string())]
        );
    }

    #[test]
    fn cancel_alarm_only_for_a_door_in_alarm_and_open_state_from_relay_or_sensor() {
        let mut d = door("1", "A", None, Connection::Online);
        let c = door_card(&d);
        assert!(!c.can_cancel_alarm);
        assert_eq!(c.open_str(), "closed");
        d.alarm = Some("timeout".into());
        d.relay_open = Some(true);
        let c = door_card(&d);
        assert!(c.can_cancel_alarm);
        assert_eq!(c.open_str(), "open");
        d.relay_open = None;
        d.sensor_open = None;
        assert_eq!(door_card(&d).open_str(), "unknown");
    }

    #[test]
    fn seconds_are_1_to_254() {
        assert_eq!(parse_seconds("5"), Ok(5));
        assert_eq!(parse_seconds(" 254 "), Ok(254));
        assert_eq!(parse_seconds("1"), Ok(1));
        for bad in ["0", "255", "", "x", "-3", "2.5"] {
            assert_eq!(
                parse_seconds(bad).unwrap_err().key,
                keys::DOOR_SECONDS_RANGE,
                "{bad}"
            );
        }
        assert_eq!(DoorAction::default().seconds, "5");
        assert!(parse_reason(&"x".repeat(201)).is_err());
        assert_eq!(parse_reason("  "), Ok(None));
    }

    #[test]
    fn hold_confirms_after_the_hold_time_and_release_cancels() {
        let mut h = Hold::default();
        let p = h.press();
        assert!(h.holding());
        assert!(!h.held(p, Duration::from_millis(300)));
        assert!(h.held(p, HOLD_TIME));
        assert_eq!(h.state(), HoldState::Confirmed);
        // Once.
        assert!(!h.held(p, HOLD_TIME * 2));
        // A short press: released before the timer, the timer does nothing.
        let p = h.press();
        h.release();
        assert!(!h.held(p, HOLD_TIME));
        // The timer of an earlier press cannot confirm a later one.
        let old = h.press();
        h.release();
        let _new = h.press();
        assert!(!h.held(old, HOLD_TIME));
    }

    #[test]
    fn a_key_per_action_reused_on_retry() {
        let mut a = DoorAction::default();
        let (req, k1) = a.unlock(|| "k1".into()).unwrap();
        assert_eq!(req.seconds, 5);
        assert_eq!(a.outcome, Outcome::Sending);
        // No second send while one is on its way.
        assert!(a.unlock(|| "k2".into()).is_none());
        a.done(Err(Failure::Unreachable("dropped".into())));
        assert!(matches!(a.outcome, Outcome::Failed { retry: true, .. }));
        let (_, again) = a.unlock(|| "k3".into()).unwrap();
        assert_eq!(again, k1, "the retry sends the same key");
        a.done(Ok(DoorActionResult {
            door_id: "1".into(),
            opened_for: Some(5),
            alarms_acknowledged: None,
            not_supported: vec![],
        }));
        assert_eq!(
            a.outcome,
            Outcome::Opened {
                seconds: 5,
                left: 5
            }
        );
        assert_eq!(a.pending_key(), None);
        let (_, next) = a.unlock(|| "k4".into()).unwrap();
        assert_eq!(next, "k4", "a new action gets a new key");
        // A retry that asks for something else is another action.
        a.done(Err(Failure::Unreachable("dropped".into())));
        a.seconds = "9".into();
        let (req, changed) = a.unlock(|| "k5".into()).unwrap();
        assert_eq!((req.seconds, changed.as_str()), (9, "k5"));
        // An answer from the gateway, even a failure upstream, is final for its key.
        a.done(Err(api(ErrorCode::UpstreamUnavailable)));
        assert!(matches!(a.outcome, Outcome::Failed { retry: false, .. }));
        assert_eq!(a.pending_key(), None);
    }

    #[test]
    fn refusals_drop_the_key_and_say_why() {
        let mut a = DoorAction::default();
        a.unlock(|| "k1".into()).unwrap();
        a.done(Err(api(ErrorCode::LockedDown)));
        match &a.outcome {
            Outcome::Failed { message, retry } => {
                assert_eq!(message.text.key, keys::LOCKED_DOWN);
                assert!(!retry);
            }
            o => panic!("{o:?}"),
        }
        assert_eq!(a.pending_key(), None);
        a.unlock(|| "k2".into()).unwrap();
        a.done(Err(api(ErrorCode::DeviceOffline)));
        assert!(
            matches!(&a.outcome, Outcome::Failed { message, .. } if message.text.key == keys::DEVICE_OFFLINE)
        );
        a.seconds = "255".into();
        assert!(a.unlock(|| "k3".into()).is_none());
        assert_eq!(a.error.as_ref().unwrap().key, keys::DOOR_SECONDS_RANGE);
    }

    #[test]
    fn the_countdown_ends() {
        let mut a = DoorAction {
            outcome: Outcome::Opened {
                seconds: 2,
                left: 2,
            },
            ..Default::default()
        };
        a.tick();
        assert_eq!(
            a.outcome,
            Outcome::Opened {
                seconds: 2,
                left: 1
            }
        );
        a.tick();
        assert_eq!(a.outcome, Outcome::None);
    }

    #[test]
    fn cancel_alarm_says_what_the_vendor_api_cannot_do() {
        let mut a = DoorAction::default();
        let (reason, _) = a.cancel_alarm(|| "k".into()).unwrap();
        assert_eq!(reason, None);
        a.done(Ok(DoorActionResult {
            door_id: "1".into(),
            opened_for: None,
            alarms_acknowledged: Some(2),
            not_supported: vec!["device_alarm_output".into()],
        }));
        assert_eq!(
            a.outcome,
            Outcome::AlarmCancelled {
                acknowledged: 2,
                not_supported: vec![Text::new(keys::DOOR_NO_ALARM_OUTPUT_RESET)]
            }
        );
    }

    fn group(id: i64, name: &str, active: bool) -> LockdownGroup {
        LockdownGroup {
            id,
            name: name.into(),
            doors: vec!["1".into()],
            active,
            since: active.then(|| "2026-01-01 10:00:00".into()),
            by: active.then(|| "admin".into()),
            reason: None,
        }
    }

    #[test]
    fn activation_needs_a_confirm_step_and_the_banner_names_active_groups() {
        let state = LockdownState {
            groups: vec![group(1, "Main entrance", false), group(2, "Lab", false)],
            any_active: false,
        };
        assert_eq!(lockdown_banner(&state), None);
        let mut f = LockdownForm::default();
        assert_eq!(f.confirm(), None, "nothing without the confirm step");
        assert_eq!(f.chosen_in(&state), Some(1));
        f.chosen = Some(2);
        f.ask_activate(&state);
        assert_eq!(
            f.step,
            LockdownStep::Confirm {
                group: 2,
                activate: true
            }
        );
        f.reason = " fire drill ".into();
        assert_eq!(f.confirm(), Some((2, true, Some("fire drill".into()))));
        f.done(Ok(()));
        assert_eq!(f.step, LockdownStep::Idle);
        f.ask_cancel(2);
        assert_eq!(f.confirm(), Some((2, false, None)));
        let active = LockdownState {
            groups: vec![group(1, "Main entrance", true), group(2, "Lab", false)],
            any_active: true,
        };
        let b = lockdown_banner(&active).unwrap();
        assert_eq!(b.args, vec![("groups", "Main entrance".to_string())]);
    }

    #[test]
    fn a_group_needs_a_name_and_doors() {
        let mut f = GroupForm::default();
        assert!(f.submit().is_none());
        assert_eq!(f.error.as_ref().unwrap().key, keys::GROUP_NAME_REQUIRED);
        f.name = " Lab ".into();
        assert!(f.submit().is_none());
        assert_eq!(f.error.as_ref().unwrap().key, keys::GROUP_DOORS_REQUIRED);
        f.toggle("3");
        f.toggle("4");
        f.toggle("3");
        assert!(f.has("4") && !f.has("3"));
        let req = f.submit().unwrap();
        assert_eq!(req.name, "Lab");
        assert_eq!(req.doors, vec!["4".to_string()]);
    }

    #[test]
    fn a_group_is_edited_from_its_values_and_deleted_only_when_not_under_lockdown() {
        let mut g = group(3, "Lab", false);
        g.doors = vec!["4".into(), "5".into()];
        let mut f = GroupForm::edit(&g);
        assert_eq!(f.editing, Some(3));
        assert_eq!((f.name.as_str(), &f.doors), ("Lab", &g.doors));
        assert_eq!(GroupForm::default().editing, None);
        f.name = " Lab and annex ".into();
        f.toggle("4");
        assert_eq!(
            f.submit(),
            Some(LockdownGroupRequest {
                name: "Lab and annex".into(),
                doors: vec!["5".into()],
            })
        );
        assert_eq!(f.editing, Some(3), "still editing that group");
        f.toggle("5");
        assert!(f.submit().is_none());
        assert_eq!(f.error.as_ref().unwrap().key, keys::GROUP_DOORS_REQUIRED);

        let mut d = GroupDelete::default();
        assert_eq!(d.confirm(&g), None, "nothing without the confirm step");
        d.ask(&g);
        assert_eq!(d.asking, Some(3));
        d.back();
        assert_eq!(d.confirm(&g), None, "backed out");
        d.ask(&g);
        assert_eq!(d.confirm(&g), Some(3));
        assert_eq!(d.sending, Some(3));
        assert_eq!(d.confirm(&g), None, "sent once");
        d.done(Ok(()));
        assert_eq!(d, GroupDelete::default());

        let active = group(1, "Main entrance", true);
        assert_eq!(delete_block(&g), None);
        assert_eq!(
            delete_block(&active).unwrap().key,
            keys::GROUP_DELETE_ACTIVE
        );
        d.ask(&active);
        assert_eq!(d.asking, None, "no confirm step under lockdown");
        assert_eq!(d.error.as_ref().unwrap().key, keys::GROUP_DELETE_ACTIVE);
        // Asked while safe, locked down before the confirmation: refused.
        let mut d = GroupDelete::default();
        d.ask(&group(1, "Main entrance", false));
        assert_eq!(d.confirm(&active), None);
        assert_eq!((d.asking, d.sending), (None, None));
        assert!(d.error.is_some());
        // The gateway's refusal is shown.
        let mut d = GroupDelete::default();
        d.ask(&g);
        d.confirm(&g);
        d.done(Err(&api(ErrorCode::Validation)));
        assert_eq!(d.sending, None);
        assert!(d.error.is_some());
    }

    #[test]
    fn activity_rows_name_the_action_and_who() {
        let e = AuditEntry {
            id: 7,
            at: "2026-01-01 10:00:00".into(),
            actor: "admin:boss".into(),
            action: "door_unlock".into(),
            target: Some("1".into()),
            reason: Some("courier".into()),
            upstream: Some("ok".into()),
            detail: None,
        };
        let doors = [door("1", "Front door", None, Connection::Online)];
        let r = activity_row(&e, &doors);
        assert_eq!(r.title.key, keys::AUDIT_UNLOCK);
        assert_eq!(r.target.as_deref(), Some("Front door"));
        assert_eq!(r.actor, "boss");
        assert!(!r.failed);
        let mut odd = e.clone();
        odd.action = "something_new".into();
        odd.actor = "cli".into();
        odd.upstream = Some("error 5".into());
        let r = activity_row(&odd, &[]);
        assert_eq!(r.target.as_deref(), Some("1"));
        assert_eq!(r.title.key, keys::AUDIT_OTHER);
        assert_eq!(r.actor, "cli");
        assert!(r.failed);
        assert_eq!(e.key(), EventId(7));
    }
}
