//! Routes and components rendered with dioxus-ssr: the stable ids the browser tests rely on, the
//! numbers of the dashboard, the tabs each role sees, the shared data view's states and the login
//! scanner's states.

use std::sync::Arc;

use cvm_api::Failure;
use cvm_api::{Dashboard, Me, OrgInfo, Role, TokenPair};
use cvm_core::dashboard::dashboard_view;
use cvm_core::{
    AreaFilter, CameraError, Connection, CredentialEvent, CredentialScreen, CredentialView, Event,
    Loadable, LoginForm, Model, Scanner, Status, Target, Torch,
};
use cvmobile::components::{
    DashboardStats, DeviceChart, LiveStatus, LoadableView, LoginFormView, ScannerView,
};
use cvmobile::pages::personnel::CredentialCard;
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
fn an_offline_start_offers_to_try_the_stored_session_again() {
    let stored = cvm_core::StoredSession {
        org_code: org_code(),
        tokens: TokenPair {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_in: 900,
            role: Role::Admin,
        },
    };
    let mut m = Model::default();
    cvm_core::update(Event::Started(Some(stored)), &mut m);
    cvm_core::update(
        Event::Restored(Err(Failure::Unreachable("offline".into()))),
        &mut m,
    );
    let html = render("/login", Some(m));
    assert!(html.contains("The server cannot be reached."), "{html}");
    assert_eq!(text_of(&html, "login-retry"), "Try again");
    assert!(
        html.contains(&format!("fp={FP}")),
        "the org code is kept: {html}"
    );

    // Any other error has no such button.
    let mut m = Model::default();
    cvm_core::update(Event::Started(None), &mut m);
    cvm_core::update(Event::Submitted, &mut m);
    let html = render("/login", Some(m));
    assert!(has_id(&html, "login-error"), "{html}");
    assert!(!has_id(&html, "login-retry"), "{html}");
}

#[test]
fn the_root_redirects_to_login() {
    let html = render("/", None);
    assert!(has_id(&html, "login-submit"), "{html}");
}

