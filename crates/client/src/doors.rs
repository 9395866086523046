//! Remote Control, Remote Lockdown and the audit log. Acting calls take an idempotency key: the app
//! makes one per user action and sends it again on a retry, so the action runs once.

use cvm_api::{
    paths, AuditEntry, Door, DoorActionResult, Failure, LockdownGroup, LockdownGroupRequest,
    LockdownState, Page, PageQuery, ReasonRequest, UnlockRequest,
};

use crate::transport::Call;
use crate::Client;

fn reason(r: Option<&str>) -> ReasonRequest {
    ReasonRequest {
        reason: r.map(str::to_string),
    }
}

impl Client {
    /// Every door with its live state.
    pub async fn doors(&self) -> Result<Vec<Door>, Failure> {
        self.call_authed(&Call::get(paths::DOORS)).await
    }

    /// Opens a door's lock for `req.seconds`.
    pub async fn unlock_door(
        &self,
        id: &str,
        req: &UnlockRequest,
        idempotency_key: &str,
    ) -> Result<DoorActionResult, Failure> {
        let call = Call::post(paths::door_unlock(id), req)?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }

    /// Cancels a door's alarm (acknowledges it and closes the door).
    pub async fn cancel_door_alarm(
        &self,
        id: &str,
        why: Option<&str>,
        idempotency_key: &str,
    ) -> Result<DoorActionResult, Failure> {
        let call = Call::post(paths::door_cancel_alarm(id), &reason(why))?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }

    /// The lockdown groups and whether any is under lockdown.
    pub async fn lockdown(&self) -> Result<LockdownState, Failure> {
        self.call_authed(&Call::get(paths::LOCKDOWN)).await
    }

    pub async fn activate_lockdown(
        &self,
        group: i64,
        why: Option<&str>,
    ) -> Result<LockdownGroup, Failure> {
        self.call_authed(&Call::post(paths::lockdown_activate(group), &reason(why))?)
            .await
    }

    pub async fn cancel_lockdown(
        &self,
        group: i64,
        why: Option<&str>,
    ) -> Result<LockdownGroup, Failure> {
        self.call_authed(&Call::post(paths::lockdown_cancel(group), &reason(why))?)
            .await
    }

    /// Creates a lockdown group.
    pub async fn create_lockdown_group(
        &self,
        req: &LockdownGroupRequest,
    ) -> Result<LockdownGroup, Failure> {
        self.call_authed(&Call::post(paths::LOCKDOWN_GROUPS, req)?)
            .await
    }

    /// Renames a lockdown group or changes its doors.
    pub async fn update_lockdown_group(
        &self,
        id: i64,
        req: &LockdownGroupRequest,
    ) -> Result<LockdownGroup, Failure> {
        self.call_authed(&Call::put(paths::lockdown_group(id), req)?)
            .await
    }

    /// Deletes a lockdown group (refused with a `group` field problem while it is under lockdown).
    pub async fn delete_lockdown_group(&self, id: i64) -> Result<(), Failure> {
        self.call_authed_empty(&Call::delete(paths::lockdown_group(id)))
            .await
    }

    /// The audit log, newest first.
    pub async fn audit(&self, q: &PageQuery) -> Result<Page<AuditEntry>, Failure> {
        self.call_authed(&crate::endpoints::paged(paths::AUDIT, q))
            .await
    }
}
