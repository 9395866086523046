//! Routes and components rendered with dioxus-ssr: the stable ids the browser tests rely on, the
//! numbers of the dashboard, the tabs each role sees, the shared data view's states and the login
//! scanner's states.

use std::sync::Arc;

use cvm_api::Failure;
use cvm_api::{Dashboard, Me, OrgInfo, Role, TokenPair};
use cvm_core::dashboard::dashboard_view;
use cvm_core::{
    AreaFilter, CameraError, Connection, Event, Loadable, LoginForm, Model, Scanner, Status,
    Target, Torch,
};
use cvmobile::components::{
    DashboardStats, DeviceChart, LiveStatus, LoadableView, LoginFormView, ScannerView,
};
use cvmobile::route::Route;
use cvmobile::services::{self, store::MemoryStore};
use dioxus::history::{History, MemoryHistory};
use dioxus::prelude::*;

const FP: &str = "abababababababababababababababababababababababababababababababab";

fn org_code() -> String {
    format!("cvmobile://org?v=1&n=Demo&u=https://127.0.0.1:8443&fp={FP}")
}

/// A model logged in as `role`, reached through the core's own transitions.
fn logged_in(role: Role) -> Model {
    let mut m = Model::default();
    let events = [
        Event::Started(None),
        Event::RoleChosen(role),
        Event::OrgCodeEdited(org_code()),
        Event::AccountEdited("1001".into()),
        Event::PasswordEdited("pw".into()),
        Event::Submitted,
        Event::ServerChecked(Ok(OrgInfo {
            name: "Demo School".into(),
            version: "9.9.9".into(),
            fingerprint: FP.into(),
        })),
        Event::SignedIn(Ok(TokenPair {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_in: 900,
            role,
        })),
        Event::ProfileLoaded(Ok(Me {
            role,
            account: "1001".into(),
            name: "Ana García".into(),
            department: None,
            org_name: "Demo School".into(),
        })),
    ];
    for e in events {
        cvm_core::update(e, &mut m);
    }
    assert_eq!(m.session.role(), Some(role));
    m
}

#[derive(Props, Clone, PartialEq)]
struct HarnessProps {
    path: String,
    model: Option<Model>,
}

#[allow(non_snake_case)]
fn Harness(props: HarnessProps) -> Element {
    match props.model.clone() {
        Some(m) => {
            services::use_preset_app(m);
        }
        None => {
            services::use_app_provider(Arc::new(MemoryStore::default()));
        }
    }
    let path = props.path.clone();
    rsx! {
        dioxus::router::components::HistoryProvider {
            history: move |_| std::rc::Rc::new(MemoryHistory::with_initial_path(path.clone())) as std::rc::Rc<dyn History>,
            Router::<Route> {}
        }
    }
}

fn render(path: &str, model: Option<Model>) -> String {
    cvmobile::i18n::set_language("en-US");
    let mut dom = VirtualDom::new_with_props(
        Harness,
        HarnessProps {
            path: path.into(),
            model,
        },
    );
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn has_id(html: &str, id: &str) -> bool {
    html.contains(&format!("id=\"{id}\""))
}

/// The text right inside the element with this id.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} missing in {html}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find('<').unwrap();
    &html[start..end]
}

#[test]
fn login_page_has_the_stable_ids() {
    let html = render("/login", None);
    for id in [
        "role-admin",
        "role-personnel",
        "org-code",
        "org-image",
        "account",
        "password",
        "login-submit",
    ] {
        assert!(has_id(&html, id), "#{id} missing in {html}");
    }
    assert!(html.contains("aria-pressed=\"false\""));
    assert!(html.contains("accept=\"image/*\""));
    assert!(html.contains("<textarea"));
    assert!(!has_id(&html, "login-error"), "no error before a submit");
}

