//! The Alarm Center's API against cvsim: filters and search return exactly the matching alarms (checked
//! against the whole list), acknowledgement keeps who, when and the remark, is audited, moves the
//! summary and survives a restart.

use cvm_api::{Alarm, AlarmSummary, EventId, EventLevel, Page};
use reqwest::StatusCode;
use serde_json::json;

use super::events::{await_alarm_at, restart};
use super::*;

impl Env {
    async fn alarms(&self, token: &str, query: &str) -> Vec<Alarm> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut q = format!("{query}&limit=7");
            if let Some(c) = &cursor {
                q.push_str(&format!("&cursor={c}"));
            }
            let r = self
                .get(&format!("{}?{q}", cvm_api::paths::ALARMS), Some(token))
                .await;
            assert_eq!(r.status(), StatusCode::OK, "{q}");
            let page: Page<Alarm> = r.json().await.unwrap();
            assert!(page.items.len() <= 7);
            out.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return out,
            }
        }
    }

    async fn summary(&self, token: &str) -> AlarmSummary {
        let r = self.get(cvm_api::paths::ALARM_SUMMARY, Some(token)).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn ack(&self, token: &str, id: EventId, remark: &str) -> reqwest::Response {
        self.http
            .post(format!("{}{}", self.base, cvm_api::paths::alarm_ack(id)))
            .bearer_auth(token)
            .json(&json!({ "remark": remark }))
            .send()
            .await
            .unwrap()
    }
}

/// Which alarms a filter should return.
type Matcher<'a> = Box<dyn Fn(&Alarm) -> bool + 'a>;

fn ids(v: &[Alarm]) -> Vec<EventId> {
    v.iter().map(|a| a.id).collect()
}

