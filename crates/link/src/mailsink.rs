//! A real SMTP server on loopback for the demo and the tests (mailin-embedded): it accepts every message
//! and writes it to `DIR/NNNN.eml`, except to recipients listed as refused, which get a permanent
//! `550 No such mailbox` — what a real server says about a mistyped address.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mailin_embedded::response::{NO_MAILBOX, OK};
use mailin_embedded::{Handler, Response, Server, SslConfig};

/// A running sink; its thread serves until the process ends.
#[derive(Clone)]
pub struct MailSink {
    pub addr: SocketAddr,
    pub dir: PathBuf,
}

#[derive(Clone)]
struct Sink {
    dir: PathBuf,
    counter: Arc<AtomicUsize>,
    refused: Arc<Vec<String>>,
    /// The message being received (each connection has its own handler).
    current: Vec<u8>,
}

impl Handler for Sink {
    fn rcpt(&mut self, to: &str) -> Response {
        let to = to.trim_matches(['<', '>']).to_ascii_lowercase();
        if self.refused.contains(&to) {
            NO_MAILBOX
        } else {
            OK
        }
    }

    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.current.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let n = self.counter.fetch_add(1, Ordering::SeqCst) + 1;
        let body = std::mem::take(&mut self.current);
        let path = self.dir.join(format!("{n:04}.eml"));
        match std::fs::write(&path, body) {
            Ok(()) => OK,
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "the mail sink could not write a message");
                mailin_embedded::response::INTERNAL_ERROR
            }
        }
    }
}

impl MailSink {
    /// Serves on `listener` (a loopback address), writing messages to `dir` (created).
    pub fn start(listener: TcpListener, dir: &Path, refused: &[&str]) -> anyhow::Result<MailSink> {
        std::fs::create_dir_all(dir)?;
        let addr = listener.local_addr()?;
        anyhow::ensure!(
            addr.ip().is_loopback(),
            "the mail sink listens on loopback only"
        );
        let handler = Sink {
            dir: dir.to_path_buf(),
            counter: Arc::new(AtomicUsize::new(count_eml(dir))),
            refused: Arc::new(refused.iter().map(|r| r.to_ascii_lowercase()).collect()),
            current: Vec::new(),
        };
        let mut server = Server::new(handler);
        server
            .with_name("cvlink-mail-sink.localhost")
            .with_ssl(SslConfig::None)
            .map_err(|e| anyhow::anyhow!("mail sink: {e}"))?
            .with_tcp_listener(listener);
        std::thread::Builder::new()
            .name("mail-sink".into())
            .spawn(move || {
                if let Err(e) = server.serve() {
                    tracing::warn!(error = %e, "the mail sink stopped");
                }
            })?;
        Ok(MailSink {
            addr,
            dir: dir.to_path_buf(),
        })
    }

    /// The messages received so far, oldest first.
    pub fn messages(&self) -> Vec<PathBuf> {
        list_eml(&self.dir)
    }
}

fn list_eml(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    out.sort();
    out
}

fn count_eml(dir: &Path) -> usize {
    list_eml(dir).len()
}