#[test]
fn admin_sees_dashboard_and_me_tabs() {
    let html = render("/admin/me", Some(logged_in(Role::Admin)));
    for tab in ["nav-dashboard", "nav-alarms", "nav-apps", "nav-me"] {
        assert!(has_id(&html, tab), "#{tab} missing in {html}");
    }
    // The Notification Center is in the app bar (nothing unread: no badge).
    assert!(has_id(&html, "open-notifications"), "{html}");
    assert!(!has_id(&html, "notif-badge"), "{html}");
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
fn personnel_see_their_three_tabs_and_no_admin_ones() {
    let html = render("/personnel/me", Some(logged_in(Role::Personnel)));
    assert!(has_id(&html, "nav-me"), "{html}");
    assert!(has_id(&html, "nav-notifications"), "{html}");
    assert!(has_id(&html, "nav-apps"), "{html}");
    assert!(!has_id(&html, "nav-dashboard"), "{html}");
    assert_eq!(text_of(&html, "me-name"), "Ana García");
    assert!(!has_id(&html, "open-notifications"), "{html}");
    assert!(!has_id(&html, "nav-alarms"), "{html}");
    assert!(!has_id(&html, "org-qr"), "the org code is shared by admins");
}

#[test]
fn guarded_routes_show_nothing_to_the_wrong_role() {
    let html = render("/admin/dashboard", Some(logged_in(Role::Personnel)));
    assert!(!has_id(&html, "dash-persons"), "{html}");
    assert!(!has_id(&html, "nav-dashboard"), "{html}");
    // Not a blank page: the guard holds the screen (loading) while it sends the person home.
    assert!(has_id(&html, "loading"), "{html}");
    let html = render("/personnel/me", None);
    assert!(!has_id(&html, "me-account"), "{html}");
    assert!(has_id(&html, "loading"), "{html}");
    // The same routes for the right roles show their screens (so the checks above can fail).
    let html = render("/personnel/me", Some(logged_in(Role::Personnel)));
    assert!(has_id(&html, "me-account"), "{html}");
    let html = render("/admin/dashboard", Some(logged_in(Role::Admin)));
    assert!(has_id(&html, "nav-dashboard"), "{html}");
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

// ---- Alarm Center and Notification Center ----

use cvm_api::{Ack, Alarm, AlarmSummary, EventId, EventKind, EventLevel, LiveEvent};
use cvm_core::{alarm_card, summary_cards, AckForm, AlarmCardView, AlarmFilter, NotificationRow};
use cvmobile::components::{
    AckFormView, AlarmDetails, AlarmList, NotificationBell, NotificationList, SummaryCards,
};

fn alarm(id: i64, acked: bool) -> Alarm {
    Alarm {
        id: EventId(id),
        at: "2026-03-04 08:09:10".into(),
        level: EventLevel::Alarm,
        name: "door opened forcibly".into(),
        device: Some("Front gate".into()),
        device_sn: Some("SN1".into()),
        source: Some("Door 1".into()),
        area: Some("Main hall".into()),
        pin: None,
        person: None,
        has_photo: false,
        photo: None,
        ack: acked.then(|| Ack {
            by: "admin".into(),
            at: "2026-03-04 09:00:00".into(),
            remark: "Guard checked it".into(),
        }),
    }
}

thread_local! {
    /// What the fixture route renders (built inside the runtime, so handlers and links work).
    static BODY: std::cell::RefCell<Option<std::rc::Rc<dyn Fn() -> Element>>> =
        const { std::cell::RefCell::new(None) };
}

#[derive(Routable, Clone, PartialEq, Debug)]
enum FixtureRoute {
    #[route("/")]
    FixtureBody {},
}

#[component]
fn FixtureBody() -> Element {
    let body = BODY.with(|b| b.borrow().clone().expect("a fixture body"));
    body()
}

#[allow(non_snake_case)]
fn FixtureApp() -> Element {
    rsx! {
        dioxus::router::components::HistoryProvider {
            history: move |_| std::rc::Rc::new(MemoryHistory::with_initial_path("/")) as std::rc::Rc<dyn History>,
            Router::<FixtureRoute> {}
        }
    }
}

/// Renders `body` in a router (links need one) with `lang`.
fn render_in_router_lang(lang: &str, body: impl Fn() -> Element + 'static) -> String {
    cvmobile::i18n::set_language(lang);
    BODY.with(|b| *b.borrow_mut() = Some(std::rc::Rc::new(body)));
    let mut dom = VirtualDom::new(FixtureApp);
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    cvmobile::i18n::set_language("en-US");
    html
}

fn render_in_router(body: impl Fn() -> Element + 'static) -> String {
    render_in_router_lang("en-US", body)
}

#[test]
fn the_alarm_center_takes_its_filters_from_the_url_and_starts_loading() {
    let html = render(
        "/admin/alarms?status=unconfirmed&level=exception&range=7d&resource=Front%20gate&q=forced",
        Some(logged_in(Role::Admin)),
    );
    assert!(has_id(&html, "loading"), "{html}");
    assert!(html.contains("id=\"alarm-search\""), "{html}");
    assert!(
        html.contains("value=\"forced\""),
        "the search text is kept: {html}"
    );
    for id in [
        "alarm-range",
        "alarm-level",
        "alarm-resource",
        "open-notifications",
    ] {
        assert!(has_id(&html, id), "#{id} missing in {html}");
    }
    assert!(html.contains("<option value=\"7d\" selected"), "{html}");
    assert!(
        html.contains("<option value=\"exception\" selected"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"Front gate\" selected"),
        "{html}"
    );
    // The Alarms tab is the current one.
    let nav = &html[html.find("id=\"nav-alarms\"").unwrap().saturating_sub(80)..];
    assert!(nav.contains("nav-item active"), "{nav}");
}

#[test]
fn summary_cards_show_the_counts_and_the_active_filter() {
    let s = AlarmSummary {
        date: "2026-03-04".into(),
        total: 5,
        unconfirmed: 3,
        confirmed: 2,
    };
    let filter = AlarmFilter::default().with_status(Some(cvm_api::AlarmStatus::Unconfirmed));
    let cards = summary_cards(&s, &filter).to_vec();
    let html = render_in_router(
        move || rsx! { SummaryCards { label: "Today", cards: cards.clone(), on_select: |_| {} } },
    );
    assert_eq!(text_of(&html, "alarm-card-total-count"), "5");
    assert_eq!(text_of(&html, "alarm-card-unconfirmed-count"), "3");
    assert_eq!(text_of(&html, "alarm-card-confirmed-count"), "2");
    let unconfirmed = &html[html.find("id=\"alarm-card-unconfirmed\"").unwrap()..];
    assert!(
        unconfirmed[..200].contains("aria-pressed=\"true\""),
        "{html}"
    );
    assert_eq!(html.matches("aria-pressed=\"true\"").count(), 1, "{html}");
}

#[test]
fn alarm_cards_show_time_dot_event_at_device_and_level() {
    let cards: Vec<AlarmCardView> = [alarm(7, false), alarm(6, true)]
        .iter()
        .map(|a| alarm_card(a, Some("2026-03-04")))
        .collect();
    let html = render_in_router(move || rsx! { AlarmList { cards: cards.clone() } });
    assert!(has_id(&html, "alarm-list"), "{html}");
    assert!(
        has_id(&html, "alarm-7") && has_id(&html, "alarm-6"),
        "{html}"
    );
    assert!(html.contains("data-status=\"unconfirmed\""), "{html}");
    assert!(html.contains("data-status=\"confirmed\""), "{html}");
    assert_eq!(
        html.matches("class=\"unconfirmed-dot\"").count(),
        1,
        "one dot: {html}"
    );
    assert!(html.contains("door opened forcibly @ Front gate"), "{html}");
    assert!(html.contains(">08:09:10<"), "{html}");
    assert!(html.contains("href=\"/admin/alarms/7\""), "{html}");
    assert!(html.contains("level-icon level-alarm"), "{html}");
    assert!(html.contains("no-photo"), "the default picture: {html}");
}

#[test]
fn alarm_details_without_ack_show_the_form() {
    let a = Alarm {
        photo: Some("data:image/jpeg;base64,AAAA".into()),
        has_photo: true,
        person: Some("Ana García".into()),
        pin: Some("1001".into()),
        ..alarm(7, false)
    };
    let html = render_in_router(move || {
        rsx! {
            AlarmDetails { alarm: a.clone() }
            AckFormView { form: AckForm::default(), on_edit: |_| {}, on_submit: |_| {} }
        }
    });
    assert!(html.contains("id=\"alarm-photo\""), "{html}");
    assert!(
        html.contains("src=\"data:image/jpeg;base64,AAAA\""),
        "{html}"
    );
    assert_eq!(text_of(&html, "alarm-time"), "2026-03-04 08:09:10");
    assert_eq!(text_of(&html, "alarm-device"), "Front gate");
    assert_eq!(text_of(&html, "alarm-source"), "Door 1");
    assert_eq!(text_of(&html, "alarm-area"), "Main hall");
    assert_eq!(text_of(&html, "alarm-person"), "Ana García (1001)");
    assert!(html.contains("data-status=\"unconfirmed\""), "{html}");
    assert!(!has_id(&html, "alarm-ack"), "{html}");
    for id in ["ack-form", "ack-remark", "ack-submit", "ack-remaining"] {
        assert!(has_id(&html, id), "#{id} missing in {html}");
    }
    assert_eq!(
        text_of(&html, "ack-remaining"),
        "500 of 500 characters left"
    );
}

#[test]
fn alarm_details_with_ack_show_who_when_and_the_remark() {
    let html = render_in_router(|| rsx! { AlarmDetails { alarm: alarm(7, true) } });
    assert_eq!(text_of(&html, "ack-by"), "admin");
    assert_eq!(text_of(&html, "ack-at"), "2026-03-04 09:00:00");
    assert_eq!(text_of(&html, "ack-remark-text"), "Guard checked it");
    assert!(html.contains("data-status=\"confirmed\""), "{html}");
    assert!(html.contains("no-photo"), "the default picture: {html}");
    assert!(!has_id(&html, "alarm-person"), "no person, no row: {html}");
}

#[test]
fn a_refused_ack_keeps_the_remark_and_says_why() {
    let mut form = AckForm::default();
    form.edited("z".repeat(510));
    assert!(form.submit().is_none());
    let html = render_in_router(
        move || rsx! { AckFormView { form: form.clone(), on_edit: |_| {}, on_submit: |_| {} } },
    );
    assert!(has_id(&html, "ack-error"), "{html}");
    assert!(text_of(&html, "ack-error").contains("500"), "{html}");
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains(&"z".repeat(510)), "the remark stays: {html}");
    assert_eq!(
        text_of(&html, "ack-remaining"),
        "-10 of 500 characters left"
    );
}

fn live(id: i64, kind: EventKind, name: &str) -> LiveEvent {
    LiveEvent {
        id: EventId(id),
        at: "2026-03-04 08:00:00".into(),
        kind,
        level: EventLevel::Normal,
        name: name.into(),
        device: Some("inBIO-1".into()),
        device_sn: None,
        point: Some("Door 1".into()),
        area: None,
        pin: None,
        person: None,
        verify: None,
        to: None,
    }
}

#[test]
fn the_notification_center_lists_events_in_words() {
    let loaded = vec![
        live(5, EventKind::Alarm, "door opened forcibly"),
        live(4, EventKind::DoorState, "sensor:open"),
        live(3, EventKind::DoorState, "alarm:timeout"),
    ];
    let recent = [live(6, EventKind::DeviceState, "offline")];
    let rows: Vec<NotificationRow> = cvm_core::notification_rows(recent.iter(), &loaded);
    let shown = rows.clone();
    let html = render_in_router(move || rsx! { NotificationList { rows: shown.clone() } });
    let ids: Vec<&str> = html
        .match_indices("data-id=\"")
        .map(|(i, m)| &html[i + m.len()..i + m.len() + 1])
        .collect();
    assert_eq!(ids, ["6", "5", "4", "3"], "newest first, live on top");
    assert!(html.contains("Device offline"), "{html}");
    assert!(html.contains("Door opened"), "{html}");
    assert!(html.contains("Door alarm: timeout"), "{html}");
    assert!(html.contains("door opened forcibly @ inBIO-1"), "{html}");
    assert!(
        html.contains("href=\"/admin/alarms/5\""),
        "alarms open their details: {html}"
    );
    let es = render_in_router_lang(
        "es-ES",
        move || rsx! { NotificationList { rows: rows.clone() } },
    );
    assert!(es.contains("Dispositivo fuera de línea"), "{es}");
    assert!(es.contains("Puerta abierta"), "{es}");
}

#[test]
fn the_bell_shows_the_unread_count() {
    let html = render_in_router(|| rsx! { NotificationBell { unread: 3 } });
    assert_eq!(text_of(&html, "notif-badge"), "3");
    assert!(html.contains("href=\"/admin/notifications\""), "{html}");
    assert!(html.contains("3 unread"), "{html}");
    let html = render_in_router(|| rsx! { NotificationBell { unread: 0 } });
    assert!(!has_id(&html, "notif-badge"), "{html}");
    let html = render_in_router(|| rsx! { NotificationBell { unread: 150 } });
    assert_eq!(text_of(&html, "notif-badge"), "99+");
}

#[test]
fn notification_center_and_apps_routes_render() {
    let html = render("/admin/notifications", Some(logged_in(Role::Admin)));
    assert!(html.contains("Notification Center"), "{html}");
    assert!(has_id(&html, "loading"), "{html}");
    let html = render("/admin/apps", Some(logged_in(Role::Admin)));
    assert!(
        has_id(&html, "app-devices") && has_id(&html, "app-notifications"),
        "{html}"
    );
    let html = render("/admin/alarms/42", Some(logged_in(Role::Admin)));
    assert!(has_id(&html, "loading"), "{html}");
    let html = render("/admin/alarms", Some(logged_in(Role::Personnel)));
    assert!(!has_id(&html, "alarm-search"), "admins only: {html}");
}

mod doors {
    //! Remote Control, Remote Lockdown, the lockdown banner and Activity.

    use super::*;
    use cvm_api::{
        AuditEntry, Connection as Link, Door, DoorActionResult, ErrorCode, LockdownGroup,
        LockdownState, Problem,
    };
    use cvm_core::{
        activity_row, door_card, lockdown_banner, DoorAction, GroupDelete, GroupForm, HoldState,
        LockdownForm, Outcome,
    };
    use cvmobile::components::{ActivityList, DoorCardView, LockdownBanner};
    use cvmobile::pages::admin::LockdownBody;

    fn door(c: Link) -> Door {
        Door {
            id: "d1".into(),
            name: "Front door".into(),
            device: Some("inBIO-1".into()),
            device_sn: None,
            area: Some("Main hall".into()),
            connection: c,
            relay_open: Some(false),
            sensor_open: Some(false),
            alarm: None,
            locked_down_by: vec![],
        }
    }

    fn card_html(d: Door, action: DoorAction, hold: HoldState) -> String {
        render_in_router(move || {
            rsx! { DoorCardView { card: door_card(&d), action: action.clone(), hold, on_input: |_| {} } }
        })
    }

    #[test]
    fn an_online_door_offers_the_hold_button_its_alternative_and_the_duration() {
        let html = card_html(door(Link::Online), DoorAction::default(), HoldState::Idle);
        assert!(html.contains("data-connection=\"online\""), "{html}");
        assert!(html.contains("data-open=\"closed\""), "{html}");
        assert_eq!(text_of(&html, "door-d1-connection"), "Online");
        for id in [
            "door-d1-hold",
            "door-d1-unlock-alt",
            "door-d1-seconds",
            "door-d1-reason",
        ] {
            assert!(has_id(&html, id), "#{id} missing in {html}");
        }
        assert!(html.contains("value=\"5\""), "5 s by default: {html}");
        assert!(
            html.contains("min=\"1\"") && html.contains("max=\"254\""),
            "{html}"
        );
        assert!(
            html.contains("aria-label=\"Unlock Front door for 5 seconds: hold for 1.2 seconds"),
            "{html}"
        );
        assert!(!has_id(&html, "door-d1-why"), "{html}");
        assert!(
            !has_id(&html, "door-d1-cancel-alarm"),
            "no alarm, no cancel: {html}"
        );
        let holding = card_html(
            door(Link::Online),
            DoorAction::default(),
            HoldState::Holding,
        );
        assert!(holding.contains("hold-button holding"), "{holding}");
        assert!(holding.contains("Keep holding"), "{holding}");
    }

    #[test]
    fn the_confirm_dialog_is_the_accessible_alternative() {
        let mut action = DoorAction::default();
        action.confirming = true;
        let html = card_html(door(Link::Online), action, HoldState::Idle);
        assert!(html.contains("role=\"alertdialog\""), "{html}");
        assert_eq!(
            text_of(&html, "door-d1-confirm-text"),
            "Unlock Front door for 5 seconds?"
        );
        assert!(has_id(&html, "door-d1-confirm-yes") && has_id(&html, "door-d1-confirm-no"));
    }

    #[test]
    fn offline_and_locked_down_doors_say_why_they_cannot_be_unlocked() {
        let html = card_html(door(Link::Offline), DoorAction::default(), HoldState::Idle);
        assert!(html.contains("data-connection=\"offline\""), "{html}");
        assert!(!has_id(&html, "door-d1-hold"), "{html}");
        assert!(text_of(&html, "door-d1-why").is_empty());
        assert!(html.contains("Its device is offline"), "{html}");
        let mut d = door(Link::Online);
        d.locked_down_by = vec!["Main entrance".into()];
        let html = card_html(d, DoorAction::default(), HoldState::Idle);
        assert!(html.contains("data-locked=\"true\""), "{html}");
        assert!(!has_id(&html, "door-d1-hold"), "{html}");
        assert!(html.contains("Under lockdown (Main entrance)"), "{html}");
    }

    #[test]
    fn a_door_in_alarm_offers_cancel_and_says_what_the_vendor_cannot_do() {
        let mut d = door(Link::Online);
        d.alarm = Some("timeout".into());
        d.sensor_open = Some(true);
        let html = card_html(d.clone(), DoorAction::default(), HoldState::Idle);
        assert!(html.contains("data-alarm=\"true\""), "{html}");
        assert!(html.contains("data-open=\"open\""), "{html}");
        assert!(has_id(&html, "door-d1-cancel-alarm"), "{html}");
        assert!(html.contains("Alarm: timeout"), "{html}");
        let mut action = DoorAction::default();
        action.cancel_alarm(|| "k".into()).unwrap();
        action.done(Ok(DoorActionResult {
            door_id: "d1".into(),
            opened_for: None,
            alarms_acknowledged: Some(1),
            not_supported: vec!["device_alarm_output".into()],
        }));
        let html = card_html(d, action, HoldState::Idle);
        assert!(html.contains("data-outcome=\"alarm-cancelled\""), "{html}");
        assert!(has_id(&html, "door-d1-not-supported"), "{html}");
        assert!(
            html.contains("CVSecurity&#39;s API cannot reset the device&#39;s alarm output")
                || html.contains("CVSecurity's API cannot reset the device's alarm output"),
            "{html}"
        );
    }

    #[test]
    fn the_card_counts_down_an_opening_and_shows_a_refusal() {
        let mut action = DoorAction::default();
        action.unlock(|| "k".into()).unwrap();
        action.done(Ok(DoorActionResult {
            door_id: "d1".into(),
            opened_for: Some(5),
            alarms_acknowledged: None,
            not_supported: vec![],
        }));
        action.tick();
        let html = card_html(door(Link::Online), action, HoldState::Confirmed);
        assert!(html.contains("data-outcome=\"opened\""), "{html}");
        assert!(html.contains("data-left=\"4\""), "{html}");
        assert_eq!(text_of(&html, "door-d1-countdown"), "closes in 4 s");
        assert!(html.contains("Opened for 5 s"), "{html}");

        let mut action = DoorAction::default();
        action.unlock(|| "k".into()).unwrap();
        action.done(Err(Failure::Api(Box::new(Problem::new(
            ErrorCode::LockedDown,
            "x",
        )))));
        let html = card_html(door(Link::Online), action, HoldState::Idle);
        assert!(html.contains("data-outcome=\"failed\""), "{html}");
        assert!(
            text_of(&html, "door-d1-refused").contains("under lockdown"),
            "{html}"
        );
        assert!(
            !has_id(&html, "door-d1-retry"),
            "a refusal is not retried: {html}"
        );

        let mut action = DoorAction::default();
        action.unlock(|| "k".into()).unwrap();
        action.done(Err(Failure::Unreachable("gone".into())));
        let html = card_html(door(Link::Online), action, HoldState::Idle);
        assert!(has_id(&html, "door-d1-retry"), "{html}");
        assert!(matches!(Outcome::None, Outcome::None));
    }

    fn group(active: bool) -> LockdownGroup {
        LockdownGroup {
            id: 1,
            name: "Main entrance".into(),
            doors: vec!["d1".into()],
            active,
            since: active.then(|| "2026-03-04 10:11:12".into()),
            by: active.then(|| "admin".into()),
            reason: active.then(|| "fire drill".into()),
        }
    }

    fn lockdown_html(state: LockdownState, form: LockdownForm, lang: &str) -> String {
        lockdown_html_deleting(state, form, GroupDelete::default(), lang)
    }

    fn lockdown_html_deleting(
        state: LockdownState,
        form: LockdownForm,
        delete: GroupDelete,
        lang: &str,
    ) -> String {
        render_in_router_lang(lang, move || {
            rsx! {
                LockdownBody {
                    state: state.clone(),
                    doors: vec![door(Link::Online)],
                    form: form.clone(),
                    on_choose: |_| {},
                    on_reason: |_| {},
                    on_activate: |_| {},
                    on_cancel: |_| {},
                    on_back: |_| {},
                    on_confirm: |_| {},
                    delete: delete.clone(),
                    on_edit: |_| {},
                    on_delete: |_| {},
                    on_delete_back: |_| {},
                    on_delete_confirm: |_| {},
                }
            }
        })
    }

    #[test]
    fn the_lockdown_screen_is_green_then_asks_then_red_with_who_when_why() {
        let safe = LockdownState {
            groups: vec![group(false)],
            any_active: false,
        };
        let html = lockdown_html(safe.clone(), LockdownForm::default(), "en-US");
        assert!(html.contains("data-state=\"safe\""), "{html}");
        assert!(has_id(&html, "lockdown-activate") && has_id(&html, "lockdown-group"));
        assert!(!has_id(&html, "lockdown-confirm"), "{html}");
        assert!(
            html.contains("Front door"),
            "groups name their doors: {html}"
        );
        let mut form = LockdownForm::default();
        form.ask_activate(&safe);
        let html = lockdown_html(safe, form, "en-US");
        assert!(has_id(&html, "lockdown-confirm"), "{html}");
        assert!(text_of(&html, "lockdown-confirm-text").contains("Main entrance"));
        let active = LockdownState {
            groups: vec![group(true)],
            any_active: true,
        };
        let html = lockdown_html(active.clone(), LockdownForm::default(), "en-US");
        assert!(html.contains("data-state=\"active\""), "{html}");
        assert!(html.contains("Under Lockdown"), "{html}");
        assert_eq!(text_of(&html, "lockdown-group-1-by"), "admin");
        assert_eq!(
            text_of(&html, "lockdown-group-1-since"),
            "2026-03-04 10:11:12"
        );
        assert_eq!(text_of(&html, "lockdown-group-1-reason"), "fire drill");
        assert!(has_id(&html, "lockdown-cancel-1"), "{html}");
        let es = lockdown_html(active, LockdownForm::default(), "es-ES");
        assert!(es.contains("Bajo bloqueo"), "{es}");
    }

    #[test]
    fn the_banner_shows_while_a_lockdown_is_active() {
        let state = LockdownState {
            groups: vec![group(true)],
            any_active: true,
        };
        let message = lockdown_banner(&state).unwrap();
        let html = render_in_router(move || rsx! { LockdownBanner { message: message.clone() } });
        assert!(has_id(&html, "lockdown-banner"), "{html}");
        assert!(html.contains("Lockdown active: Main entrance"), "{html}");
        assert!(lockdown_banner(&LockdownState {
            groups: vec![group(false)],
            any_active: false
        })
        .is_none());
    }

    #[test]
    fn the_group_form_lists_the_doors() {
        let html = render_in_router(|| {
            rsx! {
                cvmobile::components::GroupFormView {
                    form: GroupForm::default(),
                    doors: vec![door(Link::Online)],
                    on_name: |_| {},
                    on_toggle: |_| {},
                    on_submit: |_| {},
                    on_cancel: |_| {},
                }
            }
        });
        assert!(
            has_id(&html, "group-name") && has_id(&html, "group-door-d1"),
            "{html}"
        );
        assert!(has_id(&html, "group-create"), "{html}");
        assert!(!has_id(&html, "group-save"), "{html}");
    }

    /// The opening tag of the element with this id.
    fn tag_of<'a>(html: &'a str, id: &str) -> &'a str {
        let at = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("#{id} missing in {html}"));
        let start = html[..at].rfind('<').unwrap();
        let end = at + html[at..].find('>').unwrap();
        &html[start..end]
    }

    fn is_disabled(tag: &str) -> bool {
        tag.contains("disabled")
            && !tag.contains("disabled=false")
            && !tag.contains("disabled=\"false\"")
    }

    #[test]
    fn the_group_form_edits_a_group_prefilled() {
        let mut g = group(false);
        g.name = "Lab wing".into();
        let form = GroupForm::edit(&g);
        let html = render_in_router(move || {
            rsx! {
                cvmobile::components::GroupFormView {
                    form: form.clone(),
                    doors: vec![door(Link::Online)],
                    on_name: |_| {},
                    on_toggle: |_| {},
                    on_submit: |_| {},
                    on_cancel: |_| {},
                }
            }
        });
        assert_eq!(text_of(&html, "group-form-title"), "Edit group");
        assert!(
            tag_of(&html, "group-name").contains("value=\"Lab wing\""),
            "{html}"
        );
        assert!(tag_of(&html, "group-door-d1").contains("checked"), "{html}");
        assert!(
            has_id(&html, "group-save") && has_id(&html, "group-edit-cancel"),
            "{html}"
        );
        assert!(!has_id(&html, "group-create"), "{html}");
    }

    #[test]
    fn groups_are_edited_and_deleted_after_a_confirm_but_not_under_lockdown() {
        let safe = LockdownState {
            groups: vec![group(false)],
            any_active: false,
        };
        let html = lockdown_html(safe.clone(), LockdownForm::default(), "en-US");
        assert!(has_id(&html, "group-edit-1"), "{html}");
        assert!(!is_disabled(tag_of(&html, "group-delete-1")), "{html}");
        assert!(!has_id(&html, "group-delete-why-1"), "{html}");
        assert!(!has_id(&html, "group-delete-confirm"), "{html}");

        let mut asking = GroupDelete::default();
        asking.ask(&group(false));
        let html = lockdown_html_deleting(safe, LockdownForm::default(), asking, "en-US");
        assert!(
            text_of(&html, "group-delete-confirm-text").contains("Main entrance"),
            "{html}"
        );
        assert!(has_id(&html, "group-delete-yes") && has_id(&html, "group-delete-no"));

        let active = LockdownState {
            groups: vec![group(true)],
            any_active: true,
        };
        let html = lockdown_html(active.clone(), LockdownForm::default(), "en-US");
        let button = tag_of(&html, "group-delete-1");
        assert!(is_disabled(button), "{button}");
        assert!(
            button.contains("group-delete-why-1"),
            "described by the reason: {button}"
        );
        assert!(
            text_of(&html, "group-delete-why-1").contains("Cancel the lockdown before deleting"),
            "{html}"
        );
        assert!(has_id(&html, "group-edit-1"), "{html}");
        let es = lockdown_html(active, LockdownForm::default(), "es-ES");
        assert!(
            text_of(&es, "group-delete-why-1").contains("Cancele el bloqueo"),
            "{es}"
        );
    }

    #[test]
    fn activity_lists_who_did_what_newest_first() {
        let entries = [
            AuditEntry {
                id: 9,
                at: "2026-03-04 10:00:00".into(),
                actor: "admin:admin".into(),
                action: "lockdown_activate".into(),
                target: Some("Main entrance".into()),
                reason: Some("fire drill".into()),
                upstream: Some("ok".into()),
                detail: None,
            },
            AuditEntry {
                id: 8,
                at: "2026-03-04 09:00:00".into(),
                actor: "admin:admin".into(),
                action: "door_unlock".into(),
                target: Some("d1".into()),
                reason: None,
                upstream: Some("ok".into()),
                detail: None,
            },
        ];
        let rows: Vec<_> = entries
            .iter()
            .map(|e| activity_row(e, &[door(Link::Online)]))
            .collect();
        let html = render_in_router(move || rsx! { ActivityList { rows: rows.clone() } });
        assert!(html.find("activity-9").unwrap() < html.find("activity-8").unwrap());
        assert!(html.contains("Locked down Main entrance"), "{html}");
        assert!(html.contains("Unlocked Front door"), "{html}");
        assert!(html.contains("data-action=\"door_unlock\""), "{html}");
        assert!(html.contains("fire drill"), "{html}");
    }

    #[test]
    fn the_three_screens_render_for_admins_and_are_in_the_app_center() {
        let admin = || Some(logged_in(Role::Admin));
        let html = render("/admin/doors?q=front", admin());
        assert!(html.contains("Remote Control"), "{html}");
        assert!(html.contains("value=\"front\""), "{html}");
        assert!(has_id(&html, "loading"), "{html}");
        let html = render("/admin/lockdown", admin());
        assert!(html.contains("Remote Lockdown"), "{html}");
        let html = render("/admin/activity", admin());
        assert!(html.contains("Activity"), "{html}");
        let html = render("/admin/apps", admin());
        for id in ["app-doors", "app-lockdown", "app-activity"] {
            assert!(has_id(&html, id), "#{id} missing in {html}");
        }
        let html = render("/admin/doors", Some(logged_in(Role::Personnel)));
        assert!(!has_id(&html, "door-search"), "admins only: {html}");
    }
}

