//! Personnel: My Credentials and their own records, end to end — a code from `GET /me/credential`
//! presented at a cvsim reader, the record on the person's stream and list only, expiry at the reader,
//! and each way a code can be refused (App Login off, person disabled, CVSecurity down).

use std::time::Duration;

use cvm_api::{Credential, EventKind, LiveEvent, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::events::Stream;
use super::*;

const WAIT: Duration = Duration::from_secs(15);
const PIN: &str = cvsim::demo::PERSONNEL_PIN;

impl Env {
    async fn credential(&self, token: &str) -> reqwest::Response {
        self.get(cvm_api::paths::ME_CREDENTIAL, Some(token)).await
    }

    async fn fresh_credential(&self, token: &str) -> Credential {
        let r = self.credential(token).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn my_records(&self, token: &str) -> Page<LiveEvent> {
        let r = self
            .get(
                &format!("{}?limit=200", cvm_api::paths::ME_RECORDS),
                Some(token),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// Every reader of the site: (id, door id).
    async fn readers(&self) -> Vec<String> {
        let readers = self
            .sim(
                reqwest::Method::GET,
                "/api/reader/accList?pageNo=1&pageSize=200",
                None,
            )
            .await;
        readers
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    async fn present(&self, reader: &str, body: Value) -> reqwest::Response {
        let url = format!(
            "{}/sim/readers/{reader}/present",
            self.sim.as_ref().unwrap().url()
        );
        self.http.post(url).json(&body).send().await.unwrap()
    }

    /// A reader at which the person's fresh code is granted, and that first granted presentation.
    async fn granting_reader(&self, token: &str) -> (String, Value) {
        for reader in self.readers().await {
            let code = self.fresh_credential(token).await;
            let r = self.present(&reader, json!({ "qr": code.qr })).await;
            if r.status() != StatusCode::OK {
                continue; // the reader's device is offline
            }
            let v: Value = r.json().await.unwrap();
            if v["granted"] == true {
                return (reader, v);
            }
        }
        panic!("no reader of the demo site admits {PIN}");
    }

    /// Sets a person's "disabled" flag in cvsim (as an administrator would in CVSecurity).
    async fn set_disabled(&self, pin: &str, disabled: bool) {
        let p = self
            .sim(
                reqwest::Method::GET,
                &format!("/api/person/get/{pin}"),
                None,
            )
            .await;
        self.sim(
            reqwest::Method::POST,
            "/api/person/add",
            Some(json!({"pin": pin, "deptCode": p["deptCode"], "isDisabled": disabled})),
        )
        .await;
    }
}

#[tokio::test]
async fn a_fresh_code_opens_a_reader_its_record_reaches_only_its_owner_and_it_expires() {
    let env = start().await;
    let person = env.personnel().await.access_token;

    // A new code every time, valid for the configured time.
    let a = env.fresh_credential(&person).await;
    let b = env.fresh_credential(&person).await;
    assert!(a.qr.starts_with("2#"), "{}", a.qr);
    assert_ne!(a.qr, b.qr);
    assert_eq!(a.valid_secs, 30);
    let issued = chrono::DateTime::parse_from_rfc3339(&a.issued_at).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(&a.expires_at).unwrap();
    assert_eq!((expires - issued).num_seconds(), 30);

    let mut stream = Stream::open(&env, &person, None).await;
    let (reader, granted) = env.granting_reader(&person).await;
    let tx_id = granted["transaction"]["id"].as_str().unwrap().to_string();
    assert_eq!(granted["transaction"]["pin"], PIN);

    // Someone else's card at the same reader.
    let people = env
        .sim(
            reqwest::Method::POST,
            "/api/v2/person/getPersonList?pageNo=1&pageSize=50",
            Some(json!({})),
        )
        .await;
    let other = people["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pin"] != PIN && p["cardNo"].as_str().is_some_and(|c| !c.is_empty()))
        .expect("another person with a card")
        .clone();
    let r = env
        .present(&reader, json!({ "card": other["cardNo"] }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // The person's own record arrives live; the other person's never does.
    let seen = stream
        .until(WAIT, |e| {
            e.kind == EventKind::Access && e.pin.as_deref() == Some(PIN)
        })
        .await;
    assert!(
        seen.iter().all(|e| e.pin.as_deref() == Some(PIN)),
        "{seen:?}"
    );
    while let Some(e) = stream.next(Duration::from_secs(2)).await {
        assert_eq!(e.pin.as_deref(), Some(PIN), "{e:?}");
    }
    let list = env.my_records(&person).await;
    assert!(!list.items.is_empty());
    assert!(list.items.iter().all(|e| e.pin.as_deref() == Some(PIN)));
    assert!(list
        .items
        .iter()
        .any(|e| e.kind == EventKind::Access && e.verify.as_deref() == Some("QR code")));
    assert!(!tx_id.is_empty());

    // Past its validity the reader refuses a code; a fresh one works again.
    let old = env.fresh_credential(&person).await;
    env.control("/sim/clock/advance", json!({"secs": 31})).await;
    let v: Value = env
        .present(&reader, json!({ "qr": old.qr }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["granted"], false, "{v}");
    assert_eq!(v["reason"], "QR code expired");
    let new = env.fresh_credential(&person).await;
    let v: Value = env
        .present(&reader, json!({ "qr": new.qr }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["granted"], true, "{v}");
}

#[tokio::test]
async fn app_login_switched_off_ends_the_session_with_that_reason() {
    let env = start().await;
    let pair = env.personnel().await;
    env.fresh_credential(&pair.access_token).await;
    let out = env.cli(&["app-login", "disable", PIN]);
    assert!(out.status.success(), "{out:?}");

    // The open session's next call says why, not just "invalid token"…
    let (s, p) = problem(env.credential(&pair.access_token).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::FORBIDDEN, ErrorCode::AppLoginDisabled)
    );
    // …and so does its refresh, which cannot bring it back.
    let (s, body) = env
        .post(
            cvm_api::paths::REFRESH,
            json!({"refresh_token": pair.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "app_login_disabled");

    // Through cvm-client: the failure ends the session (the tokens are forgotten, once).
    let client = cvm_client::Client::with_base_url(env.base.parse().unwrap());
    let pair = {
        env.cli(&["app-login", "enable", PIN]);
        env.personnel().await
    };
    client.set_tokens(Some(pair));
    client.credential().await.unwrap();
    env.cli(&["app-login", "disable", PIN]);
    let f = client.credential().await.unwrap_err();
    assert_eq!(f.code(), Some(ErrorCode::AppLoginDisabled));
    assert!(f.ends_session());
    assert!(client.tokens().is_none());
    // Nothing more goes out: the next call fails locally.
    assert_eq!(
        client.credential().await.unwrap_err(),
        cvm_api::Failure::NotLoggedIn
    );
}

#[tokio::test]
async fn a_disabled_person_gets_no_code_but_keeps_the_session() {
    let env = start().await;
    let person = env.personnel().await.access_token;
    env.set_disabled(PIN, true).await;
    let (s, p) = problem(env.credential(&person).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::FORBIDDEN, ErrorCode::PersonDisabled)
    );
    // The session itself goes on (the person may be enabled again).
    assert_eq!(
        env.get(cvm_api::paths::ME, Some(&person)).await.status(),
        StatusCode::OK
    );
    env.set_disabled(PIN, false).await;
    env.fresh_credential(&person).await;
}

#[tokio::test]
async fn no_code_while_cvsim_is_down_and_the_reason_is_given() {
    let env = start().await;
    let person = env.personnel().await.access_token;
    env.control("/sim/faults", json!({"mode": "5xx"})).await;
    let (s, p) = problem(env.credential(&person).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamUnavailable)
    );
    env.control("/sim/faults", json!({"mode": "none"})).await;
    env.fresh_credential(&person).await;
}

#[tokio::test]
async fn admins_have_no_credential_or_records_of_their_own() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    for path in [cvm_api::paths::ME_CREDENTIAL, cvm_api::paths::ME_RECORDS] {
        let (s, p) = problem(env.get(path, Some(&admin)).await).await;
        assert_eq!(
            (s, p.code),
            (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            "{path}"
        );
        let (s, _) = problem(env.get(path, None).await).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
    }
}
