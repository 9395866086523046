//! cvlink end to end: the gateway on port 0 in front of an in-process cvsim, called over HTTP and over
//! pinned HTTPS with cvm-client, including the permission of every endpoint for every role.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use cvlink::config::{
    AuthConfig, Config, EventsConfig, ListenConfig, SiteConfig, UpstreamConfig, WebConfig,
};
use cvlink::{db, Gateway, Listeners};
use cvm_api::{DeviceState, ErrorCode, LoginRequest, Problem, Role, TokenPair};
use reqwest::StatusCode;
use serde_json::{json, Value};

mod alarms;
mod credential;
mod doors;
mod events;
mod faults;
mod hardening;
mod invitations;
mod records;
mod relay;
mod sessions;
mod visitors;

const TOKEN: &str = "0123456789ABCDEF0123456789ABCDEF";
const ADMIN_PW: &str = "correct horse battery";
/// The poller's interval in these tests.
const POLL_SECS: f64 = 0.5;

struct Env {
    _dir: tempfile::TempDir,
    sim: Option<cvsim::SimHandle>,
    gw: Gateway,
    http: reqwest::Client,
    base: String,
    cfg: Config,
    cfg_path: std::path::PathBuf,
}

fn loopback() -> std::net::TcpListener {
    std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap()
}

fn config(
    dir: &Path,
    upstream: String,
    https: SocketAddr,
    auth: AuthConfig,
    web: Option<&Path>,
) -> Config {
    Config {
        site: SiteConfig {
            name: "Test Site".into(),
            data_dir: dir.join("data"),
            public_urls: vec![format!("https://{https}")],
        },
        upstream: UpstreamConfig {
            url: upstream,
            secret: TOKEN.into(),
            accept_invalid_certs: false,
            cert_sha256: None,
            timeout_secs: 3,
            qr_validity_secs: 30,
        },
        listen: ListenConfig { https, http: None },
        auth,
        web: WebConfig {
            dir: web.map(Path::to_path_buf),
        },
        events: EventsConfig {
            poll_secs: POLL_SECS,
            // What happened before a start comes from the back-fill alone, so the tests see it work.
            monitor_lookback_secs: 0,
            ..EventsConfig::default()
        },
        smtp: None,
        visitors: Default::default(),
        relay: None,
    }
}

async fn start_with(auth: AuthConfig, web: Option<&Path>) -> Env {
    start_full(auth, web, quiet_sim()).await
}

/// The demo site with no random events.
fn quiet_sim() -> cvsim::SimConfig {
    let mut sim = cvsim::SimConfig::demo(TOKEN);
    sim.events_per_min = 0;
    sim
}

/// A gateway in front of a cvsim started with `sim_cfg`.
async fn start_full(auth: AuthConfig, web: Option<&Path>, sim_cfg: cvsim::SimConfig) -> Env {
    start_tweaked(auth, web, sim_cfg, |_| {}).await
}

/// [`start_full`] with the configuration changed by `tweak` first (e.g. a mail server).
async fn start_tweaked(
    auth: AuthConfig,
    web: Option<&Path>,
    sim_cfg: cvsim::SimConfig,
    tweak: impl FnOnce(&mut Config),
) -> Env {
    cvlink::tls::init_crypto();
    let dir = tempfile::tempdir().unwrap();
    let sim = cvsim::spawn(
        sim_cfg,
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    )
    .await
    .unwrap();
    let (https, http) = (loopback(), loopback());
    let mut cfg = config(
        dir.path(),
        sim.url(),
        https.local_addr().unwrap(),
        auth,
        web,
    );
    tweak(&mut cfg);
    let cfg_path = dir.path().join("cvlink.toml");
    cfg.save(&cfg_path).unwrap();
    let gw = Gateway::start(
        &cfg,
        Listeners {
            https,
            http: Some(http),
        },
    )
    .await
    .unwrap();
    let hash = cvlink::auth::hash_password(ADMIN_PW).unwrap();
    db::upsert_admin(&gw.state.db, "admin", &hash)
        .await
        .unwrap();
    let base = format!("http://{}", gw.http_addr.unwrap());
    Env {
        _dir: dir,
        sim: Some(sim),
        gw,
        http: reqwest::Client::new(),
        base,
        cfg,
        cfg_path,
    }
}

async fn start() -> Env {
    start_with(AuthConfig::default(), None).await
}

