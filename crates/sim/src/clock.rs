//! Time in the vendor's formats: epoch milliseconds and local "yyyy-MM-dd HH:mm:ss" strings.

use chrono::{DateTime, Local, NaiveDateTime, TimeZone};

/// The API's date-time format (device local time).
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn now_ms() -> i64 {
    Local::now().timestamp_millis()
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
    }
}
