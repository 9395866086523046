//! The client: one async method per endpoint, URL fallback, bearer auth and the refresh-once rule.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use cvm_api::{
    paths, Area, Dashboard, Device, DeviceQuery, ErrorCode, LoginRequest, LogoutRequest, Me,
    OrgCode, OrgInfo, Problem, RefreshRequest, TokenPair,
};
use reqwest::{header, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use cvm_api::Failure;

/// How long one request may take end to end (a stalled relay must not hang a screen forever).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to wait for a TCP + TLS connection before trying the next URL (a LAN address seen from
/// mobile data usually swallows packets rather than refusing).
#[cfg(not(target_arch = "wasm32"))]
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest body excerpt quoted in a `Decode` error.
const EXCERPT_CHARS: usize = 200;

type Listener = Arc<dyn Fn(Option<&TokenPair>) + Send + Sync>;

/// A cheap-to-clone handle; clones share tokens, the URL in use and the listener.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    /// reqwest's client, or why it could not be built (reported by every request rather than by a
    /// constructor that must not fail).
    http: Result<reqwest::Client, String>,
    /// Base URLs in order of preference; never empty.
    urls: Vec<Url>,
    /// Index into `urls` of the one that last connected.
    current: AtomicUsize,
    tokens: Mutex<Option<TokenPair>>,
    listener: Mutex<Option<Listener>>,
    /// Held while refreshing, so concurrent requests that all see an expired token refresh once.
    refresh: futures::lock::Mutex<()>,
    #[cfg(not(target_arch = "wasm32"))]
    pin: Option<Pin>,
}

#[cfg(not(target_arch = "wasm32"))]
struct Pin {
    expected: cvm_api::Fingerprint,
    mismatches: Arc<crate::pin::MismatchLog>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print tokens.
        f.debug_struct("Client")
            .field("urls", &self.inner.urls)
            .field("base_url", &self.base_url().as_str())
            .field("logged_in", &self.tokens().is_some())
            .finish()
    }
}

/// One API call, kept as data so it can be sent again to another URL or after a refresh.
struct Call {
    method: Method,
    path: &'static str,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl Call {
    fn get(path: &'static str) -> Self {
        Self {
            method: Method::GET,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    fn post(path: &'static str, body: &impl Serialize) -> Result<Self, Failure> {
        let body = serde_json::to_vec(body).map_err(|e| Failure::Decode(e.to_string()))?;
        Ok(Self {
            method: Method::POST,
            path,
            query: Vec::new(),
            body: Some(body),
        })
    }

    fn query(mut self, key: &'static str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.query.push((key, v.to_string()));
        }
        self
    }

    fn url(&self, base: &Url) -> Url {
        endpoint(base, self.path, &self.query)
    }
}

/// `base` + `path`, keeping a path prefix of the base (a relay may serve the API under `/site-a`).
fn endpoint(base: &Url, path: &str, query: &[(&str, String)]) -> Url {
    let mut url = base.clone();
    let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_fragment(None);
    url.set_query(None);
    if !query.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
    }
    url
}

/// How sending to one URL failed.
enum Attempt {
    /// The connection could not be made: worth trying the next URL.
    Connect(Failure),
    /// Connected, but the exchange failed: the next URL would not help.
    Other(Failure),
}