#[component]
fn CredentialFixture(view: CredentialView, fetching: bool) -> Element {
    rsx! {
        CredentialCard {
            view,
            fetching,
            awake: Some(true),
            name: "Ana García",
            pin: "1001",
            on_tap: move |_| {},
        }
    }
}

fn render_credential(screen: &CredentialScreen, lang: &str) -> String {
    cvmobile::i18n::set_language(lang);
    let mut dom = VirtualDom::new_with_props(
        CredentialFixture,
        CredentialFixtureProps {
            view: screen.view(),
            fetching: screen.fetching(),
        },
    );
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    cvmobile::i18n::set_language("en-US");
    html
}

fn credential(qr: &str) -> Result<cvm_api::Credential, Failure> {
    Ok(cvm_api::Credential {
        qr: qr.into(),
        issued_at: "2026-12-02T10:00:00.000Z".into(),
        expires_at: "2026-12-02T10:00:30.000Z".into(),
        valid_secs: 30,
    })
}

#[test]
fn the_credential_counts_down_on_ticks_and_never_shows_an_expired_code() {
    let (mut screen, _) = CredentialScreen::new(1_000);
    assert!(has_id(&render_credential(&screen, "en-US"), "loading"));
    screen.update(CredentialEvent::Fetched {
        result: credential("2#AAAA"),
        now: 1_000,
    });
    let html = render_credential(&screen, "en-US");
    assert!(html.contains("data-state=\"valid\""), "{html}");
    assert!(
        has_id(&html, "credential-qr") && html.contains("<svg"),
        "{html}"
    );
    assert_eq!(text_of(&html, "credential-name"), "Ana García");
    assert!(html.contains("Valid for 30 seconds"), "{html}");
    assert!(html.contains("data-secs=\"30\""), "{html}");
    assert!(has_id(&html, "credential-awake"), "{html}");

    screen.update(CredentialEvent::Tick(21_500));
    let html = render_credential(&screen, "en-US");
    assert!(html.contains("Valid for 10 seconds"), "{html}");
    assert!(html.contains("class=\"cred-countdown\""), "{html}");
    screen.update(CredentialEvent::Tick(27_000));
    let html = render_credential(&screen, "es-ES");
    assert!(html.contains("Válido durante 4 segundos"), "{html}");
    assert!(html.contains("cred-countdown ending"), "{html}");

    // Its time is up before a new one came: no code at all, and no retry button while one is on its way.
    screen.update(CredentialEvent::Tick(31_000));
    let html = render_credential(&screen, "en-US");
    assert!(html.contains("data-state=\"unavailable\""), "{html}");
    assert!(!has_id(&html, "credential-qr"), "{html}");
    assert!(html.contains("This code has expired"), "{html}");
    assert!(!has_id(&html, "retry"), "{html}");
}

