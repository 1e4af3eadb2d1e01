//! The holdout: where the calibration period ends, set by the user or from the data's span.

use serde::{Deserialize, Serialize};

use super::error::ClvError;
use super::holdout::{split, Split};
use crate::core::table::{iso_date, Day};

/// Where the calibration period ends, for the holdout that checks the models' forecasts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum Calibration {
    /// Half the data, at most a year, is held out when the data span a year or more.
    #[default]
    Auto,
    /// No holdout.
    Off,
    /// The calibration period ends on this day.
    Until(Day),
}

/// Data spanning this many days or more get a holdout by default.
const AUTO_HOLDOUT_SPAN: i64 = 365;
/// The longest holdout set by default.
const AUTO_HOLDOUT_MAX: i64 = 365;

/// The holdout of an analysis of transactions: where calibration ends, each customer's purchases split
/// there, and the purchase days the tracking series counts.
pub(super) struct Check<'a> {
    pub(super) end: i64,
    pub(super) split: Split,
    pub(super) days: &'a [Vec<(i64, f64)>],
    pub(super) analysis_day: i64,
}

/// The calibration end and the split of every customer's purchases there, or why there is no holdout.
pub(super) fn calibration(
    days: &[Vec<(i64, f64)>],
    analysis_day: i64,
    unit_days: f64,
    setting: &Calibration,
) -> Result<(Option<(i64, Split)>, String), ClvError> {
    let first = days
        .iter()
        .filter_map(|d| d.first())
        .map(|f| f.0)
        .min()
        .unwrap_or(analysis_day);
    let span = analysis_day - first;
    let end = match setting {
        Calibration::Off => return Ok((None, "No holdout: switched off.".into())),
        Calibration::Auto if span < AUTO_HOLDOUT_SPAN => {
            return Ok((
                None,
                format!(
                    "No holdout: the data span {span} days, and one is held out automatically from {AUTO_HOLDOUT_SPAN} days on; set a calibration end to have one."
                ),
            ))
        }
        Calibration::Auto => analysis_day - (span / 2).min(AUTO_HOLDOUT_MAX),
        Calibration::Until(day) => {
            let end = day.number();
            if end <= first || end >= analysis_day {
                return Err(ClvError::CalibrationOutside(day.to_string()));
            }
            end
        }
    };
    let note = match setting {
        Calibration::Auto => format!(
            "Holdout set automatically: the models are also fitted up to {} and their forecasts checked on the last {} days (half the data, at most a year). Set a calibration end to move it, or switch it off.",
            iso_date(end),
            analysis_day - end
        ),
        _ => format!("Holdout: the models are also fitted up to {} and checked on the {} days after.", iso_date(end), analysis_day - end),
    };
    Ok((Some((end, split(days, end, unit_days))), note))
}
