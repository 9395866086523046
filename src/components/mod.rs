//! Leaf components: they render what they are given and report user actions; no fetching. Elements the
//! browser tests use carry stable ids.

mod alarms;
mod bottom_nav;
mod dashboard;
mod device_list;
mod doors;
pub mod icons;
mod live_status;
mod login_form;
mod me_card;
mod notifications;
mod page;
mod qr_code;
mod records;
mod scanner;
mod search;
mod toast;
mod visitors;

pub use alarms::{
    AckFormView, AlarmDetails, AlarmFilters, AlarmList, AlarmPhoto, LevelIcon, LoadMore,
    SummaryCards,
};
pub use bottom_nav::BottomNav;
pub use dashboard::{AreaSelect, DashboardStats, DeviceChart};
pub use device_list::{DeviceList, StateChips};
pub use doors::{
    ActivityList, DoorCardView, DoorInput, GroupFormView, LockdownBanner, LockdownHero,
};
pub use live_status::LiveStatus;
pub use login_form::LoginFormView;
pub use me_card::{MeCard, SiteConnection};
pub use notifications::{NotificationBell, NotificationList, NotificationScreen};
pub use page::{AppBar, AppEntry, LoadableView, Loading, PageError};
pub use qr_code::QrCodeView;
pub use records::{RecordDetails, RecordFilters, RecordList};
pub use scanner::ScannerView;
pub use search::SearchForm;
pub use toast::LiveToast;
pub use visitors::{BarChart, VisitCardView};
