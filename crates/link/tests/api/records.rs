//! Admin › Access Records end to end against cvsim: a card at a reader tops the list and its details
//! come with every field; paging through 500 records while new ones arrive gives each exactly once;
//! search and filters give exactly the matching records; bad queries are refused by field.

use std::collections::HashSet;
use std::time::Duration;

use cvm_api::{AccessRecord, EventKind, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::events::Stream;
use super::*;

impl Env {
    async fn records(&self, token: &str, query: &str) -> Page<AccessRecord> {
        let r = self
            .get(&format!("{}?{query}", cvm_api::paths::RECORDS), Some(token))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        r.json().await.unwrap()
    }

    /// Every page of `/records?{query}`; `between` runs after each page.
    async fn all_records(
        &self,
        token: &str,
        query: &str,
        mut between: impl AsyncFnMut(),
    ) -> Vec<AccessRecord> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let q = match &cursor {
                Some(c) => format!("{query}&cursor={c}"),
                None => query.to_string(),
            };
            let page = self.records(token, &q).await;
            out.extend(page.items);
            between().await;
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return out,
            }
        }
        panic!("no last page");
    }

    /// Every access record cvsim holds, newest first, as its v1 list gives them.
    async fn sim_records(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for page in 1.. {
            let rows = self
                .sim(
                    reqwest::Method::GET,
                    &format!("/api/transaction/list?pageNo={page}&pageSize=1000"),
                    None,
                )
                .await;
            let rows = rows.as_array().unwrap().clone();
            let n = rows.len();
            out.extend(rows);
            if n < 1000 {
                return out;
            }
        }
        unreachable!()
    }

    /// A card of a person at the site's first reader, `n` times.
    async fn present_cards(&self, n: usize) {
        let persons = self
            .sim(
                reqwest::Method::POST,
                "/api/v2/person/getPersonList?pageNo=1&pageSize=50",
                Some(json!({"pageNo": 1, "pageSize": 50})),
            )
            .await;
        let cards: Vec<String> = persons["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| {
                p["cardNo"]
                    .as_str()
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
            })
            .collect();
        for i in 0..n {
            self.present_card(&cards[i % cards.len()]).await;
        }
    }
}

fn ids(records: &[AccessRecord]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

fn sim_ids<'a>(rows: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    rows.into_iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_card_at_a_reader_tops_the_list_with_every_field() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let mut stream = Stream::open(&env, &admin, None).await;
    let presented = env.present_card(&env.demo_card().await).await;
    assert_eq!(presented["granted"], true, "{presented}");
    let top = env.records(&admin, "limit=5").await.items.remove(0);
    assert_eq!(top.pin.as_deref(), Some(cvsim::demo::PERSONNEL_PIN));
    assert_eq!(top.person.as_deref(), Some("Alice Walker"));
    assert!(top.door.is_some() && top.device.is_some() && top.verify.is_some());
    assert_eq!(top.photo, None, "lists carry no photos");
    // Details: every field, the level and event number included.
    let r = env
        .get(&cvm_api::paths::record(&top.id), Some(&admin))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let details: AccessRecord = r.json().await.unwrap();
    assert_eq!(details.id, top.id);
    assert_eq!(details.level, Some(cvm_api::EventLevel::Normal));
    assert!(details.event_no.is_some());
    // The live event of that record (admins' streams carry every access record) leads to the same record.
    let seen = stream
        .until(Duration::from_secs(15), |e| {
            e.kind == EventKind::Access && e.pin.as_deref() == Some(cvsim::demo::PERSONNEL_PIN)
        })
        .await;
    let event = seen.last().unwrap();
    // The admin's Notification Center does not list plain access records.
    let notes = env.notifications(&admin, "limit=200").await;
    assert!(notes.items.iter().all(|e| e.kind != EventKind::Access));
    let r = env
        .get(
            &cvm_api::paths::record(&format!("event:{}", event.id)),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let via_event: AccessRecord = r.json().await.unwrap();
    assert_eq!(via_event.id, top.id);
    // Unknown ids.
    for id in [
        "0123456789abcdef0123456789abcdef",
        "event:999999",
        "event:x",
    ] {
        let r = env.get(&cvm_api::paths::record(id), Some(&admin)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{id}");
    }
}

#[tokio::test]
async fn a_captured_photo_comes_with_the_details() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let v2 = env
        .sim(
            reqwest::Method::GET,
            "/api/v2/transaction/list?pageNo=1&pageSize=1000",
            None,
        )
        .await;
    let rows = v2["data"].as_array().unwrap();
    let photo = |v: &Value| v["capturePhotoBase64"].as_str().unwrap_or("").to_string();
    let with = rows
        .iter()
        .find(|v| !photo(v).is_empty())
        .expect("the demo history has photos");
    let without = rows.iter().find(|v| photo(v).is_empty()).unwrap();
    for (row, has) in [(with, true), (without, false)] {
        let id = row["id"].as_str().unwrap();
        let r = env.get(&cvm_api::paths::record(id), Some(&admin)).await;
        assert_eq!(r.status(), StatusCode::OK);
        let details: AccessRecord = r.json().await.unwrap();
        match details.photo {
            Some(url) => {
                assert!(has);
                assert!(url.starts_with("data:image/") && url.ends_with(&photo(row)));
            }
            None => assert!(!has),
        }
    }
}

#[tokio::test]
async fn paging_while_records_arrive_gives_each_record_once() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    // 360 records of history and 200 more, many in the same seconds.
    env.present_cards(200).await;
    // Records that arrive later are in later seconds than any listed now: they reach the app live, not
    // in the pages (a record arriving within the second a page ended in comes on the next page, once).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let before = sim_ids(&env.sim_records().await);
    assert!(before.len() >= 500, "{}", before.len());
    let walked = env
        .all_records(&admin, "limit=50", async || env.present_cards(3).await)
        .await;
    let walked = ids(&walked);
    assert_eq!(walked.len(), before.len(), "each record once, no new one");
    assert_eq!(walked, before);
}

