//! Starting the gateway: state from the config, the router (API + web build), and the HTTPS and
//! optional loopback HTTP listeners.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use axum::http::{header, HeaderValue};
use axum::Router;
use cvm_api::OrgCode;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::state::{AppState, OrgIdentity};
use crate::tls::{init_crypto, TlsIdentity};
use crate::upstream::Upstream;
use crate::{api, db, poller};

/// The org code of a configuration, with the fingerprint of its key.
pub fn org_code(cfg: &Config, tls: &TlsIdentity) -> anyhow::Result<OrgCode> {
    let urls = cfg
        .org_urls()
        .iter()
        .map(|u| url::Url::parse(u).with_context(|| format!("{u:?} is not a URL")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(OrgCode::new(cfg.site.name.clone(), urls, tls.fingerprint)?)
}

pub fn tls_identity(cfg: &Config) -> anyhow::Result<TlsIdentity> {
    let hosts: Vec<String> = cfg
        .org_urls()
        .iter()
        .filter_map(|u| url::Url::parse(u).ok()?.host_str().map(str::to_string))
        .collect();
    TlsIdentity::load_or_create(&cfg.site.data_dir.join("tls"), &hosts)
}

pub async fn build_state(cfg: &Config) -> anyhow::Result<(AppState, TlsIdentity)> {
    init_crypto();
    let tls = tls_identity(cfg)?;
    let code = org_code(cfg, &tls)?;
    let db = db::open(&cfg.db_path()).await?;
    let state = AppState {
        db,
        upstream: Upstream::new(&cfg.upstream)?,
        org: Arc::new(OrgIdentity {
            name: cfg.site.name.clone(),
            code,
            fingerprint: tls.fingerprint,
        }),
        auth: Arc::new(cfg.auth.clone()),
        throttle: Default::default(),
        areas_learned_at: Arc::new(Mutex::new(None)),
        bus: Default::default(),
        tasks: Default::default(),
        password_checks: Arc::new(tokio::sync::Semaphore::new(
            cfg.auth.max_concurrent_password_checks.max(1) as usize,
        )),
        outbox: Default::default(),
        mail_configured: cfg.smtp.is_some(),
        visit_reasons: Arc::new(cfg.visitors.reasons.clone()),
        last_poll: Default::default(),
        people: Default::default(),
        month_visits: Default::default(),
        relay: Arc::new(tokio::sync::watch::channel(crate::relay::initial(cfg)).0),
        boot: {
            let mut b = [0u8; 8];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
            hex::encode(b).into()
        },
    };
    Ok((state, tls))
}

/// What the web build may load and run: only this origin's files; no inline script (the app starts from
/// `boot.js`); `'unsafe-eval'` because Dioxus runs its `document::eval` scripts (camera, wake lock,
/// notifications) through `new Function`; `'wasm-unsafe-eval'` for the app itself; inline styles, which
/// the UI sets; photos as `data:` URLs; no frames, plugins or foreign form targets.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; \
     connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

/// The web build's content-hashed files (`/assets/name.<16 hex>.ext`) never change: a browser keeps them
/// for a year without asking again. Everything else (index.html above all) is `no-cache`.
async fn immutable_assets(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut resp = next.run(req).await;
    if hashed && resp.status().is_success() {
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    resp
}

pub fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/assets/") else {
        return false;
    };
    !name.contains('/')
        && name
            .split('.')
            .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The whole HTTP surface: the API, and the web build (single-page app: unknown paths get index.html).
pub fn app(state: AppState, web_dir: Option<&Path>) -> Router {
    let (api, _) = api::router(&state);
    let mut router = api.with_state(state);
    if let Some(dir) = web_dir {
        let spa = ServeDir::new(dir)
            .precompressed_br()
            .fallback(ServeFile::new(dir.join("index.html")));
        router = router
            .fallback_service(spa)
            .layer(axum::middleware::from_fn(immutable_assets));
    }
    router
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// Sockets to serve on, bound by the caller (so tests and the demo can use port 0).
pub struct Listeners {
    pub https: std::net::TcpListener,
    pub http: Option<std::net::TcpListener>,
}

impl Listeners {
    pub fn bind(cfg: &Config) -> anyhow::Result<Self> {
        let https = std::net::TcpListener::bind(cfg.listen.https)
            .with_context(|| format!("binding {}", cfg.listen.https))?;
        let http = cfg
            .listen
            .http
            .map(|a| std::net::TcpListener::bind(a).with_context(|| format!("binding {a}")))
            .transpose()?;
        Ok(Self { https, http })
    }
}

/// A running gateway; dropping it does not stop it, `shutdown` does.
pub struct Gateway {
    pub state: AppState,
    pub https_addr: SocketAddr,
    pub http_addr: Option<SocketAddr>,
    handle: axum_server::Handle,
    tasks: Vec<JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Gateway {
    pub async fn start(cfg: &Config, listeners: Listeners) -> anyhow::Result<Self> {
        cfg.validate()?;
        let (state, tls) = build_state(cfg).await?;
        let router = app(state.clone(), cfg.web.dir.as_deref());
        let (poll_state, events) = (state.clone(), cfg.events.clone());
        state.tasks.spawn("event poller", move |stop| {
            poller::run(poll_state, events, stop)
        });
        let mailer = cfg
            .smtp
            .as_ref()
            .map(crate::mail::Mailer::new)
            .transpose()
            .context("[smtp]")?;
        crate::outbox::spawn(&state, mailer);
        let https_addr = listeners.https.local_addr()?;
        crate::relay::start(cfg, https_addr, &state).context("[relay]")?;
        listeners.https.set_nonblocking(true)?;
        let handle = axum_server::Handle::new();
        let rustls = axum_server::tls_rustls::RustlsConfig::from_config(tls.server_config()?);
        let server = axum_server::from_tcp_rustls(listeners.https, rustls).handle(handle.clone());
        let svc = router
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        let mut tasks = vec![tokio::spawn(async move {
            if let Err(e) = server.serve(svc).await {
                tracing::error!(error = %e, "HTTPS server stopped");
            }
        })];
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let mut http_addr = None;
        if let Some(l) = listeners.http {
            l.set_nonblocking(true)?;
            http_addr = Some(l.local_addr()?);
            let l = tokio::net::TcpListener::from_std(l)?;
            let svc = router
                .layer(axum::middleware::from_fn(loopback_host))
                .layer(axum::Extension(crate::api::auth_routes::PlainHttp))
                .into_make_service_with_connect_info::<SocketAddr>();
            tasks.push(tokio::spawn(async move {
                let shutdown = async move {
                    let _ = stopped.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(l, svc).with_graceful_shutdown(shutdown).await {
                    tracing::error!(error = %e, "HTTP server stopped");
                }
            }));
        }
        tracing::info!(%https_addr, ?http_addr, org = %state.org.name, "cvlink listening");
        Ok(Self {
            state,
            https_addr,
            http_addr,
            handle,
            tasks,
            stop,
        })
    }

    pub fn org_code(&self) -> &OrgCode {
        &self.state.org.code
    }

    pub async fn shutdown(self) {
        // Background tasks first: open event streams end with them, so the servers can drain.
        self.state
            .tasks
            .shutdown(std::time::Duration::from_secs(5))
            .await;
        self.handle
            .graceful_shutdown(Some(std::time::Duration::from_secs(2)));
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// The plain-HTTP listener answers only requests addressed to loopback by name or number: a page on
/// another site that points its own domain at 127.0.0.1 (DNS rebinding) gets nothing.
async fn loopback_host(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if is_loopback_host(host) {
        next.run(req).await
    } else {
        crate::error::ApiError::Forbidden.into_response()
    }
}

/// `localhost`, `127.0.0.1`, `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_hosts_pass() {
        for h in [
            "localhost",
            "LOCALHOST:8700",
            "127.0.0.1",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:8700",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "",
            "evil.example",
            "evil.example:8700",
            "10.0.0.5:8700",
            "localhost.evil.example",
            "[::2]:1",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