#[test]
fn the_credential_says_why_no_code_can_be_had() {
    let (mut screen, _) = CredentialScreen::new(0);
    screen.update(CredentialEvent::Fetched {
        result: credential("2#AAAA"),
        now: 0,
    });
    screen.update(CredentialEvent::Tick(25_000));
    screen.update(CredentialEvent::Fetched {
        result: Err(Failure::Unreachable("refused".into())),
        now: 25_000,
    });
    let html = render_credential(&screen, "en-US");
    assert!(html.contains("data-state=\"valid\""), "{html}");
    assert!(has_id(&html, "credential-warning"), "{html}");
    assert!(html.contains("still works for 5 s"), "{html}");
    // The code ran out while the retry (due at once) was on its way, and that failed too.
    screen.update(CredentialEvent::Tick(30_000));
    assert!(screen.fetching());
    screen.update(CredentialEvent::Fetched {
        result: Err(Failure::Unreachable("refused".into())),
        now: 30_100,
    });
    let html = render_credential(&screen, "en-US");
    assert!(html.contains("data-state=\"unavailable\""), "{html}");
    assert!(
        text_of(&html, "page-error").contains("could not be fetched"),
        "{html}"
    );
    assert!(has_id(&html, "retry"), "{html}");

    let (mut screen, _) = CredentialScreen::new(0);
    screen.update(CredentialEvent::Fetched {
        result: Err(Failure::api(cvm_api::Problem::new(
            cvm_api::ErrorCode::PersonDisabled,
            "x",
        ))),
        now: 0,
    });
    let html = render_credential(&screen, "es-ES");
    assert!(
        text_of(&html, "page-error").contains("desactivado en CVSecurity"),
        "{html}"
    );
}

