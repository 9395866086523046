//! The desktop build's window and webview: a phone-sized window, and the camera, which WebKitGTK keeps
//! switched off until the app enables media capture and answers its permission requests.

use dioxus::desktop::{Config, LogicalSize, WindowBuilder};

/// Set to `1` to give the desktop app WebKitGTK's simulated camera (a moving test picture) instead of a
/// real one: for testing on machines without a camera.
pub const MOCK_CAMERA_ENV: &str = "CVMOBILE_MOCK_CAMERA";

/// The window: the app is designed for phones, so it opens at a phone's size.
pub fn config() -> Config {
    let window = WindowBuilder::new()
        .with_title("cvmobile")
        .with_inner_size(LogicalSize::new(412.0, 860.0));
    Config::new().with_window(window).with_menu(None)
}

/// Lets the page open the camera: turns on WebKitGTK's media stream and grants the page's requests
/// for a video device (the page is the app's own; the login scanner asks only when the user taps
/// "Scan with camera"). Microphone and every other permission stay refused. Call it once the window
/// exists, e.g. from the root component's first render.
#[cfg(target_os = "linux")]
pub fn enable_camera() {
    use dioxus::desktop::wry::WebViewExtUnix;
    use webkit2gtk::glib::object::Cast;
    use webkit2gtk::{PermissionRequestExt, SettingsExt, UserMediaPermissionRequest, WebViewExt};

    let webview = dioxus::desktop::window().webview.webview();
    if let Some(settings) = WebViewExt::settings(&webview) {
        settings.set_enable_media_stream(true);
        let mock = std::env::var(MOCK_CAMERA_ENV).is_ok_and(|v| v == "1");
        settings.set_enable_mock_capture_devices(mock);
    }
    webview.connect_permission_request(|_, request| {
        let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
            return false; // WebKit's default: refused.
        };
        if is_video_only(media) {
            request.allow();
        } else {
            request.deny();
        }
        true
    });
}

#[cfg(target_os = "linux")]
fn is_video_only(request: &webkit2gtk::UserMediaPermissionRequest) -> bool {
    use webkit2gtk::UserMediaPermissionRequestExt;
    request.is_for_video_device() && !request.is_for_audio_device()
}

/// Other desktops' webviews (WebView2, WKWebView) ask the user themselves.
#[cfg(not(target_os = "linux"))]
pub fn enable_camera() {}
