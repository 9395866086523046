//! The log set-up of the servers' `main` (cvlink, cvsim): human-readable lines on standard error, the
//! level from `RUST_LOG` when set, else `default` (e.g. `"cvlink=info,cvsim=warn"`). Standard output stays
//! free for what the commands print (the org code, tables).

/// Installs the subscriber; call once, first thing in `main`.
pub fn init(default: &str) {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| default.into()),
        )
        .with_writer(std::io::stderr)
        .init();
}
