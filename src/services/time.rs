//! Waiting, per platform: the browser's timers on the web, tokio's (the runtime dioxus' native
//! renderers run on) elsewhere.

use std::time::Duration;

pub async fn sleep(d: Duration) {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::sleep(d).await;
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(d).await;
}

/// Milliseconds on a clock that only moves forward (the page's `performance.now()` on the web, time
/// since the first call elsewhere): what countdowns measure with.
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0, |p| p.now().max(0.0) as u64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_millis() as u64
    }
}

/// Site-local times as `datetime-local` values (`yyyy-MM-ddTHH:mm`): the next full hour plus
/// `from_min - 60` minutes, and `len_min` minutes after that (the invitation form's defaults).
pub fn local_minutes(from_min: i64, len_min: i64) -> (String, String) {
    #[cfg(target_arch = "wasm32")]
    {
        use web_sys::js_sys::Date;
        let now = Date::new_0();
        let hour = now.get_time()
            - f64::from(now.get_minutes()) * 60_000.0
            - f64::from(now.get_seconds()) * 1000.0
            - f64::from(now.get_milliseconds());
        let start = Date::new(&(hour + from_min as f64 * 60_000.0).into());
        let end = Date::new(&(start.get_time() + len_min as f64 * 60_000.0).into());
        (datetime_local(&start), datetime_local(&end))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use chrono::{Duration, Local, Timelike};
        let now = Local::now();
        let hour = now
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .unwrap_or(now);
        let start = hour + Duration::minutes(from_min);
        let end = start + Duration::minutes(len_min);
        let f = "%Y-%m-%dT%H:%M";
        (start.format(f).to_string(), end.format(f).to_string())
    }
}

/// Site-local `datetime-local` values: now (to the minute) and `len_min` minutes later (the visitor
/// registration's defaults: the visitor checks in now).
pub fn from_now(len_min: i64) -> (String, String) {
    #[cfg(target_arch = "wasm32")]
    {
        use web_sys::js_sys::Date;
        let now = Date::new_0();
        let end = Date::new(&(now.get_time() + len_min as f64 * 60_000.0).into());
        (datetime_local(&now), datetime_local(&end))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let now = chrono::Local::now();
        let end = now + chrono::Duration::minutes(len_min);
        let f = "%Y-%m-%dT%H:%M";
        (now.format(f).to_string(), end.format(f).to_string())
    }
}

/// A browser date as a `datetime-local` value.
#[cfg(target_arch = "wasm32")]
fn datetime_local(d: &web_sys::js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