impl Env {
    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    async fn login(&self, role: Role, account: &str, password: &str) -> Result<TokenPair, Problem> {
        let r = self
            .http
            .post(format!("{}{}", self.base, cvm_api::paths::LOGIN))
            .json(&LoginRequest {
                role,
                account: account.into(),
                password: password.into(),
            })
            .send()
            .await
            .unwrap();
        if r.status().is_success() {
            Ok(r.json().await.unwrap())
        } else {
            assert_eq!(r.headers()["content-type"], "application/problem+json");
            Err(r.json().await.unwrap())
        }
    }

    async fn admin(&self) -> TokenPair {
        self.login(Role::Admin, "admin", ADMIN_PW).await.unwrap()
    }

    async fn personnel(&self) -> TokenPair {
        db::set_app_login(&self.gw.state.db, cvsim::demo::PERSONNEL_PIN, true)
            .await
            .unwrap();
        self.login(
            Role::Personnel,
            cvsim::demo::PERSONNEL_PIN,
            cvsim::demo::PERSONNEL_PASSWORD,
        )
        .await
        .unwrap()
    }

    /// Calls cvsim's API directly: the ground truth.
    async fn sim(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = format!(
            "{}{path}{sep}access_token={TOKEN}",
            self.sim.as_ref().unwrap().url()
        );
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        assert_eq!(v["code"], 0, "{path}: {v}");
        v["data"].clone()
    }

    fn cli(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_cvlink"))
            .arg("--config")
            .arg(&self.cfg_path)
            .args(args)
            .output()
            .unwrap()
    }
}

async fn problem(r: reqwest::Response) -> (StatusCode, Problem) {
    let status = r.status();
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    (status, r.json().await.unwrap())
}

/// Every endpoint of the OpenAPI document, called as anonymous, with a forged token, as personnel and
/// as admin: the roles come from each operation's security requirement, so a new endpoint is covered
/// the moment it is registered.
#[tokio::test]
async fn every_endpoint_checks_the_role() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let person = env.personnel().await.access_token;
    let doc: Value = env
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut checked = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let requirements = op["security"].as_array().map_or(0, Vec::len);
            assert!(requirements <= 1, "{method} {path}: {}", op["security"]);
            let scope: Option<&str> = op["security"][0]["bearer"][0].as_str();
            let url = path.replace("{id}", "1").replace("{group}", "1");
            let call = |token: Option<&str>| {
                let mut req = env.http.request(
                    method.to_uppercase().parse().unwrap(),
                    format!("{}{url}", env.base),
                );
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                if method == "post" {
                    req = req.json(&json!({}));
                }
                req.send()
            };
            let anon = call(None).await.unwrap();
            let forged = call(Some("cva_forged")).await.unwrap();
            let as_person = call(Some(&person)).await.unwrap();
            let as_admin = call(Some(&admin)).await.unwrap();
            let who = format!("{method} {path} ({scope:?})");
            match scope {
                None => {
                    for r in [&anon, &as_person, &as_admin] {
                        assert_ne!(r.status(), StatusCode::FORBIDDEN, "{who}");
                    }
                    // Public endpoints answer without a token (login etc. may refuse the empty body).
                    assert_ne!(anon.status(), StatusCode::UNAUTHORIZED, "{who}");
                }
                Some(scope) => {
                    let (s, p) = problem(anon).await;
                    assert_eq!(
                        (s, p.code),
                        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
                        "anonymous {who}"
                    );
                    assert_eq!(
                        problem(forged).await.1.code,
                        ErrorCode::InvalidToken,
                        "forged {who}"
                    );
                    for (r, allowed, role) in [
                        (as_person, scope != "admin", "personnel"),
                        (as_admin, scope != "personnel", "admin"),
                    ] {
                        let status = r.status();
                        if allowed {
                            assert!(
                                status != StatusCode::UNAUTHORIZED
                                    && status != StatusCode::FORBIDDEN,
                                "{role} {who}: {status}"
                            );
                        } else {
                            let (s, p) = problem(r).await;
                            assert_eq!(
                                (s, p.code),
                                (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
                                "{role} {who}"
                            );
                        }
                    }
                }
            }
            checked += 1;
        }
    }
    // The contract's paths are all in the document.
    for p in [
        cvm_api::paths::LOGIN,
        cvm_api::paths::REFRESH,
        cvm_api::paths::LOGOUT,
        cvm_api::paths::ME,
        cvm_api::paths::ORG,
        cvm_api::paths::DASHBOARD,
        cvm_api::paths::AREAS,
        cvm_api::paths::DEVICES,
        cvm_api::paths::EVENTS,
        cvm_api::paths::NOTIFICATIONS,
        cvm_api::paths::ME_CREDENTIAL,
        cvm_api::paths::ME_RECORDS,
    ] {
        assert!(paths.contains_key(p), "openapi lacks {p}");
    }
    assert!(checked >= 10, "only {checked} operations");
    let security = |p: &str| doc["paths"][p]["get"]["security"][0]["bearer"][0].clone();
    assert_eq!(security(cvm_api::paths::DASHBOARD), "admin");
    assert_eq!(security(cvm_api::paths::ME), "signed_in");
    assert_eq!(security(cvm_api::paths::ME_CREDENTIAL), "personnel");
    assert_eq!(security(cvm_api::paths::ME_RECORDS), "personnel");
    assert!(doc["paths"][cvm_api::paths::ORG]["get"]["security"].is_null());
    let (s, p) = problem(env.get("/api/v1/nope", Some(&admin)).await).await;
    assert_eq!((s, p.code), (StatusCode::NOT_FOUND, ErrorCode::NotFound));
}

