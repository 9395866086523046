//! How a call travels: the call as data, sending it with URL fallback, bearer auth with the
//! refresh-once rule, and decoding the answer or the gateway's problem.

use std::borrow::Cow;
use std::sync::atomic::Ordering;
use std::time::Duration;

use cvm_api::{paths, ErrorCode, Failure, Problem, RefreshRequest, TokenPair};
use reqwest::{header, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use crate::Client;

/// How long one request may take end to end (a stalled relay must not hang a screen forever).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest body excerpt quoted in a `Decode` error.
const EXCERPT_CHARS: usize = 200;

/// One API call, kept as data so it can be sent again to another URL or after a refresh.
pub(crate) struct Call {
    method: Method,
    /// Mostly a constant of `cvm_api::paths`; built for paths with an id.
    path: Cow<'static, str>,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// Extra request headers, e.g. `Last-Event-ID`.
    headers: Vec<(&'static str, String)>,
    /// An event stream stays open: it asks for `text/event-stream` and has no end-to-end timeout.
    stream: bool,
}

impl Call {
    pub(crate) fn get(path: impl Into<Cow<'static, str>>) -> Self {
        Self {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            stream: false,
        }
    }

    /// A `GET` of a server-sent event stream.
    pub(crate) fn event_stream(path: &'static str) -> Self {
        Self {
            stream: true,
            ..Self::get(path)
        }
    }

    pub(crate) fn post(
        path: impl Into<Cow<'static, str>>,
        body: &impl Serialize,
    ) -> Result<Self, Failure> {
        let body = serde_json::to_vec(body).map_err(|e| Failure::Decode(e.to_string()))?;
        Ok(Self {
            method: Method::POST,
            path: path.into(),
            query: Vec::new(),
            body: Some(body),
            headers: Vec::new(),
            stream: false,
        })
    }

    pub(crate) fn put(
        path: impl Into<Cow<'static, str>>,
        body: &impl Serialize,
    ) -> Result<Self, Failure> {
        Ok(Self {
            method: Method::PUT,
            ..Self::post(path, body)?
        })
    }

    pub(crate) fn delete(path: impl Into<Cow<'static, str>>) -> Self {
        Self {
            method: Method::DELETE,
            ..Self::get(path)
        }
    }

    pub(crate) fn query(mut self, key: &'static str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.query.push((key, v.to_string()));
        }
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(v) = value {
            self.headers.push((name, v));
        }
        self
    }

    fn url(&self, base: &Url) -> Url {
        endpoint(base, &self.path, &self.query)
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
    /// An unauthenticated call (or one with a given token), decoded.
    pub(crate) async fn call<T: DeserializeOwned>(
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
    pub(crate) async fn call_authed<T: DeserializeOwned>(&self, call: &Call) -> Result<T, Failure> {
        let resp = self.send_authed(call).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        decode(status, &body)
    }

    /// An authenticated call whose success has no body (`204 No Content`), with the same refresh rule.
    pub(crate) async fn call_authed_empty(&self, call: &Call) -> Result<(), Failure> {
        let resp = self.send_authed(call).await?;
        let status = resp.status();
        let body = body_of(resp).await?;
        decode_empty(status, &body)
    }

    /// Sends an authenticated call and returns the answer unread (an event stream's body is read as it
    /// comes), except that an expired or invalid access token is refreshed once and the call retried.
    pub(crate) async fn send_authed(&self, call: &Call) -> Result<reqwest::Response, Failure> {
        let mut access = self.tokens().ok_or(Failure::NotLoggedIn)?.access_token;
        if access.is_empty() {
            // A browser session restored after a reload: only the refresh cookie holds a token.
            access = self.refresh(&access).await?;
        }
        let resp = self.send(call, Some(&access)).await?;
        if resp.status() == StatusCode::FORBIDDEN {
            return Err(self.forbidden(&access, resp).await);
        }
        if resp.status() != StatusCode::UNAUTHORIZED {
            return Ok(resp);
        }
        let body = body_of(resp).await?;
        if !is_token_problem(StatusCode::UNAUTHORIZED, &body) {
            return Err(error_of(StatusCode::UNAUTHORIZED, &body));
        }

        let access = self.refresh(&access).await?;
        let resp = self.send(call, Some(&access)).await?;
        if resp.status() == StatusCode::FORBIDDEN {
            return Err(self.forbidden(&access, resp).await);
        }
        if resp.status() != StatusCode::UNAUTHORIZED {
            return Ok(resp);
        }
        let body = body_of(resp).await?;
        if is_token_problem(StatusCode::UNAUTHORIZED, &body) {
            // A token the gateway has just issued is refused: no point in another round.
            return Err(self.expire_session(&access));
        }
        Err(error_of(StatusCode::UNAUTHORIZED, &body))
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
        if status == StatusCode::FORBIDDEN && ends_session(status, &body) {
            // App Login switched off: the session is over, and the user is told why.
            self.expire_session(stale_access);
            return Err(error_of(status, &body));
        }
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(self.expire_session(stale_access));
        }
        // Anything else (gateway down, throttled) leaves the session as it is: a later call may refresh.
        let pair: TokenPair = decode(status, &body)?;
        let access = pair.access_token.clone();
        self.replace_tokens(Some(pair));
        Ok(access)
    }

    /// A `403` answer as its failure. One that ends the session (App Login switched off) also forgets
    /// the tokens, so no other request keeps trying with them.
    async fn forbidden(&self, access: &str, resp: reqwest::Response) -> Failure {
        let body = match body_of(resp).await {
            Ok(body) => body,
            Err(f) => return f,
        };
        if ends_session(StatusCode::FORBIDDEN, &body) {
            self.expire_session(access);
        }
        error_of(StatusCode::FORBIDDEN, &body)
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
    pub(crate) async fn send(
        &self,
        call: &Call,
        bearer: Option<&str>,
    ) -> Result<reqwest::Response, Failure> {
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
            let mut req = http.request(call.method.clone(), call.url(&urls[idx]));
            req = if call.stream {
                // No end-to-end timeout: the stream stays open; its reader notices a silent one.
                req.header(
                    header::ACCEPT,
                    "text/event-stream, application/problem+json",
                )
                .header(header::CACHE_CONTROL, "no-cache")
            } else {
                req.header(header::ACCEPT, "application/json, application/problem+json")
                    .timeout(REQUEST_TIMEOUT)
            };
            // The token travels in this header only, never in a URL (logs, proxies, history).
            if let Some(token) = bearer {
                req = req.bearer_auth(token);
            }
            if self.inner.refresh_cookie && call.path.starts_with(paths::AUTH_PREFIX) {
                req = req.header(paths::REFRESH_IN_COOKIE, "1");
            }
            for (name, value) in &call.headers {
                req = req.header(*name, value.as_str());
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

pub(crate) async fn body_of(resp: reqwest::Response) -> Result<Vec<u8>, Failure> {
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

/// A success without a body (whatever it holds is ignored), an error body as the gateway's problem.
fn decode_empty(status: StatusCode, body: &[u8]) -> Result<(), Failure> {
    if status.is_success() {
        Ok(())
    } else {
        Err(error_of(status, body))
    }
}

pub(crate) fn error_of(status: StatusCode, body: &[u8]) -> Failure {
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

/// A `403` that ends the session: the person's App Login was switched off.
fn ends_session(status: StatusCode, body: &[u8]) -> bool {
    status == StatusCode::FORBIDDEN
        && serde_json::from_slice::<Problem>(body)
            .is_ok_and(|p| p.code == ErrorCode::AppLoginDisabled)
}

pub(crate) fn excerpt(body: &[u8]) -> String {
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
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
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
    use cvm_api::Me;

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
    fn an_empty_success_decodes_and_an_error_is_still_a_problem() {
        assert_eq!(decode_empty(StatusCode::NO_CONTENT, b""), Ok(()));
        let p = Problem::new(ErrorCode::Validation, "busy").with_field("group");
        let body = serde_json::to_vec(&p).unwrap();
        assert_eq!(
            decode_empty(StatusCode::UNPROCESSABLE_ENTITY, &body),
            Err(Failure::api(p))
        );
        assert!(matches!(
            decode::<Me>(StatusCode::NO_CONTENT, b""),
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
}
