//! Contract tests: the emulator on a loopback port, called over HTTP the way `cvlink` calls a real server.
//! Shapes and field names follow the examples of the vendor's manual.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use cvsim::{demo, EventKind, SimConfig, SimHandle};
use md5::{Digest, Md5};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

const TOKEN: &str = "0123456789ABCDEF0123456789ABCDEF";

struct Sim {
    handle: SimHandle,
    http: reqwest::Client,
}

async fn start_with(config: SimConfig) -> Sim {
    // reqwest is built without a bundled crypto provider (the workspace picks one per binary).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = cvsim::spawn(config, listener).await.unwrap();
    Sim {
        handle,
        http: reqwest::Client::new(),
    }
}

/// The demo site without the event generator, so every read is repeatable.
async fn start() -> Sim {
    start_with(SimConfig {
        events_per_min: 0,
        ..SimConfig::demo(TOKEN)
    })
    .await
}

impl Sim {
    fn url(&self, path_and_query: &str) -> String {
        let sep = if path_and_query.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{path_and_query}{sep}access_token={TOKEN}",
            self.handle.url()
        )
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "vendor errors are HTTP 200 too");
        response.json().await.unwrap()
    }

    async fn get(&self, path_and_query: &str) -> Value {
        self.send(self.http.get(self.url(path_and_query))).await
    }

    async fn post(&self, path_and_query: &str, body: Option<Value>) -> Value {
        let request = self.http.post(self.url(path_and_query));
        self.send(match body {
            Some(body) => request.json(&body),
            None => request,
        })
        .await
    }

    async fn delete(&self, path_and_query: &str) -> Value {
        self.send(self.http.delete(self.url(path_and_query))).await
    }

    /// `data` of a successful call (fails the test on a vendor error).
    async fn data(&self, path_and_query: &str) -> Value {
        let body = self.get(path_and_query).await;
        assert_eq!(body["code"], 0, "{path_and_query}: {body}");
        body["data"].clone()
    }

    async fn door_states(&self) -> Vec<Value> {
        let states = self.data("/api/door/allDoorState?timestamp=1").await;
        states.as_array().unwrap().clone()
    }

    /// The first door whose `connect` is `connect` ("0" offline, "1" online).
    async fn door_with_connect(&self, connect: &str) -> Value {
        self.door_states()
            .await
            .into_iter()
            .find(|door| door["connect"] == connect)
            .unwrap_or_else(|| panic!("no door with connect {connect}"))
    }

    async fn door_state(&self, id: &str) -> Value {
        self.data(&format!("/api/door/doorStateById?doorId={id}&timestamp=1"))
            .await
    }

    async fn newest_transaction(&self) -> Value {
        self.data("/api/v2/transaction/list?pageNo=1&pageSize=1")
            .await["data"][0]
            .clone()
    }

    /// Every transaction, newest first, through the v2 list.
    async fn all_transactions(&self, query: &str) -> Vec<Value> {
        let mut all = Vec::new();
        for page in 1.. {
            let data = self
                .data(&format!(
                    "/api/v2/transaction/list?pageNo={page}&pageSize=1000{query}"
                ))
                .await;
            all.extend(data["data"].as_array().unwrap().iter().cloned());
            if data["lastPage"] == true {
                break;
            }
        }
        all
    }
}

fn code(body: &Value) -> i64 {
    body["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no code in {body}"))
}

fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

