//! Admins: the Visitor List, registration, check-out, hosts and visit statistics. Acting calls take an
//! idempotency key (one per action, sent again on a retry), so a retried registration registers once.

use cvm_api::{
    paths, Failure, Host, Visit, VisitList, VisitQuery, VisitStats, VisitSummary,
    VisitorRegistration,
};

use crate::transport::Call;
use crate::Client;

impl Client {
    /// A day's visits (today by default), newest first.
    pub async fn visits(&self, q: &VisitQuery) -> Result<VisitList, Failure> {
        let call = Call::get(paths::VISITORS)
            .query("date", q.date.as_deref())
            .query("q", q.q.as_deref())
            .query("status", q.status.map(|s| s.as_str()));
        self.call_authed(&call).await
    }

    /// Today's counts.
    pub async fn visit_summary(&self) -> Result<VisitSummary, Failure> {
        self.call_authed(&Call::get(paths::VISITOR_SUMMARY)).await
    }

    pub async fn visit_stats(&self) -> Result<VisitStats, Failure> {
        self.call_authed(&Call::get(paths::VISITOR_STATS)).await
    }

    /// Hosts whose name (or the start of whose personnel ID) matches `q`.
    pub async fn hosts(&self, q: &str) -> Result<Vec<Host>, Failure> {
        self.call_authed(&Call::get(paths::HOSTS).query("q", Some(q)))
            .await
    }

    /// Registers a visitor: the visit, checked in, or waiting while CVSecurity is unreachable.
    pub async fn register_visitor(
        &self,
        req: &VisitorRegistration,
        idempotency_key: &str,
    ) -> Result<Visit, Failure> {
        let call = Call::post(paths::VISITORS, req)?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }

    pub async fn checkout_visitor(
        &self,
        id: &str,
        idempotency_key: &str,
    ) -> Result<Visit, Failure> {
        let call = Call::post(paths::visitor_checkout(id), &serde_json::json!({}))?
            .header("Idempotency-Key", Some(idempotency_key.to_string()));
        self.call_authed(&call).await
    }
}