impl Client {
    /// A client for the site of an org code (native only): HTTPS to its URLs in order (LAN first, relay
    /// after), trusting exactly the key whose SPKI SHA-256 is `org.fingerprint()`, whatever the hostname
    /// or CA. Moves to the next URL only when connecting fails, and keeps using the one that worked.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn for_org(org: &OrgCode) -> Result<Client, Failure> {
        let mismatches = Arc::new(crate::pin::MismatchLog::default());
        let tls = crate::pin::pinned_config(org.fingerprint(), mismatches.clone())
            .map_err(|e| Failure::Tls(e.to_string()))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| Failure::Tls(error_chain(&e)))?;
        let pin = Pin {
            expected: org.fingerprint(),
            mismatches,
        };
        Ok(Self::new(Ok(http), org.urls().to_vec(), Some(pin)))
    }

    /// A client for one base URL with the platform's normal TLS trust, or plain HTTP. The web build uses
    /// it for its own origin (a browser cannot pin; check the site with [`Client::verify_org`]); tests
    /// use it for plain-HTTP servers.
    pub fn with_base_url(base: Url) -> Client {
        #[cfg(not(target_arch = "wasm32"))]
        let http = {
            crate::pin::ensure_default_provider();
            reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .build()
        };
        #[cfg(target_arch = "wasm32")]
        let http = reqwest::Client::builder().build();
        let http = http.map_err(|e| error_chain(&e));
        #[cfg(not(target_arch = "wasm32"))]
        return Self::new(http, vec![base], None);
        #[cfg(target_arch = "wasm32")]
        return Self::new(http, vec![base]);
    }

    fn new(
        http: Result<reqwest::Client, String>,
        urls: Vec<Url>,
        #[cfg(not(target_arch = "wasm32"))] pin: Option<Pin>,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                http,
                urls,
                current: AtomicUsize::new(0),
                tokens: Mutex::new(None),
                listener: Mutex::new(None),
                refresh: futures::lock::Mutex::new(()),
                #[cfg(not(target_arch = "wasm32"))]
                pin,
            }),
        }
    }

    /// The base URL currently in use (the one that last connected).
    pub fn base_url(&self) -> Url {
        let i = self.inner.current.load(Ordering::Relaxed);
        self.inner.urls[i.min(self.inner.urls.len() - 1)].clone()
    }

    /// The stored tokens, for the app to persist.
    pub fn tokens(&self) -> Option<TokenPair> {
        self.lock_tokens().clone()
    }

    /// Replaces the stored tokens, e.g. with a session restored from the keyring. Does not call the
    /// `on_tokens_changed` listener: the caller already knows.
    pub fn set_tokens(&self, t: Option<TokenPair>) {
        *self.lock_tokens() = t;
    }

    /// Sets the listener called whenever the client itself changes the stored tokens (login, refresh,
    /// logout, expiry), so the app can persist them. Replaces any earlier listener.
    pub fn on_tokens_changed(&self, f: impl Fn(Option<&TokenPair>) + Send + Sync + 'static) {
        *self
            .inner
            .listener
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(f));
    }

    /// `GET /api/v1/org`, no login needed.
    pub async fn org_info(&self) -> Result<OrgInfo, Failure> {
        self.call(&Call::get(paths::ORG), None).await
    }

    /// Fetches the org info and checks that the server's key fingerprint is the org code's: the check
    /// the web build (which cannot pin) makes to catch the code of another site. Native pinned clients
    /// get the same guarantee from the TLS layer; this check costs them one request.
    pub async fn verify_org(&self, org: &OrgCode) -> Result<OrgInfo, Failure> {
        let info = self.org_info().await?;
        let expected = org.fingerprint().to_hex();
        if !info.fingerprint.eq_ignore_ascii_case(&expected) {
            return Err(Failure::KeyMismatch {
                expected,
                got: info.fingerprint.to_ascii_lowercase(),
            });
        }
        Ok(info)
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

    // ---- plumbing ----

    fn lock_tokens(&self) -> MutexGuard<'_, Option<TokenPair>> {
        self.inner.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores new tokens and tells the listener (outside the lock: it may call back into the client).
    fn replace_tokens(&self, t: Option<TokenPair>) {
        *self.lock_tokens() = t.clone();
        let listener = self
            .inner
            .listener
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(f) = listener {
            f(t.as_ref());
        }
    }

    /// An unauthenticated call (or one with a given token), decoded.
    async fn call<T: DeserializeOwned>(
        &self,
        call: &Call,
        bearer: Option<&str>,
    ) -> Result<T, Failure> {
        let resp = self.send(call, bearer).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        decode(status, &body)
    }

    /// An authenticated call: on an expired or invalid access token, refresh once and retry once.
    async fn call_authed<T: DeserializeOwned>(&self, call: &Call) -> Result<T, Failure> {
        let access = self.tokens().ok_or(Failure::NotLoggedIn)?.access_token;
        let resp = self.send(call, Some(&access)).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        if !is_token_problem(status, &body) {
            return decode(status, &body);
        }

        let access = self.refresh(&access).await?;
        let resp = self.send(call, Some(&access)).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        if is_token_problem(status, &body) {
            // A token the gateway has just issued is refused: no point in another round.
            return Err(self.expire_session(&access));
        }
        decode(status, &body)
    }

    /// Exchanges the refresh token for a new pair, unless another request already did while this one
    /// waited. Returns the access token to retry with.
    async fn refresh(&self, stale_access: &str) -> Result<String, Failure> {
        let _guard = self.inner.refresh.lock().await;
        let tokens = match self.tokens() {
            // Cleared meanwhile: the request that ended the session reports SessionExpired, once.
            None => return Err(Failure::NotLoggedIn),
            Some(t) if t.access_token != stale_access => return Ok(t.access_token),
            Some(t) => t,
        };
        let call = Call::post(
            paths::REFRESH,
            &RefreshRequest {
                refresh_token: tokens.refresh_token.clone(),
            },
        )?;
        let resp = self.send(&call, None).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(self.expire_session(stale_access));
        }
        // Anything else (gateway down, throttled) leaves the session as it is: a later call may refresh.
        let pair: TokenPair = decode(status, &body)?;
        let access = pair.access_token.clone();
        self.replace_tokens(Some(pair));
        Ok(access)
    }

    /// Forgets the tokens if they are still the ones that failed; only then is it this request's
    /// duty to report the expiry.
    fn expire_session(&self, failed_access: &str) -> Failure {
        let still_current = self
            .tokens()
            .is_some_and(|t| t.access_token == failed_access);
        if still_current {
            self.replace_tokens(None);
            Failure::SessionExpired
        } else {
            Failure::NotLoggedIn
        }
    }

    /// Sends a call, starting with the URL in use and moving on only when connecting fails.
    async fn send(&self, call: &Call, bearer: Option<&str>) -> Result<reqwest::Response, Failure> {
        let http = self
            .inner
            .http
            .as_ref()
            .map_err(|e| Failure::Tls(e.clone()))?;
        let urls = &self.inner.urls;
        let start = self.inner.current.load(Ordering::Relaxed) % urls.len();
        let mut failures: Vec<Failure> = Vec::new();
        for i in 0..urls.len() {
            let idx = (start + i) % urls.len();
            let mut req = http
                .request(call.method.clone(), call.url(&urls[idx]))
                .header(header::ACCEPT, "application/json, application/problem+json")
                .timeout(REQUEST_TIMEOUT);
            if let Some(token) = bearer {
                req = req.bearer_auth(token);
            }
            if let Some(body) = &call.body {
                req = req
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            match req.send().await {
                Ok(resp) => {
                    self.inner.current.store(idx, Ordering::Relaxed);
                    return Ok(resp);
                }
                Err(e) => match self.classify(&urls[idx], &e) {
                    Attempt::Connect(err) => failures.push(err),
                    Attempt::Other(err) => return Err(err),
                },
            }
        }
        Err(summarize(failures))
    }

    fn classify(&self, url: &Url, e: &reqwest::Error) -> Attempt {
        #[cfg(not(target_arch = "wasm32"))]
        {
            if let Some(pin) = &self.inner.pin {
                if let Some(got) = pin.mismatches.take() {
                    return Attempt::Connect(Failure::KeyMismatch {
                        expected: pin.expected.to_hex(),
                        got: got.to_hex(),
                    });
                }
            }
            if e.is_connect() {
                let msg = format!("{url}: {}", error_chain(e));
                return Attempt::Connect(if is_tls_error(e) {
                    Failure::Tls(msg)
                } else {
                    Failure::Unreachable(msg)
                });
            }
        }
        if e.is_decode() || e.is_body() {
            return Attempt::Other(Failure::Decode(error_chain(e)));
        }
        if e.is_timeout() {
            return Attempt::Other(Failure::Unreachable(format!(
                "{url}: no answer within {} s",
                REQUEST_TIMEOUT.as_secs()
            )));
        }
        // In a browser a failed fetch says nothing more specific: treat it as not connecting.
        Attempt::Connect(Failure::Unreachable(format!("{url}: {}", error_chain(e))))
    }
}

