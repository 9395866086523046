//! One async method per endpoint of the mobile API.

use cvm_api::{
    paths, AckRequest, Alarm, AlarmQuery, AlarmSummary, Area, Credential, Dashboard, Device,
    DeviceQuery, EventId, Failure, LiveEvent, LoginRequest, LogoutRequest, Me, OrgInfo, Page,
    PageQuery, TokenPair,
};
use reqwest::StatusCode;

use crate::transport::{body_of, error_of, Call};
use crate::Client;

impl Client {
    /// `GET /api/v1/org`, no login needed.
    pub async fn org_info(&self) -> Result<OrgInfo, Failure> {
        self.call(&Call::get(paths::ORG), None).await
    }

    /// Logs in and stores the tokens (the listener is called).
    pub async fn login(&self, req: &LoginRequest) -> Result<TokenPair, Failure> {
        let pair: TokenPair = self.call(&Call::post(paths::LOGIN, req)?, None).await?;
        self.replace_tokens(Some(pair.clone()));
        Ok(pair)
    }

    /// Revokes the refresh token at the gateway and forgets the tokens. The tokens are forgotten (and
    /// the listener called) even when the gateway cannot be reached; that error is still returned.
    /// Without tokens it does nothing.
    pub async fn logout(&self) -> Result<(), Failure> {
        let Some(tokens) = self.tokens() else {
            return Ok(());
        };
        self.replace_tokens(None);
        let call = Call::post(
            paths::LOGOUT,
            &LogoutRequest {
                refresh_token: tokens.refresh_token,
            },
        )?;
        let resp = self.send(&call, Some(&tokens.access_token)).await?;
        let status = resp.status();
        // An already revoked or expired session is logged out all the same.
        if status.is_success() || status == StatusCode::UNAUTHORIZED {
            return Ok(());
        }
        Err(error_of(status, &body_of(resp).await?))
    }

    pub async fn me(&self) -> Result<Me, Failure> {
        self.call_authed(&Call::get(paths::ME)).await
    }

    /// Asks the gateway to send this user a test event through their live streams; answers the event
    /// sent (it arrives on the stream as `EventKind::Test`).
    pub async fn send_test_notification(&self) -> Result<cvm_api::LiveEvent, Failure> {
        self.call_authed(&Call::post(paths::ME_TEST_NOTIFICATION, &())?)
            .await
    }

    /// The gateway's health: CVSecurity reachable, the outbox, the relay tunnel (admins).
    pub async fn gateway_status(&self) -> Result<cvm_api::GatewayStatus, Failure> {
        self.call_authed(&Call::get(paths::STATUS)).await
    }

    /// Counts for the dashboard; `area` = `None` for all areas.
    pub async fn dashboard(&self, area: Option<&str>) -> Result<Dashboard, Failure> {
        self.call_authed(&Call::get(paths::DASHBOARD).query("area", area))
            .await
    }

    pub async fn areas(&self) -> Result<Vec<Area>, Failure> {
        self.call_authed(&Call::get(paths::AREAS)).await
    }

    pub async fn devices(&self, q: &DeviceQuery) -> Result<Vec<Device>, Failure> {
        let call = Call::get(paths::DEVICES)
            .query("state", q.state.map(|s| s.as_str()))
            .query("area", q.area.as_deref());
        self.call_authed(&call).await
    }

    /// The user's notifications (the events of the live stream, kept), newest first, one page.
    pub async fn notifications(&self, q: &PageQuery) -> Result<Page<LiveEvent>, Failure> {
        self.call_authed(&paged(paths::NOTIFICATIONS, q)).await
    }

    /// Personnel: their own access records, newest first, one page.
    pub async fn my_records(&self, q: &PageQuery) -> Result<Page<LiveEvent>, Failure> {
        self.call_authed(&paged(paths::ME_RECORDS, q)).await
    }

    /// Personnel: a fresh dynamic QR credential.
    pub async fn credential(&self) -> Result<Credential, Failure> {
        self.call_authed(&Call::get(paths::ME_CREDENTIAL)).await
    }

    /// Alarms matching `q`, newest first, one page (`q.cursor` = the previous page's `next_cursor`).
    pub async fn alarms(&self, q: &AlarmQuery) -> Result<Page<Alarm>, Failure> {
        let limit = q.limit.map(|l| l.to_string());
        let call = Call::get(paths::ALARMS)
            .query("date", q.date.as_deref())
            .query("from", q.from.as_deref())
            .query("to", q.to.as_deref())
            .query(
                "status",
                q.status.map(|s| match s {
                    cvm_api::AlarmStatus::Unconfirmed => "unconfirmed",
                    cvm_api::AlarmStatus::Confirmed => "confirmed",
                }),
            )
            .query("level", q.level.map(|l| l.as_str()))
            .query("resource", q.resource.as_deref())
            .query("q", q.q.as_deref())
            .query("cursor", q.cursor.as_deref())
            .query("limit", limit.as_deref());
        self.call_authed(&call).await
    }

    /// Access records, newest first (admins).
    pub async fn records(
        &self,
        q: &cvm_api::RecordQuery,
    ) -> Result<Page<cvm_api::AccessRecord>, Failure> {
        let limit = q.limit.map(|l| l.to_string());
        let call = Call::get(paths::RECORDS)
            .query("q", q.q.as_deref())
            .query("door", q.door.as_deref())
            .query("from", q.from.as_deref())
            .query("to", q.to.as_deref())
            .query("cursor", q.cursor.as_deref())
            .query("limit", limit.as_deref());
        self.call_authed(&call).await
    }

    /// One access record with its photo (admins).
    pub async fn record(&self, id: &str) -> Result<cvm_api::AccessRecord, Failure> {
        self.call_authed(&Call::get(paths::record(id))).await
    }

    /// One day's alarm counts; `date` = `None` for the site's today.
    pub async fn alarm_summary(&self, date: Option<&str>) -> Result<AlarmSummary, Failure> {
        self.call_authed(&Call::get(paths::ALARM_SUMMARY).query("date", date))
            .await
    }

    /// One alarm with its captured photo and acknowledgement.
    pub async fn alarm(&self, id: EventId) -> Result<Alarm, Failure> {
        self.call_authed(&Call::get(paths::alarm(id))).await
    }

    /// Acknowledges an alarm with a remark; returns it as it now stands (an alarm acknowledged before
    /// keeps its first acknowledgement).
    pub async fn ack_alarm(&self, id: EventId, remark: &str) -> Result<Alarm, Failure> {
        let req = AckRequest {
            remark: remark.to_string(),
        };
        self.call_authed(&Call::post(paths::alarm_ack(id), &req)?)
            .await
    }
}

/// A `GET` of one page of a keyset-paged list.
pub(crate) fn paged(path: &'static str, q: &PageQuery) -> Call {
    let limit = q.limit.map(|l| l.to_string());
    Call::get(path)
        .query("cursor", q.cursor.as_deref())
        .query("limit", limit.as_deref())
}
