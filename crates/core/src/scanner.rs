//! The camera scanner on the login screen: what the viewfinder shows, and what to do with each decoded
//! frame. The camera itself (getUserMedia in the webview) is the app's job; this decides.

use cvm_api::OrgCode;

use crate::message::{keys, Message, Text};

/// Whether the camera's torch can be switched, and how it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Torch {
    #[default]
    Unsupported,
    Off,
    On,
}

/// Why the camera could not be started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraError {
    /// The user (or a site policy) refused the permission.
    Denied,
    /// No camera, or no camera API at all.
    NoCamera,
    /// A camera exists but could not be started (another app holds it, hardware error).
    Unavailable,
}

impl CameraError {
    /// Maps the `name` of a getUserMedia `DOMException` (or the app's own `NoMediaDevices` when the
    /// API is missing).
    pub fn from_dom_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => Self::Denied,
            "NotFoundError"
            | "DevicesNotFoundError"
            | "OverconstrainedError"
            | "NoMediaDevices"
            | "TypeError" => Self::NoCamera,
            _ => Self::Unavailable,
        }
    }

    /// What to tell the user, and how to fix it.
    pub fn message(self) -> Message {
        match self {
            Self::Denied => {
                Message::new(keys::CAMERA_DENIED).help(Text::new(keys::CAMERA_DENIED_HELP))
            }
            Self::NoCamera => {
                Message::new(keys::CAMERA_NONE).help(Text::new(keys::CAMERA_ALTERNATIVES))
            }
            Self::Unavailable => {
                Message::new(keys::CAMERA_UNAVAILABLE).help(Text::new(keys::CAMERA_ALTERNATIVES))
            }
        }
    }
}

/// The scanner's lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scanner {
    /// The viewfinder is closed.
    #[default]
    Idle,
    /// The camera was asked for; the permission prompt may be showing.
    Starting,
    /// Frames are being decoded.
    Scanning {
        torch: Torch,
        /// A QR was seen that is not an org code (shown as a hint; scanning goes on).
        wrong_code: bool,
    },
    /// The camera could not be started; the viewfinder shows why and the alternatives.
    Failed(CameraError),
    /// An org code was read and put in the form; the viewfinder is closed.
    Found { org_name: String },
}

/// What happens to the scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerEvent {
    /// The user asked to scan with the camera.
    Open,
    /// The camera is running; `torch` says whether its track can switch a torch.
    Started {
        torch: bool,
    },
    Failed(CameraError),
    /// The QR payloads found in one frame (usually none).
    Frame(Vec<String>),
    TorchToggled,
    /// The user closed the viewfinder, or left the screen.
    Closed,
}

/// What the app must do with the camera and the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerEffect {
    StartCamera,
    StopCamera,
    SetTorch(bool),
    /// Put this org code in the form.
    UseOrgCode(String),
}

impl Scanner {
    /// Whether the viewfinder (camera, or the reason there is none) is on screen.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            Self::Starting | Self::Scanning { .. } | Self::Failed(_)
        )
    }

    /// Whether frames are wanted.
    pub fn wants_frames(&self) -> bool {
        matches!(self, Self::Scanning { .. })
    }

    fn camera_on(&self) -> bool {
        matches!(self, Self::Starting | Self::Scanning { .. })
    }
}