#[component]
fn InvitationFixture(inv: cvm_api::Invitation) -> Element {
    rsx! {
        Router::<Route> {}
        cvmobile::pages::personnel::InvitationDetails { inv }
    }
}

fn invitation(state: cvm_api::MailState, last_error: Option<&str>) -> cvm_api::Invitation {
    cvm_api::Invitation {
        id: 3,
        first_name: "Grace".into(),
        last_name: "Hopper".into(),
        email: "grace@example.com".into(),
        mobile: String::new(),
        start: "2026-12-03 09:00".into(),
        end: "2026-12-03 11:00".into(),
        reason: "Meeting".into(),
        visitors: 2,
        remarks: String::new(),
        qr: "2#QUJDREVGRw==".into(),
        status: cvm_api::InvitationStatus::Pending,
        mail: cvm_api::MailStatus {
            state,
            attempts: 2,
            last_error: last_error.map(String::from),
            next_attempt_at: None,
        },
        created_at: "2026-12-02T10:00:00Z".into(),
        reinvite_of: None,
    }
}

fn render_invitation(inv: cvm_api::Invitation, lang: &str) -> String {
    cvmobile::i18n::set_language(lang);
    let mut dom = VirtualDom::new_with_props(InvitationFixture, InvitationFixtureProps { inv });
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    cvmobile::i18n::set_language("en-US");
    html
}

