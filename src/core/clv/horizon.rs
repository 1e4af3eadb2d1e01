//! How far ahead the forecasts look (`39 weeks`, `10 days`, `12 months`), how long the month is that
//! lifetime value is discounted by, and how purchases are counted (by day, calendar week or month).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::core::table::{day_number, year_month};

/// The unit a horizon is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HorizonUnit {
    /// Days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Months of the month length in use.
    Months,
}

/// A forecast horizon: an amount of days, weeks or months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Horizon {
    /// How many units (above 0; fractions allowed).
    pub amount: f64,
    /// Which unit.
    pub unit: HorizonUnit,
}

impl Default for Horizon {
    fn default() -> Self {
        Horizon::months(12.0)
    }
}

impl Horizon {
    /// A horizon of `amount` months.
    pub fn months(amount: f64) -> Horizon {
        Horizon {
            amount,
            unit: HorizonUnit::Months,
        }
    }

    /// The horizon in the models' time units on `scale`.
    pub fn in_units(self, scale: &TimeScale) -> f64 {
        match self.unit {
            HorizonUnit::Days => self.amount / scale.unit_days,
            HorizonUnit::Weeks => self.amount * 7.0 / scale.unit_days,
            HorizonUnit::Months => self.amount * scale.month_units,
        }
    }
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            HorizonUnit::Days => ("day", "days"),
            HorizonUnit::Weeks => ("week", "weeks"),
            HorizonUnit::Months => ("month", "months"),
        };
        let word = if self.amount == 1.0 { one } else { many };
        write!(f, "{} {word}", self.amount)
    }
}

/// A text that is not a horizon.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "A horizon is a number and a unit, such as 12 months, 39 weeks or 10 days; '{0}' is not one."
)]
pub struct NotAHorizon(pub String);

impl FromStr for Horizon {
    type Err = NotAHorizon;

    /// Reads `12 months`, `39 weeks`, `10 days`, `6m`, `1 week`; a bare number is months.
    fn from_str(text: &str) -> Result<Horizon, NotAHorizon> {
        let bad = || NotAHorizon(text.to_string());
        let t = text.trim().to_ascii_lowercase();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (number, word) = t.split_at(split);
        let amount: f64 = number.parse().map_err(|_| bad())?;
        let unit = match word.trim() {
            "" | "m" | "mo" | "month" | "months" => HorizonUnit::Months,
            "w" | "wk" | "week" | "weeks" => HorizonUnit::Weeks,
            "d" | "day" | "days" => HorizonUnit::Days,
            _ => return Err(bad()),
        };
        Ok(Horizon { amount, unit })
    }
}

/// The models' clock: days per time unit, and time units per month of discounting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimeScale {
    /// Days in one time unit of the models (1 or 7).
    pub unit_days: f64,
    /// Time units in a month of discounting.
    pub month_units: f64,
}

impl TimeScale {
    /// The scale of `unit_days`, with months of `month_days` days; by default lifetimes' convention of
    /// 30 days, or 4.345 weeks when the unit is a week.
    pub fn new(unit_days: f64, month_days: Option<f64>) -> TimeScale {
        let month_units = match month_days {
            Some(days) => days / unit_days,
            None if unit_days >= 7.0 => 4.345 * 7.0 / unit_days,
            None => 30.0 / unit_days,
        };
        TimeScale {
            unit_days,
            month_units,
        }
    }
}

/// How repeat purchases are counted: purchases in one period merge into one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchasePeriod {
    /// By day (lifetimes' `freq="D"`).
    #[default]
    Day,
    /// By calendar week, Monday to Sunday (lifetimes' `freq="W"`).
    Week,
    /// By calendar month.
    Month,
}

impl PurchasePeriod {
    /// The first day of the period holding `day` (days since 1970-01-01, a Thursday).
    pub fn start(self, day: i64) -> i64 {
        match self {
            PurchasePeriod::Day => day,
            PurchasePeriod::Week => day - (day + 3).rem_euclid(7),
            PurchasePeriod::Month => {
                let (year, month) = year_month(day);
                day_number(year, month, 1)
            }
        }
    }

    /// The period in words.
    pub fn name(self) -> &'static str {
        match self {
            PurchasePeriod::Day => "day",
            PurchasePeriod::Week => "calendar week",
            PurchasePeriod::Month => "calendar month",
        }
    }
}

/// The unit of time later models count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    #[default]
    Days,
    /// Weeks of seven days.
    Weeks,
}

impl TimeUnit {
    /// The unit in words: "days", "weeks".
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
        }
    }

    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_horizons() {
        let h: Horizon = "39 weeks".parse().unwrap();
        assert_eq!((h.amount, h.unit), (39.0, HorizonUnit::Weeks));
        assert_eq!("12".parse::<Horizon>().unwrap(), Horizon::months(12.0));
        assert_eq!("10d".parse::<Horizon>().unwrap().unit, HorizonUnit::Days);
        assert!("twelve".parse::<Horizon>().is_err());
        assert!("3 years".parse::<Horizon>().is_err());
        assert_eq!(h.to_string(), "39 weeks");
        let days = TimeScale::new(1.0, None);
        assert_eq!(h.in_units(&days), 273.0);
        assert_eq!(
            Horizon::months(2.0).in_units(&TimeScale::new(7.0, None)),
            8.69
        );
        assert_eq!(
            Horizon::months(1.0).in_units(&TimeScale::new(1.0, Some(31.0))),
            31.0
        );
    }

    #[test]
    fn periods_start_on_monday_and_the_first() {
        // 2024-01-03 is a Wednesday: its week starts on Monday 2024-01-01, its month too.
        let wednesday = day_number(2024, 1, 3);
        assert_eq!(
            PurchasePeriod::Week.start(wednesday),
            day_number(2024, 1, 1)
        );
        assert_eq!(
            PurchasePeriod::Week.start(day_number(2024, 3, 31)),
            day_number(2024, 3, 25)
        );
        assert_eq!(
            PurchasePeriod::Month.start(day_number(2024, 2, 29)),
            day_number(2024, 2, 1)
        );
        assert_eq!(PurchasePeriod::Day.start(17), 17);
    }
}
