//! Background work of the gateway (the event poller, pruning, later the outbox): each task gets a
//! [`Shutdown`] signal and is awaited, with a grace period, when the gateway stops.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A task's view of the stop signal.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Resolves once the gateway is stopping.
    pub async fn wait(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }

    pub fn is_stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Sleeps for `d`; returns false when woken by the stop signal instead.
    pub async fn sleep(&mut self, d: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.is_stopping(),
            _ = self.wait() => false,
        }
    }
}

/// The gateway's background tasks.
pub struct Tasks {
    stop: watch::Sender<bool>,
    running: Mutex<Vec<(&'static str, JoinHandle<()>)>>,
}

impl Default for Tasks {
    fn default() -> Self {
        Self {
            stop: watch::channel(false).0,
            running: Mutex::new(Vec::new()),
        }
    }
}

impl Tasks {
    /// Starts a named task; it should return soon after its `Shutdown` fires.
    pub fn spawn<F, Fut>(&self, name: &'static str, task: F)
    where
        F: FnOnce(Shutdown) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let fut = task(Shutdown(self.stop.subscribe()));
        let handle = tokio::spawn(async move {
            fut.await;
            tracing::debug!(task = name, "task ended");
        });
        self.lock().push((name, handle));
    }

    /// A stop signal for work that is not a task of this set (e.g. open SSE streams).
    pub fn shutdown_signal(&self) -> Shutdown {
        Shutdown(self.stop.subscribe())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(&'static str, JoinHandle<()>)>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Signals every task to stop and waits up to `grace` for each; the ones still running are aborted.
    pub async fn shutdown(&self, grace: Duration) {
        let _ = self.stop.send(true);
        let tasks = std::mem::take(&mut *self.lock());
        let deadline = tokio::time::Instant::now() + grace;
        for (name, mut handle) in tasks {
            if tokio::time::timeout_at(deadline, &mut handle)
                .await
                .is_err()
            {
                tracing::warn!(task = name, "task did not stop in time; aborted");
                handle.abort();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn tasks_stop_on_shutdown_and_stragglers_are_aborted() {
        let tasks = Tasks::default();
        let finished = Arc::new(AtomicBool::new(false));
        let f = finished.clone();
        tasks.spawn("polite", move |mut stop| async move {
            while stop.sleep(Duration::from_millis(5)).await {}
            f.store(true, Ordering::SeqCst);
        });
        tasks.spawn("stubborn", |_| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        });
        tasks.shutdown(Duration::from_millis(200)).await;
        assert!(finished.load(Ordering::SeqCst));
        assert!(tasks.lock().is_empty());
    }
}
