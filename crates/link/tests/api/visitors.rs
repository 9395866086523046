//! Admin › Visitors end to end against cvsim: a registered visitor is in the list, the counts and the
//! statistics, and checks out; a block-listed visitor gets a message on the field; a registration made
//! while CVSecurity is down waits in the outbox and is registered once it is back, once; hosts come from
//! the kept person list.

use std::time::{Duration, Instant};

use cvm_api::{
    Host, IdType, PhotoKind, Visit, VisitPhoto, VisitStats, VisitStatus, VisitSummary,
    VisitorRegistration,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;

fn now_minute(offset_min: i64) -> String {
    (chrono::Local::now() + chrono::Duration::minutes(offset_min))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn registration(id_number: &str) -> VisitorRegistration {
    VisitorRegistration {
        name: "Bruno".into(),
        last_name: "Díaz".into(),
        phone: "+34 600 123 456".into(),
        id_type: IdType::Passport,
        id_number: id_number.into(),
        host: cvsim::demo::PERSONNEL_PIN.into(),
        start: now_minute(0),
        end: now_minute(120),
        reason: "Meeting".into(),
        visitors: 2,
        photos: vec![VisitPhoto {
            kind: PhotoKind::Plate,
            data_url: "data:image/jpeg;base64,/9j/4AAQSkZJRg==".into(),
        }],
    }
}

impl Env {
    async fn register_visitor(
        &self,
        token: &str,
        req: &VisitorRegistration,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut r = self
            .http
            .post(format!("{}{}", self.base, cvm_api::paths::VISITORS))
            .bearer_auth(token)
            .json(req);
        if let Some(k) = key {
            r = r.header("Idempotency-Key", k);
        }
        let r = r.send().await.unwrap();
        (r.status(), r.json().await.unwrap())
    }

    async fn visits(&self, token: &str, query: &str) -> Vec<Visit> {
        let r = self
            .get(
                &format!("{}?{query}", cvm_api::paths::VISITORS),
                Some(token),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let list: cvm_api::VisitList = r.json().await.unwrap();
        assert_eq!(list.unavailable, None);
        list.visits
    }

    async fn visit_summary(&self, token: &str) -> VisitSummary {
        let r = self.get(cvm_api::paths::VISITOR_SUMMARY, Some(token)).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn checkout(&self, token: &str, id: &str) -> reqwest::Response {
        self.http
            .post(format!(
                "{}{}",
                self.base,
                cvm_api::paths::visitor_checkout(id)
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// Today's visits as cvsim holds them: (checked in, checked out, people).
    async fn sim_today(&self) -> (u32, u32, u32) {
        let rows = self
            .sim(
                reqwest::Method::POST,
                "/api/v2/visRegistration/getTransactionList?pageNo=1&pageSize=1000",
                None,
            )
            .await;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let mut out = (0, 0, 0);
        for v in rows.as_array().unwrap() {
            if !v["startTime"].as_str().unwrap().starts_with(&today) {
                continue;
            }
            if v["endTime"].is_null() {
                out.0 += 1;
            } else {
                out.1 += 1;
            }
            out.2 += v["visitorCount"].as_u64().unwrap() as u32;
        }
        out
    }
}

#[tokio::test]
async fn a_registered_visitor_is_listed_counted_in_the_stats_and_checks_out() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let (on_site, left, people) = env.sim_today().await;
    let before = env.visit_summary(&admin).await;
    assert_eq!(
        (
            before.checked_in,
            before.checked_out,
            before.people,
            before.waiting
        ),
        (on_site, left, people, 0)
    );
    assert_eq!(before.visits, on_site + left);
    // The dashboard counts today's people the same way.
    let dash: cvm_api::Dashboard = env
        .get(cvm_api::paths::DASHBOARD, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dash.visitors_today, u64::from(people));

    let req = registration("X1234567");
    let (status, v) = env.register_visitor(&admin, &req, Some("reg-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let visit: Visit = serde_json::from_value(v).unwrap();
    assert_eq!(visit.status, VisitStatus::CheckedIn);
    assert_eq!(visit.visitor, "Bruno Díaz");
    assert_eq!(visit.host.as_deref(), Some("Alice Walker"));
    assert_eq!(visit.id_number, "****4567");
    assert_eq!(visit.photos, req.photos);
    assert_eq!(visit.visitors, 2);

    let listed = env.visits(&admin, "q=bruno").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, visit.id);
    let after = env.visit_summary(&admin).await;
    assert_eq!(
        (after.visits, after.checked_in, after.people),
        (before.visits + 1, before.checked_in + 1, before.people + 2)
    );
    let on_site_now = env.visits(&admin, "status=checked_in").await;
    assert!(on_site_now
        .iter()
        .all(|v| v.status == VisitStatus::CheckedIn));
    assert!(on_site_now.iter().any(|v| v.id == visit.id));

    // Check out: the state and the counts change; a second check-out is refused.
    let r = env.checkout(&admin, &visit.id).await;
    assert_eq!(r.status(), StatusCode::OK);
    let out: Visit = r.json().await.unwrap();
    assert_eq!(out.status, VisitStatus::CheckedOut);
    assert!(out.end.is_some());
    let r = env.checkout(&admin, &visit.id).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let summary = env.visit_summary(&admin).await;
    assert_eq!(
        (summary.checked_in, summary.checked_out),
        (before.checked_in, before.checked_out + 1)
    );

    // Registered again: twice this month, so the month's top visitor; today's hour holds the people.
    let (status, _) = env.register_visitor(&admin, &req, Some("reg-2")).await;
    assert_eq!(status, StatusCode::CREATED);
    let stats: VisitStats = env
        .get(cvm_api::paths::VISITOR_STATS, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats.hours.len(), 24);
    let hour: usize = req.start[11..13].parse().unwrap();
    assert!(stats.hours[hour].people >= 4, "{:?}", stats.hours[hour]);
    let total: u32 = stats.hours.iter().map(|h| h.people).sum();
    assert_eq!(total, people + 4);
    assert_eq!(stats.top[0].visitor, "Bruno Díaz");
    assert_eq!(stats.top[0].visits, 2);
    assert!(stats.top.len() <= 5);

    // Audited, with who and the upstream's answer.
    let audit: Value = env
        .get(&format!("{}?limit=50", cvm_api::paths::AUDIT), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"visitor_registration") && actions.contains(&"visitor_checkout"));
}

#[tokio::test]
async fn a_block_listed_visitor_gets_a_message_on_the_field_and_nothing_is_kept() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    env.control("/sim/visitors/block", json!({"certNum": "BLOCK99"}))
        .await;
    let (status, p) = env
        .register_visitor(&admin, &registration("BLOCK99"), None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["field"], "id_number");
    assert_eq!(p["upstream_code"], -254);
    assert!(env.visits(&admin, "q=bruno").await.is_empty());
    assert_eq!(env.visit_summary(&admin).await.waiting, 0);
    // An unknown host is refused on its field too.
    let mut req = registration("X7654321");
    req.host = "no-such-person".into();
    let (status, p) = env.register_visitor(&admin, &req, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["field"], "host");
}

#[tokio::test]
async fn the_form_is_checked_field_by_field() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    for (change, field) in [
        (json!({"name": ""}), "name"),
        (json!({"id_number": "12 34"}), "id_number"),
        (json!({"end": "2020-01-01 00:00"}), "end"),
        (json!({"visitors": 0}), "visitors"),
        (json!({"reason": "Not a reason"}), "reason"),
        (
            json!({"photos": [{"kind": "goods", "data_url": "data:text/html;base64,AAAA"}]}),
            "photos",
        ),
    ] {
        let mut body = serde_json::to_value(registration("X1111111")).unwrap();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = env
            .http
            .post(format!("{}{}", env.base, cvm_api::paths::VISITORS))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{change}");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["field"], field, "{change}");
    }
}

#[tokio::test]
async fn a_registration_while_cvsecurity_is_down_waits_and_is_registered_once_it_is_back() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    env.control("/sim/faults", json!({"mode": "5xx"})).await;
    let req = registration("W5550001");
    let (status, v) = env.register_visitor(&admin, &req, Some("down-1")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    let waiting: Visit = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(waiting.status, VisitStatus::Waiting);
    assert!(waiting.waiting_reason.is_some());
    // The same request again (a retry) gives the same answer and no second registration.
    let (again, v2) = env.register_visitor(&admin, &req, Some("down-1")).await;
    assert_eq!((again, &v2), (StatusCode::ACCEPTED, &v));
    // While CVSecurity is down the list still shows it, and says why the rest is missing.
    let list: cvm_api::VisitList = env
        .get(cvm_api::paths::VISITORS, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(list.unavailable.is_some());
    assert_eq!(list.visits.len(), 1);
    assert_eq!(list.visits[0].status, VisitStatus::Waiting);
    env.control("/sim/faults", json!({"mode": "none"})).await;
    // The outbox registers it (retry after 2 s) without anyone asking again.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let listed = env.visits(&admin, "q=bruno").await;
        if listed.len() == 1 && listed[0].status == VisitStatus::CheckedIn {
            assert_eq!(
                listed[0].photos, req.photos,
                "the photos stay with the visit"
            );
            break;
        }
        assert!(listed.len() <= 1, "never twice: {listed:?}");
        assert!(Instant::now() < deadline, "not registered: {listed:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(env.visit_summary(&admin).await.waiting, 0);
}

#[tokio::test]
async fn hosts_are_found_by_name_or_id() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let hosts = |q: &'static str| {
        let env = &env;
        let admin = admin.clone();
        async move {
            let r = env
                .get(&format!("{}?q={q}", cvm_api::paths::HOSTS), Some(&admin))
                .await;
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Vec<Host>>().await.unwrap()
        }
    };
    let alice = hosts("walker").await;
    assert!(alice
        .iter()
        .any(|h| h.pin == cvsim::demo::PERSONNEL_PIN && h.name == "Alice Walker"));
    let by_id = hosts("1001").await;
    assert_eq!(by_id[0].pin, "1001", "the exact ID first");
    assert!(by_id.len() <= 10);
    assert!(hosts("zzzz-nobody").await.is_empty());
}