/// Applies one event; the effects are for the app to run in order.
pub fn update_scanner(event: ScannerEvent, state: &mut Scanner) -> Vec<ScannerEffect> {
    match event {
        ScannerEvent::Open => {
            if state.camera_on() {
                return vec![];
            }
            *state = Scanner::Starting;
            vec![ScannerEffect::StartCamera]
        }
        ScannerEvent::Started { torch } => {
            if *state != Scanner::Starting {
                // Closed while the permission prompt was up: the camera came too late.
                return vec![ScannerEffect::StopCamera];
            }
            let torch = if torch {
                Torch::Off
            } else {
                Torch::Unsupported
            };
            *state = Scanner::Scanning {
                torch,
                wrong_code: false,
            };
            vec![]
        }
        ScannerEvent::Failed(error) => {
            if *state == Scanner::Starting {
                *state = Scanner::Failed(error);
            }
            vec![]
        }
        ScannerEvent::Frame(payloads) => {
            let Scanner::Scanning { wrong_code, .. } = state else {
                return vec![];
            };
            if let Some((text, org)) = payloads.iter().find_map(|p| {
                OrgCode::parse(p)
                    .ok()
                    .map(|org| (p.trim().to_string(), org))
            }) {
                *state = Scanner::Found {
                    org_name: org.name().to_string(),
                };
                return vec![ScannerEffect::StopCamera, ScannerEffect::UseOrgCode(text)];
            }
            if payloads.iter().any(|p| !p.trim().is_empty()) {
                *wrong_code = true;
            }
            vec![]
        }
        ScannerEvent::TorchToggled => match state {
            Scanner::Scanning { torch, .. } if *torch != Torch::Unsupported => {
                let on = *torch == Torch::Off;
                *torch = if on { Torch::On } else { Torch::Off };
                vec![ScannerEffect::SetTorch(on)]
            }
            _ => vec![],
        },
        ScannerEvent::Closed => {
            let was_on = state.camera_on();
            if state.is_open() {
                *state = Scanner::Idle;
            }
            if was_on {
                vec![ScannerEffect::StopCamera]
            } else {
                vec![]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::tests::code_text;

    fn scanning() -> Scanner {
        let mut s = Scanner::default();
        assert_eq!(
            update_scanner(ScannerEvent::Open, &mut s),
            vec![ScannerEffect::StartCamera]
        );
        assert_eq!(s, Scanner::Starting);
        assert!(s.is_open() && !s.wants_frames());
        update_scanner(ScannerEvent::Started { torch: true }, &mut s);
        s
    }

    #[test]
    fn an_org_code_in_a_frame_stops_the_camera_and_fills_the_form() {
        let mut s = scanning();
        assert!(s.wants_frames());
        assert_eq!(update_scanner(ScannerEvent::Frame(vec![]), &mut s), vec![]);
        let fx = update_scanner(
            ScannerEvent::Frame(vec!["WIFI:x".into(), format!(" {} ", code_text())]),
            &mut s,
        );
        assert_eq!(
            fx,
            vec![
                ScannerEffect::StopCamera,
                ScannerEffect::UseOrgCode(code_text())
            ]
        );
        assert_eq!(
            s,
            Scanner::Found {
                org_name: "Demo".into()
            }
        );
        assert!(!s.is_open());
        // A frame already in flight changes nothing.
        assert_eq!(
            update_scanner(ScannerEvent::Frame(vec![code_text()]), &mut s),
            vec![]
        );
    }

    #[test]
    fn another_qr_is_a_hint_and_scanning_goes_on() {
        let mut s = scanning();
        update_scanner(
            ScannerEvent::Frame(vec!["https://example.com".into()]),
            &mut s,
        );
        assert_eq!(
            s,
            Scanner::Scanning {
                torch: Torch::Off,
                wrong_code: true
            }
        );
        assert!(s.wants_frames());
    }

    #[test]
    fn the_torch_toggles_only_where_supported() {
        let mut s = scanning();
        assert_eq!(
            update_scanner(ScannerEvent::TorchToggled, &mut s),
            vec![ScannerEffect::SetTorch(true)]
        );
        assert_eq!(
            update_scanner(ScannerEvent::TorchToggled, &mut s),
            vec![ScannerEffect::SetTorch(false)]
        );
        let mut s = Scanner::Starting;
        update_scanner(ScannerEvent::Started { torch: false }, &mut s);
        assert_eq!(update_scanner(ScannerEvent::TorchToggled, &mut s), vec![]);
    }

    #[test]
    fn closing_stops_the_camera_even_when_it_comes_late() {
        let mut s = scanning();
        assert_eq!(
            update_scanner(ScannerEvent::Closed, &mut s),
            vec![ScannerEffect::StopCamera]
        );
        assert_eq!(s, Scanner::Idle);
        let mut s = Scanner::default();
        update_scanner(ScannerEvent::Open, &mut s);
        update_scanner(ScannerEvent::Closed, &mut s);
        assert_eq!(
            update_scanner(ScannerEvent::Started { torch: false }, &mut s),
            vec![ScannerEffect::StopCamera]
        );
        assert_eq!(s, Scanner::Idle);
    }

    #[test]
    fn failures_show_why_with_the_alternatives() {
        let mut s = Scanner::default();
        update_scanner(ScannerEvent::Open, &mut s);
        update_scanner(
            ScannerEvent::Failed(CameraError::from_dom_name("NotAllowedError")),
            &mut s,
        );
        assert_eq!(s, Scanner::Failed(CameraError::Denied));
        assert!(s.is_open());
        assert_eq!(update_scanner(ScannerEvent::Closed, &mut s), vec![]);
        assert_eq!(s, Scanner::Idle);
        assert_eq!(
            CameraError::from_dom_name("NotFoundError"),
            CameraError::NoCamera
        );
        assert_eq!(
            CameraError::from_dom_name("NoMediaDevices"),
            CameraError::NoCamera
        );
        assert_eq!(
            CameraError::from_dom_name("NotReadableError"),
            CameraError::Unavailable
        );
        assert_eq!(
            CameraError::Denied.message().help.unwrap().key,
            keys::CAMERA_DENIED_HELP
        );
    }
}