#[tokio::test]
async fn envelope_and_access_token() {
    let sim = start().await;
    let good = sim.get("/api/device/accList?pageNo=1&pageSize=10").await;
    assert_eq!(good["code"], 0);
    assert_eq!(good["message"], "success");
    assert!(good["data"].is_array());

    let base = sim.handle.url();
    let query = "/api/device/accList?pageNo=1&pageSize=10";
    for url in [
        format!("{base}{query}"),
        format!("{base}{query}&access_token="),
        format!("{base}{query}&access_token={}", TOKEN.to_lowercase()),
        format!("{base}{query}&access_token={}0", TOKEN),
    ] {
        let response = sim.http.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], -40, "{url}");
        assert!(body["data"].is_null());
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // A Bearer header is not how this API authenticates.
    let bearer: Value = sim
        .http
        .get(format!("{base}{query}"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bearer["code"], -40);

    let unknown = sim
        .http
        .get(sim.url("/api/no/such/thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn spawn_rejects_tokens_that_are_not_32_or_64_hex() {
    for token in [
        "secret",
        "0123456789abcdefXYZ3456789ABCDEF",
        &"A".repeat(48),
    ] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let err = cvsim::spawn(SimConfig::demo(token), listener).await.err();
        assert!(err.is_some(), "{token} was accepted");
    }
}

#[tokio::test]
async fn paging_errors() {
    let sim = start().await;
    let gets = [
        "/api/device/accList",
        "/api/v2/device/list",
        "/api/door/list",
        "/api/v2/door/list",
        "/api/reader/accList",
        "/api/transaction/list",
        "/api/v2/transaction/list",
        "/api/visLevel/list",
    ];
    for path in gets {
        assert_eq!(code(&sim.get(path).await), -92, "{path} without paging");
        assert_eq!(
            code(&sim.get(&format!("{path}?pageNo=1")).await),
            -92,
            "{path}"
        );
        assert_eq!(
            code(&sim.get(&format!("{path}?pageNo=0&pageSize=10")).await),
            -90,
            "{path}"
        );
        assert_eq!(
            code(&sim.get(&format!("{path}?pageNo=1&pageSize=0")).await),
            -90,
            "{path}"
        );
        assert_eq!(
            code(&sim.get(&format!("{path}?pageNo=1&pageSize=1001")).await),
            -91,
            "{path}"
        );
        assert_eq!(
            code(&sim.get(&format!("{path}?pageNo=1&pageSize=1000")).await),
            0,
            "{path}"
        );
    }
    let list = "/api/v2/person/getPersonList";
    assert_eq!(code(&sim.post(list, Some(json!({}))).await), -92);
    assert_eq!(
        code(
            &sim.post(list, Some(json!({"pageNo": 0, "pageSize": 5})))
                .await
        ),
        -90
    );
    assert_eq!(
        code(
            &sim.post(list, Some(json!({"pageNo": 1, "pageSize": 5000})))
                .await
        ),
        -91
    );
    assert_eq!(
        code(&sim.post("/api/department/getDepartmentList", None).await),
        -92
    );
    assert_eq!(
        code(
            &sim.post("/api/v2/visRegistration/getTransactionList", None)
                .await
        ),
        -92
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn v1_lists_are_arrays_and_v2_lists_are_pagers() {
    let sim = start().await;
    let devices = sim.data("/api/device/accList?pageNo=1&pageSize=20").await;
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 8);
    for device in devices {
        for key in ["id", "sn", "name", "type", "state", "module"] {
            assert!(device.get(key).is_some(), "device lacks {key}: {device}");
        }
        assert_eq!(device["module"], "acc");
        assert_eq!(device["id"].as_str().unwrap().len(), 32);
    }

    let v2 = sim.data("/api/v2/device/list?pageNo=2&pageSize=3").await;
    assert_eq!(v2["page"], 1);
    assert_eq!(v2["size"], 3);
    assert_eq!(v2["total"], 8);
    assert_eq!(v2["offset"], 3);
    assert_eq!(v2["lastPage"], false);
    assert_eq!(v2["data"].as_array().unwrap().len(), 3);
    assert_eq!(v2["data"][0]["sn"], devices[3]["sn"]);
    // The manual's v2 example spells the enabled flag `status`.
    assert_eq!(v2["data"][0]["status"], "1");
    let last = sim.data("/api/v2/device/list?pageNo=3&pageSize=3").await;
    assert_eq!(last["lastPage"], true);
    assert_eq!(last["data"].as_array().unwrap().len(), 2);

    let doors = sim.data("/api/door/list?pageNo=1&pageSize=100").await;
    let doors = doors.as_array().unwrap();
    assert_eq!(doors.len(), 16);
    let device_names: HashMap<&str, &str> = devices
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["name"].as_str().unwrap()))
        .collect();
    for door in doors {
        let device = device_names[door["deviceId"].as_str().unwrap()];
        let name = door["name"].as_str().unwrap();
        assert!(
            name.starts_with(&format!("{device}-")),
            "{name} is not <device>-<no>"
        );
    }
    let v2_doors = sim.data("/api/v2/door/list?pageNo=1&pageSize=20").await;
    assert_eq!(v2_doors["total"], 16);
    assert_eq!(v2_doors["lastPage"], true);
    let one = sim
        .data(&format!(
            "/api/door/get?id={}",
            doors[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one, doors[0]);
    assert_eq!(code(&sim.get("/api/door/get?id=nope").await), -47);

    let readers = sim.data("/api/reader/accList?pageNo=1&pageSize=100").await;
    let readers = readers.as_array().unwrap();
    assert_eq!(readers.len(), 32);
    let door_names: HashMap<&str, &str> = doors
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["name"].as_str().unwrap()))
        .collect();
    for reader in readers {
        let door = door_names[reader["doorId"].as_str().unwrap()];
        let expected = match reader["readerState"].as_i64().unwrap() {
            0 => format!("{door}-In"),
            _ => format!("{door}-Out"),
        };
        assert_eq!(reader["name"], expected.as_str());
    }
    let reader = sim
        .data(&format!(
            "/api/reader/getAcc?id={}",
            readers[5]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(reader, readers[5]);
    assert_eq!(code(&sim.get("/api/reader/getAcc").await), -263);
    assert_eq!(code(&sim.get("/api/reader/getAcc?id=nope").await), -264);
    assert_eq!(
        sim.data("/api/v2/reader/list?pageNo=1&pageSize=5").await["total"],
        32
    );

    let sn = devices[1]["sn"].as_str().unwrap();
    assert_eq!(
        sim.data(&format!("/api/device/getAcc?sn={sn}")).await,
        devices[1]
    );
    assert_eq!(
        sim.data(&format!("/api/device/getAcc/{sn}")).await,
        devices[1]
    );
    assert_eq!(code(&sim.get("/api/device/getAcc?sn=NOPE").await), -102);
    assert_eq!(code(&sim.get("/api/device/getAcc").await), -48);

    let tx_v1 = sim.data("/api/transaction/list?pageNo=1&pageSize=5").await;
    assert_eq!(tx_v1.as_array().unwrap().len(), 5);
    let tx_v2 = sim
        .data("/api/v2/transaction/list?pageNo=1&pageSize=5")
        .await;
    assert!(tx_v2["total"].as_i64().unwrap() >= 300);
    assert_eq!(tx_v1[0]["id"], tx_v2["data"][0]["id"]);
    assert!(
        tx_v1[0].get("eventLevel").is_none(),
        "v1 records have no eventLevel"
    );
    for key in [
        "eventNo",
        "eventLevel",
        "doorName",
        "capturePhotoBase64",
        "areaName",
        "devSn",
    ] {
        assert!(tx_v2["data"][0].get(key).is_some(), "v2 record lacks {key}");
    }
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn person_upsert_get_delete() {
    let sim = start().await;
    let add = json!({"pin": "9001", "deptCode": "2", "name": "Test", "lastName": "Person",
                     "gender": "F", "cardNo": "77001122"});
    assert_eq!(code(&sim.post("/api/person/add", Some(add)).await), 0);
    let person = sim.data("/api/person/get/9001").await;
    assert_eq!(
        person,
        json!({"pin": "9001", "deptCode": "2", "deptName": "Administration", "name": "Test",
               "lastName": "Person", "gender": "F", "cardNo": "77001122"})
    );
    let with_photo = sim.data("/api/person/get?pin=9001").await;
    assert_eq!(
        with_photo["vislightPhotoPath"],
        "/upload/pers/user/cropface/9001/9001.jpg"
    );

    // Edit: only the fields sent change; an unknown department falls back to the root department.
    let edit = json!({"pin": "9001", "name": "Renamed", "deptCode": "no-such-dept"});
    assert_eq!(code(&sim.post("/api/person/add", Some(edit)).await), 0);
    let person = sim.data("/api/person/get/9001").await;
    assert_eq!(person["name"], "Renamed");
    assert_eq!(person["lastName"], "Person");
    assert_eq!(person["cardNo"], "77001122");
    assert_eq!(person["deptCode"], "1");

    // The comparison photo is checked like detectFace; access level ids must exist.
    for (body, expected) in [
        (json!({"pin": "9003", "personPhoto": "not base64!!"}), -27),
        (json!({"pin": "9003", "accLevelIds": "nope"}), -24),
    ] {
        assert_eq!(
            code(&sim.post("/api/person/add", Some(body.clone())).await),
            expected,
            "{body}"
        );
    }
    assert_eq!(
        code(&sim.get("/api/person/get/9003").await),
        -22,
        "nothing written"
    );
    let photo = json!({"pin": "9003", "name": "Photo", "personPhoto": face_b64()});
    assert_eq!(code(&sim.post("/api/person/add", Some(photo)).await), 0);
    assert_eq!(code(&sim.delete("/api/person/delete/9003").await), 0);

    let stolen_card = json!({"pin": "9002", "name": "Other", "cardNo": "77001122"});
    assert_eq!(
        code(&sim.post("/api/person/add", Some(stolen_card)).await),
        -23
    );
    // Passwords are unique too (-26); a person may keep (re-send) their own.
    let pwd = |pin: &str| json!({"pin": pin, "name": "Pwd", "personPwd": "902211"});
    assert_eq!(
        code(&sim.post("/api/person/add", Some(pwd("9001"))).await),
        0
    );
    assert_eq!(
        code(&sim.post("/api/person/add", Some(pwd("9001"))).await),
        0
    );
    assert_eq!(
        code(&sim.post("/api/person/add", Some(pwd("9002"))).await),
        -26
    );
    assert_eq!(code(&sim.get("/api/person/get/9002").await), -22);
    assert_eq!(
        code(
            &sim.post("/api/person/add", Some(json!({"name": "No pin"})))
                .await
        ),
        -20
    );

    assert_eq!(code(&sim.delete("/api/person/delete/9001").await), 0);
    assert_eq!(code(&sim.get("/api/person/get/9001").await), -22);
    assert_eq!(code(&sim.get("/api/person/get?pin=9001").await), -22);
    assert_eq!(code(&sim.delete("/api/person/delete/9001").await), -22);

    // The query-string spelling of delete.
    let again = json!({"pin": "9003", "name": "Short-lived"});
    assert_eq!(code(&sim.post("/api/person/add", Some(again)).await), 0);
    assert_eq!(
        code(&sim.post("/api/person/delete?pin=9003", None).await),
        0
    );
    assert_eq!(
        code(&sim.post("/api/person/delete?pin=9003", None).await),
        -22
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn person_lists_and_self_service_password() {
    let sim = start().await;
    let body =
        json!({"pins": format!("{},1002", demo::PERSONNEL_PIN), "pageNo": 1, "pageSize": 10});
    let v2 = sim
        .post("/api/v2/person/getPersonList", Some(body.clone()))
        .await;
    assert_eq!(code(&v2), 0);
    assert_eq!(v2["data"]["total"], 2);
    let me = &v2["data"]["data"][0];
    assert_eq!(me["pin"], demo::PERSONNEL_PIN);
    assert_eq!(me["name"], demo::PERSONNEL_NAME);
    assert_eq!(me["selfPwd"], md5_hex(demo::PERSONNEL_PASSWORD));
    assert!(me["deptName"].as_str().is_some_and(|d| !d.is_empty()));
    for key in [
        "id",
        "cardNo",
        "gender",
        "accLevelIds",
        "isDisabled",
        "vislightPhotoPath",
    ] {
        assert!(me.get(key).is_some(), "full record lacks {key}");
    }
    assert_ne!(v2["data"]["data"][1]["selfPwd"], me["selfPwd"]);

    // v1: bare array, no password hash.
    let v1 = sim.post("/api/person/getPersonList", Some(body)).await;
    let v1 = v1["data"].as_array().unwrap();
    assert_eq!(v1.len(), 2);
    assert!(v1[0].get("selfPwd").is_none());
    assert!(v1[0].get("personPhoto").is_some());

    // Paging in the query string with an empty body (what real servers also accept).
    let by_query = sim
        .post("/api/v2/person/getPersonList?pageNo=2&pageSize=50", None)
        .await;
    assert_eq!(by_query["data"]["total"], 200);
    assert_eq!(by_query["data"]["page"], 1);
    assert_eq!(by_query["data"]["data"].as_array().unwrap().len(), 50);

    let students = json!({"deptCodes": "4", "pageNo": 1, "pageSize": 1000});
    let students = sim
        .post("/api/v2/person/getPersonList", Some(students))
        .await;
    let rows = students["data"]["data"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|p| p["deptCode"] == "4" && p["deptName"] == "Students"));
    let departments: HashSet<String> = sim
        .post(
            "/api/v2/person/getPersonList",
            Some(json!({"pageNo": 1, "pageSize": 1000})),
        )
        .await["data"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["deptCode"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        departments.len() >= 5,
        "people spread over departments: {departments:?}"
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn departments() {
    let sim = start().await;
    let list = sim
        .post(
            "/api/department/getDepartmentList?pageNo=1&pageSize=100",
            None,
        )
        .await;
    let depts = list["data"]["data"].as_array().unwrap();
    assert_eq!(
        depts[0],
        json!({"name": depts[0]["name"], "code": "1", "sortNo": 1, "parentCode": null})
    );
    assert!(depts.len() >= 6);

    let add = json!({"name": "Library", "code": "77", "parentCode": "1"});
    assert_eq!(code(&sim.post("/api/department/add", Some(add)).await), 0);
    assert_eq!(
        sim.data("/api/department/get/77").await,
        json!({"name": "Library", "code": "77", "parentCode": "1"})
    );
    assert_eq!(
        sim.data("/api/department/get?code=77").await["name"],
        "Library"
    );
    // A department cannot be its own parent, nor move under one of its sub-departments (-14).
    let own = json!({"name": "Loop", "code": "80", "parentCode": "80"});
    assert_eq!(code(&sim.post("/api/department/add", Some(own)).await), -14);
    let child = json!({"name": "Archive", "code": "771", "parentCode": "77"});
    assert_eq!(code(&sim.post("/api/department/add", Some(child)).await), 0);
    for parent in ["77", "771"] {
        let moved = json!({"name": "Library", "code": "77", "parentCode": parent});
        assert_eq!(
            code(&sim.post("/api/department/add", Some(moved)).await),
            -14,
            "{parent}"
        );
    }
    assert_eq!(code(&sim.delete("/api/department/delete/771").await), 0);
    let clash = json!({"name": "Library", "code": "78"});
    assert_eq!(
        code(&sim.post("/api/department/add", Some(clash)).await),
        -12
    );
    assert_eq!(
        code(
            &sim.post("/api/department/add", Some(json!({"code": "79"})))
                .await
        ),
        -10
    );
    // Departments with people cannot go.
    assert_eq!(
        code(&sim.post("/api/department/delete?code=4", None).await),
        -15
    );
    assert_eq!(code(&sim.delete("/api/department/delete/77").await), 0);
    assert_eq!(code(&sim.get("/api/department/get/77").await), -13);
    assert_eq!(
        code(&sim.post("/api/department/delete?code=77", None).await),
        -13
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn remote_open_errors_state_and_record() {
    let sim = start().await;
    let online = sim.door_with_connect("1").await;
    let offline = sim.door_with_connect("0").await;
    let id = online["id"].as_str().unwrap();
    let name = online["name"].as_str().unwrap();
    assert_eq!(online["relay"], "off");
    assert_eq!(offline["relay"], "unknown");

    let open = |query: String| {
        let sim = &sim;
        async move {
            code(
                &sim.post(&format!("/api/door/remoteOpenById?{query}"), None)
                    .await,
            )
        }
    };
    assert_eq!(open("interval=5".into()).await, -44);
    assert_eq!(open(format!("doorId={id}")).await, -45);
    assert_eq!(open(format!("doorId={id}&interval=0")).await, -45);
    assert_eq!(open(format!("doorId={id}&interval=255")).await, -45);
    assert_eq!(open(format!("doorId={id}&interval=ten")).await, -45);
    assert_eq!(open("doorId=no-such-door&interval=5".into()).await, -47);
    let offline_id = offline["id"].as_str().unwrap();
    assert_eq!(open(format!("doorId={offline_id}&interval=5")).await, -103);
    assert_eq!(
        code(
            &sim.post("/api/door/remoteOpenByName?interval=5", None)
                .await
        ),
        -46
    );
    assert_eq!(
        code(
            &sim.post("/api/door/remoteOpenByName?doorName=nope&interval=5", None)
                .await
        ),
        -47
    );
    // None of the refused calls touched a door or wrote a record.
    assert!(sim.door_states().await.iter().all(|d| d["relay"] != "open"));
    let before = sim.newest_transaction().await;
    assert_ne!(before["eventNo"], 8);

    assert_eq!(open(format!("doorId={id}&interval=254")).await, 0);
    assert_eq!(sim.door_state(id).await["relay"], "open");
    let record = sim.newest_transaction().await;
    assert_eq!(record["eventNo"], 8);
    assert_eq!(record["eventName"], "remote opening");
    assert_eq!(record["verifyModeName"], "others");
    assert_eq!(record["doorName"], name);
    assert_eq!(record["eventPointName"], name);
    assert_eq!(record["eventLevel"], 0);
    assert!(record["areaName"].as_str().is_some_and(|a| !a.is_empty()));

    // The relay closes by itself when the interval is over.
    let other = sim
        .door_states()
        .await
        .into_iter()
        .find(|d| d["connect"] == "1" && d["id"] != id)
        .unwrap();
    let other_name = other["name"].as_str().unwrap().to_owned();
    let by_name = format!("/api/door/remoteOpenByName?doorName={other_name}&interval=1");
    assert_eq!(code(&sim.post(&by_name, None).await), 0);
    let other_id = other["id"].as_str().unwrap();
    assert_eq!(sim.door_state(other_id).await["relay"], "open");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(sim.door_state(other_id).await["relay"], "off");
    assert_eq!(
        sim.newest_transaction().await["doorName"],
        other_name.as_str()
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn remote_close_in_both_spellings() {
    let sim = start().await;
    let door = sim.door_with_connect("1").await;
    let (id, name) = (door["id"].as_str().unwrap(), door["name"].as_str().unwrap());
    for close in [
        format!("/api/door/remoteCloseById?doorId={id}"),
        format!("/api/door/remoteoffById?doorId={id}"),
        format!("/api/door/remoteCloseByName?doorName={name}"),
        format!("/api/door/remoteoffByName?doorName={name}"),
    ] {
        let open = format!("/api/door/remoteOpenById?doorId={id}&interval=60");
        assert_eq!(code(&sim.post(&open, None).await), 0);
        assert_eq!(sim.door_state(id).await["relay"], "open");
        assert_eq!(code(&sim.post(&close, None).await), 0, "{close}");
        assert_eq!(sim.door_state(id).await["relay"], "off", "{close}");
        assert_eq!(
            sim.newest_transaction().await["eventName"],
            "remote closing"
        );
    }
    assert_eq!(
        code(&sim.post("/api/door/remoteCloseById", None).await),
        -44
    );
    assert_eq!(
        code(&sim.post("/api/door/remoteoffById?doorId=nope", None).await),
        -47
    );
    let offline = sim.door_with_connect("0").await;
    let offline_close = format!(
        "/api/door/remoteCloseById?doorId={}",
        offline["id"].as_str().unwrap()
    );
    assert_eq!(code(&sim.post(&offline_close, None).await), -103);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn door_state_queries() {
    let sim = start().await;
    let states = sim.door_states().await;
    assert_eq!(states.len(), 16);
    for state in &states {
        for key in [
            "id", "name", "deviceId", "connect", "sensor", "alarm", "relay",
        ] {
            assert!(state.get(key).is_some(), "door state lacks {key}");
        }
    }
    // One device is offline: all of its doors, and only those, report connect "0".
    let offline: HashSet<&str> = states
        .iter()
        .filter(|d| d["connect"] == "0")
        .map(|d| d["deviceId"].as_str().unwrap())
        .collect();
    assert_eq!(offline.len(), 1);
    assert!(states
        .iter()
        .all(|d| d["connect"] == "0" || d["connect"] == "1"));

    assert_eq!(code(&sim.get("/api/door/allDoorState").await), -100);
    let id = states[0]["id"].as_str().unwrap();
    assert_eq!(sim.door_state(id).await, states[0]);
    assert_eq!(
        code(
            &sim.get(&format!("/api/door/doorStateById?doorId={id}"))
                .await
        ),
        -100
    );
    assert_eq!(
        code(&sim.get("/api/door/doorStateById?timestamp=1").await),
        -44
    );
    assert_eq!(
        code(
            &sim.get("/api/door/doorStateById?doorId=x&timestamp=1")
                .await
        ),
        -47
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn transaction_filters_order_and_lookup() {
    let sim = start().await;
    let all = sim.all_transactions("").await;
    assert!(all.len() >= 300);
    let times: Vec<&str> = all
        .iter()
        .map(|t| t["eventTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let pin = demo::PERSONNEL_PIN;
    let mine = sim.all_transactions(&format!("&personPin={pin}")).await;
    let expected = all.iter().filter(|t| t["pin"] == pin).count();
    assert_eq!(mine.len(), expected);
    assert!(mine.iter().all(|t| t["pin"] == pin));

    let (start, end) = (times[times.len() * 3 / 4], times[times.len() / 4]);
    let window = format!("&startDate={start}&endDate={end}").replace(' ', "%20");
    let within = sim.all_transactions(&window).await;
    let expected = times.iter().filter(|t| **t >= start && **t <= end).count();
    assert_eq!(within.len(), expected);
    assert!(within.len() > 10);
    let v1 = sim
        .data(&format!(
            "/api/transaction/list?pageNo=1&pageSize=1000{window}"
        ))
        .await;
    assert_eq!(v1.as_array().unwrap().len(), expected);

    // A bare date is the whole day: from its start, or through its end.
    let day = &times[times.len() / 2][..10];
    let that_day = sim
        .all_transactions(&format!("&startDate={day}&endDate={day}"))
        .await;
    let expected = times.iter().filter(|t| t.starts_with(day)).count();
    assert!(expected > 0);
    assert_eq!(that_day.len(), expected);

    let list = "/api/v2/transaction/list?pageNo=1&pageSize=10";
    assert_eq!(
        code(&sim.get(&format!("{list}&startDate=2024/01/01")).await),
        -100
    );
    assert_eq!(
        code(&sim.get(&format!("{list}&endDate=yesterday")).await),
        -100
    );
    let reversed = format!("{list}&startDate={end}&endDate={start}").replace(' ', "%20");
    assert_eq!(code(&sim.get(&reversed).await), -101);

    // Lookup by id, with the captured photo.
    let with_photo = all
        .iter()
        .find(|t| !t["capturePhotoBase64"].as_str().unwrap().is_empty())
        .expect("some seeded records carry a photo");
    let id = with_photo["id"].as_str().unwrap();
    let v1 = sim.data(&format!("/api/transaction/getById/{id}")).await;
    assert_eq!(&v1, with_photo);
    let png = base64::engine::general_purpose::STANDARD
        .decode(v1["capturePhotoBase64"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let v2 = sim
        .data(&format!("/api/v2/transaction/getById?id={id}"))
        .await;
    assert_eq!(v2["id"], id);
    assert!(v2["doorNumber"].as_i64().is_some_and(|n| n >= 1));
    assert!(v2["readerState"] == 0 || v2["readerState"] == 1 || v2["readerState"].is_null());
    assert!(sim.data("/api/transaction/getById/unknown").await.is_null());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn every_device_has_history_with_its_area() {
    let sim = start().await;
    let devices = sim.data("/api/device/accList?pageNo=1&pageSize=100").await;
    let mut areas: HashMap<String, HashSet<String>> = HashMap::new();
    for tx in sim.all_transactions("").await {
        areas
            .entry(tx["devSn"].as_str().unwrap().to_owned())
            .or_default()
            .insert(tx["areaName"].as_str().unwrap().to_owned());
    }
    for device in devices.as_array().unwrap() {
        let sn = device["sn"].as_str().unwrap();
        let area = areas
            .get(sn)
            .unwrap_or_else(|| panic!("device {sn} has no transaction"));
        assert_eq!(area.len(), 1, "a device is in exactly one area");
    }
    let distinct: HashSet<&String> = areas.values().flatten().collect();
    assert_eq!(distinct.len(), 3);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn monitor_returns_new_events_without_ids() {
    let sim = start().await;
    assert_eq!(code(&sim.get("/api/transaction/monitor").await), -100);
    let since = chrono::Utc::now().timestamp_millis();
    let quiet = sim
        .data(&format!("/api/transaction/monitor?timestamp={since}"))
        .await;
    assert_eq!(quiet, json!([]), "seeded history is older than start-up");

    let alarm = sim
        .handle
        .emit_event(EventKind::Alarm)
        .await
        .unwrap()
        .unwrap();
    let normal = sim
        .handle
        .emit_event(EventKind::Normal)
        .await
        .unwrap()
        .unwrap();
    let events = sim
        .data(&format!("/api/transaction/monitor?timestamp={since}"))
        .await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2);
    for event in events {
        assert!(event.get("id").is_none() && event.get("logId").is_none());
        for key in [
            "eventTime",
            "pin",
            "areaName",
            "cardNo",
            "devSn",
            "verifyModeName",
            "eventName",
            "eventPointName",
            "readerName",
            "devName",
        ] {
            assert!(event.get(key).is_some(), "monitor record lacks {key}");
        }
    }
    let alarm = sim.data(&format!("/api/transaction/getById/{alarm}")).await;
    assert_eq!(alarm["eventLevel"], 2);
    assert_eq!(events[0]["eventName"], alarm["eventName"]);
    // The alarm shows on its door.
    let door = sim
        .door_states()
        .await
        .into_iter()
        .find(|d| d["name"] == alarm["doorName"])
        .unwrap();
    assert_ne!(door["alarm"], "none");
    let normal = sim
        .data(&format!("/api/transaction/getById/{normal}"))
        .await;
    assert_eq!(normal["eventLevel"], 0);
    assert_eq!(normal["eventName"], "Normal Verify Open");
    assert!(!normal["pin"].as_str().unwrap().is_empty());

    // Keeping the first timestamp (as the manual allows) continues where the last poll ended: nothing
    // twice, and the next event alone.
    let again = sim
        .data(&format!("/api/transaction/monitor?timestamp={since}"))
        .await;
    assert_eq!(again, json!([]), "already delivered");
    sim.handle
        .emit_event(EventKind::Normal)
        .await
        .unwrap()
        .unwrap();
    let next = sim
        .data(&format!("/api/transaction/monitor?timestamp={since}"))
        .await;
    assert_eq!(next.as_array().unwrap().len(), 1, "{next}");

    let later = chrono::Utc::now().timestamp_millis() + 60_000;
    let none = sim
        .data(&format!("/api/transaction/monitor?timestamp={later}"))
        .await;
    assert_eq!(none, json!([]));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn generator_writes_events_of_every_level() {
    let sim = start_with(SimConfig {
        events_per_min: 6000,
        ..SimConfig::demo(TOKEN)
    })
    .await;
    // Seeded history ends a minute before start-up, so everything from now on is generated.
    let start = chrono::Local::now()
        .format("%Y-%m-%d%%20%H:%M:%S")
        .to_string();
    let mut levels = HashSet::new();
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let page = sim
            .data(&format!(
                "/api/v2/transaction/list?pageNo=1&pageSize=1000&startDate={start}"
            ))
            .await;
        levels = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["eventLevel"].as_i64().unwrap())
            .collect();
        if levels.len() == 3 {
            break;
        }
    }
    assert_eq!(levels, HashSet::from([0, 1, 2]));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn visits_and_visitor_levels() {
    let sim = start().await;
    let visits = sim
        .post(
            "/api/v2/visRegistration/getTransactionList?pageNo=1&pageSize=100",
            None,
        )
        .await;
    assert_eq!(code(&visits), 0);
    let visits = visits["data"].as_array().unwrap();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let todays: Vec<&Value> = visits
        .iter()
        .filter(|v| v["startTime"].as_str().unwrap().starts_with(&today))
        .collect();
    assert!(todays.len() >= 3, "visitors today: {}", todays.len());
    assert!(
        todays.iter().any(|v| v["endTime"].is_null()),
        "someone is still inside"
    );
    for key in [
        "id",
        "persPersonPin",
        "certType",
        "certNum",
        "visEmpName",
        "visEmpPin",
        "visitReason",
        "visitorCount",
        "startTime",
        "endTime",
        "visitedEmpDept",
    ] {
        assert!(visits[0].get(key).is_some(), "visit lacks {key}");
    }
    let cert = visits[0]["certNum"].as_str().unwrap();
    let one = sim
        .post(
            &format!(
                "/api/v2/visRegistration/getTransactionList?pageNo=1&pageSize=10&certNum={cert}"
            ),
            None,
        )
        .await;
    assert_eq!(one["data"].as_array().unwrap().len(), 1);

    let levels = sim.data("/api/visLevel/list?pageNo=1&pageSize=10").await;
    assert!(levels
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["id"].is_string() && l["name"].is_string()));
    assert!(!levels.as_array().unwrap().is_empty());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn same_seed_same_site() {
    let (a, b) = (start().await, start().await);
    for path in [
        "/api/device/accList?pageNo=1&pageSize=100",
        "/api/reader/accList?pageNo=1&pageSize=100",
    ] {
        assert_eq!(a.data(path).await, b.data(path).await);
    }
    let people = json!({"pageNo": 1, "pageSize": 1000});
    let list = "/api/v2/person/getPersonList";
    assert_eq!(
        a.post(list, Some(people.clone())).await,
        b.post(list, Some(people)).await
    );
    let visitors = "/api/visVisitor/getVisitorList?pageNo=1&pageSize=100";
    let seeded = a.post(visitors, None).await;
    assert_eq!(
        seeded["data"].as_array().unwrap().len(),
        11,
        "one per seeded visit"
    );
    assert_eq!(seeded, b.post(visitors, None).await);
    let ids = |txs: Vec<Value>| txs.into_iter().map(|t| t["id"].clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(a.all_transactions("").await),
        ids(b.all_transactions("").await)
    );
    a.handle.shutdown().await;
    b.handle.shutdown().await;
}

#[tokio::test]
async fn file_database_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("cvsim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sim.db");
    let _ = std::fs::remove_file(&path);
    let config = SimConfig {
        db: Some(path.clone()),
        events_per_min: 0,
        ..SimConfig::demo(TOKEN)
    };
    let sim = start_with(config.clone()).await;
    let add = json!({"pin": "9100", "name": "Persistent"});
    assert_eq!(code(&sim.post("/api/person/add", Some(add)).await), 0);
    sim.handle.shutdown().await;

    let sim = start_with(config).await;
    assert_eq!(sim.data("/api/person/get/9100").await["name"], "Persistent");
    let all = sim
        .post(
            "/api/v2/person/getPersonList",
            Some(json!({"pageNo": 1, "pageSize": 10})),
        )
        .await;
    assert_eq!(all["data"]["total"], 201, "not seeded twice");
    sim.handle.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Pages through a list and returns the key of every row, in order. `sn` and `pin` pick the device and
/// person of the lists by device and by person.
async fn collect_pages(
    sim: &Sim,
    kind: ListKind,
    page_size: u32,
    (sn, pin): (&str, &str),
) -> (Vec<String>, Option<i64>) {
    let mut keys = Vec::new();
    let mut total = None;
    for page in 1.. {
        let paging = format!("pageNo={page}&pageSize={page_size}");
        let get = |path: String| async move { sim.data(&path).await };
        let (rows, last, page_total) = match kind {
            ListKind::PersonsV1 | ListKind::PersonsV2 => {
                let path = if kind == ListKind::PersonsV1 {
                    "/api/person/getPersonList"
                } else {
                    "/api/v2/person/getPersonList"
                };
                let body = json!({"pageNo": page, "pageSize": page_size});
                let data = sim.post(path, Some(body)).await["data"].clone();
                split(data, kind == ListKind::PersonsV2, page_size)
            }
            ListKind::TransactionsV1 => split(
                get(format!("/api/transaction/list?{paging}")).await,
                false,
                page_size,
            ),
            ListKind::TransactionsV2 => split(
                get(format!("/api/v2/transaction/list?{paging}")).await,
                true,
                page_size,
            ),
            ListKind::DeviceV1 => split(
                get(format!("/api/transaction/device/{sn}?{paging}")).await,
                false,
                page_size,
            ),
            ListKind::DeviceV2 => split(
                get(format!("/api/v2/transaction/device/{sn}?{paging}")).await,
                true,
                page_size,
            ),
            ListKind::DeviceV3 => split(
                get(format!("/api/v3/transaction/device?deviceSn={sn}&{paging}")).await,
                true,
                page_size,
            ),
            ListKind::PersonTxV1 => split(
                get(format!("/api/transaction/person/{pin}?{paging}")).await,
                false,
                page_size,
            ),
            ListKind::PersonTxV2 => split(
                get(format!("/api/v2/transaction/person/{pin}?{paging}")).await,
                true,
                page_size,
            ),
            ListKind::PersonTxV3 => split(
                get(format!("/api/v3/transaction/person?pin={pin}&{paging}")).await,
                true,
                page_size,
            ),
            ListKind::FirstLastV1 => split(
                get(format!("/api/transaction/firstInAndLastOut/{pin}?{paging}")).await,
                false,
                page_size,
            ),
            ListKind::FirstLastV2 => split(
                get(format!(
                    "/api/v2/transaction/firstInAndLastOut?pin={pin}&{paging}"
                ))
                .await,
                true,
                page_size,
            ),
            ListKind::DoorTxV1 | ListKind::DoorTxV2 => {
                let v2 = kind == ListKind::DoorTxV2;
                let path = if v2 {
                    "/api/v2/transaction/getDoorTransactions"
                } else {
                    "/api/transaction/getDoorTransactions"
                };
                let body = json!({"content": {"pageNo": page, "pageSize": page_size}});
                let answer = sim.post(path, Some(body)).await;
                assert_eq!(answer["ret"], "ok", "{answer}");
                if v2 {
                    split(answer["data"].clone(), true, page_size)
                } else {
                    let (rows, _, _) = split(answer["data"].clone(), false, page_size);
                    let total = answer["total"].as_i64().unwrap();
                    let last = i64::from(page * page_size) >= total;
                    (rows, last, Some(total))
                }
            }
            ListKind::LevelsV1 => split(
                get(format!("/api/accLevel/list?{paging}")).await,
                false,
                page_size,
            ),
            ListKind::LevelsV2 => split(
                get(format!("/api/v2/accLevel/list?{paging}")).await,
                true,
                page_size,
            ),
            ListKind::Ias => split(
                get(format!("/api/ias/list?{paging}")).await,
                true,
                page_size,
            ),
        };
        total = total.or(page_total);
        let key = if matches!(kind, ListKind::PersonsV1 | ListKind::PersonsV2) {
            "pin"
        } else {
            "id"
        };
        keys.extend(rows.iter().map(|r| r[key].as_str().unwrap().to_owned()));
        if last {
            break;
        }
    }
    (keys, total)
}

/// (rows, is last page, total) of a v1 array or a v2 pager.
fn split(data: Value, v2: bool, page_size: u32) -> (Vec<Value>, bool, Option<i64>) {
    if v2 {
        let rows = data["data"].as_array().unwrap().clone();
        (rows, data["lastPage"] == true, data["total"].as_i64())
    } else {
        let rows = data.as_array().unwrap().clone();
        let last = rows.len() < page_size as usize;
        (rows, last, None)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    PersonsV1,
    PersonsV2,
    TransactionsV1,
    TransactionsV2,
    DeviceV1,
    DeviceV2,
    DeviceV3,
    PersonTxV1,
    PersonTxV2,
    PersonTxV3,
    FirstLastV1,
    FirstLastV2,
    DoorTxV1,
    DoorTxV2,
    LevelsV1,
    LevelsV2,
    Ias,
}

#[test]
fn paging_returns_every_row_exactly_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(start());
    let pin = demo::PERSONNEL_PIN;
    let all_txs = runtime.block_on(sim.all_transactions(""));
    let sn = all_txs[0]["devSn"].as_str().unwrap().to_owned();
    let who = (sn.as_str(), pin);
    let (all_people, _) = runtime.block_on(collect_pages(&sim, ListKind::PersonsV2, 1000, who));
    assert_eq!(all_people.len(), 200);
    let ids = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all_txs
            .iter()
            .filter(|t| keep(t))
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let every_tx = ids(&|_| true);
    let on_device = ids(&|t| t["devSn"] == sn.as_str());
    let of_person = ids(&|t| t["pin"] == pin);
    let (days, _) = runtime.block_on(collect_pages(&sim, ListKind::FirstLastV2, 1000, who));
    let (alarms, _) = runtime.block_on(collect_pages(&sim, ListKind::Ias, 1000, who));
    let (levels, _) = runtime.block_on(collect_pages(&sim, ListKind::LevelsV2, 1000, who));
    assert!(!days.is_empty() && !alarms.is_empty() && !of_person.is_empty());
    assert_eq!(levels.len(), 4);

    let kinds = prop::sample::select(vec![
        ListKind::PersonsV1,
        ListKind::PersonsV2,
        ListKind::TransactionsV1,
        ListKind::TransactionsV2,
        ListKind::DeviceV1,
        ListKind::DeviceV2,
        ListKind::DeviceV3,
        ListKind::PersonTxV1,
        ListKind::PersonTxV2,
        ListKind::PersonTxV3,
        ListKind::FirstLastV1,
        ListKind::FirstLastV2,
        ListKind::DoorTxV1,
        ListKind::DoorTxV2,
        ListKind::LevelsV1,
        ListKind::LevelsV2,
        ListKind::Ias,
    ]);
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    runner
        .run(&(kinds, 1u32..=150), |(kind, page_size)| {
            let (keys, total) = runtime.block_on(collect_pages(&sim, kind, page_size, who));
            let expected = match kind {
                ListKind::PersonsV1 | ListKind::PersonsV2 => &all_people,
                ListKind::DeviceV1 | ListKind::DeviceV2 | ListKind::DeviceV3 => &on_device,
                ListKind::PersonTxV1 | ListKind::PersonTxV2 | ListKind::PersonTxV3 => &of_person,
                ListKind::FirstLastV1 | ListKind::FirstLastV2 => &days,
                ListKind::Ias => &alarms,
                ListKind::LevelsV1 | ListKind::LevelsV2 => &levels,
                _ => &every_tx,
            };
            prop_assert_eq!(&keys, expected, "{:?} page size {}", kind, page_size);
            let unique: HashSet<&String> = keys.iter().collect();
            prop_assert_eq!(unique.len(), keys.len());
            if let Some(total) = total {
                prop_assert_eq!(total as usize, keys.len());
            }
            Ok(())
        })
        .unwrap();
    runtime.block_on(sim.handle.shutdown());
}

// ---- dynamic QR codes and the /sim/ control API ---------------------------------------------------------

impl Sim {
    /// A control-API call (no token): HTTP status and JSON body.
    async fn control(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.handle.url());
        let request = if path == "/sim/state" {
            self.http.get(url)
        } else {
            let request = self.http.post(url);
            match body {
                Some(body) => request.json(&body),
                None => request,
            }
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn qr(&self, pin: &str) -> String {
        let body = self
            .post(&format!("/api/person/getQrCode/{pin}"), None)
            .await;
        assert_eq!(code(&body), 0, "{body}");
        body["data"].as_str().unwrap().to_owned()
    }

    /// The first reader of an online door: (reader id, door id, device sn).
    async fn online_reader(&self) -> (String, String, String) {
        let door = self.door_with_connect("1").await;
        let door_id = door["id"].as_str().unwrap().to_owned();
        let readers = self.data("/api/reader/accList?pageNo=1&pageSize=100").await;
        let reader = readers
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["doorId"] == door_id.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let doors = self.data("/api/door/list?pageNo=1&pageSize=100").await;
        let device_id = doors
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == door_id.as_str())
            .unwrap()["deviceId"]
            .clone();
        let devices = self.data("/api/device/accList?pageNo=1&pageSize=100").await;
        let sn = devices
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == device_id)
            .unwrap()["sn"]
            .as_str()
            .unwrap()
            .to_owned();
        (reader, door_id, sn)
    }

    async fn present(&self, reader: &str, body: Value) -> Value {
        let (status, result) = self
            .control(&format!("/sim/readers/{reader}/present"), Some(body))
            .await;
        assert_eq!(status, 200, "{result}");
        result
    }
}

#[tokio::test]
async fn person_qr_codes_are_fresh_short_and_checked() {
    let sim = start().await;
    let a = sim.qr(demo::PERSONNEL_PIN).await;
    let b = sim.qr(demo::PERSONNEL_PIN).await;
    assert_ne!(a, b, "a fresh value per call");
    for value in [&a, &b] {
        assert!(value.starts_with("2#"), "{value}");
        assert!(value.len() <= 64, "{value}");
        assert!(base64::engine::general_purpose::STANDARD
            .decode(&value[2..])
            .is_ok());
    }
    let v2 = sim
        .post(
            &format!("/api/v2/person/getQrCode?pin={}", demo::PERSONNEL_PIN),
            None,
        )
        .await;
    assert_eq!(code(&v2), 0);
    let body = sim
        .post(
            "/api/v2/person/getQrCode",
            Some(json!({"pin": demo::PERSONNEL_PIN})),
        )
        .await;
    assert!(body["data"].as_str().unwrap().starts_with("2#"));
    for path in [
        "/api/person/getQrCode/999999",
        "/api/v2/person/getQrCode?pin=999999",
    ] {
        assert_eq!(code(&sim.post(path, None).await), -22, "{path}");
    }
    assert_eq!(code(&sim.post("/api/v2/person/getQrCode", None).await), -20);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn presenting_a_person_qr_grants_and_records_like_a_device() {
    let sim = start().await;
    let (reader, door_id, sn) = sim.online_reader().await;
    let since = chrono::Local::now().timestamp_millis() - 1_000;
    let qr = sim.qr(demo::PERSONNEL_PIN).await;
    let result = sim.present(&reader, json!({"qr": qr})).await;
    assert_eq!(result["granted"], true, "{result}");
    let tx = &result["transaction"];
    assert_eq!(tx["eventNo"], 0);
    assert_eq!(tx["eventName"], "Normal Verify Open");
    assert_eq!(tx["verifyModeName"], "QR code");
    assert_eq!(tx["eventLevel"], 0);
    assert_eq!(tx["pin"], demo::PERSONNEL_PIN);
    assert_eq!(tx["devSn"], sn.as_str());
    assert_eq!(sim.door_state(&door_id).await["relay"], "open");

    let newest = sim.newest_transaction().await;
    assert_eq!(newest["id"], tx["id"]);
    assert_eq!(newest["verifyModeName"], "QR code");
    assert_eq!(newest["pin"], demo::PERSONNEL_PIN);
    let monitor = sim
        .data(&format!("/api/transaction/monitor?timestamp={since}"))
        .await;
    assert!(monitor
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["pin"] == demo::PERSONNEL_PIN && m["verifyModeName"] == "QR code"));

    // A card: the demo person's own, then one nobody holds.
    let person = sim
        .data(&format!("/api/person/get/{}", demo::PERSONNEL_PIN))
        .await;
    let card = person["cardNo"].as_str().unwrap();
    let by_card = sim.present(&reader, json!({"card": card})).await;
    assert_eq!(by_card["granted"], true);
    assert_eq!(by_card["transaction"]["verifyModeName"], "Card");
    let stranger = sim.present(&reader, json!({"card": 1})).await;
    assert_eq!(stranger["granted"], false);
    assert_eq!(stranger["reason"], "card is not registered");
    assert_eq!(stranger["transaction"]["eventLevel"], 1);
    let forged = sim.present(&reader, json!({"qr": "2#AAAAAAAA"})).await;
    assert_eq!(forged["reason"], "Invalid QR code");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_qr_older_than_its_window_is_denied() {
    let sim = start().await;
    let (reader, ..) = sim.online_reader().await;
    let (status, _) = sim.control("/sim/clock/freeze", None).await;
    assert_eq!(status, 200);
    let qr = sim.qr(demo::PERSONNEL_PIN).await;
    let (_, clock) = sim
        .control("/sim/clock/advance", Some(json!({"secs": 29})))
        .await;
    assert_eq!(clock["frozen"], true);
    let fresh = sim.qr(demo::PERSONNEL_PIN).await;
    sim.control("/sim/clock/advance", Some(json!({"secs": 2})))
        .await;
    let late = sim.present(&reader, json!({"qr": qr})).await;
    assert_eq!(late["granted"], false);
    assert_eq!(late["reason"], "QR code expired");
    assert_eq!(late["transaction"]["eventLevel"], 1);
    assert_eq!(
        late["transaction"]["pin"],
        demo::PERSONNEL_PIN,
        "a genuine code names its holder"
    );
    assert_eq!(
        sim.present(&reader, json!({"qr": fresh})).await["granted"],
        true
    );
    let (status, _) = sim
        .control("/sim/clock/advance", Some(json!({"secs": -5})))
        .await;
    assert_eq!(status, 400);
    let (_, resumed) = sim.control("/sim/clock/resume", None).await;
    assert_eq!(resumed["frozen"], false);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn devices_go_offline_and_online_through_the_control_api() {
    let sim = start().await;
    let (reader, door_id, sn) = sim.online_reader().await;
    let (status, _) = sim
        .control(&format!("/sim/devices/{sn}/offline"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(sim.door_state(&door_id).await["connect"], "0");
    let open = sim
        .post(
            &format!("/api/door/remoteOpenById?doorId={door_id}&interval=5"),
            None,
        )
        .await;
    assert_eq!(code(&open), -103);
    let (status, body) = sim
        .control(
            &format!("/sim/readers/{reader}/present"),
            Some(json!({"card": "1"})),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].is_string());
    let (_, state) = sim.control("/sim/state", None).await;
    assert!(state["offlineDevices"]
        .as_array()
        .unwrap()
        .contains(&json!(sn)));

    sim.control(&format!("/sim/devices/{sn}/online"), None)
        .await;
    assert_eq!(sim.door_state(&door_id).await["connect"], "1");
    let open = sim
        .post(
            &format!("/api/door/remoteOpenById?doorId={door_id}&interval=5"),
            None,
        )
        .await;
    assert_eq!(code(&open), 0);
    let (status, _) = sim.control("/sim/devices/NOPE/offline", None).await;
    assert_eq!(status, 404);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn alarms_raised_through_the_control_api() {
    let sim = start().await;
    let (_, door_id, _) = sim.online_reader().await;
    let (status, raised) = sim
        .control(
            &format!("/sim/doors/{door_id}/alarm"),
            Some(json!({"alarm": "forced open"})),
        )
        .await;
    assert_eq!(status, 200, "{raised}");
    let state = sim
        .door_states()
        .await
        .into_iter()
        .find(|d| d["id"] == door_id.as_str())
        .unwrap();
    assert_eq!(state["alarm"], "be opened accidentally");
    let newest = sim.newest_transaction().await;
    assert_eq!(newest["eventLevel"], 2);
    assert_eq!(newest["eventName"], "door opened forcibly");
    assert_eq!(newest["id"], raised["transaction"]["id"]);
    let (_, summary) = sim.control("/sim/state", None).await;
    assert_eq!(summary["alarmDoors"][0]["id"], door_id.as_str());

    sim.control(&format!("/sim/doors/{door_id}/alarm/clear"), None)
        .await;
    assert_eq!(sim.door_state(&door_id).await["alarm"], "none");
    let (status, _) = sim
        .control(
            &format!("/sim/doors/{door_id}/alarm"),
            Some(json!({"alarm": "meteor"})),
        )
        .await;
    assert_eq!(status, 400);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn reset_returns_to_the_seed() {
    let sim = start().await;
    let (_, before) = sim.control("/sim/state", None).await;
    sim.post(
        "/api/person/add",
        Some(json!({"pin": "9300", "name": "Temp"})),
    )
    .await;
    sim.post("/api/person/leave", Some(json!({"pin": "1005"})))
        .await;
    sim.post(
        "/api/accLevel/addLevel",
        Some(json!([{"name": "Temp", "areaName": "Dormitory", "timeSegName": "T"}])),
    )
    .await;
    sim.control("/sim/clock/advance", Some(json!({"secs": 3600})))
        .await;
    let (_, changed) = sim.control("/sim/state", None).await;
    assert_eq!(changed["counts"]["resignedPersons"], 1);
    assert_eq!(changed["counts"]["accLevels"], 5);
    let (status, after) = sim.control("/sim/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(after["counts"], before["counts"]);
    assert_eq!(code(&sim.get("/api/person/get/9300").await), -22);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn control_api_is_404_when_off() {
    let sim = start_with(SimConfig {
        events_per_min: 0,
        control_api: false,
        ..SimConfig::demo(TOKEN)
    })
    .await;
    for path in ["/sim/state", "/sim/reset", "/sim/clock/freeze"] {
        let (status, _) = sim.control(path, None).await;
        assert_eq!(status, 404, "{path}");
    }
    sim.handle.shutdown().await;
}

// ---- visitors -------------------------------------------------------------------------------------------

fn invitation(cert_num: &str) -> Value {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    json!({
        "persPersonPin": demo::PERSONNEL_PIN,
        "certType": "2",
        "certNum": cert_num,
        "visitEmpName": "Grace",
        "visitEmpPhone": "5550001111",
        "visitReason": "Meeting",
        "visitDate": format!("{today} 00:00:00"),
        "visitEndDate": format!("{today} 23:59:59"),
        "email": "grace@example.com",
    })
}

#[tokio::test]
async fn an_invitation_qr_admits_once() {
    let sim = start().await;
    let (reader, ..) = sim.online_reader().await;
    let added = sim
        .post("/api/visReservation/add", Some(invitation("X1234567")))
        .await;
    assert_eq!(code(&added), 0, "{added}");
    let qr = sim
        .post(
            "/api/v2/visRegistration/getQrCodeByCertNumber?certNumber=X1234567&certType=2&phone=5550001111",
            None,
        )
        .await;
    assert_eq!(code(&qr), 0, "{qr}");
    let qr = qr["data"].as_str().unwrap().to_owned();
    assert!(qr.starts_with("2#") && qr.len() <= 64);

    let first = sim.present(&reader, json!({"qr": qr})).await;
    assert_eq!(first["granted"], true, "{first}");
    assert_eq!(first["transaction"]["name"], "Grace");
    let second = sim.present(&reader, json!({"qr": qr})).await;
    assert_eq!(second["granted"], false);
    assert_eq!(second["reason"], "QR code already used");
    assert_eq!(
        sim.newest_transaction().await["eventName"],
        "QR code already used"
    );

    // The visitor is listed, and a QR by pin works the same way.
    let list = sim
        .post(
            "/api/visVisitor/getVisitorList?certNumbers=X1234567&pageNo=1&pageSize=10",
            None,
        )
        .await;
    let visitor = &list["data"][0];
    assert_eq!(visitor["name"], "Grace");
    let pin = visitor["pin"].as_str().unwrap();
    let again = sim
        .post(&format!("/api/visRegistration/getQrCode/{pin}"), None)
        .await;
    let again = again["data"].as_str().unwrap();
    assert_eq!(
        sim.present(&reader, json!({"qr": again})).await["reason"],
        "QR code already used"
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn an_invitation_code_mailed_ahead_works_later_in_its_window_once() {
    let sim = start().await;
    let (reader, ..) = sim.online_reader().await;
    sim.control("/sim/clock/freeze", None).await;
    let added = sim
        .post("/api/visReservation/add", Some(invitation("L7654321")))
        .await;
    assert_eq!(code(&added), 0, "{added}");
    let qr = sim
        .post(
            "/api/v2/visRegistration/getQrCodeByCertNumber?certNumber=L7654321&certType=2",
            None,
        )
        .await;
    let qr = qr["data"].as_str().unwrap().to_owned();
    // An hour later (still today's window) the code from the e-mail admits, once.
    sim.control("/sim/clock/advance", Some(json!({"secs": 60})))
        .await;
    let first = sim.present(&reader, json!({"qr": qr})).await;
    assert_eq!(first["granted"], true, "{first}");
    assert_eq!(
        sim.present(&reader, json!({"qr": qr})).await["reason"],
        "QR code already used"
    );
    // A person's code keeps its seconds-long window (a_qr_older_than_its_window_is_denied).
    sim.control("/sim/clock/resume", None).await;
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn registered_visitors_pass_until_they_sign_out() {
    let sim = start().await;
    let (reader, ..) = sim.online_reader().await;
    let now = chrono::Local::now();
    let start_time = now.format("%Y-%m-%d %H:%M:%S").to_string();
    let end_time = (now + chrono::Duration::hours(2))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let visit = json!({
        "persPersonPin": demo::PERSONNEL_PIN, "certType": 3, "certNum": "P777",
        "visEmpName": "Omar", "visitReason": "Delivery", "visitorCount": 1,
        "startTime": start_time, "endTime": end_time,
    });
    assert_eq!(
        code(
            &sim.post("/api/visRegistration/add", Some(visit.clone()))
                .await
        ),
        0
    );
    assert_eq!(
        code(
            &sim.post("/api/visRegistration/add", Some(visit.clone()))
                .await
        ),
        -255
    );
    // Checked in: an invitation for the same visitor is refused (-245).
    let mut invite = invitation("P777");
    invite["certType"] = json!(3);
    assert_eq!(
        code(&sim.post("/api/visReservation/add", Some(invite)).await),
        -245
    );
    let list = sim
        .post(
            "/api/visVisitor/getVisitorList?certNumbers=P777&pageNo=1&pageSize=10",
            None,
        )
        .await;
    assert_eq!(list["data"][0]["status"], "1");
    let pin = list["data"][0]["pin"].as_str().unwrap().to_owned();
    for _ in 0..2 {
        let qr = sim
            .post(&format!("/api/visRegistration/getQrCode?pin={pin}"), None)
            .await;
        let qr = qr["data"].as_str().unwrap();
        assert_eq!(
            sim.present(&reader, json!({"qr": qr})).await["granted"],
            true
        );
    }
    let history = sim
        .post(
            "/api/v2/visRegistration/getTransactionList?pageNo=1&pageSize=10&certNum=P777",
            None,
        )
        .await;
    assert!(history["data"][0]["endTime"].is_null());
    let exit = "/api/visRegistration/exit?certType=3&certNum=P777";
    assert_eq!(code(&sim.post(exit, None).await), 0);
    assert_eq!(code(&sim.post(exit, None).await), -256);
    let qr = sim
        .post(&format!("/api/visRegistration/getQrCode?pin={pin}"), None)
        .await;
    let qr = qr["data"].as_str().unwrap();
    assert_eq!(
        sim.present(&reader, json!({"qr": qr})).await["granted"],
        false
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn visitor_errors_follow_the_manuals_codes() {
    let sim = start().await;
    let base = invitation("E100");
    let without = |key: &str| {
        let mut body = base.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    let cases = [
        (without("persPersonPin"), -240),
        (without("certType"), -241),
        (without("certNum"), -242),
        (without("visitEmpName"), -243),
        (with("visitEmpName", json!("<b>Grace</b>")), -261),
        (without("visitReason"), -246),
        (without("visitDate"), -247),
        (with("visitDate", json!("yesterday")), -249),
        (with("certType", json!("99")), -250),
        (with("certNum", json!("E 100!")), -251),
        (with("visitEndDate", json!("2020-01-01 00:00:00")), -252),
        (with("persPersonPin", json!("999999")), -253),
    ];
    for (body, expected) in cases {
        let answer = sim.post("/api/visReservation/add", Some(body)).await;
        assert_eq!(code(&answer), expected, "{answer}");
    }
    assert_eq!(
        code(
            &sim.post("/api/visReservation/add", Some(base.clone()))
                .await
        ),
        0
    );
    assert_eq!(
        code(
            &sim.post("/api/visReservation/add", Some(base.clone()))
                .await
        ),
        -244
    );
    let date = base["visitDate"].as_str().unwrap().replace(' ', "%20");
    let del = format!("/api/visReservation/del?certType=2&certNum=E100&visitDate={date}");
    assert_eq!(code(&sim.post(&del, None).await), 0);
    assert_eq!(code(&sim.post(&del, None).await), -248);
    // A bare date removes that day's invitation, whatever its time.
    let mut later = base.clone();
    later["visitDate"] = json!(base["visitDate"]
        .as_str()
        .unwrap()
        .replace("00:00:00", "14:30:00"));
    assert_eq!(
        code(&sim.post("/api/visReservation/add", Some(later)).await),
        0
    );
    let day = &base["visitDate"].as_str().unwrap()[..10];
    let by_day = format!("/api/visReservation/del?certType=2&certNum=E100&visitDate={day}");
    assert_eq!(code(&sim.post(&by_day, None).await), 0);
    assert_eq!(code(&sim.post(&by_day, None).await), -248);
    assert_eq!(
        code(
            &sim.post("/api/visRegistration/exit?certType=2&certNum=NOPE", None)
                .await
        ),
        -256
    );
    assert_eq!(
        code(
            &sim.post("/api/visRegistration/exit?certNum=NOPE", None)
                .await
        ),
        -241
    );
    for path in [
        "/api/visRegistration/getQrCode/123",
        "/api/visRegistration/getQrCode?pin=123",
        "/api/v2/visRegistration/getQrCodeByCertNumber?certNumber=NOPE",
    ] {
        assert_eq!(code(&sim.post(path, None).await), -257, "{path}");
    }
    assert_eq!(
        code(
            &sim.post("/api/v2/visRegistration/getQrCodeByCertNumber", None)
                .await
        ),
        -242
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn blocked_visitors_can_be_neither_invited_nor_registered() {
    let sim = start().await;
    let (status, _) = sim
        .control("/sim/visitors/block", Some(json!({"certNum": "B666"})))
        .await;
    assert_eq!(status, 200);
    let now = chrono::Local::now();
    let visit = json!({
        "persPersonPin": demo::PERSONNEL_PIN, "certType": 2, "certNum": "B666",
        "visEmpName": "Mallory", "visitReason": "Sales", "visitorCount": 1,
        "startTime": now.format("%Y-%m-%d %H:%M:%S").to_string(),
        "endTime": (now + chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M:%S").to_string(),
    });
    let register = || sim.post("/api/visRegistration/add", Some(visit.clone()));
    assert_eq!(code(&register().await), -254);
    assert_eq!(
        code(
            &sim.post("/api/visReservation/add", Some(invitation("B666")))
                .await
        ),
        -254
    );
    // Off the list again: welcome.
    let (status, answer) = sim
        .control(
            "/sim/visitors/block",
            Some(json!({"certNum": "B666", "blocked": false})),
        )
        .await;
    assert_eq!((status, &answer["blocked"]), (200, &json!(false)));
    assert_eq!(code(&register().await), 0);
    // Unknown visitor levels are refused (-24); bad control requests are 400s.
    let mut other = visit.clone();
    other["certNum"] = json!("L100");
    other["visLevels"] = json!("no-such-level");
    assert_eq!(
        code(&sim.post("/api/visRegistration/add", Some(other)).await),
        -24
    );
    for body in [json!({}), json!({"certNum": "X", "blocked": "yes"})] {
        assert_eq!(sim.control("/sim/visitors/block", Some(body)).await.0, 400);
    }
    sim.handle.shutdown().await;
}

// ---- transactions by device and by person, first-in/last-out, door transactions --------------------------

#[tokio::test]
async fn transactions_by_device_in_three_versions() {
    let sim = start().await;
    let all = sim.all_transactions("").await;
    let sn = all[0]["devSn"].as_str().unwrap().to_owned();
    let expected: Vec<&Value> = all.iter().filter(|t| t["devSn"] == sn.as_str()).collect();

    let v1 = sim
        .data(&format!(
            "/api/transaction/device/{sn}?pageNo=1&pageSize=1000"
        ))
        .await;
    let v1 = v1.as_array().unwrap();
    assert_eq!(v1.len(), expected.len());
    assert!(v1.iter().all(|t| t["devSn"] == sn.as_str()));
    assert!(v1[0].get("logId").is_some() && v1[0].get("eventNo").is_none());

    let v2 = sim
        .data(&format!(
            "/api/v2/transaction/device/{sn}?pageNo=1&pageSize=2"
        ))
        .await;
    assert_eq!(v2["total"], expected.len());
    assert_eq!(v2["size"], 2);
    assert_eq!(&v2["data"][0], expected[0]);
    assert!(v2["data"][0].get("readerState").is_none());

    let v3 = sim
        .data(&format!(
            "/api/v3/transaction/device?deviceSn={sn}&pageNo=1&pageSize=2"
        ))
        .await;
    assert_eq!(v3["total"], expected.len());
    assert!(v3["data"][0]["doorNumber"].as_i64().is_some());
    assert!(v3["data"][0].get("readerState").is_some());

    // The manual's examples spell the token `acc_token` on the v1 and v2 device routes.
    for path in [
        format!("/api/transaction/device/{sn}"),
        format!("/api/v2/transaction/device/{sn}"),
    ] {
        let url = format!(
            "{}{path}?pageNo=1&pageSize=1&acc_token={TOKEN}",
            sim.handle.url()
        );
        let body: Value = sim
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(code(&body), 0, "{path}: {body}");
        let url = format!(
            "{}{path}?pageNo=1&pageSize=1&acc_token=BAD",
            sim.handle.url()
        );
        let body: Value = sim
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(code(&body), -40);
    }
    let url = format!(
        "{}/api/transaction/list?pageNo=1&pageSize=1&acc_token={TOKEN}",
        sim.handle.url()
    );
    let body: Value = sim
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        code(&body),
        -40,
        "acc_token only where the manual prints it"
    );

    // Errors: paging, device, dates.
    let v3 = "/api/v3/transaction/device?pageNo=1&pageSize=10";
    assert_eq!(code(&sim.get(v3).await), -48);
    assert_eq!(code(&sim.get(&format!("{v3}&deviceSn=NOPE")).await), -102);
    assert_eq!(
        code(
            &sim.get("/api/transaction/device/NOPE?pageNo=1&pageSize=1")
                .await
        ),
        -102
    );
    assert_eq!(
        code(&sim.get(&format!("/api/transaction/device/{sn}")).await),
        -92
    );
    assert_eq!(
        code(
            &sim.get(&format!(
                "/api/v2/transaction/device/{sn}?pageNo=1&pageSize=1001"
            ))
            .await
        ),
        -91
    );
    assert_eq!(
        code(
            &sim.get(&format!("{v3}&deviceSn={sn}&startDate=today"))
                .await
        ),
        -100
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn transactions_by_person_in_three_versions() {
    let sim = start().await;
    let pin = demo::PERSONNEL_PIN;
    let all = sim.all_transactions("").await;
    let mine: Vec<&Value> = all.iter().filter(|t| t["pin"] == pin).collect();
    assert!(!mine.is_empty(), "the demo person has history");

    let v1 = sim
        .data(&format!(
            "/api/transaction/person/{pin}?pageNo=1&pageSize=1000"
        ))
        .await;
    assert_eq!(v1.as_array().unwrap().len(), mine.len());
    assert_eq!(v1[0]["id"], mine[0]["id"]);
    let v2 = sim
        .data(&format!(
            "/api/v2/transaction/person/{pin}?pageNo=1&pageSize=1"
        ))
        .await;
    assert_eq!(v2["total"], mine.len());
    assert_eq!(&v2["data"][0], mine[0]);
    let v3 = sim
        .data(&format!(
            "/api/v3/transaction/person?pageNo=1&pageSize=1&pin={pin}"
        ))
        .await;
    assert_eq!(v3["total"], mine.len());
    assert!(v3["data"][0]["doorNumber"].as_i64().is_some());

    // Dates narrow the list; bad dates are -100, reversed -101.
    let newest = mine[0]["eventTime"].as_str().unwrap().replace(' ', "%20");
    let since = sim
        .data(&format!(
            "/api/v2/transaction/person/{pin}?pageNo=1&pageSize=10&startDate={newest}"
        ))
        .await;
    assert!(since["total"].as_i64().unwrap() >= 1);
    let path = format!("/api/transaction/person/{pin}?pageNo=1&pageSize=10");
    assert_eq!(
        code(
            &sim.get(&format!("{path}&endDate=2024-02-30%2000:00:00"))
                .await
        ),
        -100
    );
    assert_eq!(
        code(
            &sim.get(&format!(
                "{path}&startDate=2024-02-02%2000:00:00&endDate=2024-02-01%2000:00:00"
            ))
            .await
        ),
        -101
    );
    assert_eq!(
        code(
            &sim.get(&format!(
                "/api/transaction/person/{pin}?pageNo=0&pageSize=1"
            ))
            .await
        ),
        -90
    );
    // A pin without history is an empty list.
    let none = sim
        .data("/api/v2/transaction/person/nobody?pageNo=1&pageSize=5")
        .await;
    assert_eq!(none["total"], 0);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn first_in_and_last_out_per_day() {
    let sim = start().await;
    let pin = demo::PERSONNEL_PIN;
    let v1 = sim
        .data(&format!(
            "/api/transaction/firstInAndLastOut/{pin}?pageNo=1&pageSize=100"
        ))
        .await;
    let days = v1.as_array().unwrap();
    assert!(!days.is_empty());
    let first = &days[0];
    for key in [
        "id",
        "pin",
        "name",
        "lastName",
        "readerNameIn",
        "firstInTime",
        "readerNameOut",
        "lastOutTime",
        "deptCode",
        "deptName",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["pin"], pin);
    assert_eq!(first["name"], demo::PERSONNEL_NAME);
    for day in days {
        if let Some(out) = day["lastOutTime"].as_str() {
            assert!(out >= day["firstInTime"].as_str().unwrap());
            assert_eq!(&out[..10], &day["firstInTime"].as_str().unwrap()[..10]);
        } else {
            assert!(day["readerNameOut"].is_null());
        }
    }
    let dates: Vec<&str> = days
        .iter()
        .map(|d| &d["firstInTime"].as_str().unwrap()[..10])
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] > w[1]),
        "one row per day, newest first"
    );

    let v2 = sim
        .data(&format!(
            "/api/v2/transaction/firstInAndLastOut/{pin}?pageNo=1&pageSize=1"
        ))
        .await;
    assert_eq!(v2["total"], days.len());
    assert_eq!(v2["data"][0], days[0]);
    let q = sim
        .data(&format!(
            "/api/v2/transaction/firstInAndLastOut?pageNo=1&pageSize=1&pin={pin}"
        ))
        .await;
    assert_eq!(q, v2);

    let query = "/api/v2/transaction/firstInAndLastOut?pageNo=1&pageSize=1";
    assert_eq!(code(&sim.get(query).await), -20);
    assert_eq!(code(&sim.get(&format!("{query}&pin=nobody")).await), -22);
    assert_eq!(
        code(
            &sim.get(&format!("/api/transaction/firstInAndLastOut/{pin}"))
                .await
        ),
        -92
    );
    assert_eq!(
        code(&sim.get(&format!("{query}&pin={pin}&startDate=x")).await),
        -100
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn door_transactions_in_the_internal_result_shape() {
    let sim = start().await;
    let all = sim.all_transactions("").await;
    let sn = all[0]["devSn"].as_str().unwrap().to_owned();
    let on_device = all.iter().filter(|t| t["devSn"] == sn.as_str()).count();

    let v1 = sim
        .post(
            "/api/transaction/getDoorTransactions",
            Some(json!({"devSn": sn, "pageNo": "1", "pageSize": "10"})),
        )
        .await;
    assert_eq!(v1["ret"], "ok", "{v1}");
    assert_eq!(v1["success"], true);
    assert!(v1["i18nArgs"].is_null());
    assert_eq!(
        (v1["page"].as_i64(), v1["pageSize"].as_i64()),
        (Some(1), Some(10))
    );
    assert_eq!(v1["total"], on_device);
    let row = &v1["data"][0];
    for key in [
        "id",
        "eventNo",
        "eventName",
        "eventTime",
        "doorName",
        "personPin",
        "personName",
        "areaName",
        "personLastName",
        "eventLevel",
    ] {
        assert!(row.get(key).is_some(), "{key} in {row}");
    }
    assert!(
        row["eventLevel"].is_string(),
        "a string in the manual's example"
    );

    // v2: the body wrapped in `content`, a v2 pager in `data`; unpadded dates as in the example.
    let alarms = all.iter().filter(|t| t["eventLevel"] == 2).count();
    let v2 = sim
        .post(
            "/api/v2/transaction/getDoorTransactions",
            Some(json!({"content": {"type": "alarm", "startTime": "2000-1-1 0:00:00", "pageNo": "1", "pageSize": "1000"}})),
        )
        .await;
    assert_eq!(v2["ret"], "ok", "{v2}");
    assert_eq!(v2["data"]["total"], alarms);
    assert!(v2["data"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["eventLevel"] == 2));
    assert!(v2["data"]["data"][0].get("capturePhotoBase64").is_some());

    // filter: fuzzy on name and pin; personPin exact; eventNo.
    let pin = demo::PERSONNEL_PIN;
    let by_pin = all.iter().filter(|t| t["pin"] == pin).count();
    let exact = sim
        .post(
            "/api/v2/transaction/getDoorTransactions",
            Some(json!({"content": {"personPin": pin, "pageNo": 1, "pageSize": 1000}})),
        )
        .await;
    assert_eq!(exact["data"]["total"], by_pin);
    let fuzzy = sim
        .post(
            "/api/v2/transaction/getDoorTransactions",
            Some(json!({"content": {"filter": "alice", "pageNo": 1, "pageSize": 1000}})),
        )
        .await;
    let fuzzy_rows = fuzzy["data"]["data"].as_array().unwrap();
    assert!(fuzzy_rows.len() >= by_pin);
    assert!(fuzzy_rows.iter().all(|t| t["name"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("alice")
        || t["lastName"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("alice")
        || t["pin"].as_str().unwrap().contains("alice")));
    let remote = sim
        .post(
            "/api/v2/transaction/getDoorTransactions",
            Some(json!({"content": {"eventNo": "0", "pageNo": 1, "pageSize": 1000}})),
        )
        .await;
    assert!(remote["data"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["eventNo"] == 0));

    // Paging is optional: page 1 of 10. A `%` or `_` in the filter is a literal character.
    let unpaged = sim
        .post(
            "/api/transaction/getDoorTransactions",
            Some(json!({"devSn": sn})),
        )
        .await;
    assert_eq!(unpaged["ret"], "ok", "{unpaged}");
    assert_eq!(
        (unpaged["page"].as_i64(), unpaged["pageSize"].as_i64()),
        (Some(1), Some(10))
    );
    for wildcard in ["%", "_"] {
        let none = sim
            .post(
                "/api/v2/transaction/getDoorTransactions",
                Some(json!({"content": {"filter": wildcard}})),
            )
            .await;
        assert_eq!(none["data"]["total"], 0, "{wildcard}: {none}");
    }

    // Failures are `ret: fail` with `data: null`.
    for body in [
        json!({"pageNo": 0, "pageSize": 10}),
        json!({"pageNo": 1, "pageSize": 1001}),
        json!({"pageNo": 1, "pageSize": 10, "startTime": "yesterday"}),
        json!({"pageNo": 1, "pageSize": 10, "type": "panic"}),
    ] {
        let failed = sim
            .post("/api/transaction/getDoorTransactions", Some(body.clone()))
            .await;
        assert_eq!(failed["ret"], "fail", "{body}: {failed}");
        assert!(failed["data"].is_null() && failed["i18nArgs"].is_null());
    }

    // Detail by id, wrapped or bare.
    let id = all[0]["id"].as_str().unwrap();
    for body in [json!({"content": {"id": id}}), json!({"id": id})] {
        let detail = sim
            .post("/api/transaction/getDoorTransactionDetail", Some(body))
            .await;
        assert_eq!(detail["ret"], "ok", "{detail}");
        assert_eq!(detail["data"]["id"], id);
        for key in [
            "devName",
            "cardNo",
            "readerName",
            "verifyModeName",
            "areaName",
        ] {
            assert!(detail["data"].get(key).is_some(), "{key}");
        }
    }
    let missing = sim
        .post(
            "/api/transaction/getDoorTransactionDetail",
            Some(json!({"content": {"id": "nope"}})),
        )
        .await;
    assert_eq!(missing["ret"], "fail");
    let no_token: Value = sim
        .http
        .post(format!(
            "{}/api/transaction/getDoorTransactionDetail",
            sim.handle.url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code(&no_token), -40);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn intrusion_alarm_records() {
    let sim = start().await;
    let all = sim.data("/api/ias/list?pageNo=1&pageSize=1000").await;
    let rows = all["data"].as_array().unwrap();
    assert!(rows.len() >= 20, "a week of panel events");
    assert_eq!(all["total"], rows.len());
    let row = &rows[0];
    for key in [
        "sortName",
        "sortOrder",
        "equals",
        "id",
        "deviceName",
        "deviceIp",
        "eventTime",
        "eventName",
        "areaName",
        "partitionName",
        "pointName",
        "eventContent",
        "eventCid",
        "eventTypeName",
    ] {
        assert!(row.get(key).is_some(), "{key} in {row}");
    }
    assert_eq!(row["equals"], false);
    let names: HashSet<&str> = rows
        .iter()
        .map(|r| r["eventName"].as_str().unwrap())
        .collect();
    for name in ["Disarm", "Arm", "Alarm", "Alarm Cancel"] {
        assert!(names.contains(name), "{name}");
    }
    let disarm = rows.iter().find(|r| r["eventName"] == "Disarm").unwrap();
    assert_eq!(disarm["eventCid"], "1401");
    assert_eq!(disarm["eventTypeName"], "Disarm Event");
    assert!(
        disarm["eventContent"]
            .as_str()
            .unwrap()
            .ends_with("Partition 1 Disarm")
            || disarm["eventContent"]
                .as_str()
                .unwrap()
                .ends_with("Partition 2 Disarm")
    );
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["eventTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // The manual's second page of two: page 1, offset 2.
    let second = sim.data("/api/ias/list?pageNo=2&pageSize=2").await;
    assert_eq!(
        (
            second["page"].as_i64(),
            second["size"].as_i64(),
            second["offset"].as_i64()
        ),
        (Some(1), Some(2), Some(2))
    );
    assert_eq!(second["data"][0], rows[2]);

    // Filters.
    let device = rows[0]["deviceName"].as_str().unwrap();
    let on_device = sim
        .data(
            &format!("/api/ias/list?pageNo=1&pageSize=1000&deviceName={device}")
                .replace(' ', "%20"),
        )
        .await;
    let expected = rows.iter().filter(|r| r["deviceName"] == device).count();
    assert_eq!(on_device["total"], expected);
    assert!(expected < rows.len());
    let zone = rows.iter().find(|r| r["pointName"] != "").unwrap();
    let point = zone["pointName"].as_str().unwrap().replace(' ', "%20");
    let zoned = sim
        .data(&format!(
            "/api/ias/list?pageNo=1&pageSize=1000&pointName={point}&partitionName=1"
        ))
        .await;
    assert!(zoned["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["pointName"] == zone["pointName"] && r["partitionName"] == "1"));
    let (start, end) = (times[times.len() / 2], times[0]);
    let window = sim
        .data(
            &format!("/api/ias/list?pageNo=1&pageSize=1000&startTime={start}&endTime={end}")
                .replace(' ', "%20"),
        )
        .await;
    assert_eq!(
        window["total"],
        times.iter().filter(|t| **t >= start && **t <= end).count()
    );

    assert_eq!(code(&sim.get("/api/ias/list").await), -92);
    assert_eq!(
        code(&sim.get("/api/ias/list?pageNo=1&pageSize=1001").await),
        -91
    );
    assert_eq!(
        code(
            &sim.get("/api/ias/list?pageNo=1&pageSize=5&startTime=soon")
                .await
        ),
        -100
    );
    let reversed = format!("/api/ias/list?pageNo=1&pageSize=5&startTime={end}&endTime={start}")
        .replace(' ', "%20");
    assert_eq!(code(&sim.get(&reversed).await), -101);
    sim.handle.shutdown().await;
}

// ---- cards and access levels ------------------------------------------------------------------------------

#[tokio::test]
async fn cards_get_and_set() {
    let sim = start().await;
    let pin = demo::PERSONNEL_PIN;
    let person = sim.data(&format!("/api/person/get/{pin}")).await;
    let cards = sim.data(&format!("/api/card/getCards/{pin}")).await;
    assert_eq!(
        cards,
        json!([{"pin": pin, "cardNo": person["cardNo"], "cardType": "0"}])
    );
    assert_eq!(
        sim.data(&format!("/api/card/getCards?pin={pin}")).await,
        cards
    );

    let set = sim
        .post(
            "/api/card/set",
            Some(json!({"pin": pin, "cardNo": "212121", "cardType": "0"})),
        )
        .await;
    assert_eq!(code(&set), 0, "{set}");
    assert_eq!(
        sim.data(&format!("/api/person/get/{pin}")).await["cardNo"],
        "212121"
    );
    // Without the multi-card option a secondary card is ignored.
    let sub = sim
        .post(
            "/api/card/set",
            Some(json!({"pin": pin, "cardNo": "333333", "cardType": "1"})),
        )
        .await;
    assert_eq!(code(&sub), 0);
    assert_eq!(
        sim.data(&format!("/api/card/getCards/{pin}"))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let other = sim.data("/api/person/get/1002").await;
    let taken = other["cardNo"].as_str().unwrap();
    assert!(!taken.is_empty());
    let used = sim
        .post("/api/card/set", Some(json!({"pin": pin, "cardNo": taken})))
        .await;
    assert_eq!(code(&used), -23);
    assert_eq!(
        code(
            &sim.post("/api/card/set", Some(json!({"cardNo": "1"})))
                .await
        ),
        -20
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/card/set",
                Some(json!({"pin": "nobody", "cardNo": "1"}))
            )
            .await
        ),
        -22
    );
    assert_eq!(
        code(&sim.post("/api/card/set", Some(json!({"pin": pin}))).await),
        -1
    );
    assert_eq!(code(&sim.get("/api/card/getCards/nobody").await), -22);
    assert_eq!(code(&sim.get("/api/card/getCards").await), -20);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn access_levels_lists_lookups_and_errors() {
    let sim = start().await;
    let v1 = sim.data("/api/accLevel/list?pageNo=1&pageSize=100").await;
    let levels = v1.as_array().unwrap();
    assert_eq!(levels.len(), 4, "General and one per area");
    assert_eq!(levels[0]["name"], "General");
    assert_eq!(levels[0].as_object().unwrap().len(), 2, "{{id, name}}");
    let general = levels[0]["id"].as_str().unwrap();
    let v2 = sim.data("/api/v2/accLevel/list?pageNo=1&pageSize=1").await;
    assert_eq!(
        (v2["total"].as_i64(), v2["lastPage"].as_bool()),
        (Some(4), Some(false))
    );
    assert_eq!(v2["data"][0], levels[0]);

    assert_eq!(
        sim.data(&format!("/api/accLevel/getById/{general}")).await,
        levels[0]
    );
    assert_eq!(
        sim.data(&format!("/api/v2/accLevel/getById?id={general}"))
            .await,
        levels[0]
    );
    assert_eq!(sim.data("/api/accLevel/getByName/General").await, levels[0]);
    assert_eq!(
        sim.data("/api/v2/accLevel/getByName?name=Sports%20Hall")
            .await["name"],
        "Sports Hall"
    );
    assert_eq!(code(&sim.get("/api/accLevel/getById/nope").await), -24);
    assert_eq!(code(&sim.get("/api/v2/accLevel/getById").await), -43);
    assert_eq!(
        code(&sim.get("/api/v2/accLevel/getByName?name=nope").await),
        -24
    );
    assert_eq!(code(&sim.get("/api/accLevel/list").await), -92);

    let by_dept = sim
        .data("/api/accLevel/getAccLevelListByDeptCode?deptCode=1&pageNo=1&pageSize=10")
        .await;
    assert_eq!(by_dept, json!([levels[0]]));
    let by_dept = "/api/accLevel/getAccLevelListByDeptCode?pageNo=1&pageSize=10";
    assert_eq!(code(&sim.get(by_dept).await), -10);
    assert_eq!(
        code(&sim.get(&format!("{by_dept}&deptCode=nope")).await),
        -13
    );

    // addLevel: a body array; upsert by name; every field required; the area must exist.
    let add = sim
        .post(
            "/api/accLevel/addLevel",
            Some(json!([
                {"areaName": "Main Building", "name": "Lab", "timeSegName": "24-Hour Accessible"},
                {"areaName": "Dormitory", "name": "Night", "timeSegName": "24-Hour Accessible"}
            ])),
        )
        .await;
    assert_eq!(code(&add), 0, "{add}");
    let again = sim
        .post(
            "/api/accLevel/addLevel",
            Some(json!([{"areaName": "Sports Hall", "name": "Lab", "timeSegName": "T"}])),
        )
        .await;
    assert_eq!(code(&again), 0);
    assert_eq!(
        sim.data("/api/v2/accLevel/list?pageNo=1&pageSize=10").await["total"],
        6
    );
    let bad_area = sim
        .post(
            "/api/accLevel/addLevel",
            Some(json!([{"areaName": "Moon", "name": "X", "timeSegName": "T"}])),
        )
        .await;
    assert_eq!(code(&bad_area), -80);
    let no_name = sim
        .post(
            "/api/accLevel/addLevel",
            Some(json!([{"areaName": "Main Building", "timeSegName": "T"}])),
        )
        .await;
    assert_eq!(code(&no_name), -1);

    // addLevelDoor: -24 unknown level, -47 unknown door, -46 no door name.
    let doors = sim.data("/api/door/list?pageNo=1&pageSize=100").await;
    let door = doors[0]["name"].as_str().unwrap();
    let add_door = |level: &str, door: &str| json!([{"levelName": level, "doorName": door}]);
    assert_eq!(
        code(
            &sim.post("/api/accLevel/addLevelDoor", Some(add_door("Lab", door)))
                .await
        ),
        0
    );
    assert_eq!(
        code(
            &sim.post("/api/accLevel/addLevelDoor", Some(add_door("nope", door)))
                .await
        ),
        -24
    );
    assert_eq!(
        code(
            &sim.post("/api/accLevel/addLevelDoor", Some(add_door("Lab", "nope")))
                .await
        ),
        -47
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/accLevel/addLevelDoor",
                Some(json!([{"levelName": "Lab"}]))
            )
            .await
        ),
        -46
    );

    // Person levels: -42 missing, -22 unknown person, -24 unknown level.
    for path in ["addLevelPerson", "deleteLevel", "syncPerson"] {
        let path = format!("/api/accLevel/{path}");
        assert_eq!(
            code(&sim.post(&format!("{path}?pin=1001"), None).await),
            -42
        );
        assert_eq!(
            code(&sim.post(&format!("{path}?levelIds={general}"), None).await),
            -42
        );
        assert_eq!(
            code(
                &sim.post(&format!("{path}?pin=nobody&levelIds={general}"), None)
                    .await
            ),
            -22
        );
        assert_eq!(
            code(
                &sim.post(&format!("{path}?pin=1001&levelIds=nope"), None)
                    .await
            ),
            -24
        );
    }
    assert_eq!(
        code(
            &sim.post(&format!("/api/accLevel/syncLevel?levelId={general}"), None)
                .await
        ),
        0
    );
    assert_eq!(code(&sim.post("/api/accLevel/syncLevel", None).await), -43);
    assert_eq!(
        code(&sim.post("/api/accLevel/syncLevel?levelId=nope", None).await),
        -24
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn readers_admit_only_at_doors_of_the_persons_levels() {
    let sim = start().await;
    let pin = "1002";
    let general = sim.data("/api/accLevel/getByName/General").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (reader, door_id, _) = sim.online_reader().await;
    let card = sim.data(&format!("/api/person/get/{pin}")).await["cardNo"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        sim.present(&reader, json!({"card": card})).await["granted"],
        true
    );

    // Only a level without this door: denied.
    let handle = &sim;
    let post = |path: String| async move { code(&handle.post(&path, None).await) };
    sim.post(
        "/api/accLevel/addLevel",
        Some(json!([{"areaName": "Main Building", "name": "Empty", "timeSegName": "T"}])),
    )
    .await;
    let empty = sim.data("/api/accLevel/getByName/Empty").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        post(format!(
            "/api/accLevel/addLevelPerson?pin={pin}&levelIds={empty}"
        ))
        .await,
        0
    );
    assert_eq!(
        post(format!(
            "/api/accLevel/deleteLevel?pin={pin}&levelIds={general}"
        ))
        .await,
        0
    );
    // Not under that level (any more): -25.
    assert_eq!(
        post(format!(
            "/api/accLevel/deleteLevel?pin={pin}&levelIds={general}"
        ))
        .await,
        -25
    );
    let held = sim
        .post(
            "/api/v2/person/getPersonList",
            Some(json!({"pins": pin, "pageNo": 1, "pageSize": 10})),
        )
        .await["data"]
        .clone();
    let me = held["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pin"] == pin)
        .unwrap()
        .clone();
    assert_eq!(me["accLevelIds"], empty.as_str());
    let denied = sim.present(&reader, json!({"card": card})).await;
    assert_eq!(denied["granted"], false, "{denied}");

    // The door added to that level: admitted again.
    let doors = sim.data("/api/door/list?pageNo=1&pageSize=100").await;
    let door = doors
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == door_id.as_str())
        .unwrap()["name"]
        .clone();
    let added = sim
        .post(
            "/api/accLevel/addLevelDoor",
            Some(json!([{"levelName": "Empty", "doorName": door}])),
        )
        .await;
    assert_eq!(code(&added), 0);
    assert_eq!(
        sim.present(&reader, json!({"card": card})).await["granted"],
        true
    );
    sim.handle.shutdown().await;
}

// ---- person extras ----------------------------------------------------------------------------------------

/// A base64 PNG header of `w`×`h` over `body` bytes (enough for the emulator's face check).
fn png_b64(w: u32, h: u32, body: impl IntoIterator<Item = u8>) -> String {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend(body);
    base64::engine::general_purpose::STANDARD.encode(png)
}

/// A real PNG of `w`×`h` whose pixel (x, y) is `f(x, y)`, as base64.
fn picture_b64(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 3]) -> String {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb(f(x, y)));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}

/// Skin-toned oval with sharp features on a textured background: passes every face check.
fn face(x: u32, y: u32) -> [u8; 3] {
    let (dx, dy) = (
        x.abs_diff(200) as f64 / 90.0,
        y.abs_diff(150) as f64 / 120.0,
    );
    let noise = ((x * 7919 + y * 104_729) % 61) as u8;
    if dx * dx + dy * dy < 1.0 {
        if (x / 6 + y / 6).is_multiple_of(9) {
            [60, 40, 30]
        } else {
            [200, 150 + noise / 4, 120]
        }
    } else {
        [60 + noise, 90 + noise, 140]
    }
}

fn face_b64() -> String {
    picture_b64(400, 300, face)
}

#[tokio::test]
async fn leave_and_reinstate() {
    let sim = start().await;
    let pin = "1003";
    let before = sim.data(&format!("/api/person/get/{pin}")).await;
    let left = sim
        .post(
            "/api/person/leave",
            Some(json!({"leaveDate": "2019-06-10", "leaveType": "1", "pin": pin})),
        )
        .await;
    assert_eq!(left, json!({"code": 0, "message": "success", "data": null}));
    assert_eq!(code(&sim.get(&format!("/api/person/get/{pin}")).await), -22);
    let list = sim
        .post(
            "/api/v2/person/getPersonList",
            Some(json!({"pageNo": 1, "pageSize": 1000})),
        )
        .await;
    assert_eq!(list["data"]["total"], 199);
    assert_eq!(
        code(
            &sim.post("/api/person/leave", Some(json!({"pin": pin})))
                .await
        ),
        -22
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/person/leave",
                Some(json!({"leaveDate": "2019-06-10"}))
            )
            .await
        ),
        -20
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/person/leave",
                Some(json!({"pin": "1004", "leaveDate": "10/06/2019"}))
            )
            .await
        ),
        -100
    );

    let back = sim
        .post(
            "/api/person/reinstated",
            Some(json!({"pin": pin, "carPlate": "987654", "hireDate": " 2019-06-10"})),
        )
        .await;
    assert_eq!(code(&back), 0, "{back}");
    let after = sim.data(&format!("/api/person/get/{pin}")).await;
    assert_eq!(after, before, "the record comes back as it was");
    let full = sim
        .post(
            "/api/v2/person/getPersonList",
            Some(json!({"pins": pin, "pageNo": 1, "pageSize": 1})),
        )
        .await;
    assert_eq!(full["data"]["data"][0]["carPlate"], "987654");
    assert_eq!(full["data"]["data"][0]["hireDate"], "2019-06-10");
    assert_eq!(
        code(
            &sim.post("/api/person/reinstated", Some(json!({"pin": "nobody"})))
                .await
        ),
        -22
    );

    // A password someone else took while the person was away is dropped on return (-26 keeps them
    // unique); the other person keeps it.
    let pwd = |pin: &str| json!({"pin": pin, "personPwd": "551100"});
    assert_eq!(
        code(&sim.post("/api/person/add", Some(pwd("1005"))).await),
        0
    );
    let leave = json!({"pin": "1005", "leaveDate": "2019-06-10"});
    assert_eq!(code(&sim.post("/api/person/leave", Some(leave)).await), 0);
    assert_eq!(
        code(&sim.post("/api/person/add", Some(pwd("1006"))).await),
        0
    );
    let back = json!({"pin": "1005"});
    assert_eq!(
        code(&sim.post("/api/person/reinstated", Some(back)).await),
        0
    );
    let pwd_of = |pin: &'static str| {
        let sim = &sim;
        async move {
            sim.post(
                "/api/v2/person/getPersonList",
                Some(json!({"pins": pin, "pageNo": 1, "pageSize": 1})),
            )
            .await["data"]["data"][0]["personPwd"]
                .clone()
        }
    };
    assert_eq!(pwd_of("1005").await, "");
    assert_eq!(pwd_of("1006").await, "551100");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn basic_info_photo_and_bulk_calls() {
    let sim = start().await;
    // addPersonnelBasicInfo: the manual's example body, then `cardNo: ""` removes the card.
    let basic = json!({
        "pin": "1234567", "deptCode": "1", "birthday": "2016-07-15", "cardNo": "123456789",
        "certNumber": "123456", "certType": "2", "email": "123@zkteco.com", "gender": "F",
        "hireDate": " 2019-06-10", "isDisabled": false, "isSendMail": true, "lastName": "lastName",
        "mobilePhone": "15123456789", "name": "max", "personPwd": "123456", "ssn": "111111",
        "supplyCards": "987643"
    });
    assert_eq!(
        code(
            &sim.post("/api/person/addPersonnelBasicInfo", Some(basic))
                .await
        ),
        0
    );
    let full = |pin: &'static str| {
        let sim = &sim;
        async move {
            sim.post(
                "/api/v2/person/getPersonList",
                Some(json!({"pins": pin, "pageNo": 1, "pageSize": 1})),
            )
            .await["data"]["data"][0]
                .clone()
        }
    };
    let max = full("1234567").await;
    assert_eq!(
        (
            max["name"].as_str(),
            max["cardNo"].as_str(),
            max["certNumber"].as_str()
        ),
        (Some("max"), Some("123456789"), Some("123456"))
    );
    assert_eq!(max["supplyCards"], "987643");
    let cards = sim.data("/api/card/getCards/1234567").await;
    assert_eq!(
        cards.as_array().unwrap().len(),
        2,
        "main and secondary: {cards}"
    );
    let keep = sim
        .post(
            "/api/person/addPersonnelBasicInfo",
            Some(json!({"pin": "1234567", "name": "Max"})),
        )
        .await;
    assert_eq!(code(&keep), 0);
    assert_eq!(
        full("1234567").await["cardNo"],
        "123456789",
        "omitted keeps the card"
    );
    let clear = sim
        .post(
            "/api/person/addPersonnelBasicInfo",
            Some(json!({"pin": "1234567", "cardNo": ""})),
        )
        .await;
    assert_eq!(code(&clear), 0);
    assert_eq!(full("1234567").await["cardNo"], "");
    assert_eq!(
        code(
            &sim.post(
                "/api/person/addPersonnelBasicInfo",
                Some(json!({"name": "x"}))
            )
            .await
        ),
        -20
    );

    // updatePersonnelPhoto: a usable face is stored; no photo does nothing; a bad one is refused.
    let photo = face_b64();
    let updated = sim
        .post(
            "/api/person/updatePersonnelPhoto",
            Some(json!({"pin": "1234567", "personPhoto": photo})),
        )
        .await;
    assert_eq!(code(&updated), 0, "{updated}");
    assert_eq!(full("1234567").await["personPhoto"], photo.as_str());
    assert_eq!(
        code(
            &sim.post(
                "/api/person/updatePersonnelPhoto",
                Some(json!({"pin": "1234567"}))
            )
            .await
        ),
        0
    );
    assert_eq!(full("1234567").await["personPhoto"], photo.as_str());
    let tiny = png_b64(40, 30, 0..200u8);
    assert_eq!(
        code(
            &sim.post(
                "/api/person/updatePersonnelPhoto",
                Some(json!({"pin": "1234567", "personPhoto": tiny}))
            )
            .await
        ),
        -5001
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/person/updatePersonnelPhoto",
                Some(json!({"pin": "nobody", "personPhoto": photo}))
            )
            .await
        ),
        -22
    );
    assert_eq!(
        code(
            &sim.post(
                "/api/person/updatePersonnelPhoto",
                Some(json!({"personPhoto": photo}))
            )
            .await
        ),
        -20
    );

    // v2 addPersons: the manual's array (an upsert for each item), all or nothing.
    let level = sim.data("/api/accLevel/list?pageNo=1&pageSize=1").await[0]["id"].clone();
    let bulk = json!([
        {"pin": "1234567", "deptCode": "1", "name": "max", "accLevelIds": level, "accStartTime": "2018-07-14 08:56:00", "accEndTime": "2019-07-14 08:56:00"},
        {"pin": "123", "deptCode": "1"}
    ]);
    assert_eq!(
        code(&sim.post("/api/v2/person/addPersons", Some(bulk)).await),
        0
    );
    assert_eq!(sim.data("/api/person/get/123").await["deptCode"], "1");
    assert_eq!(full("1234567").await["accStartTime"], "2018-07-14 08:56:00");
    let broken = json!([{"pin": "124"}, {"name": "no pin"}]);
    assert_eq!(
        code(&sim.post("/api/v2/person/addPersons", Some(broken)).await),
        -20
    );
    assert_eq!(
        code(&sim.get("/api/person/get/124").await),
        -22,
        "nothing written"
    );
    assert_eq!(
        code(
            &sim.post("/api/v2/person/addPersons", Some(json!({"pin": "1"})))
                .await
        ),
        -1
    );

    // v2 deleteByPins: -81 none, -82 over 500; unknown pins are skipped.
    assert_eq!(
        code(
            &sim.post("/api/v2/person/deleteByPins?pins=123,1234567,nobody", None)
                .await
        ),
        0
    );
    assert_eq!(code(&sim.get("/api/person/get/123").await), -22);
    assert_eq!(code(&sim.get("/api/person/get/1234567").await), -22);
    assert_eq!(
        code(&sim.post("/api/v2/person/deleteByPins", None).await),
        -81
    );
    let many: Vec<String> = (0..501).map(|i| format!("p{i}")).collect();
    assert_eq!(
        code(
            &sim.post(
                &format!("/api/v2/person/deleteByPins?pins={}", many.join(",")),
                None
            )
            .await
        ),
        -82
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn detect_face_answers() {
    let sim = start().await;
    let detect = |photo: Value| {
        let sim = &sim;
        async move {
            code(
                &sim.post(
                    "/api/v2/person/detectFace",
                    Some(json!({"personPhoto": photo})),
                )
                .await,
            )
        }
    };
    assert_eq!(detect(json!(face_b64())).await, 0);
    assert_eq!(
        detect(json!(format!("data:image/png;base64,{}", face_b64()))).await,
        0
    );
    assert_eq!(
        detect(json!(png_b64(40, 30, 0..=255u8))).await,
        -5001,
        "tiny"
    );
    type Picture = fn(u32, u32) -> [u8; 3];
    let quality: [(&str, Picture, i64); 5] = [
        ("grey", |x, y| [face(x, y)[1]; 3], -5006),
        ("dark", |x, y| face(x, y).map(|c| c / 6), -5010),
        ("overexposed", |x, y| face(x, y).map(|c| 200 + c / 5), -5009),
        ("blank", |_, _| [120, 130, 140], -5002),
        (
            "vague",
            |x, _| [30 + (x / 2) as u8, 40 + (x * 2 / 5) as u8, 90],
            -5008,
        ),
    ];
    for (what, picture, expected) in quality {
        assert_eq!(
            detect(json!(picture_b64(400, 300, picture))).await,
            expected,
            "{what}"
        );
    }
    assert_eq!(
        detect(json!(png_b64(640, 480, [0u8; 64]))).await,
        -27,
        "a PNG header over nothing"
    );
    assert_eq!(detect(json!("not base64 at all")).await, -27);
    assert_eq!(
        detect(json!(
            base64::engine::general_purpose::STANDARD.encode("GIF89a")
        ))
        .await,
        -27
    );
    assert_eq!(detect(Value::Null).await, -27);
    sim.handle.shutdown().await;
}

// ---- fingerprint templates ------------------------------------------------------------------------------

#[tokio::test]
async fn bio_templates_add_list_delete() {
    let sim = start().await;
    let pin = demo::PERSONNEL_PIN;
    let finger = |no: Value, valid: Value, template: &str| json!({"personId": pin, "validType": valid, "template": template, "templateNo": no});
    let add = |body: Value| async { sim.post("/api/bioTemplate/add", Some(body)).await };
    assert_eq!(code(&add(finger(json!(0), json!(1), "TUxTUw==")).await), 0);
    assert_eq!(
        code(&add(finger(json!("6"), json!("3"), "RFVSRVNT")).await),
        0
    );
    // The same finger again, then each bad field in turn.
    assert_eq!(
        code(&add(finger(json!(0), json!(1), "T1RIRVI=")).await),
        -31
    );
    assert_eq!(code(&add(finger(json!(1), json!(2), "eA==")).await), -32);
    assert_eq!(code(&add(finger(json!(10), json!(1), "eA==")).await), -33);
    assert_eq!(code(&add(finger(json!(-1), json!(1), "eA==")).await), -33);
    assert_eq!(code(&add(finger(json!(1), json!(1), "")).await), -34);
    assert_eq!(
        code(&add(json!({"validType": 1, "template": "eA==", "templateNo": 1})).await),
        -20
    );
    assert_eq!(
        code(
            &add(json!({"personId": "99999", "validType": 1, "template": "eA==", "templateNo": 1}))
                .await
        ),
        -22
    );

    let list = sim
        .data(&format!("/api/bioTemplate/getFgListByPin/{pin}"))
        .await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["pin"], pin);
    // Strings, as in the manual's example; bioType is a number.
    assert_eq!(list[0]["templateNo"], "0");
    assert_eq!(list[0]["validType"], "1");
    assert_eq!(list[0]["bioType"], 1);
    assert_eq!(list[0]["version"], "10");
    assert_eq!(list[0]["template"], "TUxTUw==");
    assert_eq!(list[1]["templateNo"], "6");
    assert_eq!(list[1]["validType"], "3");
    for key in ["id", "bioType", "templateNoIndex"] {
        assert!(!list[0][key].is_null(), "{key}");
    }
    let v2 = sim
        .data(&format!("/api/v2/bioTemplate/getFgListByPin?pin={pin}"))
        .await;
    assert_eq!(v2.as_array().unwrap(), list);
    assert_eq!(
        code(&sim.get("/api/v2/bioTemplate/getFgListByPin").await),
        -20
    );
    assert_eq!(
        code(&sim.get("/api/bioTemplate/getFgListByPin/99999").await),
        -22
    );
    let (_, state) = sim.control("/sim/state", None).await;
    assert_eq!(state["counts"]["bioTemplates"], 2);

    assert_eq!(
        code(
            &sim.post(&format!("/api/bioTemplate/delete/{pin}"), None)
                .await
        ),
        0
    );
    assert_eq!(
        sim.data(&format!("/api/bioTemplate/getFgListByPin/{pin}"))
            .await,
        json!([])
    );
    assert_eq!(code(&add(finger(json!(0), json!(1), "TUxTUw==")).await), 0);
    assert_eq!(
        code(
            &sim.post(&format!("/api/v2/bioTemplate/deleteByPin?pin={pin}"), None)
                .await
        ),
        0
    );
    assert_eq!(
        sim.data(&format!("/api/v2/bioTemplate/getFgListByPin?pin={pin}"))
            .await,
        json!([])
    );
    assert_eq!(
        code(&sim.post("/api/v2/bioTemplate/deleteByPin", None).await),
        -20
    );
    assert_eq!(
        code(&sim.post("/api/bioTemplate/delete/99999", None).await),
        -22
    );

    // Deleting a person deletes their fingers: a new person under the pin starts without any.
    for delete in [
        "/api/person/delete?pin=9400",
        "/api/v2/person/deleteByPins?pins=9400",
    ] {
        sim.post(
            "/api/person/add",
            Some(json!({"pin": "9400", "name": "Fingers"})),
        )
        .await;
        let body = json!({"personId": "9400", "validType": 1, "template": "eA==", "templateNo": 2});
        assert_eq!(code(&add(body).await), 0);
        assert_eq!(code(&sim.post(delete, None).await), 0, "{delete}");
        sim.post(
            "/api/person/add",
            Some(json!({"pin": "9400", "name": "Fingers"})),
        )
        .await;
        assert_eq!(
            sim.data("/api/bioTemplate/getFgListByPin/9400").await,
            json!([]),
            "{delete}"
        );
        sim.post("/api/person/delete?pin=9400", None).await;
    }

    // One finger at a time, by path (the manual's `person/delete/{pin}{templateNo}`) and by query (v2):
    // the other fingers and the person stay.
    for no in [1, 4, 7] {
        let body = json!({"personId": pin, "validType": 1, "template": "eA==", "templateNo": no});
        assert_eq!(code(&add(body).await), 0);
    }
    assert_eq!(
        code(&sim.post(&format!("/api/person/delete/{pin}/4"), None).await),
        0
    );
    assert_eq!(
        code(
            &sim.post(
                &format!("/api/v2/person/delete?pin={pin}&templateNo=7"),
                None
            )
            .await
        ),
        0
    );
    let left = sim
        .data(&format!("/api/bioTemplate/getFgListByPin/{pin}"))
        .await;
    let left: Vec<&Value> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["templateNo"])
        .collect();
    assert_eq!(left, [&json!("1")]);
    assert!(!sim.data(&format!("/api/person/get/{pin}")).await.is_null());
    for (path, expected) in [
        (format!("/api/v2/person/delete?pin={pin}&templateNo=7"), -34), // not enrolled (any more)
        (format!("/api/person/delete/{pin}/4"), -34),
        (format!("/api/v2/person/delete?pin={pin}"), -34), // no templateNo
        (
            format!("/api/v2/person/delete?pin={pin}&templateNo=10"),
            -33,
        ),
        (format!("/api/person/delete/{pin}/x"), -33),
        ("/api/v2/person/delete?templateNo=1".to_string(), -20),
        (
            "/api/v2/person/delete?pin=99999&templateNo=1".to_string(),
            -22,
        ),
        ("/api/person/delete/99999/1".to_string(), -22),
    ] {
        assert_eq!(code(&sim.post(&path, None).await), expected, "{path}");
    }

    // Reset empties the table.
    assert_eq!(code(&add(finger(json!(3), json!(1), "TUxTUw==")).await), 0);
    sim.control("/sim/reset", None).await;
    let (_, state) = sim.control("/sim/state", None).await;
    assert_eq!(state["counts"]["bioTemplates"], 0);
    sim.handle.shutdown().await;
}

// ---- who is inside --------------------------------------------------------------------------------------

#[tokio::test]
async fn who_is_inside_follows_the_latest_granted_reader() {
    let sim = start().await;
    let pin = demo::PERSONNEL_PIN;
    let person = sim.data(&format!("/api/person/get/{pin}")).await;
    let card = person["cardNo"].as_str().unwrap().to_owned();
    let readers = sim.data("/api/reader/accList?pageNo=1&pageSize=1000").await;
    let readers = readers.as_array().unwrap();
    let reader_named = |name: &str| {
        readers.iter().find(|r| r["name"] == name).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // The first door is in the Main Building (zone `MB`).
    let door = readers[0]["name"]
        .as_str()
        .unwrap()
        .rsplit_once('-')
        .unwrap()
        .0;
    let (in_reader, out_reader) = (
        reader_named(&format!("{door}-In")),
        reader_named(&format!("{door}-Out")),
    );
    let pins_in = |data: Value| -> Vec<String> {
        data.as_array()
            .unwrap()
            .iter()
            .map(|row| row["pin"].as_str().unwrap().to_owned())
            .collect()
    };

    let entered = sim.present(&in_reader, json!({"card": card})).await;
    assert_eq!(entered["granted"], true);
    assert_eq!(entered["transaction"]["areaName"], "Main Building");
    let inside = sim
        .data("/api/accAdvanced/getWhoIsInsideByZone?code=MB")
        .await;
    let row = inside
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["pin"] == pin)
        .unwrap_or_else(|| panic!("{pin} not inside: {inside}"))
        .clone();
    assert_eq!(row["zoneName"], "Main Building");
    assert!(row["zoneId"].as_str().unwrap().len() == 32);

    // Denied at the way out: still inside; granted at the way out: gone.
    let mut by_zone_list = Vec::new();
    for page in 1.. {
        let data = sim
            .post(
                &format!("/api/accAdvanced/getWhoIsInsideByZoneList?pageNo={page}&pageSize=7"),
                None,
            )
            .await;
        assert_eq!(code(&data), 0, "{data}");
        assert_eq!(data["data"]["size"], 7);
        by_zone_list.extend(data["data"]["data"].as_array().unwrap().iter().cloned());
        if data["data"]["lastPage"] == true {
            break;
        }
    }
    let mut by_zone = Vec::new();
    for zone in ["MB", "SH", "D"] {
        let rows = sim
            .data(&format!(
                "/api/accAdvanced/getWhoIsInsideByZone?code={zone}"
            ))
            .await;
        by_zone.extend(rows.as_array().unwrap().iter().cloned());
    }
    assert_eq!(by_zone_list, by_zone);

    sim.present(&out_reader, json!({"card": "1"})).await;
    assert!(pins_in(
        sim.data("/api/accAdvanced/getWhoIsInsideByZone?code=MB")
            .await
    )
    .contains(&pin.to_owned()));
    let left = sim.present(&out_reader, json!({"card": card})).await;
    assert_eq!(left["granted"], true);
    assert!(!pins_in(
        sim.data("/api/accAdvanced/getWhoIsInsideByZone?code=MB")
            .await
    )
    .contains(&pin.to_owned()));

    assert_eq!(
        code(&sim.get("/api/accAdvanced/getWhoIsInsideByZone").await),
        -83
    );
    assert_eq!(
        code(&sim.get("/api/accAdvanced/getWhoIsInsideByZone?code=").await),
        -83
    );
    assert_eq!(
        code(
            &sim.get("/api/accAdvanced/getWhoIsInsideByZone?code=XX")
                .await
        ),
        -80
    );
    assert_eq!(
        code(
            &sim.post("/api/accAdvanced/getWhoIsInsideByZoneList", None)
                .await
        ),
        -92
    );
    // The manual's heading spells it without "By": the same call.
    assert_eq!(
        code(
            &sim.post("/api/accAdvanced/getWhoIsInsideZoneList", None)
                .await
        ),
        -92
    );
    sim.handle.shutdown().await;
}
