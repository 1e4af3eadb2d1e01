//! Days as numbers (days since 1970-01-01) and their calendar: ISO dates, year and month.

use chrono::{Datelike, NaiveDate};

/// `NaiveDate::from_ymd(1970, 1, 1).num_days_from_ce()`.
pub(crate) const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Days since 1970-01-01 as an ISO date `YYYY-MM-DD`.
pub fn iso_date(days: i64) -> String {
    NaiveDate::from_num_days_from_ce_opt((days + i64::from(EPOCH_DAYS_FROM_CE)) as i32)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Year and month (1-12) of a day number (days since 1970-01-01).
pub fn year_month(days: i64) -> (i32, u32) {
    NaiveDate::from_num_days_from_ce_opt((days + i64::from(EPOCH_DAYS_FROM_CE)) as i32)
        .map_or((1970, 1), |d| (d.year(), d.month()))
}

/// Parses `YYYY-MM-DD` into days since 1970-01-01.
pub fn parse_iso_day(text: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(i64::from(d.num_days_from_ce() - EPOCH_DAYS_FROM_CE))
}

/// The day number (days since 1970-01-01) of a calendar date; 0 for a date that does not exist.
pub fn day_number(year: i32, month: u32, day: u32) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, |d| (d - epoch).num_days())
}

/// Seconds in a day: times are seconds since 1970-01-01 (UTC, no leap seconds), days are day numbers.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// The day number of a time in seconds since 1970-01-01.
pub fn day_of(seconds: i64) -> i64 {
    seconds.div_euclid(SECONDS_PER_DAY)
}