#[test]
fn login_errors_show_text_and_help() {
    let mut m = Model::default();
    cvm_core::update(Event::Started(None), &mut m);
    m.form = LoginForm {
        role: Some(Role::Admin),
        org_code: "cvmobile://org?v=1&n=a&u=http://h&fp=".to_string() + FP,
        account: "admin".into(),
        password: "pw".into(),
    };
    cvm_core::update(Event::Submitted, &mut m);
    let html = render("/login", Some(m));
    assert!(html.contains("id=\"login-error\""), "{html}");
    assert!(html.contains("does not use HTTPS"), "{html}");
    assert!(has_id(&html, "login-error-help"));
    assert!(html.contains("value=\"admin\""), "fields are kept: {html}");
}

#[test]
fn the_root_redirects_to_login() {
    let html = render("/", None);
    assert!(has_id(&html, "login-submit"), "{html}");
}

#[test]
fn admin_sees_dashboard_and_me_tabs() {
    let html = render("/admin/me", Some(logged_in(Role::Admin)));
    assert!(has_id(&html, "nav-dashboard"), "{html}");
    assert!(has_id(&html, "nav-me"));
    assert_eq!(text_of(&html, "me-account"), "1001");
    assert_eq!(text_of(&html, "me-org"), "Demo School");
    assert!(has_id(&html, "logout"));
    assert!(html.contains("9.9.9"), "server version shown");
    // The org code to share, as a QR on white (dark modules, quiet zone) that decodes to the code.
    assert!(has_id(&html, "show-org-code"));
    let qr = &html[html.find("id=\"org-qr\"").expect("org code QR")..];
    assert!(qr.contains("role=\"img\""));
    assert!(qr.contains("<svg") && qr.contains("fill=\"#fff\""));
    let svg = &qr[qr.find("<svg").unwrap()..=qr.find("</svg>").unwrap() + 5];
    let uri = cvm_api::OrgCode::parse(&org_code()).unwrap().to_uri();
    assert!(
        svg == cvm_scan::render_svg(&uri).unwrap(),
        "the QR is the org code's"
    );
}

#[test]
fn a_payload_too_long_for_a_qr_code_says_so() {
    let mut dom = VirtualDom::new(|| {
        rsx! {
            cvmobile::components::QrCodeView { id: "qr", payload: "x".repeat(5000), label: "code" }
        }
    });
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(!html.contains("<svg"), "{html}");
}

#[test]
fn personnel_sees_only_the_me_tab() {
    let html = render("/personnel/me", Some(logged_in(Role::Personnel)));
    assert!(has_id(&html, "nav-me"), "{html}");
    assert!(!has_id(&html, "nav-dashboard"), "{html}");
    assert_eq!(text_of(&html, "me-name"), "Ana García");
    assert!(!has_id(&html, "org-qr"), "the org code is shared by admins");
}

#[test]
fn guarded_routes_show_nothing_to_the_wrong_role() {
    let html = render("/admin/dashboard", Some(logged_in(Role::Personnel)));
    assert!(!has_id(&html, "dash-persons"), "{html}");
    assert!(!has_id(&html, "nav-dashboard"), "{html}");
    let html = render("/personnel/me", None);
    assert!(!has_id(&html, "me-account"), "{html}");
}

#[test]
fn dashboard_page_starts_loading_with_the_area_filter() {
    let html = render("/admin/dashboard", Some(logged_in(Role::Admin)));
    assert!(has_id(&html, "area-filter"), "{html}");
    assert!(has_id(&html, "loading"), "{html}");
    assert!(html.contains("<option value=\"\""), "{html}");
    assert!(html.contains("All areas"), "{html}");
    // The live feed's state is on the dashboard (no client in this test: not connected).
    assert_eq!(
        text_of(&html, "live-status").trim(),
        "",
        "the status is an element holding dot and label"
    );
    assert!(html.contains("data-state=\"connecting\""), "{html}");
}

#[component]
fn LiveFixture(connection: Connection, unread: u32) -> Element {
    rsx! { LiveStatus { connection, unread } }
}

