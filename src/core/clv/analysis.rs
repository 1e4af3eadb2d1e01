//! The lifetime-value step of the pipeline: fit and compare the three count models (on a calibration
//! period when one is given), fit Gamma-Gamma, and value every customer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calibration::{calibration, Calibration, Check};
use super::choice::{choose, fit_candidates, Fits};
use super::diagnosis::{diagnose, identified};
use super::error::ClvError;
use super::gamma_gamma::{frequency_spend_correlation, GammaGamma};
use super::holdout::compare;
use super::horizon::{Horizon, PurchasePeriod, TimeScale};
use super::intervals::{draws, Draws};
use super::model::{CountModel, FitMethod, ModelKind};
use super::outcome::{grid, ClvOutcome, ClvReport, CustomerValue, SpendFit, Tier};
use super::predict::{FittedModels, SavedFit};
use super::summary::{purchase_days, summarize_days, Rft};
use super::value::{value_all, Spend, Valued};
use crate::core::checked::Checked;
use crate::core::histogram::Histogram;
use crate::core::rfm::quantile_scores;
use crate::core::seed::Seed;
use crate::core::table::Transactions;

/// The population view's largest purchase count n of P(X(t) = n).
const POPULATION_COUNTS: u32 = 10;

/// The user's CLV settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvRequest {
    /// Whether to fit the models at all (off for a quick look at a very large file).
    pub enabled: bool,
    /// How far ahead purchases, spend and value are forecast.
    pub horizon: Horizon,
    /// Monthly discount rate (0.01 = 1 %).
    pub discount_rate: f64,
    /// Days in the month lifetime value is discounted by; by default lifetimes' 30 days (4.345 weeks
    /// when the time unit is a week).
    pub month_days: Option<f64>,
    /// A spend per purchase to value every purchase at, instead of Gamma-Gamma's estimate.
    pub spend_per_purchase: Option<f64>,
    /// How purchases are counted: by day, calendar week or calendar month.
    pub period: PurchasePeriod,
    /// The calibration period of the holdout comparison.
    pub calibration: Calibration,
    /// The count model to use; by default the best by holdout error (or likelihood without a holdout).
    pub model: Option<ModelKind>,
}

impl Default for ClvRequest {
    fn default() -> Self {
        ClvRequest {
            enabled: true,
            horizon: Horizon::default(),
            discount_rate: 0.01,
            month_days: None,
            spend_per_purchase: None,
            period: PurchasePeriod::Day,
            calibration: Calibration::Auto,
            model: None,
        }
    }
}

/// Each customer's summary (by customer code) observed to `analysis_day`; zeros for a customer with no
/// purchase by then.
fn summaries(days: &[Vec<(i64, f64)>], analysis_day: i64, unit_days: f64) -> Vec<Rft> {
    days.iter()
        .map(|d| {
            summarize_days(d, analysis_day, analysis_day, unit_days).unwrap_or(Rft {
                frequency: 0,
                recency: 0.0,
                t: 0.0,
                monetary: 0.0,
            })
        })
        .collect()
}

/// Each customer code's CLV as of `analysis_day` from the `kind` of purchase model and Gamma-Gamma,
/// without intervals or comparisons: the quick valuation of a migration period. `None` when a model
/// cannot be fitted.
pub fn values_as_of(
    tx: &Transactions,
    analysis_day: i64,
    unit_days: f64,
    req: Checked<ClvRequest>,
    kind: ModelKind,
) -> Option<Vec<f64>> {
    let data = summaries(
        &purchase_days(tx, req.period),
        req.period.start(analysis_day),
        unit_days,
    );
    let model = CountModel::fit(kind, &data).ok()?;
    let model = if identified(&model) {
        model
    } else {
        CountModel::fit_at(kind, &data, None, FitMethod::Regularised).ok()?
    };
    let spend = match req.spend_per_purchase {
        Some(v) => Spend::PerPurchase(v),
        None => Spend::GammaGamma(GammaGamma::fit(&data).ok()?.model().clone()),
    };
    let scale = TimeScale::new(unit_days, req.month_days);
    let values = value_all(
        &model,
        &spend,
        &data,
        req.horizon.in_units(&scale),
        req.discount_rate,
        scale.month_units,
        &Draws {
            count: Vec::new(),
            spend: Vec::new(),
        },
    );
    Some(values.iter().map(|v| v.map_or(0.0, |v| v.clv)).collect())
}

