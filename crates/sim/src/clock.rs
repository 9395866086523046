//! Time in the vendor's formats (epoch milliseconds and local "yyyy-MM-dd HH:mm:ss" strings) and the
//! simulated site's clock, which the control API can advance and freeze.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Local, NaiveDateTime, TimeZone};

/// The API's date-time format (device local time).
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn now_ms() -> i64 {
    Local::now().timestamp_millis()
}

/// The site's clock: wall time plus an offset, or a fixed instant while frozen. Clones share one clock.
#[derive(Debug, Clone, Default)]
pub struct SimClock {
    inner: Arc<Mutex<ClockState>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct ClockState {
    offset_ms: i64,
    frozen_at: Option<i64>,
}

impl SimClock {
    fn with<T>(&self, f: impl FnOnce(&mut ClockState) -> T) -> T {
        // The state is two integers, always consistent: a panic elsewhere cannot leave it half-written.
        let mut state = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state)
    }

    /// The site's current time in epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.with(|s| s.frozen_at.unwrap_or_else(|| now_ms() + s.offset_ms))
    }

    pub fn is_frozen(&self) -> bool {
        self.with(|s| s.frozen_at.is_some())
    }

    /// Moves the site's time forward by `ms` (frozen or not).
    pub fn advance(&self, ms: i64) {
        self.with(|s| {
            s.offset_ms += ms;
            if let Some(at) = &mut s.frozen_at {
                *at += ms;
            }
        });
    }

    /// Stops time at its current value.
    pub fn freeze(&self) {
        self.with(|s| {
            if s.frozen_at.is_none() {
                s.frozen_at = Some(now_ms() + s.offset_ms);
            }
        });
    }

    /// Lets time run again from where it was frozen.
    pub fn resume(&self) {
        self.with(|s| {
            if let Some(at) = s.frozen_at.take() {
                s.offset_ms = at - now_ms();
            }
        });
    }

    /// Back to wall time, running.
    pub fn reset(&self) {
        self.with(|s| *s = ClockState::default());
    }
}

/// Formats epoch milliseconds as the API's local date-time string.
pub fn format_ms(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&Local)
        .format(FORMAT)
        .to_string()
}

/// Parses the API's date-time string; `None` when it is not exactly that format.
pub fn parse(raw: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(raw.trim(), FORMAT).ok()
}

/// Parses the API's date-time string, also without zero padding ("2023-1-13 18:00:00", as the manual's
/// getDoorTransactions example sends it).
pub fn parse_lenient(raw: &str) -> Option<NaiveDateTime> {
    parse(raw).or_else(|| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%-m-%-d %-H:%-M:%-S").ok())
}

/// A bare `yyyy-MM-dd` as a moment of that day: its start, or with `end_of_day` its last second.
pub fn parse_day(raw: &str, end_of_day: bool) -> Option<NaiveDateTime> {
    let day = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    }
}

/// Epoch milliseconds of the API's date-time text (site-local time; the earlier instant where a clock
/// change makes the time ambiguous).
pub fn text_to_ms(raw: &str) -> Option<i64> {
    let t = parse_lenient(raw)?;
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|dt| dt.timestamp_millis())
}

/// Epoch milliseconds of today's local midnight.
pub fn today_start_ms() -> i64 {
    let midnight = Local::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(now_ms, |dt| dt.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_round_trips_through_parse() {
        let ms = 1_700_000_000_000;
        let text = format_ms(ms);
        let parsed = parse(&text).expect("parses");
        let back = Local.from_local_datetime(&parsed).earliest().unwrap();
        assert_eq!(back.timestamp_millis(), ms);
        assert!(parse("2024-01-01").is_none());
        assert!(parse("2024-13-01 00:00:00").is_none());
        assert_eq!(text_to_ms(&text), Some(ms));
        assert_eq!(text_to_ms("yesterday"), None);
    }

    #[test]
    fn sim_clock_advances_freezes_and_resumes() {
        let clock = SimClock::default();
        clock.freeze();
        let frozen = clock.now_ms();
        assert_eq!(clock.now_ms(), frozen);
        clock.advance(60_000);
        assert_eq!(clock.now_ms(), frozen + 60_000);
        clock.resume();
        assert!(clock.now_ms() >= frozen + 60_000);
        assert!(!clock.is_frozen());
        clock.reset();
        assert!((clock.now_ms() - now_ms()).abs() < 1_000);
    }
}