/// The error to report when no URL connected: a key mismatch first (it is a security warning), then a
/// TLS failure, otherwise every URL's reason.
fn summarize(failures: Vec<Failure>) -> Failure {
    if let Some(m) = failures
        .iter()
        .find(|f| matches!(f, Failure::KeyMismatch { .. }))
    {
        return m.clone();
    }
    if let Some(t) = failures.iter().find(|f| matches!(f, Failure::Tls(_))) {
        return t.clone();
    }
    let reasons: Vec<String> = failures
        .into_iter()
        .map(|f| match f {
            Failure::Unreachable(s) => s,
            other => other.to_string(),
        })
        .collect();
    Failure::Unreachable(reasons.join("; "))
}

async fn body_of(resp: reqwest::Response) -> Result<Vec<u8>, Failure> {
    resp.bytes()
        .await
        .map(|b| b.to_vec())
        .map_err(|e| Failure::Unreachable(format!("reading the answer: {}", error_chain(&e))))
}

/// A success body as `T`, an error body as the gateway's problem.
fn decode<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Failure> {
    if !status.is_success() {
        return Err(error_of(status, body));
    }
    serde_json::from_slice(body)
        .map_err(|e| Failure::Decode(format!("HTTP {status}: {e}; body: {}", excerpt(body))))
}

