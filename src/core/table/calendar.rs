//! Days as numbers (days since 1970-01-01) and their calendar: ISO dates, year and month, and `Day`, a
//! date setting parsed once.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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

/// [`year_month`] of days given in turn, each run of one day converted once: the lines of an order share
/// a day, and the conversion is most of a per-line pass by month.
#[derive(Debug, Default)]
pub struct YearMonths(Option<(i64, (i32, u32))>);

impl YearMonths {
    /// Year and month (1-12) of `day`.
    pub fn of(&mut self, day: i64) -> (i32, u32) {
        match self.0 {
            Some((d, ym)) if d == day => ym,
            _ => {
                let ym = year_month(day);
                self.0 = Some((day, ym));
                ym
            }
        }
    }
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

/// A date the user set (an analysis date, a calibration end, a boundary), parsed once from `YYYY-MM-DD`
/// and written back the same way, in text and in JSON; the stages read its day number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(i64);

impl Day {
    /// The day of a day number (days since 1970-01-01).
    pub fn from_number(days: i64) -> Day {
        Day(days)
    }

    /// Days since 1970-01-01.
    pub fn number(self) -> i64 {
        self.0
    }
}

/// Text that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("'{0}' is not a date: write it as YYYY-MM-DD.")]
pub struct NotADate(pub String);

impl FromStr for Day {
    type Err = NotADate;

    fn from_str(text: &str) -> Result<Day, NotADate> {
        parse_iso_day(text)
            .map(Day)
            .ok_or_else(|| NotADate(text.to_string()))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&iso_date(self.0))
    }
}

impl TryFrom<String> for Day {
    type Error = NotADate;

    fn try_from(text: String) -> Result<Day, NotADate> {
        text.parse()
    }
}

impl From<Day> for String {
    fn from(day: Day) -> String {
        day.to_string()
    }
}
