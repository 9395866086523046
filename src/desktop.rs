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

/// Lets the page open the camera and show notifications. Turns on WebKitGTK's media stream and grants
/// a request for a video device (and nothing else) only from the app's own page while it shows the
/// scanner — the user tapped "Scan with camera" ([`crate::services::camera::camera_wanted`]; WebKit then
/// remembers the grant for the page). Grants the app's own page the notification permission, which it
/// asks for only when the user switches background notifications on (Me): WebKitGTK then shows the
/// page's notifications through the desktop's notification service (`org.freedesktop.Notifications` on
/// the session bus, or the portal inside a sandbox). Microphone, screen sharing, requests from any other
/// page and every other permission are refused. Call it once the window exists, e.g. from the root
/// component's first render.
#[cfg(target_os = "linux")]
pub fn enable_webview() {
    use dioxus::desktop::wry::WebViewExtUnix;
    use webkit2gtk::glib::object::Cast;
    use webkit2gtk::{
        NotificationPermissionRequest, PermissionRequestExt, SettingsExt,
        UserMediaPermissionRequest, WebViewExt,
    };

    let webview = dioxus::desktop::window().webview.webview();
    if let Some(settings) = WebViewExt::settings(&webview) {
        settings.set_enable_media_stream(true);
        let mock = std::env::var(MOCK_CAMERA_ENV).is_ok_and(|v| v == "1");
        settings.set_enable_mock_capture_devices(mock);
    }
    webview.connect_permission_request(|webview, request| {
        let own_page = webview
            .uri()
            .is_some_and(|uri| uri.starts_with("dioxus://") || uri.starts_with("http://dioxus."));
        if request
            .downcast_ref::<NotificationPermissionRequest>()
            .is_some()
        {
            if own_page {
                request.allow();
            } else {
                request.deny();
            }
            return true;
        }
        let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
            return false; // WebKit's default: refused.
        };
        if own_page && is_video_only(media) && crate::services::camera::camera_wanted() {
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

/// Elsewhere the desktop build offers no camera (see `CAMERA_SUPPORTED`) and grants no notification
/// permission itself: wry's macOS webview grants every media request by itself, microphone included, and
/// neither it nor WebView2 is tested here.
#[cfg(not(target_os = "linux"))]
pub fn enable_webview() {}
