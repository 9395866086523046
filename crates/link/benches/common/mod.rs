//! What the benchmark binaries share: the gateway's configuration in front of a cvsim, and quantiles.

#![allow(dead_code)] // each benchmark uses part of it

use std::path::Path;
use std::time::Duration;

/// The API secret the benchmarks' cvsim takes.
pub const TOKEN: &str = "0123456789ABCDEF0123456789ABCDEF";

/// A gateway configuration: data in `dir`, HTTPS on `https`, CVSecurity at `upstream_url`.
pub fn gateway_config(
    dir: &Path,
    upstream_url: String,
    https: std::net::SocketAddr,
    timeout_secs: u64,
) -> cvlink::Config {
    cvlink::Config {
        site: cvlink::config::SiteConfig {
            name: "Bench".into(),
            data_dir: dir.join("data"),
            public_urls: vec![format!("https://{https}")],
        },
        upstream: cvlink::config::UpstreamConfig {
            url: upstream_url,
            secret: TOKEN.into(),
            accept_invalid_certs: false,
            cert_sha256: None,
            timeout_secs,
            qr_validity_secs: 30,
        },
        listen: cvlink::config::ListenConfig { https, http: None },
        auth: Default::default(),
        web: Default::default(),
        events: Default::default(),
        smtp: None,
        visitors: Default::default(),
        relay: None,
    }
}

/// The `q` quantile of `v` (nearest rank).
pub fn quantile(v: &[Duration], q: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
