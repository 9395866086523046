//! The login scanner's camera: opens it in the webview (getUserMedia through `document::eval`, see
//! `assets/camera.js`), decodes its frames in Rust with cvm-scan, and runs the effects `cvm-core`'s
//! scanner asks for.

use cvm_core::{update_scanner, CameraError, Event, Scanner, ScannerEffect, ScannerEvent};
use dioxus::prelude::*;
use futures::future::{select, Either};
use futures::StreamExt;
use serde::Deserialize;

use super::use_app;

/// The camera script; `dioxus` in it is eval's channel.
const CAMERA_JS: &str = include_str!("../../assets/camera.js");

/// Whether this build offers the camera: the web build, the phone builds (their webviews ask the user),
/// and the desktop build on Linux, where `crate::desktop::enable_webview` switches WebKitGTK's media
/// stream on and grants the scanner's request itself.
pub const CAMERA_SUPPORTED: bool = cfg!(any(
    target_arch = "wasm32",
    feature = "mobile",
    all(feature = "desktop", target_os = "linux")
));

/// Set while the scanner wants the camera (from "Scan with camera" until it closes or fails): the
/// desktop build grants camera requests only then.
static CAMERA_WANTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the scanner is asking for the camera right now.
pub fn camera_wanted() -> bool {
    CAMERA_WANTED.load(std::sync::atomic::Ordering::SeqCst)
}

fn set_camera_wanted(wanted: bool) {
    CAMERA_WANTED.store(wanted, std::sync::atomic::Ordering::SeqCst);
}

/// What the camera script reports.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum FromCamera {
    Started { torch: bool },
    Error { name: String },
    Frame { w: u32, h: u32, luma: String },
}

/// The scanner's state for the view, and the user's actions on it.
#[derive(Clone, Copy, PartialEq)]
pub struct CameraScanner {
    pub state: Signal<Scanner>,
    /// How many camera frames reached the decoder since the viewfinder opened (shown, hidden, in
    /// `#scanner-frames`, which tests read; only that element re-renders per frame).
    pub frames: Signal<u32>,
    actions: Coroutine<ScannerEvent>,
}

impl CameraScanner {
    pub fn open(&self) {
        self.actions.send(ScannerEvent::Open);
    }

    pub fn close(&self) {
        self.actions.send(ScannerEvent::Closed);
    }

    pub fn toggle_torch(&self) {
        self.actions.send(ScannerEvent::TorchToggled);
    }
}

/// The scanner of the login screen.
pub fn use_camera_scanner() -> CameraScanner {
    let app = use_app();
    let state = use_signal(Scanner::default);
    let frames = use_signal(|| 0u32);
    let actions = use_coroutine(move |mut rx: UnboundedReceiver<ScannerEvent>| async move {
        let mut state = state;
        let mut frames = frames;
        let mut camera: Option<document::Eval> = None;
        let mut scanner = cvm_scan::FrameScanner::new();
        loop {
            let mut script_ended = false;
            let event = match camera.as_mut() {
                None => match rx.next().await {
                    Some(e) => e,
                    None => return,
                },
                Some(eval) => {
                    let msg = std::pin::pin!(eval.recv::<FromCamera>());
                    match select(rx.next(), msg).await {
                        Either::Left((None, _)) => return,
                        Either::Left((Some(e), _)) => e,
                        Either::Right((Ok(msg), _)) => {
                            let (event, decoded) = camera_event(msg, &mut scanner);
                            if decoded {
                                *frames.write() += 1;
                            }
                            event
                        }
                        // The script ended (or failed) without saying why.
                        Either::Right((Err(_), _)) => {
                            script_ended = true;
                            ScannerEvent::Failed(CameraError::Unavailable)
                        }
                    }
                }
            };
            if script_ended {
                camera = None;
            }
            // Each answered frame asks for the next one: one request in flight at a time.
            let next_frame = matches!(event, ScannerEvent::Started { .. } | ScannerEvent::Frame(_));
            // Most frames change nothing: write (and re-render) only when the state changes.
            let mut next = state.peek().clone();
            let effects = update_scanner(event, &mut next);
            if *state.peek() != next {
                state.set(next);
            }
            for fx in effects {
                match fx {
                    ScannerEffect::StartCamera => {
                        scanner = cvm_scan::FrameScanner::new();
                        frames.set(0);
                        set_camera_wanted(true);
                        camera = Some(document::eval(CAMERA_JS));
                    }
                    ScannerEffect::StopCamera => {
                        set_camera_wanted(false);
                        if let Some(eval) = camera.take() {
                            let _ = eval.send("stop");
                        }
                    }
                    ScannerEffect::SetTorch(on) => {
                        if let Some(eval) = &camera {
                            let _ = eval.send(serde_json::json!({ "torch": on }));
                        }
                    }
                    ScannerEffect::UseOrgCode(text) => {
                        app.dispatch(Event::OrgImageDecoded(Ok(vec![text])));
                    }
                }
            }
            if let (Some(eval), true) = (&camera, next_frame && state.peek().wants_frames()) {
                let _ = eval.send("frame");
            }
            if matches!(*state.peek(), Scanner::Failed(_)) {
                set_camera_wanted(false);
                // The script waits for this before it ends (see camera.js).
                if let Some(eval) = camera.take() {
                    let _ = eval.send("stop");
                }
            }
        }
    });
    use_drop(|| set_camera_wanted(false));
    // Leaving the screen drops this coroutine and its eval; camera.js then stops the camera by itself
    // (it checks every second that the viewfinder is still on the page).
    CameraScanner {
        state,
        frames,
        actions,
    }
}

/// The scanner event for a message of the camera script, and whether it carried a frame the decoder
/// could read (the video may not have a picture yet).
fn camera_event(msg: FromCamera, scanner: &mut cvm_scan::FrameScanner) -> (ScannerEvent, bool) {
    match msg {
        FromCamera::Started { torch } => (ScannerEvent::Started { torch }, false),
        FromCamera::Error { name } => (
            ScannerEvent::Failed(CameraError::from_dom_name(&name)),
            false,
        ),
        FromCamera::Frame { w, h, luma } => {
            // One char per byte: see camera.js.
            let luma: Vec<u8> = luma.chars().map(|c| c as u32 as u8).collect();
            if w == 0 || h == 0 || luma.len() != (w as usize) * (h as usize) {
                return (ScannerEvent::Frame(vec![]), false);
            }
            (ScannerEvent::Frame(scanner.scan(w, h, &luma)), true)
        }
    }
}