#[tokio::test]
async fn filters_and_search_return_exactly_the_matching_alarms() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors = env.online_doors().await;
    for (door, alarm) in [
        (&doors[0], "forced open"),
        (&doors[1], "tamper"),
        (&doors[2], "timeout"),
    ] {
        env.control(
            &format!("/sim/doors/{}/alarm", door.0),
            json!({ "alarm": alarm }),
        )
        .await;
    }
    // An exception: a card nobody holds.
    env.present_card("99999999").await;
    await_alarm_at(&env, &admin, &doors[0].1).await;
    let all = loop {
        let all = env.alarms(&admin, "").await;
        if all.iter().any(|a| a.name == "door open timeout")
            && all.iter().any(|a| a.level == EventLevel::Exception)
        {
            break all;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    // Newest first, each once, across pages.
    let all_ids = ids(&all);
    assert!(all_ids.windows(2).all(|w| w[0] > w[1]), "{all_ids:?}");

    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let cases: Vec<(String, Matcher)> = vec![
        (
            "level=exception".into(),
            Box::new(|a| a.level == EventLevel::Exception),
        ),
        (
            "level=alarm".into(),
            Box::new(|a| a.level == EventLevel::Alarm),
        ),
        (
            "q=forcibly".into(),
            Box::new(|a| a.name.contains("forcibly")),
        ),
        (
            "q=FORCIBLY".into(),
            Box::new(|a| a.name.contains("forcibly")),
        ),
        (
            "q=50%25".into(),
            Box::new(|a| {
                a.name.contains("50%") || a.device.as_deref().is_some_and(|d| d.contains("50%"))
            }),
        ),
        (
            format!("resource={}", urlencode(&doors[1].1)),
            Box::new(|a| {
                a.source.as_deref() == Some(doors[1].1.as_str())
                    || a.device.as_deref() == Some(doors[1].1.as_str())
            }),
        ),
        (
            format!("date={today}"),
            Box::new(|a| a.at.starts_with(&today)),
        ),
        ("date=2001-01-01".into(), Box::new(|_| false)),
        (
            format!("from={}", urlencode(&format!("{today} 00:00:00"))),
            Box::new(|a| a.at.as_str() >= format!("{today} 00:00:00").as_str()),
        ),
        ("status=unconfirmed".into(), Box::new(|a| a.ack.is_none())),
        ("status=confirmed".into(), Box::new(|a| a.ack.is_some())),
        (
            "level=alarm&q=door".into(),
            Box::new(|a| {
                a.level == EventLevel::Alarm
                    && (a.name.contains("door")
                        || a.device
                            .as_deref()
                            .is_some_and(|d| d.to_lowercase().contains("door")))
            }),
        ),
    ];
    for (query, pred) in &cases {
        let got = ids(&env.alarms(&admin, query).await);
        let want: Vec<EventId> = all.iter().filter(|a| pred(a)).map(|a| a.id).collect();
        assert_eq!(got, want, "{query}");
    }
    // Each filter above matched something where it should.
    assert!(!env.alarms(&admin, "q=forcibly").await.is_empty());
    assert!(!env.alarms(&admin, "level=exception").await.is_empty());
    assert!(!env
        .alarms(&admin, &format!("resource={}", urlencode(&doors[1].1)))
        .await
        .is_empty());

    // Bad filters are specific.
    for (query, field) in [
        ("level=loud", "level"),
        ("status=maybe", "status"),
        ("date=yesterday", "date"),
        ("limit=0", "limit"),
        ("cursor=x", "cursor"),
        ("to=2026-13-01", "to"),
    ] {
        let r = env
            .get(&format!("{}?{query}", cvm_api::paths::ALARMS), Some(&admin))
            .await;
        let (s, p) = problem(r).await;
        assert_eq!(
            (s, p.field.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{query}"
        );
    }
}

#[tokio::test]
async fn acknowledging_keeps_who_when_and_why_moves_the_summary_and_survives_a_restart() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let doors = env.online_doors().await;
    env.control(
        &format!("/sim/doors/{}/alarm", doors[0].0),
        json!({ "alarm": "forced open" }),
    )
    .await;
    let alarm = await_alarm_at(&env, &admin, &doors[0].1).await;
    let before = env.summary(&admin).await;
    assert_eq!(before.total, before.unconfirmed + before.confirmed);
    assert!(before.unconfirmed >= 1);
    let today_total = env
        .alarms(&admin, &format!("date={}", before.date))
        .await
        .len() as u64;
    assert_eq!(before.total, today_total);

    // Validation and unknown ids first: nothing changes.
    let long = "x".repeat(501);
    let (s, p) = problem(env.ack(&admin, alarm.id, &long).await).await;
    assert_eq!(
        (s, p.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("remark"))
    );
    let (s, _) = problem(env.ack(&admin, EventId(999_999_999), "x").await).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = env
        .get(&format!("{}/abc", cvm_api::paths::ALARMS), Some(&admin))
        .await;
    assert_eq!(problem(r).await.1.field.as_deref(), Some("id"));
    assert_eq!(env.summary(&admin).await, before);

    let r = env
        .ack(&admin, alarm.id, "  Guard checked the door; closed.  ")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let acked: Alarm = r.json().await.unwrap();
    let ack = acked.ack.clone().unwrap();
    assert_eq!(
        (ack.by.as_str(), ack.remark.as_str()),
        ("admin", "Guard checked the door; closed.")
    );
    assert!(ack.at.starts_with(&before.date), "{}", ack.at);
    let after = env.summary(&admin).await;
    assert_eq!(
        (after.total, after.unconfirmed, after.confirmed),
        (before.total, before.unconfirmed - 1, before.confirmed + 1)
    );
    assert!(env
        .alarms(&admin, "status=confirmed")
        .await
        .iter()
        .any(|a| a.id == alarm.id));
    assert!(!env
        .alarms(&admin, "status=unconfirmed")
        .await
        .iter()
        .any(|a| a.id == alarm.id));

    // A second admin acknowledging later changes nothing: the first acknowledgement stands.
    let hash = cvlink::auth::hash_password(ADMIN_PW).unwrap();
    db::upsert_admin(&env.gw.state.db, "second", &hash)
        .await
        .unwrap();
    let second = env
        .login(Role::Admin, "second", ADMIN_PW)
        .await
        .unwrap()
        .access_token;
    let again: Alarm = env
        .ack(&second, alarm.id, "me too")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.ack, Some(ack.clone()));
    // Audited once, with the remark.
    let audit: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT actor, target, detail FROM audit WHERE action = 'alarm_ack'")
            .fetch_all(&env.gw.state.db)
            .await
            .unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0].0.as_str(), audit[0].1.as_str()),
        ("admin:admin", alarm.id.to_string().as_str())
    );
    assert!(audit[0]
        .2
        .as_deref()
        .unwrap()
        .contains("Guard checked the door"));

    // Personnel may not see or acknowledge alarms.
    let person = env.personnel().await.access_token;
    assert_eq!(
        env.ack(&person, alarm.id, "x").await.status(),
        StatusCode::FORBIDDEN
    );

    let raise = format!("/sim/doors/{}/alarm/clear", doors[0].0);
    let env = restart(env, (&raise, json!({}))).await;
    let admin = env.admin().await.access_token;
    let r = env
        .get(&cvm_api::paths::alarm(alarm.id), Some(&admin))
        .await;
    let kept: Alarm = r.json().await.unwrap();
    assert_eq!(kept.ack, Some(ack));
    assert_eq!(kept.name, "door opened forcibly");
    assert_eq!(kept.source.as_deref(), Some(doors[0].1.as_str()));
    assert_eq!(env.summary(&admin).await.confirmed, after.confirmed);
}

#[tokio::test]
async fn alarm_details_carry_the_captured_photo() {
    // A busy site: some of its alarms come from camera devices, with photos.
    let mut sim = cvsim::SimConfig::demo(TOKEN);
    sim.events_per_min = 3000;
    let env = start_full(AuthConfig::default(), None, sim).await;
    let admin = env.admin().await.access_token;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let with_photo = loop {
        let all = env.alarms(&admin, "").await;
        if let Some(a) = all.into_iter().find(|a| a.has_photo) {
            break a;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no alarm with a photo"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(with_photo.photo.is_none(), "lists carry no photos");
    let r = env
        .get(&cvm_api::paths::alarm(with_photo.id), Some(&admin))
        .await;
    let detail: Alarm = r.json().await.unwrap();
    let photo = detail.photo.unwrap();
    assert!(
        photo.starts_with("data:image/jpeg;base64,/9j/")
            || photo.starts_with("data:image/png;base64,iVBOR"),
        "{}",
        &photo[..40.min(photo.len())]
    );
}