fn render_live(connection: Connection, unread: u32, lang: &str) -> String {
    cvmobile::i18n::set_language(lang);
    let mut dom = VirtualDom::new_with_props(LiveFixture, LiveFixtureProps { connection, unread });
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    cvmobile::i18n::set_language("en-US");
    html
}

#[test]
fn the_live_status_says_whether_events_arrive() {
    let html = render_live(Connection::Live, 0, "en-US");
    assert!(html.contains("data-state=\"live\""), "{html}");
    assert!(html.contains(">Live<"), "{html}");
    assert!(!has_id(&html, "live-unread"), "{html}");
    let html = render_live(Connection::Live, 3, "en-US");
    assert_eq!(text_of(&html, "live-unread"), "New events: 3");
    assert_eq!(
        text_of(&render_live(Connection::Live, 1, "en-US"), "live-unread"),
        "New events: 1"
    );
    let waiting = Connection::Waiting {
        attempt: 2,
        delay: std::time::Duration::from_secs(4),
    };
    let html = render_live(waiting, 0, "en-US");
    assert!(html.contains("data-state=\"waiting\""), "{html}");
    assert!(html.contains("retrying in 4 s"), "{html}");
    let html = render_live(waiting, 2, "es-ES");
    assert!(html.contains("se reintenta en 4 s"), "{html}");
    assert_eq!(text_of(&html, "live-unread"), "Eventos nuevos: 2");
}

#[test]
fn the_dashboard_area_comes_from_the_url() {
    let html = render(
        "/admin/dashboard?area=Main%20Hall",
        Some(logged_in(Role::Admin)),
    );
    assert!(html.contains("value=\"Main Hall\""), "{html}");
    let html = render(
        "/admin/devices?state=offline&area=Lobby",
        Some(logged_in(Role::Admin)),
    );
    assert!(html.contains("Offline devices"), "{html}");
    assert!(html.contains("Area: Lobby"), "{html}");
    // The back link keeps the area.
    assert!(
        html.contains("href=\"/admin/dashboard?area=Lobby\""),
        "{html}"
    );
    assert!(has_id(&html, "loading"), "{html}");
}

#[component]
fn LoadableFixture(status: Status, empty: Option<String>) -> Element {
    rsx! {
        LoadableView { status, empty, on_retry: move |_| {},
            p { id: "data", "the data" }
        }
    }
}