fn error_of(status: StatusCode, body: &[u8]) -> Failure {
    match serde_json::from_slice::<Problem>(body) {
        Ok(p) => Failure::api(p),
        Err(_) => Failure::Decode(format!(
            "HTTP {status} without a problem body: {}",
            excerpt(body)
        )),
    }
}

/// A 401 whose problem says the access token is expired or not (any longer) valid.
fn is_token_problem(status: StatusCode, body: &[u8]) -> bool {
    status == StatusCode::UNAUTHORIZED
        && serde_json::from_slice::<Problem>(body)
            .is_ok_and(|p| matches!(p.code, ErrorCode::TokenExpired | ErrorCode::InvalidToken))
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    if out.is_empty() {
        out.push_str("(empty)");
    }
    out
}

/// An error with its causes, `a: b: c` (reqwest's own message alone rarely says what went wrong).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// Whether a rustls error is behind a connect failure (the chain hides it in an `io::Error`).
#[cfg(not(target_arch = "wasm32"))]
fn is_tls_error(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            return true;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                return true;
            }
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_a_base_path_and_drop_its_query() {
        let q = vec![("area", "Main hall & co".to_string())];
        let cases = [
            ("https://10.0.0.5:8443", "https://10.0.0.5:8443/api/v1/me"),
            ("https://10.0.0.5:8443/", "https://10.0.0.5:8443/api/v1/me"),
            (
                "https://relay.example/site-a",
                "https://relay.example/site-a/api/v1/me",
            ),
            (
                "https://relay.example/site-a/?x=1#f",
                "https://relay.example/site-a/api/v1/me",
            ),
        ];
        for (base, want) in cases {
            assert_eq!(
                endpoint(&Url::parse(base).unwrap(), paths::ME, &[]).as_str(),
                want
            );
        }
        assert_eq!(
            endpoint(&Url::parse("http://h").unwrap(), paths::DASHBOARD, &q).as_str(),
            "http://h/api/v1/dashboard?area=Main+hall+%26+co"
        );
    }

    #[test]
    fn error_bodies_become_problems_or_decode_errors() {
        let p = Problem::new(ErrorCode::Forbidden, "Forbidden");
        let body = serde_json::to_vec(&p).unwrap();
        assert_eq!(
            decode::<Me>(StatusCode::FORBIDDEN, &body),
            Err(Failure::api(p))
        );
        let err = decode::<Me>(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>").unwrap_err();
        match err {
            Failure::Decode(msg) => {
                assert!(msg.contains("502") && msg.contains("bad gateway"), "{msg}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode::<Me>(StatusCode::OK, b"{}"),
            Err(Failure::Decode(_))
        ));
    }

    #[test]
    fn only_token_problems_trigger_a_refresh() {
        let body = |c| serde_json::to_vec(&Problem::new(c, "x")).unwrap();
        assert!(is_token_problem(
            StatusCode::UNAUTHORIZED,
            &body(ErrorCode::TokenExpired)
        ));
        assert!(is_token_problem(
            StatusCode::UNAUTHORIZED,
            &body(ErrorCode::InvalidToken)
        ));
        assert!(!is_token_problem(
            StatusCode::UNAUTHORIZED,
            &body(ErrorCode::InvalidCredentials)
        ));
        assert!(!is_token_problem(
            StatusCode::FORBIDDEN,
            &body(ErrorCode::TokenExpired)
        ));
        assert!(!is_token_problem(StatusCode::UNAUTHORIZED, b"nope"));
    }

    #[test]
    fn debug_output_hides_tokens() {
        let c = Client::with_base_url(Url::parse("http://127.0.0.1:1").unwrap());
        c.set_tokens(Some(TokenPair {
            access_token: "secret-access".into(),
            refresh_token: "secret-refresh".into(),
            expires_in: 60,
            role: cvm_api::Role::Admin,
        }));
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
    }
}
