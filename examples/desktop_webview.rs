//! Checks the desktop build's webview end to end (WebKitGTK through wry), headless under Xvfb:
//!
//! - camera (no argument): the app starts, "Scan with camera" opens the viewfinder, WebKitGTK grants the
//!   video device, and its frames travel through the desktop IPC into cvm-scan's decoder; the microphone
//!   stays refused; closing the viewfinder stops the camera. Run as
//!   `CVMOBILE_MOCK_CAMERA=1 xvfb-run -a cargo run --example desktop_webview --features desktop`
//!   (WebKitGTK's simulated camera stands in for a real one).
//! - `no-camera` (and no camera): the viewfinder says there is no camera and offers the paste and image
//!   alternatives.
//! - `notifications`, on a private session bus (`dbus-run-session -- xvfb-run -a …`): this process
//!   registers itself as the desktop's notification service (`org.freedesktop.Notifications`, the one
//!   GNOME, KDE and every notification daemon provide); switching background notifications on grants
//!   the app's page the permission, and a notification the app raises reaches that service through
//!   WebKitGTK with its title and text — what a user's desktop would show.
//!
//! `cargo xtask test` runs all three. Exits 0 when every check passes.

use std::time::{Duration, Instant};

use dioxus::prelude::*;
use serde_json::Value;

fn main() {
    // A watchdog: a window that never loads must fail the check, not hang it.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(180));
        eprintln!("desktop webview: FAILED: no result after 180 s");
        std::process::exit(2);
    });
    // A profile of its own for every run: what an earlier run stored (the notification switch in
    // localStorage) must not decide this one.
    let profile = profile_dir();
    let _ = std::fs::remove_dir_all(&profile);
    dioxus::LaunchBuilder::desktop()
        .with_cfg(cvmobile::desktop::config().with_data_directory(&profile))
        .launch(Check);
}

/// The webview's data directory for this run.
fn profile_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("cvmobile-webview-check-{}", std::process::id()))
}

#[component]
fn Check() -> Element {
    use_future(|| async {
        let mode = std::env::args().nth(1).unwrap_or_default();
        let result = match mode.as_str() {
            "no-camera" => run_no_camera().await,
            "notifications" => run_notifications().await,
            _ => run().await,
        };
        let code = match result {
            Ok(report) => {
                println!("desktop webview: ok: {report}");
                0
            }
            Err(e) => {
                eprintln!("desktop webview: FAILED: {e}");
                1
            }
        };
        let _ = std::fs::remove_dir_all(profile_dir());
        std::process::exit(code);
    });
    rsx! { cvmobile::App {} }
}

/// Runs `script` (an async function body) and returns its value. The value comes back as a message
/// and the script ends only after Rust has read it: on desktop, a `return`ed value can be lost when the
/// eval's channel closes first.
async fn js(script: &str) -> Result<Value, String> {
    let wrapped = format!(
        "const f = async () => {{ {script} }};\n\
         let v; try {{ v = await f(); }} catch (e) {{ v = {{ thrown: String(e) }}; }}\n\
         dioxus.send(v === undefined ? null : v);\n\
         await dioxus.recv();"
    );
    let mut eval = document::eval(&wrapped);
    let value = eval
        .recv::<Value>()
        .await
        .map_err(|e| format!("script failed ({e}): {script}"))?;
    let _ = eval.send("done");
    if let Some(thrown) = value.get("thrown") {
        return Err(format!("script threw {thrown}: {script}"));
    }
    Ok(value)
}

/// Asks the page for media with `constraints` (JS object literal); "granted" or the error's name.
async fn media_request(constraints: &str) -> Result<Value, String> {
    js(&format!(
        "try {{ const s = await navigator.mediaDevices.getUserMedia({constraints}); \
         s.getTracks().forEach(t => t.stop()); return 'granted'; }} catch (e) {{ return e.name; }}"
    ))
    .await
}

/// Polls `script` until it returns something other than `null`.
async fn wait_for(what: &str, script: &str, timeout: Duration) -> Result<Value, String> {
    let start = Instant::now();
    loop {
        let v = js(script).await?;
        if !v.is_null() {
            return Ok(v);
        }
        if start.elapsed() > timeout {
            return Err(format!("timed out after {timeout:?} waiting for {what}"));
        }
        sleep(Duration::from_millis(100)).await;
    }
}

async fn sleep(d: Duration) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    std::thread::spawn(move || {
        std::thread::sleep(d);
        let _ = tx.send(());
    });
    let _ = rx.await;
}

const LONG: Duration = Duration::from_secs(30);

async fn open_scanner() -> Result<(), String> {
    wait_for(
        "the login screen's camera button",
        "const b = document.getElementById('scan-camera'); if (!b) return null; b.click(); return true;",
        LONG,
    )
    .await
    .map(drop)
}

async fn run_no_camera() -> Result<String, String> {
    open_scanner().await?;
    let shown = wait_for(
        "the viewfinder's error",
        r#"const err = document.getElementById('scanner-error');
           if (!err) return null;
           return { error: err.textContent,
                    paste: !!document.getElementById('scanner-paste'),
                    image: !!document.getElementById('scanner-image') };"#,
        LONG,
    )
    .await?;
    let error = shown["error"].as_str().unwrap_or_default().to_string();
    if !error.to_lowercase().contains("no camera") {
        return Err(format!(
            "expected the no-camera message, the viewfinder says {error:?}"
        ));
    }
    if shown["paste"] != true || shown["image"] != true {
        return Err(format!("the alternatives are missing: {shown}"));
    }
    Ok(format!(
        "no camera: {error:?}, with paste and image offered"
    ))
}