fn render_loadable(status: Status, empty: Option<String>) -> String {
    cvmobile::i18n::set_language("en-US");
    let mut dom =
        VirtualDom::new_with_props(LoadableFixture, LoadableFixtureProps { status, empty });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_shared_data_view_draws_loading_error_empty_and_data() {
    let html = render_loadable(Loadable::<Vec<u8>>::Loading.status(), None);
    assert!(has_id(&html, "loading"), "{html}");
    assert!(!has_id(&html, "data") && !has_id(&html, "retry"), "{html}");

    let failed = Loadable::<Vec<u8>>::Failed(Failure::Unreachable("x".into()));
    let html = render_loadable(failed.status(), None);
    assert_eq!(
        text_of(&html, "page-error"),
        "The server cannot be reached."
    );
    assert_eq!(text_of(&html, "retry"), "Try again");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(
        !has_id(&html, "data") && !has_id(&html, "loading"),
        "{html}"
    );

    let html = render_loadable(Loadable::Ready(Vec::<u8>::new()).status(), None);
    assert_eq!(text_of(&html, "empty"), "Nothing to show here.");
    assert!(!has_id(&html, "data"), "{html}");
    let html = render_loadable(
        Loadable::Ready(Vec::<u8>::new()).status(),
        Some("No devices match this filter.".into()),
    );
    assert_eq!(text_of(&html, "empty"), "No devices match this filter.");

    let html = render_loadable(Loadable::Ready(vec![1u8]).status(), None);
    assert_eq!(text_of(&html, "data"), "the data");
    assert!(
        !has_id(&html, "loading") && !has_id(&html, "empty"),
        "{html}"
    );
}

#[test]
fn unknown_paths_get_the_404_page() {
    let html = render("/no/such/page", None);
    assert!(has_id(&html, "not-found"), "{html}");
}

#[component]
fn DashboardFixture(d: Dashboard) -> Element {
    let view = dashboard_view(&d, &AreaFilter::all());
    rsx! {
        DashboardStats { view: view.clone() }
        DeviceChart { chart: view.chart.clone(), on_select: move |_: Target| {} }
    }
}

#[test]
fn dashboard_renders_the_numbers_alone() {
    cvmobile::i18n::set_language("en-US");
    let d = Dashboard {
        area: None,
        persons: 1234,
        devices_online: 3,
        devices_offline: 1,
        devices_disabled: 2,
        visitors_today: 17,
    };
    let mut dom = VirtualDom::new_with_props(DashboardFixture, DashboardFixtureProps { d });
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    for (id, n) in [
        ("dash-persons", "1234"),
        ("dash-devices-total", "6"),
        ("dash-devices-online", "3"),
        ("dash-devices-offline", "1"),
        ("dash-visitors-today", "17"),
    ] {
        assert_eq!(text_of(&html, id), n, "#{id}");
    }
    assert!(has_id(&html, "chart-online") && has_id(&html, "chart-offline"));
    assert!(html.contains("75%") && html.contains("25%"), "{html}");
}

#[component]
fn ScannerFixture(state: Scanner, camera: bool) -> Element {
    rsx! {
        LoginFormView {
            form: LoginForm { org_code: org_code(), ..LoginForm::default() },
            error: None,
            progress: None,
            on_event: move |_| {},
            on_image: move |_| {},
            camera,
        }
        ScannerView { state, on_close: move |_| {}, on_torch: move |_| {}, on_paste: move |_| {} }
    }
}

fn render_scanner(state: Scanner, camera: bool) -> String {
    cvmobile::i18n::set_language("en-US");
    let mut dom = VirtualDom::new_with_props(ScannerFixture, ScannerFixtureProps { state, camera });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_camera_button_shows_where_the_build_has_a_camera() {
    let html = render_scanner(Scanner::Idle, true);
    assert!(has_id(&html, "scan-camera"), "{html}");
    assert!(!has_id(&html, "scanner"), "closed until asked");
    assert_eq!(text_of(&html, "org-found"), "Organization: Demo");
    assert!(!has_id(
        &render_scanner(Scanner::Idle, false),
        "scan-camera"
    ));
}

#[test]
fn the_viewfinder_has_video_frame_and_torch_only_when_supported() {
    let html = render_scanner(
        Scanner::Scanning {
            torch: Torch::Unsupported,
            wrong_code: false,
        },
        true,
    );
    for id in ["scanner", "scanner-video", "scanner-close", "scanner-hint"] {
        assert!(has_id(&html, id), "#{id} missing in {html}");
    }
    assert!(
        html.contains("playsinline") && html.contains("muted"),
        "{html}"
    );
    assert!(!has_id(&html, "scanner-torch"));
    let html = render_scanner(
        Scanner::Scanning {
            torch: Torch::On,
            wrong_code: true,
        },
        true,
    );
    assert!(has_id(&html, "scanner-torch"));
    assert!(html.contains("aria-pressed=\"true\""));
    assert!(
        text_of(&html, "scanner-hint").contains("not an org code"),
        "{html}"
    );
}

#[test]
fn a_refused_camera_explains_and_offers_the_alternatives() {
    let html = render_scanner(Scanner::Failed(CameraError::Denied), true);
    assert_eq!(
        text_of(&html, "scanner-error"),
        "Camera permission was refused."
    );
    assert!(has_id(&html, "scanner-error-help"));
    assert!(has_id(&html, "scanner-paste") && has_id(&html, "scanner-image"));
    assert!(html.contains("for=\"org-image\""));
    assert!(!has_id(&html, "scanner-video"));
    let html = render_scanner(Scanner::Failed(CameraError::NoCamera), true);
    assert_eq!(text_of(&html, "scanner-error"), "No camera found.");
}