#[test]
fn an_invitation_shows_its_code_and_says_what_happened_to_its_e_mail() {
    let html = render_invitation(invitation(cvm_api::MailState::Sent, None), "en-US");
    assert!(has_id(&html, "inv-qr") && html.contains("<svg"), "{html}");
    assert_eq!(text_of(&html, "inv-mail-text"), "E-mail sent.");
    assert_eq!(text_of(&html, "inv-email"), "grace@example.com");
    assert!(html.contains("download=\"invitation-3.svg\""), "{html}");

    let html = render_invitation(
        invitation(cvm_api::MailState::Queued, Some("Connection refused")),
        "en-US",
    );
    assert!(
        text_of(&html, "inv-mail-text").starts_with("E-mail not sent yet"),
        "{html}"
    );
    assert!(html.contains("Reason: Connection refused"), "{html}");
    assert!(html.contains("data-state=\"queued\""), "{html}");

    let html = render_invitation(invitation(cvm_api::MailState::NotConfigured, None), "es-ES");
    assert!(
        text_of(&html, "inv-mail-text").starts_with("Correo en espera"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("system error"));
}

mod records {
    //! Access Records: the list, the filters from the URL, a record's details.

    use super::*;
    use cvm_api::{AccessRecord, EventLevel};
    use cvm_core::{record_row, RecordRow};
    use cvmobile::components::{RecordDetails, RecordList};

    fn record(id: &str, person: Option<&str>) -> AccessRecord {
        AccessRecord {
            id: id.into(),
            at: "2026-12-02 08:15:00".into(),
            name: "Normal Verify Open".into(),
            person: person.map(str::to_owned),
            pin: person.map(|_| "1001".to_owned()),
            door: Some("Main Entrance".into()),
            device: Some("Lobby panel".into()),
            verify: Some("QR code".into()),
            ..AccessRecord::default()
        }
    }

    #[test]
    fn the_list_says_who_what_where_and_when_and_opens_details() {
        let rows: Vec<RecordRow> = [record("ab12", Some("Alice Walker")), record("cd34", None)]
            .iter()
            .map(|r| record_row(r, Some("2026-12-02")))
            .collect();
        let en = rows.clone();
        let html = render_in_router(move || rsx! { RecordList { rows: en.clone() } });
        assert!(has_id(&html, "records-list"), "{html}");
        assert!(html.contains("data-id=\"ab12\"") && html.contains("data-id=\"cd34\""));
        assert!(html.contains(">Alice Walker<"), "{html}");
        assert!(html.contains(">No person<"), "{html}");
        assert!(html.contains("Main Entrance · QR code"), "{html}");
        assert!(html.contains(">08:15:00<"), "{html}");
        assert!(html.contains("href=\"/admin/records/ab12\""), "{html}");
        let html =
            render_in_router_lang("es-ES", move || rsx! { RecordList { rows: rows.clone() } });
        assert!(html.contains(">Sin persona<"), "{html}");
    }

    #[test]
    fn details_show_the_photo_and_every_field() {
        let mut r = record("ab12", Some("Alice Walker"));
        r.level = Some(EventLevel::Normal);
        r.event_no = Some(0);
        r.photo = Some("data:image/jpeg;base64,AAAA".into());
        let with = r.clone();
        let html = render_in_router(move || rsx! { RecordDetails { record: with.clone() } });
        assert_eq!(text_of(&html, "record-title"), "Alice Walker");
        assert_eq!(text_of(&html, "records-field-time"), "2026-12-02 08:15:00");
        assert_eq!(text_of(&html, "records-field-door"), "Main Entrance");
        assert_eq!(text_of(&html, "records-field-device"), "Lobby panel");
        assert_eq!(text_of(&html, "records-field-event-no"), "0");
        assert!(
            html.contains("src=\"data:image/jpeg;base64,AAAA\""),
            "{html}"
        );
        assert!(!html.contains("The device took no photo"), "{html}");
        r.photo = None;
        let html = render_in_router_lang(
            "es-ES",
            move || rsx! { RecordDetails { record: r.clone() } },
        );
        assert!(html.contains("El dispositivo no tomó foto."), "{html}");
        assert!(html.contains(">Puerta<"), "{html}");
    }

    #[test]
    fn the_screen_takes_its_filters_from_the_url_and_is_for_admins() {
        let html = render(
            "/admin/records?q=Walker&door=7&range=7d",
            Some(logged_in(Role::Admin)),
        );
        assert!(has_id(&html, "records-search"), "{html}");
        assert!(html.contains("value=\"Walker\""), "{html}");
        assert!(has_id(&html, "records-clear"), "{html}");
        assert!(has_id(&html, "loading"), "{html}");
        let html = render("/admin/records", Some(logged_in(Role::Admin)));
        assert!(!has_id(&html, "records-clear"), "{html}");
        let html = render("/admin/records", Some(logged_in(Role::Personnel)));
        assert!(!has_id(&html, "records-search"), "admins only: {html}");
        let html = render("/admin/apps", Some(logged_in(Role::Admin)));
        assert!(html.contains("href=\"/admin/records"), "{html}");
    }
}

mod visitors {
    //! Visitor List, registration and Visit Statistics.

    use super::*;
    use cvm_api::{HourCount, IdType, TopVisitor, Visit, VisitStats, VisitStatus};
    use cvm_core::{hour_bars, top_bars};
    use cvmobile::components::{BarChart, VisitCardView};

    fn visit(status: VisitStatus) -> Visit {
        Visit {
            id: "v1".into(),
            visitor: "Bruno Díaz".into(),
            phone: None,
            company: None,
            id_type: IdType::Passport,
            id_number: "****4567".into(),
            host_pin: "1001".into(),
            host: Some("Alice Walker".into()),
            reason: "Meeting".into(),
            visitors: 1,
            start: "2026-12-02 09:05:00".into(),
            end: (status == VisitStatus::CheckedOut).then(|| "2026-12-02 11:30:00".into()),
            status,
            waiting_reason: (status == VisitStatus::Waiting).then(|| "HTTP 500".into()),
            photos: Vec::new(),
        }
    }

    fn card(v: Visit, lang: &str) -> String {
        render_in_router_lang(lang, move || {
            rsx! { VisitCardView { visit: v.clone(), busy: false, error: None, on_checkout: |_| {} } }
        })
    }

    #[test]
    fn a_visit_card_says_who_whom_why_and_where_it_stands() {
        let html = card(visit(VisitStatus::CheckedIn), "en-US");
        assert!(
            html.contains("Bruno Díaz") && html.contains("Visiting Alice Walker"),
            "{html}"
        );
        assert!(html.contains("Meeting · 1 person"), "{html}");
        assert!(html.contains("Passport ****4567"), "{html}");
        assert!(
            html.contains(">09:05<") && html.contains(">On site<"),
            "{html}"
        );
        assert!(has_id(&html, "visit-v1-checkout"), "{html}");
        let html = card(visit(VisitStatus::CheckedOut), "en-US");
        assert!(
            !has_id(&html, "visit-v1-checkout"),
            "no check-out once out: {html}"
        );
        assert!(html.contains("left at 11:30"), "{html}");
        let html = card(visit(VisitStatus::Waiting), "es-ES");
        assert!(html.contains("Esperando a CVSecurity"), "{html}");
        assert!(html.contains("HTTP 500"), "the reason: {html}");
        assert!(!has_id(&html, "visit-v1-checkout"), "{html}");
    }

    #[test]
    fn charts_draw_bars_and_give_the_numbers_as_a_table() {
        let s = VisitStats {
            date: "2026-12-02".into(),
            hours: (0..24)
                .map(|hour| HourCount {
                    hour,
                    people: u32::from(hour == 9) * 3,
                })
                .collect(),
            month: "2026-12".into(),
            top: vec![TopVisitor {
                visitor: "Ann".into(),
                visits: 2,
            }],
        };
        let (hours, top) = (hour_bars(&s), top_bars(&s));
        let html = render_in_router(move || {
            rsx! {
                BarChart { id: "h", title: "Hours", bars: hours.clone(), horizontal: false }
                BarChart { id: "t", title: "Top", bars: top.clone(), horizontal: true }
            }
        });
        assert_eq!(html.matches("class=\"bar\"").count(), 25, "{html}");
        assert!(
            html.contains("<th scope=\"row\">09</th><td>3</td>"),
            "{html}"
        );
        assert!(
            html.contains("<th scope=\"row\">Ann</th><td>2</td>"),
            "{html}"
        );
    }

    #[test]
    fn the_visitor_screens_are_for_admins() {
        for path in [
            "/admin/visitors?status=checked_in",
            "/admin/visitors/new",
            "/admin/visitors/stats",
        ] {
            let html = render(path, Some(logged_in(Role::Admin)));
            assert!(html.contains("main-content"), "{path}: {html}");
            let html = render(path, Some(logged_in(Role::Personnel)));
            assert!(
                !html.contains("vis-form") && !html.contains("visit-card-all"),
                "{path}: {html}"
            );
        }
        let html = render("/admin/visitors/new", Some(logged_in(Role::Admin)));
        for id in [
            "vis-name",
            "vis-id-number",
            "vis-host",
            "vis-photo-plate",
            "vis-submit",
        ] {
            assert!(has_id(&html, id), "{id}: {html}");
        }
        let html = render("/admin/apps", Some(logged_in(Role::Admin)));
        assert!(
            has_id(&html, "app-visitors") && has_id(&html, "app-visit-stats"),
            "{html}"
        );
    }
}