async fn run() -> Result<String, String> {
    let long = LONG;
    // Before the user asks to scan, the page gets no camera.
    wait_for(
        "the login screen",
        "return document.getElementById('scan-camera') ? true : null;",
        LONG,
    )
    .await?;
    let early = media_request("{ video: true }").await?;
    if early != "NotAllowedError" {
        return Err(format!(
            "before \"Scan with camera\", a camera request was answered {early}, not NotAllowedError"
        ));
    }
    open_scanner().await?;
    // The viewfinder shows the picture and the decoder gets frames; a camera error ends the check.
    let first = wait_for(
        "decoded camera frames",
        r#"const s = document.getElementById('scanner');
           const err = document.getElementById('scanner-error');
           if (err) return { error: err.textContent };
           const v = document.getElementById('scanner-video');
           const counter = document.getElementById('scanner-frames');
           const n = counter ? Number(counter.textContent) : 0;
           if (!v || !v.videoWidth || n < 3) return null;
           return { frames: n, w: v.videoWidth, h: v.videoHeight, t: performance.now() };"#,
        long,
    )
    .await?;
    if let Some(err) = first.get("error") {
        return Err(format!("the viewfinder shows a camera error: {err}"));
    }
    sleep(Duration::from_secs(3)).await;
    let later = js(
        r#"const counter = document.getElementById('scanner-frames');
        return { frames: Number(counter.textContent), t: performance.now() };"#,
    )
    .await?;
    let n = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let fps =
        (n(&later, "frames") - n(&first, "frames")) / ((n(&later, "t") - n(&first, "t")) / 1000.0);
    if fps <= 0.0 {
        return Err("frames stopped reaching the decoder".into());
    }
    // Only the camera is granted: the microphone is refused, alone or with the camera.
    for (what, constraints) in [
        ("microphone", "{ audio: true }"),
        ("camera and microphone", "{ video: true, audio: true }"),
    ] {
        let answer = media_request(constraints).await?;
        if answer != "NotAllowedError" {
            return Err(format!(
                "a {what} request was answered {answer}, not NotAllowedError"
            ));
        }
    }
    // Closing the viewfinder stops the camera.
    js("document.getElementById('scanner-close').click(); return true;").await?;
    wait_for(
        "the viewfinder to close",
        "return document.getElementById('scanner') ? null : true;",
        long,
    )
    .await?;
    Ok(format!(
        "{}x{} camera picture, {fps:.1} frames/s decoded through the desktop IPC, camera refused before \
         \"Scan with camera\", microphone refused",
        n(&first, "w"),
        n(&first, "h")
    ))
}

/// What the stand-in notification service was asked to show: (application, summary, body).
type Shown = std::sync::Arc<std::sync::Mutex<Vec<(String, String, String)>>>;

/// The desktop's notification service (the freedesktop.org Desktop Notifications interface), recording
/// what it is asked to show.
#[cfg(target_os = "linux")]
struct NotificationService {
    shown: Shown,
}

#[cfg(target_os = "linux")]
#[zbus::interface(name = "org.freedesktop.Notifications")]
impl NotificationService {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: std::collections::HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        shown.push((app_name, summary, body));
        shown.len() as u32
    }

    fn close_notification(&self, _id: u32) {}

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "desktop_webview check".into(),
            "cvmobile".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

#[cfg(target_os = "linux")]
async fn run_notifications() -> Result<String, String> {
    use cvm_api::{EventKind, EventLevel, LiveEvent, Role};

    let shown = Shown::default();
    // Kept for the whole run: dropping the connection would leave the bus name.
    let _service = zbus::blocking::connection::Builder::session()
        .and_then(|b| b.name("org.freedesktop.Notifications"))
        .and_then(|b| {
            b.serve_at(
                "/org/freedesktop/Notifications",
                NotificationService {
                    shown: shown.clone(),
                },
            )
        })
        .and_then(|b| b.build())
        .map_err(|e| {
            format!("no session bus to serve notifications on (run under dbus-run-session): {e}")
        })?;
    wait_for(
        "the login screen",
        "return document.getElementById('scan-camera') ? true : null;",
        LONG,
    )
    .await?;
    let before = cvmobile::services::notify::command("state")
        .await
        .ok_or("notify.js gave no state")?;
    if !before.supported || before.on {
        return Err(format!("before switching on: {before:?}"));
    }
    // The user switches background notifications on: the app's own page gets the permission.
    let after = cvmobile::services::notify::command("enable")
        .await
        .ok_or("notify.js gave no state")?;
    if !after.on {
        return Err(format!("switching on did not take: {after:?}"));
    }
    let test = LiveEvent {
        to: Some("personnel:1001".into()),
        ..LiveEvent::new(
            cvm_api::EventId(7),
            "2026-12-02 10:00:00",
            EventKind::Test,
            EventLevel::Normal,
            "test",
        )
    };
    let row = cvmobile::services::notify::announce(Role::Personnel, &test)
        .ok_or("a test event makes no notification row")?;
    let title = cvmobile::i18n::text(&row.title);
    let start = Instant::now();
    loop {
        let got = shown.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some((app, summary, body)) = got.first() {
            if summary != &title {
                return Err(format!(
                    "the desktop was asked to show {summary:?}, not {title:?}"
                ));
            }
            return Ok(format!(
                "switching on granted the page; the test notification reached org.freedesktop.Notifications \
                 in {} ms as {summary:?} (application {app:?}, body {body:?})",
                start.elapsed().as_millis()
            ));
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err(
                "no notification reached the desktop's notification service in 15 s".into(),
            );
        }
        sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(not(target_os = "linux"))]
async fn run_notifications() -> Result<String, String> {
    Err("the notification check runs on Linux (WebKitGTK) only".into())
}