#[tokio::test]
async fn search_and_filters_give_exactly_the_matches() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let all = env.sim_records().await;
    let lower = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_lowercase();
    let name = |v: &Value| {
        format!("{} {}", lower(v, "name"), lower(v, "lastName"))
            .trim()
            .to_string()
    };
    let walk = async |query: &str| {
        let got = env.all_records(&admin, query, async || {}).await;
        let got = ids(&got);
        let unique: HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "no record twice for {query}");
        got
    };
    // A person's name.
    let want = sim_ids(all.iter().filter(|v| name(v).contains("walker")));
    assert!(!want.is_empty());
    assert_eq!(walk("q=Walker&limit=20").await, want);
    // A door's name (records at that door; no person of the demo site has it in their name).
    let door = all[0]["eventPointName"].as_str().unwrap().to_string();
    let want = sim_ids(all.iter().filter(|v| {
        lower(v, "eventPointName").contains(&door.to_lowercase())
            || name(v).contains(&door.to_lowercase())
            || lower(v, "devName").contains(&door.to_lowercase())
    }));
    assert_eq!(
        walk(&format!("q={}&limit=50", urlencode(&door))).await,
        want
    );
    // One door by id.
    let doors: Vec<cvm_api::Door> = env
        .get(cvm_api::paths::DOORS, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let d = doors.iter().find(|d| d.name == door).unwrap();
    let want = sim_ids(all.iter().filter(|v| {
        v["eventPointName"].as_str() == Some(&d.name)
            && v["devSn"].as_str() == d.device_sn.as_deref()
    }));
    assert_eq!(
        walk(&format!("door={}&limit=10", urlencode(&d.id))).await,
        want
    );
    // A time window, both ends included.
    let times: Vec<&str> = all
        .iter()
        .map(|v| v["eventTime"].as_str().unwrap())
        .collect();
    let (from, to) = (times[times.len() * 3 / 4], times[times.len() / 4]);
    let want = sim_ids(all.iter().filter(|v| {
        let t = v["eventTime"].as_str().unwrap();
        t >= from && t <= to
    }));
    assert_eq!(
        walk(&format!(
            "from={}&to={}&limit=40",
            urlencode(from),
            urlencode(to)
        ))
        .await,
        want
    );
    // Nothing matches: an empty list, no cursor.
    assert_eq!(walk("q=nobody-has-this-name").await, Vec::<String>::new());
}

#[tokio::test]
async fn bad_queries_are_refused_by_field() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    for (query, field) in [
        ("cursor=nonsense", "cursor"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("from=yesterday", "from"),
        ("from=2026-12-02&to=2026-12-01", "to"),
        ("door=no-such-door", "door"),
    ] {
        let r = env
            .get(
                &format!("{}?{query}", cvm_api::paths::RECORDS),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let p: cvm_api::Problem = r.json().await.unwrap();
        assert_eq!(p.field.as_deref(), Some(field), "{query}");
    }
    let long = "x".repeat(101);
    let r = env
        .get(
            &format!("{}?q={long}", cvm_api::paths::RECORDS),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_upstream_down_is_said_plainly() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    env.control("/sim/faults", json!({"mode": "5xx"})).await;
    let r = env
        .get(
            &format!("{}?limit=5", cvm_api::paths::RECORDS),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    let p: cvm_api::Problem = r.json().await.unwrap();
    assert_eq!(p.code, cvm_api::ErrorCode::UpstreamUnavailable);
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