/// Runs the step on transactions observed to `analysis_day`, in units of `unit_days` days.
pub fn analyze(
    tx: &Transactions,
    analysis_day: i64,
    unit_days: f64,
    req: Checked<ClvRequest>,
    seed: Seed,
) -> Result<ClvOutcome, ClvError> {
    let days = purchase_days(tx, req.period);
    let data = summaries(&days, req.period.start(analysis_day), unit_days);
    let (calibration, holdout_note) =
        calibration(&days, analysis_day, unit_days, &req.calibration)?;
    let check = calibration.map(|(end, split)| Check {
        end,
        split,
        days: &days,
        analysis_day,
    });
    value_histories(&data, check, holdout_note, unit_days, req, seed)
}

/// Runs the step on histories read from a summary file (no purchase dates, so no holdout).
pub fn analyze_summaries(
    data: &[Rft],
    unit_days: f64,
    req: Checked<ClvRequest>,
    seed: Seed,
) -> Result<ClvOutcome, ClvError> {
    let note = "No holdout: a summary file has no purchase dates to hold out.".to_string();
    value_histories(data, None, note, unit_days, req, seed)
}

/// Fits and compares the models on `data` (checked on the holdout when there is one), then values every
/// customer.
fn value_histories(
    data: &[Rft],
    check: Option<Check>,
    holdout_note: String,
    unit_days: f64,
    req: Checked<ClvRequest>,
    seed: Seed,
) -> Result<ClvOutcome, ClvError> {
    let Fits {
        rows: models,
        candidates,
        first_error,
    } = fit_candidates(data, check.as_ref(), unit_days);
    let (chosen, choice) = choose(&candidates, &models, req.model)
        .ok_or_else(|| first_error.map_or(ClvError::NothingFitted, ClvError::NoModel))?;
    let model = &chosen.model;
    // A given spend needs no spend model; Gamma-Gamma is still fitted, for the report, when it can be.
    let gamma_gamma = GammaGamma::fit(data);
    let spend = match req.spend_per_purchase {
        Some(v) => Spend::PerPurchase(v),
        None => Spend::GammaGamma(
            gamma_gamma
                .clone()
                .map_err(ClvError::Spend)?
                .model()
                .clone(),
        ),
    };
    let gamma_gamma = gamma_gamma.ok();
    let correlation = frequency_spend_correlation(data);
    let ml_in_use = candidates
        .iter()
        .find(|c| c.model.kind() == model.kind() && c.method == FitMethod::MaximumLikelihood);
    let checked = chosen.calibration.is_some();
    let diagnosis = ml_in_use.and_then(|c| diagnose(&c.model, model, chosen.method, data, checked));
    let mut warnings = Vec::new();
    if gamma_gamma.is_some() && correlation.abs() > 0.3 {
        warnings.push(format!(
            "Frequency and mean spend are correlated ({correlation:.2}); Gamma-Gamma assumes they are not, so expected spend may be biased."
        ));
    }
    let scale = TimeScale::new(unit_days, req.month_days);
    let horizon = req.horizon.in_units(&scale);
    let (draws, intervals) = draws(model, chosen.method, data, gamma_gamma.as_ref(), seed);
    let valued = value_all(
        model,
        &spend,
        data,
        horizon,
        req.discount_rate,
        scale.month_units,
        &draws,
    );
    let clv: Vec<f64> = valued.iter().map(|v| v.map_or(0.0, |v| v.clv)).collect();
    let customers = customer_values(model, data, &valued, &clv, horizon);
    let by_tier = tiers(&customers);
    // The calibration fit of the model in use was made for the comparison table: reuse it.
    let holdout = check.as_ref().and_then(|c| {
        let cm = chosen.calibration.as_ref()?;
        Some(compare(
            cm,
            &c.split,
            c.days,
            c.end,
            c.analysis_day,
            unit_days,
        ))
    });
    let fitted = FittedModels {
        scale,
        horizon: req.horizon,
        discount_rate: req.discount_rate,
        fits: std::iter::once(chosen)
            .chain(candidates.iter().filter(|c| !std::ptr::eq(*c, chosen)))
            .map(|c| SavedFit {
                model: c.model.kind(),
                method: c.method,
                params: c.model.params(),
            })
            .collect(),
        gamma_gamma: gamma_gamma.as_ref().map(|g| g.params()),
        spend_per_purchase: req.spend_per_purchase,
    };
    let population = fitted.population(req.horizon, POPULATION_COUNTS)?;
    let spend_fit = gamma_gamma.as_ref().map(|g| {
        let [p, q, gamma] = g.params();
        SpendFit {
            p,
            q,
            gamma,
            log_likelihood: g.log_likelihood(),
            frequency_spend_correlation: correlation,
        }
    });
    let t_max = data.iter().map(|c| c.t).fold(0.0, f64::max);
    let f_max = data.iter().map(|c| c.frequency).max().unwrap_or(0).min(40);
    let report = ClvReport {
        model: model.kind(),
        method: chosen.method,
        choice,
        diagnosis,
        intervals,
        holdout_note,
        horizon: req.horizon,
        horizon_units: horizon,
        scale,
        period: req.period,
        spend_per_purchase: req.spend_per_purchase,
        discount_rate: req.discount_rate,
        fitted,
        population,
        gamma_gamma: spend_fit,
        holdout,
        total: clv.iter().sum(),
        by_tier,
        models,
        warnings,
        p_alive_grid: grid(f_max, t_max, |x, r| model.p_alive(x, r, t_max)),
        expected_grid: grid(f_max, t_max, |x, r| {
            model
                .expected_purchases(horizon, x, r, t_max)
                .unwrap_or(f64::NAN)
        }),
        distribution: Histogram::log_spaced(&clv, 24),
        by_segment: Vec::new(),
    };
    Ok(ClvOutcome { report, customers })
}

