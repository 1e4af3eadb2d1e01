//! Calibration / holdout validation: fit on the purchases up to a calibration end, predict each
//! customer's repeat purchases in the rest of the period, and compare with what they did.

use serde::{Deserialize, Serialize};

use super::model::{CountModel, ModelKind};
use super::summary::{summarize_days, Rft};
use crate::core::table::iso_date;

/// Mean actual and predicted holdout purchases of customers with the same calibration frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrequencyRow {
    /// Calibration repeat purchases: `0` to `6`, or `7+`.
    pub frequency: String,
    /// Customers in the group.
    pub customers: u64,
    /// Mean actual holdout purchases.
    pub actual: f64,
    /// Mean predicted holdout purchases.
    pub predicted: f64,
}

/// Cumulative repeat purchases of the calibration customers at one point in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingPoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Repeat purchases made so far.
    pub actual: f64,
    /// Repeat purchases the model expects so far.
    pub predicted: f64,
}

/// The holdout comparison of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holdout {
    /// The model compared.
    pub model: ModelKind,
    /// Last day of the calibration period, `YYYY-MM-DD`.
    pub calibration_end: String,
    /// Mean absolute error per customer.
    pub mae: f64,
    /// (predicted - actual) / actual over all customers.
    pub total_error: f64,
    /// Actual holdout repeat purchases of the calibration customers.
    pub actual: f64,
    /// Predicted holdout repeat purchases.
    pub predicted: f64,
    /// By calibration frequency, 0 to 7+.
    pub by_frequency: Vec<FrequencyRow>,
    /// Cumulative purchases over time (the tracking plot).
    pub tracking: Vec<TrackingPoint>,
}

/// The calibration summaries and actual holdout purchases of every customer who bought by `calibration_end`.
pub struct Split {
    /// Calibration summaries.
    pub calibration: Vec<Rft>,
    /// Distinct purchase days after the calibration end, per calibration customer.
    pub actual: Vec<f64>,
    /// Each calibration customer's first purchase day.
    pub first_day: Vec<i64>,
}

/// Splits every customer's purchase days at `calibration_end`.
pub fn split(days: &[Vec<(i64, f64)>], calibration_end: i64, unit_days: f64) -> Split {
    let mut s = Split {
        calibration: Vec::new(),
        actual: Vec::new(),
        first_day: Vec::new(),
    };
    for d in days {
        if let Some(rft) = summarize_days(d, calibration_end, calibration_end, unit_days) {
            s.calibration.push(rft);
            s.actual
                .push(d.iter().filter(|&&(day, _)| day > calibration_end).count() as f64);
            s.first_day.push(d[0].0);
        }
    }
    s
}

/// Each calibration customer's predicted purchases in a holdout of `horizon` time units.
pub fn predictions(model: &CountModel, split: &Split, horizon: f64) -> Vec<f64> {
    split
        .calibration
        .iter()
        .map(|c| {
            model
                .expected_purchases(horizon, c.frequency, c.recency, c.t)
                .unwrap_or(f64::NAN)
        })
        .collect()
}

/// Mean absolute error of predictions against the actual holdout purchases (NaN predictions count as 0).
pub fn mae(predicted: &[f64], actual: &[f64]) -> f64 {
    let n = actual.len().max(1) as f64;
    predicted
        .iter()
        .zip(actual)
        .map(|(p, a)| (if p.is_finite() { *p } else { 0.0 } - a).abs())
        .sum::<f64>()
        / n
}

/// The full comparison for `model` (fitted on the calibration period): totals, frequency groups, and the
/// weekly tracking series from the first purchase to `observation_day`.
pub fn compare(
    model: &CountModel,
    split: &Split,
    days: &[Vec<(i64, f64)>],
    calibration_end: i64,
    observation_day: i64,
    unit_days: f64,
) -> Holdout {
    let horizon = (observation_day - calibration_end) as f64 / unit_days;
    let predicted = predictions(model, split, horizon);
    let total_actual: f64 = split.actual.iter().sum();
    let total_predicted: f64 = predicted.iter().filter(|p| p.is_finite()).sum();
    let by_frequency = (0..8u32)
        .map(|x| {
            let members: Vec<usize> = (0..split.calibration.len())
                .filter(|&i| {
                    if x == 7 {
                        split.calibration[i].frequency >= 7
                    } else {
                        split.calibration[i].frequency == x
                    }
                })
                .collect();
            let n = members.len().max(1) as f64;
            FrequencyRow {
                frequency: if x == 7 { "7+".into() } else { x.to_string() },
                customers: members.len() as u64,
                actual: members.iter().map(|&i| split.actual[i]).sum::<f64>() / n,
                predicted: members
                    .iter()
                    .map(|&i| predicted[i])
                    .filter(|p| p.is_finite())
                    .sum::<f64>()
                    / n,
            }
        })
        .collect();
    Holdout {
        model: model.kind(),
        calibration_end: iso_date(calibration_end),
        mae: mae(&predicted, &split.actual),
        total_error: if total_actual > 0.0 {
            (total_predicted - total_actual) / total_actual
        } else {
            f64::NAN
        },
        actual: total_actual,
        predicted: total_predicted,
        by_frequency,
        tracking: tracking(
            model,
            split,
            days,
            calibration_end,
            observation_day,
            unit_days,
        ),
    }
}

/// Cumulative actual and expected repeat purchases of the calibration customers, every week: the point
/// dated first purchase + 7k days counts the repeat purchases made *before* that day, as the published
/// CDNOW tracking series, BTYD's walkthrough and lifetimes' `expected_cumulative_transactions` do.
fn tracking(
    model: &CountModel,
    split: &Split,
    days: &[Vec<(i64, f64)>],
    calibration_end: i64,
    observation_day: i64,
    unit_days: f64,
) -> Vec<TrackingPoint> {
    let Some(&start) = split.first_day.iter().min() else {
        return Vec::new();
    };
    // Cohorts by first purchase day: the expectation depends on nothing else.
    let mut cohorts: Vec<(i64, f64)> = Vec::new();
    let mut firsts = split.first_day.clone();
    firsts.sort_unstable();
    for d in firsts {
        match cohorts.last_mut() {
            Some(c) if c.0 == d => c.1 += 1.0,
            _ => cohorts.push((d, 1.0)),
        }
    }
    let mut repeats: Vec<i64> = days
        .iter()
        .filter(|d| d.first().is_some_and(|f| f.0 <= calibration_end))
        .flat_map(|d| d[1..].iter().map(|&(day, _)| day))
        .collect();
    repeats.sort_unstable();
    let mut points = Vec::new();
    let mut day = start + 7;
    loop {
        let at = day.min(observation_day);
        let actual = repeats.partition_point(|&d| d < at) as f64;
        let predicted: f64 = cohorts
            .iter()
            .filter(|c| c.0 < at)
            .map(|&(first, n)| {
                n * model
                    .unconditional_expected((at - first) as f64 / unit_days)
                    .unwrap_or(0.0)
            })
            .sum();
        points.push(TrackingPoint {
            date: iso_date(at),
            actual,
            predicted,
        });
        if at >= observation_day {
            break;
        }
        day += 7;
    }
    points
}
