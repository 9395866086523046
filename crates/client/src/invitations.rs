//! Personnel: visitor invitations and the password change. Creating calls take an idempotency key (one
//! per submit, sent again on a retry), so a retried submit invites once.

use cvm_api::{
    paths, Failure, Invitation, InvitationRequest, Page, PageQuery, PasswordChange, ReinviteRequest,
};

use crate::transport::Call;
use crate::Client;

impl Client {
    /// The caller's invitations, newest first, one page.
    pub async fn invitations(&self, q: &PageQuery) -> Result<Page<Invitation>, Failure> {
        self.call_authed(&crate::endpoints::paged(paths::INVITATIONS, q))
            .await
    }

    pub async fn invitation(&self, id: i64) -> Result<Invitation, Failure> {
        self.call_authed(&Call::get(paths::invitation(id))).await
    }

    pub async fn visit_reasons(&self) -> Result<Vec<String>, Failure> {
        self.call_authed(&Call::get(paths::VISIT_REASONS)).await
    }

    pub async fn create_invitation(
        &self,
        req: &InvitationRequest,
        idempotency_key: &str,
    ) -> Result<Invitation, Failure> {
        let call = Call::post(paths::INVITATIONS, req)?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }

    pub async fn reinvite(
        &self,
        id: i64,
        req: &ReinviteRequest,
        idempotency_key: &str,
    ) -> Result<Invitation, Failure> {
        let call = Call::post(paths::reinvite(id), req)?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }

    /// Changes the person's app password (the web portal's stays as it was).
    pub async fn change_password(&self, req: &PasswordChange) -> Result<(), Failure> {
        self.call_authed_empty(&Call::post(paths::ME_PASSWORD, req)?)
            .await
    }
}