/// Each customer's predictions from the model in use and their values (CLV `clv`), with their tier.
fn customer_values(
    model: &CountModel,
    data: &[Rft],
    valued: &[Option<Valued>],
    clv: &[f64],
    horizon: f64,
) -> Vec<CustomerValue> {
    let tiers = quantile_scores(clv, 4, true);
    data.iter()
        .zip(valued)
        .zip(&tiers)
        .map(|((c, v), &tier)| {
            let v = v.unwrap_or(Valued {
                spend: 0.0,
                clv: 0.0,
                low: f64::NAN,
                high: f64::NAN,
            });
            CustomerValue {
                p_alive: model.p_alive(c.frequency, c.recency, c.t),
                expected_purchases: model
                    .expected_purchases(horizon, c.frequency, c.recency, c.t)
                    .unwrap_or(f64::NAN),
                expected_spend: v.spend,
                clv: v.clv,
                clv_low: v.low,
                clv_high: v.high,
                tier: tier_letter(tier),
            }
        })
        .collect()
}

/// Customers and summed CLV of each tier.
fn tiers(customers: &[CustomerValue]) -> BTreeMap<String, Tier> {
    let mut by_tier: BTreeMap<String, Tier> = BTreeMap::new();
    for c in customers {
        let t = by_tier.entry(c.tier.to_string()).or_insert(Tier {
            customers: 0,
            clv: 0.0,
        });
        t.customers += 1;
        t.clv += c.clv;
    }
    by_tier
}

fn tier_letter(quartile: u8) -> char {
    match quartile {
        4 => 'A',
        3 => 'B',
        2 => 'C',
        _ => 'D',
    }
}