/// Bodies and queries that do not parse are problems naming the field, never axum's text/plain.
#[tokio::test]
async fn malformed_requests_are_validation_problems_naming_the_field() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    let login = format!("{}{}", env.base, cvm_api::paths::LOGIN);
    let cases: Vec<(reqwest::RequestBuilder, &str)> = vec![
        (
            env.http
                .post(&login)
                .header("content-type", "application/json")
                .body("{not json"),
            "body",
        ),
        (env.http.post(&login).body(r#"{"role":"admin"}"#), "body"),
        (
            env.http
                .post(&login)
                .json(&json!({"role": "admin", "password": "b"})),
            "account",
        ),
        (
            env.http
                .post(&login)
                .json(&json!({"role": "boss", "account": "a", "password": "b"})),
            "role",
        ),
        (
            env.http
                .post(&login)
                .json(&json!({"role": "admin", "account": 5, "password": "b"})),
            "account",
        ),
        (
            env.http
                .get(format!(
                    "{}{}?state=broken",
                    env.base,
                    cvm_api::paths::DEVICES
                ))
                .bearer_auth(&admin),
            "state",
        ),
        (
            env.http
                .get(format!(
                    "{}{}?limit=many",
                    env.base,
                    cvm_api::paths::NOTIFICATIONS
                ))
                .bearer_auth(&admin),
            "limit",
        ),
        (
            env.http
                .get(format!(
                    "{}{}?cursor=zzz",
                    env.base,
                    cvm_api::paths::NOTIFICATIONS
                ))
                .bearer_auth(&admin),
            "cursor",
        ),
    ];
    for (req, field) in cases {
        let (s, p) = problem(req.send().await.unwrap()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {p:?}");
        assert_eq!(p.code, ErrorCode::Validation, "{field}");
        assert_eq!(p.field.as_deref(), Some(field), "{p:?}");
        assert!(p.detail.is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn admin_login_errors_are_specific() {
    let env = start().await;
    let wrong = env
        .login(Role::Admin, "admin", "nope nope nope")
        .await
        .unwrap_err();
    assert_eq!(
        (wrong.status, wrong.code),
        (401, ErrorCode::InvalidCredentials)
    );
    let unknown = env.login(Role::Admin, "ghost", ADMIN_PW).await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidCredentials);
    let empty = env.login(Role::Admin, "  ", ADMIN_PW).await.unwrap_err();
    assert_eq!(
        (empty.code, empty.field.as_deref()),
        (ErrorCode::Validation, Some("account"))
    );
    let empty_pw = env.login(Role::Admin, "admin", "").await.unwrap_err();
    assert_eq!(
        (empty_pw.code, empty_pw.field.as_deref()),
        (ErrorCode::Validation, Some("password"))
    );
    // Admin accounts are not personnel and vice versa.
    let cross = env
        .login(Role::Personnel, "admin", ADMIN_PW)
        .await
        .unwrap_err();
    assert_eq!(cross.code, ErrorCode::InvalidCredentials);
    let (status, body) = env
        .post(
            "/api/v1/auth/login",
            json!({"role": "root", "account": "a", "password": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let me: cvm_api::Me = env
        .get("/api/v1/me", Some(&env.admin().await.access_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me.role, me.account.as_str(), me.org_name.as_str()),
        (Role::Admin, "admin", "Test Site")
    );
}

#[tokio::test]
async fn personnel_need_app_login_and_their_self_service_password() {
    let env = start().await;
    let pin = cvsim::demo::PERSONNEL_PIN;
    let pw = cvsim::demo::PERSONNEL_PASSWORD;
    // The sim stores MD5(password) as selfPwd, as CVSecurity does.
    let list = env
        .sim(
            reqwest::Method::POST,
            "/api/v2/person/getPersonList",
            Some(json!({"pins": pin, "pageNo": 1, "pageSize": 10})),
        )
        .await;
    let want_md5 = list["data"][0]["selfPwd"].as_str().unwrap().to_string();
    assert_eq!(want_md5.len(), 32);

    let refused = env.login(Role::Personnel, pin, pw).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.code),
        (403, ErrorCode::AppLoginDisabled)
    );
    assert_eq!(refused.title, "Unauthorized APP login");
    assert!(refused
        .detail
        .unwrap()
        .contains(&format!("cvlink app-login enable {pin}")));

    let blank = env.cli(&["app-login", "enable", "  "]);
    assert!(!blank.status.success());
    assert!(String::from_utf8_lossy(&blank.stderr).contains("personnel ID is empty"));
    let out = env.cli(&["app-login", "enable", pin]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tokens = env.login(Role::Personnel, pin, pw).await.unwrap();
    assert_eq!(tokens.role, Role::Personnel);
    let me: cvm_api::Me = env
        .get("/api/v1/me", Some(&tokens.access_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.account, pin);
    assert_eq!(
        me.name,
        format!(
            "{} {}",
            cvsim::demo::PERSONNEL_NAME,
            cvsim::demo::PERSONNEL_LAST_NAME
        )
    );
    assert!(me.department.is_some());

    let wrong = env
        .login(Role::Personnel, pin, "wrong-password")
        .await
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    let ghost = env
        .login(Role::Personnel, "no-such-pin", pw)
        .await
        .unwrap_err();
    assert_eq!(ghost.code, ErrorCode::InvalidCredentials);

    // Disabling App Login ends the open session at once, and refresh is refused, both saying why.
    let out = env.cli(&["app-login", "disable", pin]);
    assert!(out.status.success());
    let (s, p) = problem(env.get("/api/v1/me", Some(&tokens.access_token)).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::FORBIDDEN, ErrorCode::AppLoginDisabled)
    );
    let (status, body) = env
        .post(
            "/api/v1/auth/refresh",
            json!({"refresh_token": tokens.refresh_token}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "app_login_disabled");
    // Enabled again, the ended session stays ended: only a new login gets in.
    env.cli(&["app-login", "enable", pin]);
    let (_, p) = problem(env.get("/api/v1/me", Some(&tokens.access_token)).await).await;
    assert_eq!(p.code, ErrorCode::InvalidToken);
    // Every decision was audited.
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit WHERE action IN ('login', 'login_failed', 'app_login_enabled', 'app_login_disabled')")
        .fetch_one(&env.gw.state.db)
        .await
        .unwrap();
    assert!(n.0 >= 5, "audit rows: {}", n.0);
}

#[tokio::test]
async fn brute_force_is_throttled() {
    let env = start().await;
    for _ in 0..5 {
        let e = env
            .login(Role::Admin, "admin", "wrong password!")
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCredentials);
    }
    // Even the right password is refused while the account is locked.
    let r = env
        .http
        .post(format!("{}/api/v1/auth/login", env.base))
        .json(&LoginRequest {
            role: Role::Admin,
            account: "ADMIN".into(),
            password: ADMIN_PW.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0);
    let p: Problem = r.json().await.unwrap();
    assert_eq!(
        (p.code, p.retry_after),
        (ErrorCode::TooManyAttempts, Some(retry))
    );
}

#[tokio::test]
async fn refresh_rotates_and_logout_revokes() {
    let env = start().await;
    let first = env.admin().await;
    let (status, body) = env
        .post(
            "/api/v1/auth/refresh",
            json!({"refresh_token": first.refresh_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let second: TokenPair = serde_json::from_value(body).unwrap();
    assert_ne!(second.access_token, first.access_token);
    // The old access token no longer works (a reused refresh token ends the whole session: see
    // sessions::a_refresh_token_used_twice_ends_the_whole_session).
    assert_eq!(
        env.get("/api/v1/me", Some(&first.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        env.get("/api/v1/me", Some(&second.access_token))
            .await
            .status(),
        StatusCode::OK
    );

    let (status, _) = env
        .post(
            "/api/v1/auth/logout",
            json!({"refresh_token": second.refresh_token}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        env.get("/api/v1/me", Some(&second.access_token))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = env
        .post(
            "/api/v1/auth/refresh",
            json!({"refresh_token": second.refresh_token}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_access_token_says_so() {
    let env = start_with(
        AuthConfig {
            access_ttl_secs: 0,
            ..AuthConfig::default()
        },
        None,
    )
    .await;
    let t = env.admin().await;
    let (s, p) = problem(env.get("/api/v1/me", Some(&t.access_token)).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::UNAUTHORIZED, ErrorCode::TokenExpired)
    );
}

#[tokio::test]
async fn dashboard_matches_what_cvsim_holds() {
    let env = start().await;
    let admin = env.admin().await.access_token;
    // Ground truth straight from the emulator.
    let persons = env
        .sim(
            reqwest::Method::POST,
            "/api/v2/person/getPersonList?pageNo=1&pageSize=1",
            Some(json!({})),
        )
        .await["total"]
        .as_u64()
        .unwrap();
    let devices = env
        .sim(
            reqwest::Method::GET,
            "/api/device/accList?pageNo=1&pageSize=1000",
            None,
        )
        .await;
    let doors = env
        .sim(
            reqwest::Method::GET,
            &format!(
                "/api/door/allDoorState?timestamp={}",
                chrono::Utc::now().timestamp_millis()
            ),
            None,
        )
        .await;
    let devices = devices.as_array().unwrap();
    let offline_ids: Vec<&str> = devices
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .filter(|id| {
            doors
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["deviceId"] == *id)
                .all(|x| x["connect"].to_string().trim_matches('"') == "0")
        })
        .collect();
    assert!(
        !offline_ids.is_empty(),
        "the demo site has an offline device"
    );

    let dash: cvm_api::Dashboard = env
        .get("/api/v1/dashboard", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dash.persons, persons);
    assert!(dash.persons >= 100);
    assert_eq!(dash.devices_total(), devices.len() as u64);
    assert_eq!(dash.devices_offline, offline_ids.len() as u64);
    // Today's visits as cvsim lists them (a bare array or a pager), counted by their start.
    let visits = env
        .sim(
            reqwest::Method::POST,
            "/api/v2/visRegistration/getTransactionList?pageNo=1&pageSize=1000",
            None,
        )
        .await;
    let rows = visits
        .as_array()
        .or_else(|| visits["data"].as_array())
        .cloned()
        .unwrap_or_default();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let want = rows
        .iter()
        .filter(|v| {
            v["startTime"]
                .as_str()
                .is_some_and(|t| t.starts_with(&today))
        })
        .count() as u64;
    assert!(want > 0, "the demo site has visitors today");
    assert_eq!(dash.visitors_today, want);

    // The offline list is exactly the offline devices.
    let off: Vec<cvm_api::Device> = env
        .get("/api/v1/devices?state=offline", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let mut got: Vec<&str> = off.iter().map(|d| d.id.as_str()).collect();
    let mut want = offline_ids.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(off
        .iter()
        .all(|d| d.state == DeviceState::Offline && d.area.is_some()));

    // Areas partition the devices; each area's dashboard counts only its devices.
    let areas: Vec<cvm_api::Area> = env
        .get("/api/v1/areas", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(areas.len() >= 2, "{areas:?}");
    let mut total = 0;
    for a in &areas {
        let q = format!("/api/v1/dashboard?area={}", urlencode(&a.name));
        let d: cvm_api::Dashboard = env.get(&q, Some(&admin)).await.json().await.unwrap();
        assert_eq!(d.area.as_deref(), Some(a.name.as_str()));
        assert_eq!(d.persons, persons);
        let listed: Vec<cvm_api::Device> = env
            .get(
                &format!("/api/v1/devices?area={}", urlencode(&a.name)),
                Some(&admin),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed.len() as u64, d.devices_total());
        assert!(listed
            .iter()
            .all(|x| x.area.as_deref() == Some(a.name.as_str())));
        total += d.devices_total();
    }
    assert_eq!(total, dash.devices_total());
    let none: cvm_api::Dashboard = env
        .get("/api/v1/dashboard?area=Atlantis", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none.devices_total(), 0);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn upstream_down_gives_a_clear_error_and_login_of_admins_still_works() {
    let mut env = start().await;
    let admin = env.admin().await.access_token;
    env.sim.take().unwrap().shutdown().await;
    let (s, p) = problem(env.get("/api/v1/dashboard", Some(&admin)).await).await;
    assert_eq!(
        (s, p.code),
        (StatusCode::BAD_GATEWAY, ErrorCode::UpstreamUnavailable)
    );
    // The secret never shows in an error.
    assert!(!serde_json::to_string(&p).unwrap().contains(TOKEN));
    assert!(env.admin().await.access_token.starts_with("cva_"));
    let e = env.login(Role::Personnel, "1001", "x").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::UpstreamUnavailable);
    let _ = &env.cfg;
}

#[tokio::test]
async fn upstream_garbage_and_upstream_errors_are_reported_as_such() {
    cvlink::tls::init_crypto();
    // An "upstream" that answers garbage, and one that refuses the token.
    let garbage = axum::Router::new().fallback(|| async { "<html>login</html>" });
    let refuse = axum::Router::new().fallback(|| async {
        axum::Json(json!({"code": -40, "message": "authorize access failure", "data": null}))
    });
    for (app, want, upstream_code) in [
        (garbage, ErrorCode::UpstreamError, None),
        (refuse, ErrorCode::UpstreamError, Some(-40)),
    ] {
        let (gw, base, _dir) = gateway_before(app).await;
        let (s, p) = admin_get(&base, cvm_api::paths::DASHBOARD).await;
        assert_eq!(
            (s, p.code, p.upstream_code),
            (StatusCode::BAD_GATEWAY, want, upstream_code)
        );
        gw.shutdown().await;
    }
}

#[tokio::test]
async fn cvsecuritys_words_are_not_for_anonymous_callers() {
    cvlink::tls::init_crypto();
    let talkative = axum::Router::new().fallback(|| async {
        axum::Json(json!({"code": -40, "message": "authorize access failure at db-host-7 (secret 0BAD)", "data": null}))
    });
    let (gw, base, _dir) = gateway_before(talkative).await;
    // A personnel login asks CVSecurity; its error reaches the anonymous caller as a code only.
    let r = reqwest::Client::new()
        .post(format!("{base}{}", cvm_api::paths::LOGIN))
        .json(&json!({"role": "personnel", "account": "1001", "password": "x"}))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(
        !text.contains("db-host-7") && !text.contains("0BAD"),
        "{text}"
    );
    let p: Problem = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (p.code, p.upstream_code),
        (ErrorCode::UpstreamError, Some(-40))
    );
    // A signed-in admin sees the words (they help fix the configuration).
    let (_, p) = admin_get(&base, cvm_api::paths::DASHBOARD).await;
    assert!(p.detail.unwrap_or_default().contains("db-host-7"));
    gw.shutdown().await;
}

/// A gateway in front of `upstream` (an axum app on loopback), with the test admin.
async fn gateway_before(upstream: axum::Router) -> (Gateway, String, tempfile::TempDir) {
    cvlink::tls::init_crypto();
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, upstream).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    let (https, http) = (loopback(), loopback());
    let cfg = config(
        dir.path(),
        url,
        https.local_addr().unwrap(),
        AuthConfig::default(),
        None,
    );
    let gw = Gateway::start(
        &cfg,
        Listeners {
            https,
            http: Some(http),
        },
    )
    .await
    .unwrap();
    db::upsert_admin(
        &gw.state.db,
        "admin",
        &cvlink::auth::hash_password(ADMIN_PW).unwrap(),
    )
    .await
    .unwrap();
    let base = format!("http://{}", gw.http_addr.unwrap());
    (gw, base, dir)
}

async fn admin_get(base: &str, path: &str) -> (StatusCode, Problem) {
    let http = reqwest::Client::new();
    let tokens: TokenPair = http
        .post(format!("{base}{}", cvm_api::paths::LOGIN))
        .json(&json!({"role": "admin", "account": "admin", "password": ADMIN_PW}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = http
        .get(format!("{base}{path}"))
        .bearer_auth(tokens.access_token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn the_app_reaches_the_gateway_over_pinned_tls() {
    let env = start().await;
    let code = env.gw.org_code().clone();
    assert_eq!(code.urls()[0].port(), Some(env.gw.https_addr.port()));
    let client = cvm_client::Client::for_org(&code).unwrap();
    let org = client.org_info().await.unwrap();
    assert_eq!(org.fingerprint, code.fingerprint().to_hex());
    client
        .login(&LoginRequest {
            role: Role::Admin,
            account: "admin".into(),
            password: ADMIN_PW.into(),
        })
        .await
        .unwrap();
    let dash = client.dashboard(None).await.unwrap();
    assert!(dash.devices_total() > 0);

    // A code with another key is refused with a clear error naming both keys.
    let forged = cvm_api::OrgCode::new(
        "Test Site",
        code.urls().to_vec(),
        cvm_api::Fingerprint([7; 32]),
    )
    .unwrap();
    let err = cvm_client::Client::for_org(&forged)
        .unwrap()
        .org_info()
        .await
        .unwrap_err();
    match err {
        cvm_api::Failure::KeyMismatch { expected, got } => {
            assert_eq!(expected, forged.fingerprint().to_hex());
            assert_eq!(got, code.fingerprint().to_hex());
        }
        other => panic!("expected KeyMismatch, got {other:?}"),
    }
}

#[tokio::test]
async fn the_key_survives_a_restart_and_the_cli_prints_the_same_org_code() {
    let env = start().await;
    let code = env.gw.org_code().to_uri();
    let out = env.cli(&[
        "org-code",
        "--png",
        env.cfg_path.with_file_name("org.png").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().last().unwrap(), code);
    let png = std::fs::read(env.cfg_path.with_file_name("org.png")).unwrap();
    assert_eq!(cvm_scan::decode_bytes(&png).unwrap(), vec![code.clone()]);

    let out = env.cli(&["user", "add-admin", "second"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let pw = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Password: "))
        .unwrap()
        .to_string();
    env.login(Role::Admin, "second", &pw).await.unwrap();
    let mut short = std::process::Command::new(env!("CARGO_BIN_EXE_cvlink"))
        .args([
            "--config",
            env.cfg_path.to_str().unwrap(),
            "user",
            "add-admin",
            "third",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    short.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = short.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));

    let Env { gw, cfg, .. } = env;
    gw.shutdown().await;
    let (https, http) = (loopback(), loopback());
    let mut cfg2 = cfg.clone();
    cfg2.listen.https = https.local_addr().unwrap();
    let gw2 = Gateway::start(
        &cfg2,
        Listeners {
            https,
            http: Some(http),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        gw2.org_code().fingerprint(),
        cvm_api::OrgCode::parse(&code).unwrap().fingerprint()
    );
}

#[tokio::test]
async fn the_web_build_is_served_as_a_single_page_app() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<div id=main></div>").unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/app.js"), "console.log(1)").unwrap();
    let env = start_with(AuthConfig::default(), Some(web.path())).await;
    for path in ["/", "/login", "/admin/dashboard"] {
        let r = env.get(path, None).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.text().await.unwrap(), "<div id=main></div>");
    }
    assert_eq!(
        env.get("/assets/app.js", None).await.text().await.unwrap(),
        "console.log(1)"
    );
    let (s, p) = problem(env.get("/api/v1/unknown", None).await).await;
    assert_eq!((s, p.code), (StatusCode::NOT_FOUND, ErrorCode::NotFound));

    // Content-hashed files are immutable, and their brotli copy goes to browsers that take it; the page
    // itself is asked for again each time.
    let hashed = "assets/cvmobile_bg.0123456789abcdef.wasm";
    std::fs::write(web.path().join(hashed), b"\0asm plain").unwrap();
    std::fs::write(web.path().join(format!("{hashed}.br")), b"brotli bytes").unwrap();
    let r = env
        .http
        .get(format!("{}/{hashed}", env.base))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let r = env.get("/", None).await;
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let r = env.get("/assets/app.js", None).await;
    assert_eq!(r.headers()["cache-control"], "no-cache", "not hashed");
    assert!(cvlink::server::is_hashed_asset(
        "/assets/boot.fedcba9876543210.js"
    ));
    assert!(!cvlink::server::is_hashed_asset(
        "/assets/snippets/x/inline0.js"
    ));
}
